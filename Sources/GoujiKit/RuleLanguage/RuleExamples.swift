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
                }
            }
        }
        return result
    }

    /// nil when the example behaves as declared; otherwise what went wrong, in Chinese.
    static func check(_ example: RuleExample, of rule: CompiledRule, auditor: Auditor) -> String? {
        var scalars = Array(example.text.unicodeScalars)
        var markerAt: Int? = nil
        if let index = scalars.firstIndex(of: marker) {
            markerAt = index
            scalars.remove(at: index)
        }
        let source = SourceText(path: "<\(rule.id) 示例>", string: ScalarText.string(scalars))
        let report = auditor.audit(source, onlyRules: [rule.id])
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
