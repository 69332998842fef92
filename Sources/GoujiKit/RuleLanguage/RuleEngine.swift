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
    /// With a previous year's document: the concepts of this one that had no counterpart there.
    public var unmatchedPrevious: [String] = []

    /// One evaluated instance of a rule and its bindings.
    public struct Instance: Sendable {
        public var rule: String
        public var held: Bool
        /// The figures bound, by role ("c.amount", "收入总计"), in the order of their ids.
        public var bindings: [(role: String, figure: Int)] { roles.map { ($0.role.description, $0.figure) } }
        var roles: [(role: Role, figure: Int)]
        /// For a held equality: the stated figure and a value just past what the other figures
        /// allow (the rule must fire if the figure read so) — for the robustness check.
        public var perturbation: (figure: Int, value: ExactDecimal)?
    }
}

/// Last year's document of the same unit, for the rules that compare years (`last(…)`).
public struct PreviousDocument: Sendable {
    public var extraction: Extraction
    public var file: String
    public init(extraction: Extraction, file: String) {
        self.extraction = extraction
        self.file = file
    }
}

/// Applies compiled rules to an extraction: binds concepts and claims, evaluates with interval
/// semantics, and turns every failing instance into a finding.
public enum RuleEngine {
    /// `robustness`: also work out, for each held equality, the value just past what it allows
    /// (only `rules test` needs it). `lexicon` gives `section(…)` and `mentions(…)` their lists;
    /// `previous` is last year's document of the same unit, for `last(…)`.
    public static func apply(
        _ rules: [CompiledRule], to extraction: Extraction, file: String, lexicon: Lexicon = Lexicon(),
        previous: PreviousDocument? = nil, robustness: Bool = false, deadline: Deadline = .never
    ) -> RuleOutcome {
        var outcome = RuleOutcome()
        var unmatched = Set<String>()
        // Rules naming the same sections share their scope (worked out once per document).
        var scopes: [[String]: [Range<Int>]?] = [:]
        let index = FigureIndex(extraction)
        let context = EvaluationContext(extraction: extraction, lexicon: lexicon, previous: previous, index: index)
        func scopeOf(_ syntax: RuleSyntax) -> [Range<Int>]? {
            if let known = scopes[syntax.sections] { return known }
            let scope = scopeRanges(syntax, extraction.structure)
            scopes[syntax.sections] = .some(scope)
            return scope
        }
        // The `find` rules that look at the same sections share one pass over the text.
        let scalars = extraction.text.scalars
        var textPlaces: [Int: [Range<Int>]] = [:]
        let textRules = rules.indices.filter { !rules[$0].syntax.patterns.isEmpty }
        for group in Dictionary(grouping: textRules, by: { rules[$0].syntax.sections }).values {
            let combined = TextPatternSet(combining: group.map { rules[$0].patterns })
            for range in scopeOf(rules[group[0]].syntax) ?? [0..<scalars.count] {
                for (member, places) in zip(group, combined.matchesBySet(in: scalars, within: range)) { textPlaces[member, default: []] += places }
            }
        }
        for (position, rule) in rules.enumerated() {
            // A passed deadline stops the work: the auditor discards what was done.
            if deadline.hasPassed { break }
            let syntax = rule.syntax
            if !syntax.documentKinds.isEmpty, !syntax.documentKinds.contains(where: extraction.structure.kinds.contains) {
                outcome.notApplied[syntax.id] = "文档类型不是「\(syntax.documentKinds.joined(separator: "、"))」"
                continue
            }
            let scope = scopeOf(syntax)
            if !syntax.patterns.isEmpty {
                // A text rule: every place a pattern matches, as one finding; each place once, in
                // document order (scopes may overlap).
                let places = Set(textPlaces[position] ?? []).sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
                outcome.rulesApplied.insert(syntax.id)
                outcome.instancesChecked += 1
                if !places.isEmpty {
                    var finding = FindingBuilder.buildText(
                        rule: rule, severity: syntax.severity, places: places, extraction: extraction, file: file,
                        computation: "找到\(places.count)处：" + Set(places.map { ScalarText.string(scalars[$0]) }).sorted().prefix(8).map { "「\($0)」" }.joined(separator: "、"))
                    if places.count > 1 {
                        let listed = finding.operands.prefix(12).map { "\($0.line):\($0.column)" }.joined(separator: "、")
                        finding.message += "（共\(places.count)处：\(listed)\(places.count > 12 ? "……" : "")）"
                    }
                    outcome.findings.append(finding)
                }
                continue
            }
            if scope != nil, scope!.isEmpty {
                outcome.notApplied[syntax.id] = "文中没有标题含「\(syntax.sections.joined(separator: "、"))」的节"
                continue
            }
            let before = outcome.findings.count
            var seen = Set<InstanceKey>()
            var applied = false
            var lastReason = ""
            // One evaluator for all the rule's instances, started afresh for each (making one per
            // instance was a measurable share of an audit).
            var evaluator = RuleEvaluator(context: context)
            evaluator.scope = scope
            for instance in instances(of: rule, in: extraction, index: index, deadline: deadline) {
                if deadline.hasPassed { break }
                // A first look without renderings: an instance filtered out, one that holds, or one
                // that cannot be evaluated is done with; a failure is evaluated again with renderings,
                // exactly as it is reported. The robustness check needs the renderings of what held.
                evaluator.start(concepts: instance.concepts, claim: instance.claim, render: robustness)
                var quick = QuickLook.again
                if !robustness {
                    do {
                        if let filter = syntax.each?.filter, case .boolean(false) = try evaluator.evaluate(filter) {
                            quick = .skip
                        } else if let when = syntax.when, case .boolean(false) = try evaluator.evaluate(when) {
                            quick = .skip
                        } else {
                            evaluator.failures = []
                            evaluator.roles.removeAll()
                            if case .boolean(true) = try evaluator.evaluate(syntax.check) { quick = .held }
                        }
                    } catch let error as NotApplicable where !error.quotesRendering {
                        // Evaluated again, it would stop at the same place with the same reason.
                        lastReason = error.reason
                        if let name = error.unmatchedPrevious { unmatched.insert(name) }
                        continue
                    } catch {
                        quick = .again
                    }
                    if quick == .skip { continue }
                    if quick == .again { evaluator.start(concepts: instance.concepts, claim: instance.claim, render: true) }
                }
                do {
                    let held: Bool
                    if quick == .held {
                        held = true
                    } else {
                        if let filter = syntax.each?.filter, case .boolean(false) = try evaluator.evaluate(filter) { continue }
                        if let when = syntax.when, case .boolean(false) = try evaluator.evaluate(when) { continue }
                        evaluator.failures = []
                        evaluator.roles.removeAll()
                        guard case .boolean(let h) = try evaluator.evaluate(syntax.check) else { continue }
                        held = h
                    }
                    let bound = evaluator.roles.figures.sorted()
                    // A claim whose check binds no figure (about text, or a flag) is its own instance.
                    let key = InstanceKey(
                        figures: bound, claim: instance.claim.flatMap { bound.isEmpty || $0.claim.place != nil ? $0.claim.id : nil })
                    if !seen.insert(key).inserted { continue }
                    applied = true
                    outcome.instancesChecked += 1
                    outcome.figuresChecked.formUnion(bound)
                    var finalHeld = held
                    var note: String? = nil
                    var severity = syntax.severity
                    if !held, severity == .error {
                        // A second look: does the document hold if its percentages were cut, not rounded?
                        var second = RuleEvaluator(context: context)
                        second.truncatePercents = true
                        second.conceptBindings = instance.concepts
                        second.claimBinding = instance.claim
                        if case .boolean(true)? = try? second.evaluate(syntax.check) {
                            severity = .info
                            note = "按截尾（舍去多余位数）而非四舍五入理解百分比则成立；若本文件一贯截尾，可视为口径问题。"
                        }
                    }
                    outcome.instances.append(
                        RuleOutcome.Instance(
                            rule: syntax.id, held: held, roles: evaluator.roles.byFigure.map { ($0.role, $0.figure) },
                            perturbation: held && robustness ? perturbation(evaluator.equalities, extraction) : nil))
                    if !held, evaluator.failures.isEmpty,
                        instance.claim?.1.place != nil
                            || (instance.claim == nil && RuleEngine.nonBindingFunctions.contains(where: syntax.check.kind.isCall(named:)))
                    {
                        // Nothing numeric failed: a flag, a missing section. Point at the claim's text,
                        // else at the first heading of the rule's section, else at the document's start.
                        let place = instance.claim?.1.place
                            ?? scope?.max(by: { $0.count < $1.count }).map { $0.lowerBound..<($0.lowerBound + 1) } ?? 0..<1
                        var finding = FindingBuilder.buildText(
                            rule: rule, severity: severity, places: [place], extraction: extraction, file: file,
                            computation: "不满足：\(RulePrinter.print(syntax.check))", claim: instance.claim?.1)
                        if instance.claim == nil { finding.actual = "" }
                        outcome.findings.append(finding)
                        continue
                    }
                    if !held, evaluator.failures.isEmpty, let claim = instance.claim?.1 {
                        // A condition failed without a comparison (a flag such as "explained"): point at the claim.
                        let anchor = evaluator.quantity(of: claim.anchor, sign: 1)
                        evaluator.failures.append(FailedComparison(op: .and, stated: anchor, implied: anchor))
                    }
                    if !held, let failure = evaluator.failures.first {
                        finalHeld = false
                        if let claim = instance.claim?.1, claim.place != nil {
                            outcome.findings.append(
                                FindingBuilder.buildText(
                                    rule: rule, severity: severity, places: [claim.place!], extraction: extraction, file: file,
                                    computation: "\(failure.stated.rendering) \(failure.op == .equal ? "≠" : "不满足 \(failure.op.rawValue)") \(failure.implied.rendering)",
                                    claim: claim))
                            continue
                        }
                        if !evaluator.previousUsed.isEmpty { note = evaluator.previousNote(file: previous?.file ?? "") }
                        outcome.findings.append(
                            FindingBuilder.build(
                                rule: rule, severity: severity, failure: failure, roles: evaluator.roles,
                                claim: instance.claim?.1, extraction: extraction, file: file, note: note))
                    } else if held, syntax.check.mayCompareEqual, roundingDifference(syntax, instance, context, render: false) != nil,
                        let rounding = roundingDifference(syntax, instance, context, render: true)
                    {
                        outcome.findings.append(
                            FindingBuilder.build(
                                rule: rule, severity: .info, failure: rounding, roles: evaluator.roles,
                                claim: instance.claim?.1, extraction: extraction, file: file,
                                note: "各数按四舍五入公布，这一差异在取整误差之内，不是错误；仅供核对时参考。", roundingOnly: true))
                    }
                    _ = finalHeld
                } catch let error as NotApplicable {
                    lastReason = error.reason
                    if let name = error.unmatchedPrevious { unmatched.insert(name) }
                } catch {
                    lastReason = "\(error)"
                }
            }
            if syntax.grouped, outcome.findings.count - before > 1 {
                let merged = FindingBuilder.grouped(Array(outcome.findings[before...]))
                outcome.findings.removeSubrange(before...)
                outcome.findings.append(merged)
            }
            if applied {
                outcome.rulesApplied.insert(syntax.id)
            } else {
                outcome.notApplied[syntax.id] = lastReason.isEmpty ? "文中没有可检查的实例" : lastReason
            }
        }
        outcome.findings = deduplicated(outcome.findings)
        outcome.unmatchedPrevious = unmatched.sorted()
        return outcome
    }

