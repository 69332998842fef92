import Foundation

/// What applying the rules to one document gave: the findings and what was (not) checked.
public struct RuleOutcome: Sendable {
    public var findings: [Finding] = []
    /// Rule instances evaluated (passed or failed).
    public var instancesChecked = 0
    /// Figures that took part in at least one evaluated instance.
    public var figuresChecked = Set<Int>()
    /// Rules that found at least one instance to evaluate.
    public var rulesApplied = Set<String>()
    /// Rule id → why it did not apply (document kind, missing concept …), for coverage.
    public var notApplied: [String: String] = [:]
    /// Every evaluated instance, with whether it held (for `explain`).
    public var instances: [Instance] = []

    /// One evaluated instance of a rule and its bindings.
    public struct Instance: Sendable {
        public var rule: String
        public var held: Bool
        public var bindings: [(role: String, figure: Int)]
        /// For a held equality: the stated figure and a value just past what the other figures
        /// allow (the rule must fire if the figure read so) — for the robustness check.
        public var perturbation: (figure: Int, value: Decimal)?
    }
}

/// Applies compiled rules to an extraction: binds concepts and claims, evaluates with interval
/// semantics, and turns every failing instance into a finding.
public enum RuleEngine {
    /// `robustness`: also work out, for each held equality, the value just past what it allows
    /// (only `rules test` needs it).
    public static func apply(_ rules: [CompiledRule], to extraction: Extraction, file: String, robustness: Bool = false) -> RuleOutcome {
        var outcome = RuleOutcome()
        for rule in rules {
            let syntax = rule.syntax
            if !syntax.documentKinds.isEmpty, !syntax.documentKinds.contains(where: extraction.structure.kinds.contains) {
                outcome.notApplied[syntax.id] = "文档类型不是「\(syntax.documentKinds.joined(separator: "、"))」"
                continue
            }
            var seen = Set<String>()
            var applied = false
            var lastReason = ""
            for instance in instances(of: syntax, in: extraction) {
                var evaluator = RuleEvaluator(extraction: extraction)
                evaluator.conceptBindings = instance.concepts
                if let (variable, claim) = instance.claim { evaluator.claimBindings[variable] = claim }
                do {
                    if let filter = syntax.each?.filter, case .boolean(false) = try evaluator.evaluate(filter) { continue }
                    if let when = syntax.when, case .boolean(false) = try evaluator.evaluate(when) { continue }
                    evaluator.failures = []
                    evaluator.roles = [:]
                    guard case .boolean(let held) = try evaluator.evaluate(syntax.check) else { continue }
                    let bound = evaluator.roles.keys.sorted()
                    let key = bound.map(String.init).joined(separator: ",")
                    if !seen.insert(key).inserted { continue }
                    applied = true
                    outcome.instancesChecked += 1
                    outcome.figuresChecked.formUnion(bound)
                    var finalHeld = held
                    var note: String? = nil
                    var severity = syntax.severity
                    if !held, severity == .error {
                        // A second look: does the document hold if its percentages were cut, not rounded?
                        var second = RuleEvaluator(extraction: extraction)
                        second.truncatePercents = true
                        second.conceptBindings = instance.concepts
                        if let (variable, claim) = instance.claim { second.claimBindings[variable] = claim }
                        if case .boolean(true)? = try? second.evaluate(syntax.check) {
                            severity = .info
                            note = "按截尾（舍去多余位数）而非四舍五入理解百分比则成立；若本文件一贯截尾，可视为口径问题。"
                        }
                    }
                    outcome.instances.append(
                        RuleOutcome.Instance(
                            rule: syntax.id, held: held, bindings: evaluator.roles.sorted { $0.key < $1.key }.map { ($0.value, $0.key) },
                            perturbation: held && robustness ? perturbation(evaluator.equalities, extraction) : nil))
                    if !held, evaluator.failures.isEmpty, let claim = instance.claim?.1 {
                        // A condition failed without a comparison (a flag such as "explained"): point at the claim.
                        let anchor = evaluator.quantity(of: claim.anchor, sign: 1)
                        evaluator.failures.append(FailedComparison(op: .and, stated: anchor, implied: anchor))
                    }
                    if !held, let failure = evaluator.failures.first {
                        finalHeld = false
                        outcome.findings.append(
                            FindingBuilder.build(
                                rule: rule, severity: severity, failure: failure, roles: evaluator.roles,
                                claim: instance.claim?.1, extraction: extraction, file: file, note: note))
                    } else if held, let rounding = roundingDifference(syntax, instance, extraction) {
                        outcome.findings.append(
                            FindingBuilder.build(
                                rule: rule, severity: .info, failure: rounding, roles: evaluator.roles,
                                claim: instance.claim?.1, extraction: extraction, file: file,
                                note: "各数按四舍五入公布，这一差异在取整误差之内，不是错误；仅供核对时参考。", roundingOnly: true))
                    }
                    _ = finalHeld
                } catch let error as NotApplicable {
                    lastReason = error.reason
                } catch {
                    lastReason = "\(error)"
                }
            }
            if applied {
                outcome.rulesApplied.insert(syntax.id)
            } else {
                outcome.notApplied[syntax.id] = lastReason.isEmpty ? "文中没有可检查的实例" : lastReason
            }
        }
        outcome.findings = deduplicated(outcome.findings)
        return outcome
    }

