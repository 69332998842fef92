/// Runs every rule's `pass` and `fail` examples: a rule ships with its examples, and they are its
/// tests. A failing example is reported at its own line of the rule file.
public enum RuleExamples {
    /// The marker that may stand right before the figure a failing example's finding must point at.
    public static let marker: Unicode.Scalar = "↓"

    /// One example that did not behave as declared.
    public struct Failure: Sendable {
        public var rule: String
        public var diagnostic: Diagnostic
    }

    /// Counts of examples run, and the ones that failed.
    public struct Result: Sendable {
        public var examplesRun = 0
        /// Pass examples whose checked figure was moved just past its interval (the rule must fire).
        public var robustnessChecked = 0
        public var failures: [Failure] = []
    }

    public static func run(_ rules: RuleSet) -> Result {
        var result = Result()
        let auditor = Auditor(rules: rules)
        for rule in rules.rules {
            for example in rule.syntax.examples {
                result.examplesRun += 1
                if let problem = check(example, of: rule, auditor: auditor) {
                    result.failures.append(
                        Failure(rule: rule.id, diagnostic: rule.source.diagnostic(id: "rules.example", message: problem, at: example.span)))
                } else if example.expectation == .pass, let (checked, problem) = robustness(example, of: rule, auditor: auditor) {
                    result.robustnessChecked += checked
                    if let problem {
                        result.failures.append(
                            Failure(rule: rule.id, diagnostic: rule.source.diagnostic(id: "rules.robustness", message: problem, at: example.span)))
                    }
                }
            }
        }
        return result
    }

    /// Moves the checked figure of each held instance of a passing example just past the interval
    /// the other figures allow; the rule must then fire. Returns how many were checked and the
    /// first problem, if any.
    static func robustness(_ example: RuleExample, of rule: CompiledRule, auditor: Auditor) -> (Int, String?)? {
        let source = SourceText(path: "<\(rule.id) 示例>", string: example.text)
        let report = auditor.audit(source, onlyRules: [rule.id], robustness: true)
        guard let extraction = report.extraction else { return nil }
        var checked = 0
        for instance in report.instances where instance.rule == rule.id && instance.held {
            guard let (id, value) = instance.perturbation else { continue }
            let figure = extraction.figures[id]
            let span = extraction.text.originalSpan(figure.numberRange)
            var scalars = source.scalars
            let text = value.formatted(places: figure.decimals)
            scalars.replaceSubrange(span.start..<span.end, with: Array(text.unicodeScalars))
            let moved = auditor.audit(SourceText(path: source.path, string: ScalarText.string(scalars)), onlyRules: [rule.id])
            checked += 1
            if !moved.findings.contains(where: { $0.rule == rule.id }) {
                return (checked, "稳健性检查：把通过示例中的 \(figure.text) 改为 \(text)\(figure.unit.symbol)（刚超出其余数字所允许的区间）后，规则 \(rule.id) 没有报告问题")
            }
        }
        return (checked, nil)
    }

    /// Separates last year's document from this year's in an example.
    public static let previousYearSeparator = "\n=== 本年 ===\n"

    /// nil when the example behaves as declared; otherwise what went wrong, in Chinese.
    static func check(_ example: RuleExample, of rule: CompiledRule, auditor: Auditor) -> String? {
        // An example of a rule that compares years writes last year's document first, then a line
        // `=== 本年 ===`, then this year's.
        var text = example.text
        var previous: PreviousDocument? = nil
        if let split = text.range(of: previousYearSeparator) {
            let last = SourceText(path: "<\(rule.id) 示例·上年>", string: String(text[..<split.lowerBound]))
            previous = PreviousDocument(extraction: auditor.extract(last), file: last.path)
            text = String(text[split.upperBound...])
        }
        var scalars = Array(text.unicodeScalars)
        var markerAt: Int? = nil
        if let index = scalars.firstIndex(of: marker) {
            markerAt = index
            scalars.remove(at: index)
        }
        let source = SourceText(path: "<\(rule.id) 示例>", string: ScalarText.string(scalars))
        let report = auditor.audit(source, onlyRules: [rule.id], previous: previous)
        let findings = report.findings.filter { $0.rule == rule.id }
        switch example.expectation {
        case .pass:
            if let first = findings.first {
                return "规则 \(rule.id) 的通过（pass）示例报告了问题：\(first.message)"
            }
        case .fail:
            guard !findings.isEmpty else {
                let why = report.summary.notApplied[rule.id].map { "（\($0)）" } ?? ""
                return "规则 \(rule.id) 的不通过（fail）示例没有报告任何问题\(why)"
            }
            if let at = markerAt {
                let expected = source.location(ofScalar: at)
                if !findings.contains(where: { $0.line == expected.line && $0.column == expected.column }) {
                    let got = findings.map { "\($0.line):\($0.column)" }.joined(separator: "、")
                    return "规则 \(rule.id) 的不通过示例应指向 ↓ 处（\(expected.line):\(expected.column)），实际指向 \(got)"
                }
            }
        }
        return nil
    }
}