    /// Functions whose arguments bind no figure of the document: `stated(…)` asks whether one exists,
    /// `section(…)` and `mentions(…)` name lists of the lexicon.
    static let nonBindingFunctions: Set<String> = ["stated", "section", "mentions"]

    /// The text ranges a rule with `section` fragments looks at: the lines of every section whose
    /// title (or an enclosing one's) contains a fragment. nil: the whole document.
    static func scopeRanges(_ rule: RuleSyntax, _ structure: DocumentStructure) -> [Range<Int>]? {
        guard !rule.sections.isEmpty else { return nil }
        var ranges: [Range<Int>] = []
        for line in structure.lines {
            let titles = structure.sectionTitles(line.section)
            guard rule.sections.contains(where: { fragment in titles.contains { $0.includes(fragment) } }) else { continue }
            if let last = ranges.last, last.upperBound + 1 >= line.range.lowerBound {
                ranges[ranges.count - 1] = last.lowerBound..<line.range.upperBound
            } else {
                ranges.append(line.range)
            }
        }
        return ranges
    }

    /// When an equality holds only thanks to rounding — the published digits themselves give
    /// another value at the stated precision (155.08 + 0.01 + 3.86 = 158.95 against 158.94) — the
    /// comparison, evaluated on the digits as written, for an info.
    /// `render: false` only says whether there is one (its comparison then has no renderings).
    static func roundingDifference(_ rule: RuleSyntax, _ instance: Instance, _ context: EvaluationContext, render: Bool = true) -> FailedComparison? {
        let extraction = context.extraction
        var point = RuleEvaluator(context: context)
        point.render = render
        point.pointValues = true
        point.conceptBindings = instance.concepts
        point.claimBinding = instance.claim
        guard (try? point.evaluate(rule.check)) != nil else { return nil }
        for comparison in point.failures where comparison.op == .equal {
            let stated = comparison.stated
            let implied = comparison.implied
            guard let first = stated.figures.first, implied.figures.count >= 2, !implied.interval.isUnbounded else { continue }
            let figures = stated.figures.map { extraction.figures[$0] }
            guard !figures.contains(where: \.unit.isExact) else { continue }
            let decimals = stated.decimals ?? figures.map(\.decimals).max() ?? 2
            let unit = extraction.figures[first].unit
            let power = unit.amountPower
            let written = stated.interval.lower.shifted(by: -power).rounded(places: decimals)
            let rounded = implied.interval.lower.shifted(by: -power).rounded(places: decimals)
            if rounded != written { return comparison }
        }
        return nil
    }