    /// When an equality holds only thanks to rounding — the published digits themselves give
    /// another value at the stated precision (155.08 + 0.01 + 3.86 = 158.95 against 158.94) — the
    /// comparison, evaluated on the digits as written, for an info.
    static func roundingDifference(_ rule: RuleSyntax, _ instance: Instance, _ extraction: Extraction) -> FailedComparison? {
        var point = RuleEvaluator(extraction: extraction)
        point.pointValues = true
        point.conceptBindings = instance.concepts
        if let (variable, claim) = instance.claim { point.claimBindings[variable] = claim }
        guard (try? point.evaluate(rule.check)) != nil else { return nil }
        for comparison in point.failures where comparison.op == .equal {
            let stated = comparison.stated
            let implied = comparison.implied
            guard let first = stated.figures.first, implied.figures.count >= 2, !implied.interval.isUnbounded else { continue }
            let figures = stated.figures.map { extraction.figures[$0] }
            guard !figures.contains(where: \.unit.isExact) else { continue }
            let decimals = stated.decimals ?? figures.map(\.decimals).max() ?? 2
            let unit = extraction.figures[first].unit
            let scale = unit.dimension == .amount ? unit.scale : 1
            let written = Decimal(string: (stated.interval.lower / scale).formatted(places: decimals)) ?? 0
            let rounded = Decimal(string: (implied.interval.lower / scale).formatted(places: decimals)) ?? 0
            if rounded != written { return comparison }
        }
        return nil
    }

    /// A value for the first stated figure of a held equality that lies just past the interval the
    /// other figures imply: one unit of the figure's last digit beyond it.
    static func perturbation(_ equalities: [FailedComparison], _ extraction: Extraction) -> (figure: Int, value: Decimal)? {
        for e in equalities {
            guard e.stated.figures.count == 1, let id = e.stated.figures.first, e.implied.figures.count >= 1,
                !e.implied.interval.isUnbounded, !e.stated.figures.contains(where: e.implied.figures.contains)
            else { continue }
            let f = extraction.figures[id]
            guard !f.unit.isExact, f.value >= 0 else { continue }
            let scale = f.unit.dimension == .amount ? f.unit.scale : 1
            var unit = Decimal(1)
            for _ in 0..<f.decimals { unit /= 10 }
            var top = e.implied.interval.upper / scale
            var rounded = Decimal()
            NSDecimalRound(&rounded, &top, f.decimals, .up)
            let sign: Decimal = e.stated.rendering.hasPrefix("-") ? -1 : 1
            return (id, sign * (rounded + unit))
        }
        return nil
    }

    /// A candidate instance: concept bindings, and the claim bound to the `each` variable.
    struct Instance {
        var concepts: [String: Int]
        var claim: (String, Claim)?
    }