    /// A value for the first stated figure of a held equality that lies just past the interval the
    /// other figures imply: one unit of the figure's last digit beyond it.
    static func perturbation(_ equalities: [FailedComparison], _ extraction: Extraction) -> (figure: Int, value: ExactDecimal)? {
        for e in equalities {
            guard e.stated.figures.count == 1, let id = e.stated.figures.first, e.implied.figures.count >= 1,
                !e.implied.interval.isUnbounded, !e.stated.figures.contains(where: e.implied.figures.contains)
            else { continue }
            let f = extraction.figures[id]
            guard !f.unit.isExact, f.value >= 0 else { continue }
            let power = f.unit.amountPower
            let unit = ExactDecimal(1).shifted(by: -f.decimals)
            let rounded = e.implied.interval.upper.shifted(by: -power).rounded(places: f.decimals, .up)
            let sign: ExactDecimal = e.stated.rendering.hasPrefix("-") ? -1 : 1
            return (id, sign * (rounded + unit))
        }
        return nil
    }

    /// A document's figures by concept, and each section's path, worked out once for all rules.
    struct FigureIndex {
        var byConcept: [NameKey: [Int]] = [:]
        /// The positions of the claims of each kind in `Extraction.claims`: a rule checked on each
        /// claim of a kind looks at those only (a claim is a large value to copy just to ask its kind).
        var claimsByKind: [ClaimKind: [Int]] = [:]
        var paths: [Int: [Int]] = [:]
        let structure: DocumentStructure
        /// Every concept's figures grouped by section, for binding the figures nearest an anchor.
        let nearby: NearestFigures

        init(_ extraction: Extraction) {
            structure = extraction.structure
            for f in extraction.figures {
                if let c = f.concept { byConcept[NameKey(c), default: []].append(f.id) }
                if let s = f.section, paths[s] == nil { paths[s] = structure.sectionPath(s) }
            }
            nearby = NearestFigures(extraction.figures, byConcept: byConcept, structure: extraction.structure)
            for (position, claim) in extraction.claims.enumerated() { claimsByKind[claim.kind, default: []].append(position) }
        }

        /// Positions of the claims of this kind, in document order.
        func claims(of kind: ClaimKind) -> [Int] { claimsByKind[kind] ?? [] }

        /// Ids of the figures with this concept, in document order.
        func figures(of concept: String) -> [Int] { byConcept[NameKey(concept)] ?? [] }

        func sectionPath(_ section: Int?) -> [Int] {
            guard let section else { return [] }
            return paths[section] ?? structure.sectionPath(section)
        }
    }

    /// What makes two evaluated instances of a rule the same: the figures they bound (sorted), and
    /// the claim when the check binds no figure or points at the claim's text.
    struct InstanceKey: Hashable {
        var figures: [Int]
        var claim: Int?
    }

    /// The first look at an instance (see `apply`).
    enum QuickLook { case skip, held, again }

    /// A candidate instance: concept bindings, and the claim bound to the `each` variable.
    struct Instance {
        var concepts: ConceptBindings
        var claim: (variable: String, claim: Claim)?
    }