    /// Every way the rule can be bound in the document.
    static func instances(of rule: RuleSyntax, in extraction: Extraction) -> [Instance] {
        var references: [(name: String, measure: String?)] = []
        collectConcepts(rule.check, into: &references)
        if let when = rule.when { collectConcepts(when, into: &references) }
        if let filter = rule.each?.filter { collectConcepts(filter, into: &references) }
        let figures = extraction.figures
        let structure = extraction.structure
        func inScope(_ figure: Figure) -> Bool {
            guard !rule.sections.isEmpty else { return true }
            let titles = structure.sectionTitles(figure.section)
            return rule.sections.contains { fragment in titles.contains { $0.includes(fragment) } }
        }
        let nearby = NearestFigures(figures, concepts: Set(references.map(\.name)), structure: structure)
        func bind(around anchor: Figure, measure: String, skipping skip: String?) -> [String: Int]? {
            var bindings: [String: Int] = [:]
            let anchorPath = structure.sectionPath(anchor.section)
            for reference in references {
                let key = RuleEvaluator.key(reference.name, reference.measure)
                if key == skip || bindings[key] != nil { continue }
                guard let found = nearby.nearest(reference.name, reference.measure ?? measure, to: anchor, path: anchorPath) else {
                    return nil
                }
                bindings[key] = found
            }
            return bindings
        }
        if let each = rule.each {
            guard let kind = ClaimKind(rawValue: each.claimKind) else { return [] }
            return extraction.claims.filter { $0.kind == kind && inScope(figures[$0.anchor]) }.compactMap { claim in
                let anchor = figures[claim.anchor]
                guard let concepts = bind(around: anchor, measure: Lexicon.defaultMeasure, skipping: nil) else { return nil }
                return Instance(concepts: concepts, claim: (each.variable, claim))
            }
        }
        guard let first = references.first else { return [Instance(concepts: [:], claim: nil)] }
        let firstKey = RuleEvaluator.key(first.name, first.measure)
        var result: [Instance] = []
        var seenValues = Set<String>()
        for anchor in figures where anchor.concept == first.name && (first.measure == nil || anchor.measure == first.measure) && inScope(anchor) {
            guard var bindings = bind(around: anchor, measure: anchor.measure, skipping: firstKey) else { continue }
            bindings[firstKey] = anchor.id
            // The same statement restated elsewhere with the same parts is one instance.
            let others = bindings.filter { $0.key != firstKey }.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ";")
            if !seenValues.insert("\(anchor.measure)|\(anchor.numberText)|\(others)").inserted { continue }
            result.append(Instance(concepts: bindings, claim: nil))
        }
        return result
    }

    static func collectConcepts(_ expr: Expr, into references: inout [(name: String, measure: String?)]) {
        switch expr.kind {
        case .concept(let name, let measure):
            if !references.contains(where: { $0.name == name && $0.measure == measure }) { references.append((name, measure)) }
        case .field(let base, _): collectConcepts(base, into: &references)
        case .call(_, let arguments): arguments.forEach { collectConcepts($0, into: &references) }
        case .unary(_, let operand): collectConcepts(operand, into: &references)
        case .binary(_, let a, let b):
            collectConcepts(a, into: &references)
            collectConcepts(b, into: &references)
        default: break
        }
    }

    /// Two rules that flag the same figure with the same computation report it once: the first
    /// rule (files sorted by name, rules in file order) keeps it.
    static func deduplicated(_ findings: [Finding]) -> [Finding] {
        var seen = Set<String>()
        return findings.filter { f in
            seen.insert("\(f.line):\(f.column):\(f.computation)").inserted
        }
    }
}

/// The figures of the concepts a rule names, by concept and measure, grouped by section and sorted
/// by position: the figure nearest an anchor — fewest steps through the section tree, then smallest
/// distance in the text, then first in the document — is found by binary search in each section,
/// not by a scan of every figure for every anchor (which made a document with thousands of figures
/// of one concept take minutes).
struct NearestFigures {
    /// The figures of one concept and measure in one section, sorted by position (then id).
    struct Group {
        var path: [Int]
        var positions: [Int] = []
        var ids: [Int] = []
    }

    var groups: [String: [Group]] = [:]

    static func key(_ concept: String, _ measure: String) -> String { concept + "\u{1}" + measure }

    init(_ figures: [Figure], concepts: Set<String>, structure: DocumentStructure) {
        var bySection: [String: [Int?: [Figure]]] = [:]
        for f in figures {
            guard let concept = f.concept, concepts.contains(concept) else { continue }
            bySection[NearestFigures.key(concept, f.measure), default: [:]][f.section, default: []].append(f)
        }
        for (key, sections) in bySection {
            groups[key] = sections.map { section, members in
                let sorted = members.sorted { ($0.range.lowerBound, $0.id) < ($1.range.lowerBound, $1.id) }
                return Group(path: structure.sectionPath(section), positions: sorted.map(\.range.lowerBound), ids: sorted.map(\.id))
            }
        }
    }

    /// The id of the figure of `concept` at `measure` nearest `anchor` (whose section path is `path`).
    func nearest(_ concept: String, _ measure: String, to anchor: Figure, path: [Int]) -> Int? {
        guard let candidates = groups[NearestFigures.key(concept, measure)] else { return nil }
        let p = anchor.range.lowerBound
        var best: (distance: Int, gap: Int, id: Int)? = nil
        for group in candidates where !group.ids.isEmpty {
            let common = zip(path, group.path).prefix { $0 == $1 }.count
            let distance = path.count + group.path.count - 2 * common
            if let b = best, distance > b.distance { continue }
            let after = NearestFigures.firstIndex(atLeast: p, in: group.positions)
            var gap = Int.max
            if after < group.positions.count { gap = group.positions[after] - p }
            if after > 0 { gap = min(gap, p - group.positions[after - 1]) }
            var id = Int.max
            for position in [p - gap, p + gap] {
                var i = NearestFigures.firstIndex(atLeast: position, in: group.positions)
                while i < group.positions.count, group.positions[i] == position {
                    id = min(id, group.ids[i])
                    i += 1
                }
            }
            let candidate = (distance: distance, gap: gap, id: id)
            if best == nil || (candidate.distance, candidate.gap, candidate.id) < (best!.distance, best!.gap, best!.id) { best = candidate }
        }
        return best?.id
    }

    /// The first index of `sorted` whose value is at least `value` (binary search).
    static func firstIndex(atLeast value: Int, in sorted: [Int]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