    /// Every way the rule can be bound in the document.
    static func instances(
        of compiled: CompiledRule, in extraction: Extraction, index: FigureIndex, deadline: Deadline = .never
    ) -> [Instance] {
        let rule = compiled.syntax
        let references = compiled.references
        let figures = extraction.figures
        let structure = extraction.structure
        // Whether a section is in the rule's scope, worked out once per section (index 0: no section).
        var scopeOfSection = [Bool?](repeating: nil, count: structure.sections.count + 1)
        func inScope(_ figure: Figure) -> Bool {
            guard !rule.sections.isEmpty else { return true }
            let slot = figure.section.map { $0 + 1 } ?? 0
            if slot < scopeOfSection.count, let known = scopeOfSection[slot] { return known }
            let titles = structure.sectionTitles(figure.section)
            let result = rule.sections.contains { fragment in titles.contains { $0.includes(fragment) } }
            if slot < scopeOfSection.count { scopeOfSection[slot] = result }
            return result
        }
        let nearby = index.nearby
        /// The figure of each concept nearest the anchor, the one at `skip` left to the caller.
        func bind(around anchor: Figure, measure: String, skipping skip: Int?) -> ConceptBindings? {
            var bound = ConceptBindings(names: references, figures: Array(repeating: -1, count: references.count))
            let anchorPath = index.sectionPath(anchor.section)
            for (slot, reference) in references.enumerated() where slot != skip {
                guard let found = nearby.nearest(reference.concept, reference.measure ?? measure, to: anchor, path: anchorPath) else {
                    return nil
                }
                bound.figures[slot] = found
            }
            return bound
        }
        if let each = rule.each {
            guard let kind = ClaimKind(rawValue: each.claimKind) else { return [] }
            func instance(of claim: Claim) -> Instance? {
                guard figures.indices.contains(claim.anchor) else {
                    // A claim about text (a heading, a year): no figure to bind around.
                    guard references.isEmpty, rule.sections.isEmpty else { return nil }
                    return Instance(concepts: ConceptBindings(), claim: (each.variable, claim))
                }
                let anchor = figures[claim.anchor]
                guard inScope(anchor), let concepts = bind(around: anchor, measure: Lexicon.defaultMeasure, skipping: nil) else { return nil }
                return Instance(concepts: concepts, claim: (each.variable, claim))
            }
            // Only the claims of the kind, copying only those that make an instance.
            var result: [Instance] = []
            for position in index.claims(of: kind) {
                if let instance = instance(of: extraction.claims[position]) { result.append(instance) }
            }
            return result
        }
        guard let first = references.first else { return [Instance(concepts: ConceptBindings(), claim: nil)] }
        /// The same statement restated elsewhere with the same parts is one instance.
        struct Statement: Hashable {
            var measure: NameKey
            var number: String
            var parts: ArraySlice<Int>
        }
        var result: [Instance] = []
        var seen = Set<Statement>()
        for anchor in index.figures(of: first.concept).lazy.map({ figures[$0] })
        where (first.measure == nil || anchor.measure == first.measure) && inScope(anchor) {
            if deadline.hasPassed { break }
            guard var bound = bind(around: anchor, measure: anchor.measure, skipping: 0) else { continue }
            bound.figures[0] = anchor.id
            if !seen.insert(Statement(measure: NameKey(anchor.measure), number: anchor.numberText, parts: bound.figures.dropFirst())).inserted { continue }
            result.append(Instance(concepts: bound, claim: nil))
        }
        return result
    }

    static func collectConcepts(_ expr: Expr, into references: inout [(name: String, measure: String?)], binding: Bool = true) {
        switch expr.kind {
        case .concept(let name, let measure):
            if !references.contains(where: { $0.name == name && $0.measure == measure }) { references.append((name, measure)) }
        case .field(let base, _): collectConcepts(base, into: &references, binding: binding)
        case .call(let name, let arguments):
            // stated(…) asks whether a figure exists, section/mentions name lexicon lists, last(…)
            // looks in another document: none of them binds a figure of this one.
            if binding, RuleEngine.nonBindingFunctions.contains(name) { return }
            arguments.forEach { collectConcepts($0, into: &references, binding: binding) }
        case .unary(_, let operand): collectConcepts(operand, into: &references, binding: binding)
        case .binary(_, let a, let b):
            collectConcepts(a, into: &references, binding: binding)
            collectConcepts(b, into: &references, binding: binding)
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

/// The figures an instance of a rule binds to the concepts the rule names: one slot per concept
/// (and measure) in the order the rule names them. A rule names a handful, so a slot is found by
/// comparing names' bytes; a dictionary hashed each Chinese name through NFC normalisation at every
/// binding and every lookup, a measurable share of an audit.
struct ConceptBindings {
    /// A concept as a rule names it: `收入总计`, `因公出国（境）费@全年预算数`.
    struct Name {
        var concept: String
        var measure: String?
    }

    var names: [Name] = []
    /// The figure bound to each name (-1: none).
    var figures: [Int] = []

    /// The figure bound to `concept` at `measure`, if any.
    subscript(concept: String, measure: String?) -> Int? {
        for (slot, name) in names.enumerated()
        where ConceptBindings.same(name.concept, concept) && ConceptBindings.same(name.measure, measure) && figures[slot] >= 0 {
            return figures[slot]
        }
        return nil
    }

    /// The same text, byte for byte (both names come from the same rule).
    static func same(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return ScalarText.sameBytes(a, b)
    }
}

extension Expr {
    /// Whether evaluating it can compare for equality (`=`, `possible_fraction`): only then can a
    /// held instance owe its success to rounding.
    var mayCompareEqual: Bool {
        switch kind {
        case .binary(let op, let a, let b): return op == .equal || a.mayCompareEqual || b.mayCompareEqual
        case .unary(_, let a): return a.mayCompareEqual
        case .call(let name, let arguments): return name == "possible_fraction" || arguments.contains { $0.mayCompareEqual }
        case .field(let base, _): return base.mayCompareEqual
        default: return false
        }
    }
}

/// The figures of the concepts a rule names, by concept and measure, grouped by section and sorted
/// by position: the figure nearest an anchor — fewest steps through the section tree, then smallest
/// distance in the text, then first in the document — is found by binary search in each section,
/// not by a scan of every figure for every anchor (which made a document with thousands of figures
/// of one concept take minutes). A concept's groups are made the first time a rule asks for them
/// (rules name a fraction of the concepts a document states); one document's index, one thread.
final class NearestFigures {
    /// The figures of one concept and measure in one section, sorted by position (then id).
    struct Group {
        var path: [Int]
        var positions: [Int] = []
        var ids: [Int] = []
    }

    /// A concept at a measure.
    private struct Key: Hashable {
        var concept: NameKey
        var measure: NameKey
    }

    private let figures: [Figure]
    private let byConcept: [NameKey: [Int]]
    private let structure: DocumentStructure
    private var groups: [Key: [Group]] = [:]

    /// `byConcept`: the ids of each concept's figures.
    init(_ figures: [Figure], byConcept: [NameKey: [Int]], structure: DocumentStructure) {
        self.figures = figures
        self.byConcept = byConcept
        self.structure = structure
    }

    /// The groups of `concept` at `measure`, made on first use.
    private func groups(_ concept: String, _ measure: String) -> [Group] {
        let key = Key(concept: NameKey(concept), measure: NameKey(measure))
        if let known = groups[key] { return known }
        var bySection: [Int?: [Figure]] = [:]
        for id in byConcept[key.concept] ?? [] where figures[id].measure == measure { bySection[figures[id].section, default: []].append(figures[id]) }
        let made = bySection.map { section, members in
            let sorted = members.sorted { ($0.range.lowerBound, $0.id) < ($1.range.lowerBound, $1.id) }
            return Group(path: structure.sectionPath(section), positions: sorted.map(\.range.lowerBound), ids: sorted.map(\.id))
        }
        groups[key] = made
        return made
    }

    /// The id of the figure of `concept` at `measure` nearest `anchor` (whose section path is `path`).
    func nearest(_ concept: String, _ measure: String, to anchor: Figure, path: [Int]) -> Int? {
        let candidates = groups(concept, measure)
        let p = anchor.range.lowerBound
        var best: (distance: Int, gap: Int, id: Int)? = nil
        for group in candidates where !group.ids.isEmpty {
            let common = zip(path, group.path).prefix { $0 == $1 }.count
            let distance = path.count + group.path.count - 2 * common
            if let b = best, distance > b.distance { continue }
            let after = group.positions.partitioningIndex { $0 >= p }
            var gap = Int.max
            if after < group.positions.count { gap = group.positions[after] - p }
            if after > 0 { gap = min(gap, p - group.positions[after - 1]) }
            var id = Int.max
            for position in [p - gap, p + gap] {
                var i = group.positions.partitioningIndex { $0 >= position }
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
}
