import Foundation

/// A value while a rule is evaluated: a quantity with its interval and how it was computed, a
/// truth value, a text, or a list of quantities.
enum RuleValue {
    case quantity(Quantity)
    case boolean(Bool)
    case text(String)
    case list([Quantity])
}

/// A number during evaluation: the interval it stands for (in the base unit of its dimension) and
/// the words that show how it was obtained, so every finding can explain itself.
struct Quantity {
    var interval: Interval
    var dimension: Dimension?
    /// "155.08 + 0.00 + 3.86": the computation with the published numbers substituted.
    var rendering: String
    /// 0 = atom; otherwise the binary operator's precedence, to know when to add parentheses.
    var precedence: Int
    /// Figures it was computed from.
    var figures: [Int]
    /// The unit to show it in, and the decimals of the figure it is (nil for a computed value).
    var unit: Unit?
    var decimals: Int?

    static func number(_ value: ExactDecimal, text: String) -> Quantity {
        Quantity(interval: Interval(value), dimension: nil, rendering: text, precedence: 0, figures: [], unit: nil, decimals: nil)
    }
}

/// What a figure stands for in an instance of a rule: a concept the rule names (`收入总计`) or a
/// field of the claim it is checked on (`c.amount`). Its text is made only for a finding or
/// `explain`: most instances hold, and joining the names for each of them was a measurable share.
struct Role: Sendable, CustomStringConvertible {
    var name: String
    var field: String?

    init(_ name: String, field: String? = nil) {
        self.name = name
        self.field = field
    }

    var description: String { field.map { "\(name).\($0)" } ?? name }
}

/// The figures an instance binds and the role each was first given. An instance binds a handful,
/// so they are kept in a list and looked up by a scan; a dictionary is made only for an instance
/// that binds many (`all(…)`, long sums), so that the cost stays linear.
struct FigureRoles {
    /// The figures in the order they were bound, with their roles.
    private var entries: [(figure: Int, role: Role)] = []
    /// Figure → position in `entries`, once there are more than `scanLimit`.
    private var positions: [Int: Int]? = nil
    private static let scanLimit = 16

    var isEmpty: Bool { entries.isEmpty }

    /// The figures in the order they were bound.
    var figures: [Int] { entries.map(\.figure) }

    subscript(figure: Int) -> Role? {
        position(of: figure).map { entries[$0].role }
    }

    private func position(of figure: Int) -> Int? {
        if let positions { return positions[figure] }
        for (k, entry) in entries.enumerated() where entry.figure == figure { return k }
        return nil
    }

    /// Forgets every figure, keeping the room the list took.
    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        positions = nil
    }

    /// Gives `figure` its role, unless it has one.
    mutating func assign(_ figure: Int, _ role: Role) {
        guard position(of: figure) == nil else { return }
        if entries.isEmpty { entries.reserveCapacity(8) }
        entries.append((figure, role))
        if positions != nil {
            positions![figure] = entries.count - 1
        } else if entries.count > FigureRoles.scanLimit {
            positions = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.figure, $0) })
        }
    }

    /// The figures and their roles, in the order of the figures' ids.
    var byFigure: [(figure: Int, role: Role)] {
        entries.sorted { $0.figure < $1.figure }
    }
}

/// Why an instance of a rule could not be evaluated: a concept or field the document does not
/// state, a division by a value that may be zero.
struct NotApplicable: Error {
    var reason: String
    /// Set when the reason is a concept last year's document does not state.
    var unmatchedPrevious: String? = nil
    /// Set when the reason quotes a computation, which only an evaluation with renderings has.
    var quotesRendering = false
}

/// A comparison that failed, kept to build the finding.
struct FailedComparison {
    var op: BinaryOperator
    var stated: Quantity
    var implied: Quantity
}

/// What every evaluation on one document shares: its extraction, the lexicon, last year's
/// document and the concept index. Held by reference, because an evaluator is made for every
/// instance of every rule and copying these structs each time was a measurable share of an audit.
final class EvaluationContext {
    let extraction: Extraction
    let lexicon: Lexicon
    let previous: PreviousDocument?
    let index: RuleEngine.FigureIndex
    /// `section(list)` and `mentions(list)` as already answered for this document (mentions within
    /// a scope): they look at the whole text, not at an instance's figures, and a rule asks them
    /// once per instance.
    var listAnswers: [ListQuestion: Bool] = [:]

    /// Each section's title without its years and surrounding spaces, for `section(^name)`.
    lazy var titlesWithoutYears: [String] = extraction.structure.sections.map {
        HeadingParser.withoutYears($0.title).trimmingSpaces()
    }

    /// A question about one of the lexicon's lists, for `listAnswers`.
    struct ListQuestion: Hashable {
        var function: String
        var list: NameKey
        var scope: [Range<Int>]?
    }

    init(extraction: Extraction, lexicon: Lexicon, previous: PreviousDocument?, index: RuleEngine.FigureIndex) {
        self.extraction = extraction
        self.lexicon = lexicon
        self.previous = previous
        self.index = index
    }
}

/// Evaluates compiled rules on one document's figures and claims, with interval semantics.
struct RuleEvaluator {
    let context: EvaluationContext
    var extraction: Extraction { context.extraction }
    var figures: [Figure] { context.extraction.figures }
    /// Read percent figures as truncated rather than rounded (the second look before an error).
    var truncatePercents = false
    /// Read every figure as exactly its digits (to see whether the published digits add up exactly).
    var pointValues = false
    /// Equalities that held, as (stated, implied): the material for a rounding note.
    var equalities: [FailedComparison] = []
    var conceptBindings = ConceptBindings()
    /// The claim an `each` rule is checked on, and the variable that names it.
    var claimBinding: (variable: String, claim: Claim)? = nil
    var roles = FigureRoles()
    var failures: [FailedComparison] = []
    /// The lexicon's lists, for `section(…)` and `mentions(…)`.
    var lexicon: Lexicon { context.lexicon }
    /// The text ranges of the rule's sections (nil: the whole document), for `stated` and `mentions`.
    var scope: [Range<Int>]? = nil
    /// Last year's document of the same unit, for `last(…)`.
    var previous: PreviousDocument? { context.previous }
    /// The document's figures by concept.
    var index: RuleEngine.FigureIndex { context.index }
    /// Figures of last year's document that `last(…)` used, for the finding.
    var previousUsed: [Figure] = []
    /// Build each quantity's `rendering`. Off for the first look at an instance: most instances
    /// hold, and only a failure is shown (the engine evaluates again with renderings when one fails).
    var render = true
    /// Whether a computed quantity lists every figure it comes from (findings and the rounding
    /// note need them); otherwise only its first is kept, which is all `last(…)` reads.
    var keepsFigures: Bool { render || pointValues }

    init(context: EvaluationContext) {
        self.context = context
    }

    /// Makes the evaluator as a new one for an instance (same context and scope), keeping the
    /// room its lists took: every variable below but `scope` is set here.
    mutating func start(concepts: ConceptBindings, claim: (variable: String, claim: Claim)?, render: Bool) {
        truncatePercents = false
        pointValues = false
        // An empty list is left alone (emptying it still costs a call into the runtime).
        if !equalities.isEmpty { equalities.removeAll(keepingCapacity: true) }
        conceptBindings = concepts
        claimBinding = claim
        if !roles.isEmpty { roles.removeAll() }
        if !failures.isEmpty { failures.removeAll(keepingCapacity: true) }
        if !previousUsed.isEmpty { previousUsed.removeAll(keepingCapacity: true) }
        self.render = render
    }

    // MARK: - Expressions

    mutating func evaluate(_ expr: Expr) throws -> RuleValue {
        switch expr.kind {
        case .number(let value, let unitSymbol):
            let unit = unitSymbol.flatMap(Unit.named) ?? (unitSymbol == "%" ? Unit.percent : nil)
            var q = Quantity.number(value.shifted(by: unit?.scalePower ?? 0), text: render ? "\(value)\(unit?.symbol == "%" ? "%" : unit?.symbol ?? "")" : "")
            q.dimension = unit?.dimension
            q.unit = unit
            return .quantity(q)
        case .concept(let name, let measure):
            guard let id = conceptBindings[name, measure] else {
                throw NotApplicable(reason: "文中未找到「\(name)」")
            }
            assignRole(id, Role(name))
            return .quantity(quantity(of: id, sign: 1))
        case .variable(let name):
            throw NotApplicable(reason: "变量「\(name)」须取字段")
        case .field(let base, let name):
            guard case .variable(let variable) = base.kind, let binding = claimBinding, binding.variable == variable else {
                throw NotApplicable(reason: "未绑定的变量")
            }
            return try field(name, of: binding.claim, variable: variable)
        case .call(let name, let arguments):
            return try call(name, arguments)
        case .unary(let op, let operand):
            let value = try evaluate(operand)
            switch (op, value) {
            case (.negate, .quantity(var q)):
                q.interval = -q.interval
                if render { q.rendering = "-" + parenthesised(q, above: 5) }
                q.precedence = 6
                return .quantity(q)
            case (.not, .boolean(let b)):
                return .boolean(!b)
            default:
                throw NotApplicable(reason: "运算对象类型不符")
            }
        case .binary(let op, let left, let right):
            return try binary(op, left, right)
        }
    }

    /// Gives a figure its role in the finding ("c.amount", "收入总计"), unless it has one.
    mutating func assignRole(_ figure: Int, _ role: Role) {
        roles.assign(figure, role)
    }

    func quantity(of id: Int, sign: Int) -> Quantity {
        let f = figures[id]
        var interval = truncatePercents && f.unit.dimension == .percent ? f.truncatedInterval : f.interval
        if pointValues { interval = Interval(f.value.shifted(by: f.unit.scalePower)) }
        var text = render ? f.numberText : ""
        if sign < 0 {
            interval = -interval
            if render { text = text.hasPrefix("-") ? String(text.dropFirst()) : "-" + text }
        }
        return Quantity(
            interval: interval, dimension: f.unit.dimension, rendering: text, precedence: render && text.hasPrefix("-") ? 6 : 0,
            figures: [id], unit: f.unit, decimals: f.decimals)
    }

    func inScope(_ index: Int) -> Bool {
        guard let scope else { return true }
        return scope.contains { $0.contains(index) }
    }

    /// `last(x)`: the figure of last year's document with the concept (or, for a figure without
    /// one, the label), measure and qualifier of the first figure of `x`; in its own section when
    /// the concept has several items.
    mutating func last(_ arguments: [Expr]) throws -> Quantity {
        guard let previous else { throw NotApplicable(reason: "没有给出上一年度的文档（audit --previous）") }
        guard let argument = arguments.first, case .quantity(let q) = try evaluate(argument), let id = q.figures.first else {
            throw NotApplicable(reason: "last 需要文中的一个数")
        }
        let f = figures[id]
        let name = f.concept ?? RuleEvaluator.clauseName(f, in: extraction)
        let others = previous.extraction.figures
        // A figure without a concept ("…(项):支出决算数为60.59万元") is named by its clause as well.
        let clause = RuleEvaluator.clauseName(f, in: extraction)
        let candidates = others.filter { o in
            o.measure == Lexicon.defaultMeasure && o.unit.dimension == f.unit.dimension && o.qualifier == f.qualifier
                && (f.concept != nil
                    ? o.concept == f.concept && (lexicon.isList(f.concept!) != true || RuleEvaluator.clauseName(o, in: previous.extraction) == clause)
                    : o.label == f.label && RuleEvaluator.clauseName(o, in: previous.extraction) == clause)
        }
        let titles = extraction.structure.sectionTitles(f.section).map(HeadingParser.withoutYears)
        guard
            let match = candidates.first(where: {
                previous.extraction.structure.sectionTitles($0.section).map(HeadingParser.withoutYears) == titles
            }) ?? candidates.first
        else {
            throw NotApplicable(reason: "上一年度的文档中未找到「\(name)」", unmatchedPrevious: name)
        }
        previousUsed.append(match)
        let interval = match.interval
        return Quantity(
            interval: interval, dimension: match.unit.dimension, rendering: "上年文档" + match.numberText, precedence: 0, figures: [],
            unit: match.unit, decimals: match.decimals)
    }

    /// The words of a figure's line before it, numbering, years, digits and spaces left out: what
    /// names the figure across two years' documents when its label alone does not
    /// ("1.一般公共服务支出(类)…事业运行(项):支出决算数为60.59万元" → "一般公共服务支出(类)…支出决算数为").
    static func clauseName(_ f: Figure, in extraction: Extraction) -> String {
        let structure = extraction.structure
        guard f.line < structure.lines.count else { return f.label }
        var lead = structure.scalars[structure.lines[f.line].range.lowerBound..<f.range.lowerBound]
        while let first = lead.first, ScalarText.isSpace(first) || first == "\t" { lead = lead.dropFirst() }
        if let (_, length) = HeadingParser.marker(lead) { lead = lead.dropFirst(length) }
        return HeadingParser.withoutYears(ScalarText.string(lead)).unicodeScalars
            .filter { !ScalarText.isDigit($0) && $0 != "." && !ScalarText.isSpace($0) }
            .reduce(into: "") { $0.unicodeScalars.append($1) }
    }

    /// Where last year's figures stand, for a finding's note.
    func previousNote(file: String) -> String {
        let text = previous?.extraction.text
        let places = previousUsed.map { f -> String in
            let location = text?.location(of: f.numberRange.lowerBound)
            return "\(file):\(location?.line ?? 0):\(location?.column ?? 0)「\(f.label)\(f.text)」"
        }
        return "上一年度文档：" + places.joined(separator: "；")
    }

    mutating func field(_ name: String, of claim: Claim, variable: String) throws -> RuleValue {
        guard let field = claim.fields[name] else {
            throw NotApplicable(reason: "文中未给出\(variable).\(name)")
        }
        switch field {
        case .figure(let id, let sign):
            assignRole(id, Role(variable, field: name))
            return .quantity(quantity(of: id, sign: sign))
        case .exact(let id):
            assignRole(id, Role(variable, field: name))
            var q = quantity(of: id, sign: 1)
            q.interval = Interval(figures[id].value.shifted(by: figures[id].unit.scalePower))
            return .quantity(q)
        case .constant(let value):
            return .quantity(.number(value, text: render ? "\(value)" : ""))
        case .figures(let ids):
            for id in ids { assignRole(id, Role(variable, field: name)) }
            return .list(ids.map { quantity(of: $0, sign: 1) })
        case .sum(let terms):
            return .quantity(try implied(terms, role: Role(variable, field: name)))
        case .sums(let lists):
            return .list(try lists.map { try implied($0, role: Role(variable, field: name)) })
        case .text(let text):
            return .text(text)
        case .flag(let flag):
            return .boolean(flag)
        case .number(let value):
            return .quantity(.number(value, text: render ? "\(value)" : ""))
        }
    }

    /// A value the text implies, as the signed sum of figures, with its computation.
    mutating func implied(_ terms: [(figure: Int, sign: Int)], role: Role) throws -> Quantity {
        var total: Quantity? = nil
        for term in terms {
            assignRole(term.figure, role)
            let q = quantity(of: term.figure, sign: 1)
            if let t = total {
                total = combine(t, q, term.sign < 0 ? .subtract : .add)
            } else {
                total = term.sign < 0 ? negated(q) : q
            }
        }
        guard var result = total else { throw NotApplicable(reason: "空的求和") }
        result.decimals = nil
        return result
    }

    func negated(_ q: Quantity) -> Quantity {
        var r = q
        r.interval = -q.interval
        if render { r.rendering = "-" + parenthesised(q, above: 5) }
        r.precedence = 6
        return r
    }

    func parenthesised(_ q: Quantity, above precedence: Int) -> String {
        q.precedence != 0 && q.precedence < precedence ? "(\(q.rendering))" : q.rendering
    }

    func combine(_ a: Quantity, _ b: Quantity, _ op: BinaryOperator) -> Quantity? {
        var interval: Interval?
        var symbol = op.rawValue
        switch op {
        case .add: interval = a.interval + b.interval
        case .subtract: interval = a.interval - b.interval
        case .multiply:
            interval = a.interval * b.interval
            symbol = "×"
        case .divide:
            interval = a.interval / b.interval
            symbol = "÷"
        default: return nil
        }
        guard let value = interval else { return nil }
        let p = op.precedence
        var rendering = ""
        if render {
            let right = op == .subtract || op == .divide ? (b.precedence != 0 && b.precedence <= p ? "(\(b.rendering))" : b.rendering) : parenthesised(b, above: p)
            rendering = "\(parenthesised(a, above: p)) \(symbol) \(right)"
        }
        var dimension = a.dimension ?? b.dimension
        if op == .divide, a.dimension == b.dimension { dimension = nil }
        if op == .multiply, a.dimension != nil, b.dimension != nil, a.dimension != b.dimension {
            dimension = a.dimension == .percent ? b.dimension : a.dimension
        }
        return Quantity(
            interval: value, dimension: dimension, rendering: rendering,
            precedence: p, figures: keepsFigures ? a.figures + b.figures : (a.figures.isEmpty ? b.figures : a.figures),
            unit: a.unit ?? b.unit, decimals: nil)
    }

    mutating func binary(_ op: BinaryOperator, _ left: Expr, _ right: Expr) throws -> RuleValue {
        if op == .and || op == .or {
            guard case .boolean(let a) = try evaluate(left) else { throw NotApplicable(reason: "需要真假值") }
            if op == .and && !a { return .boolean(false) }
            if op == .or && a { return .boolean(true) }
            guard case .boolean(let b) = try evaluate(right) else { throw NotApplicable(reason: "需要真假值") }
            return .boolean(b)
        }
        let l = try evaluate(left)
        let r = try evaluate(right)
        guard case .quantity(let a) = l, case .quantity(let b) = r else {
            if op == .equal || op == .notEqual, case .text(let x) = l, case .text(let y) = r {
                return .boolean((x == y) == (op == .equal))
            }
            throw NotApplicable(reason: "运算对象类型不符")
        }
        if op.isArithmetic {
            guard let q = combine(a, b, op) else { throw NotApplicable(reason: "除数可能为零：\(b.rendering)", quotesRendering: true) }
            return .quantity(q)
        }
        let holds: Bool
        switch op {
        case .equal: holds = a.interval.meets(b.interval)
        case .notEqual: holds = !a.interval.meets(b.interval)
        case .lessOrEqual: holds = a.interval.possiblyAtMost(b.interval)
        case .greaterOrEqual: holds = b.interval.possiblyAtMost(a.interval)
        case .less: holds = !b.interval.possiblyAtMost(a.interval)
        case .greater: holds = !a.interval.possiblyAtMost(b.interval)
        default: holds = false
        }
        if !holds { failures.append(FailedComparison(op: op, stated: a, implied: b)) }
        if holds, op == .equal { equalities.append(FailedComparison(op: op, stated: a, implied: b)) }
        return .boolean(holds)
    }

    /// `section(list)`: whether a section's title is one of the list's names (`^name`: begins with it).
    func hasSection(named list: String) -> Bool {
        let names = lexicon.sectionNames[list] ?? []
        // "^支出决算情况": the title begins with it (so that 一般公共预算财政拨款支出决算情况 is not taken for it).
        let beginnings = names.filter { $0.hasPrefix("^") }.map { String($0.dropFirst()) }
        let fragments = names.filter { !$0.hasPrefix("^") }
        let sections = extraction.structure.sections
        return fragments.contains { fragment in sections.contains { $0.title.includes(fragment) } }
            || (!beginnings.isEmpty && context.titlesWithoutYears.contains { title in beginnings.contains { title.hasPrefix($0) } })
    }

    /// `mentions(list)`: whether the rule's scope contains one of the list's phrases (`^phrase`: a
    /// line that begins with it).
    func mentions(_ list: String) -> Bool {
        let phrases = lexicon.phrases[list] ?? []
        let scalars = extraction.text.scalars
        let ranges = scope ?? [0..<scalars.count]
        let anywhere = PhraseSet(phrases.filter { !$0.hasPrefix("^") })
        if !anywhere.phrases.isEmpty, ranges.contains(where: { !anywhere.occurring(in: scalars, within: $0, firstOnly: true).isEmpty }) {
            return true
        }
        return phrases.contains { phrase in
            guard phrase.hasPrefix("^") else { return false }
            // "^支出决算表": a line that begins with it, after spaces, its numbering and 《.
            let wanted = Array(phrase.unicodeScalars.dropFirst())
            return extraction.structure.lines.contains { line in
                guard inScope(line.range.lowerBound) else { return false }
                var text = scalars[line.range]
                while let f = text.first, ScalarText.isSpace(f) || f == "\t" { text = text.dropFirst() }
                if let (_, length) = HeadingParser.marker(text) { text = text.dropFirst(length) }
                while let f = text.first, ScalarText.isSpace(f) || f == "《" { text = text.dropFirst() }
                return text.starts(with: wanted)
            }
        }
    }

    mutating func call(_ name: String, _ arguments: [Expr]) throws -> RuleValue {
        switch name {
        case "has":
            guard let argument = arguments.first else { return .boolean(false) }
            let saved = failures
            defer { failures = saved }
            do {
                _ = try evaluate(argument)
                return .boolean(true)
            } catch {
                return .boolean(false)
            }
        case "stated":
            guard let argument = arguments.first else { return .boolean(false) }
            guard case .concept(let concept, let measure) = argument.kind else { return try call("has", arguments) }
            let wanted = measure ?? Lexicon.defaultMeasure
            return .boolean(index.figures(of: concept).contains { figures[$0].measure == wanted && inScope(figures[$0].range.lowerBound) })
        case "section", "mentions":
            guard case .concept(let list, _)? = arguments.first?.kind else { return .boolean(false) }
            let question = EvaluationContext.ListQuestion(function: name, list: NameKey(list), scope: name == "mentions" ? scope : nil)
            if let known = context.listAnswers[question] { return .boolean(known) }
            let answer = name == "section" ? hasSection(named: list) : mentions(list)
            context.listAnswers[question] = answer
            return .boolean(answer)
        case "last":
            return .quantity(try last(arguments))
        case "all":
            guard let argument = arguments.first, case .concept(let name, let measure) = argument.kind,
                let nearest = conceptBindings[name, measure]
            else { throw NotApplicable(reason: "all 需要一个文中出现的概念") }
            let anchor = figures[nearest]
            let figures = self.figures
            let candidates = anchor.concept.map { context.index.figures(of: $0).map { figures[$0] } } ?? figures
            let members = candidates.filter {
                $0.concept == anchor.concept && $0.measure == anchor.measure && $0.section == anchor.section
            }
            for m in members { assignRole(m.id, Role(name)) }
            return .list(members.map { quantity(of: $0.id, sign: 1) })
        case "sum", "max", "min", "count":
            guard let argument = arguments.first, case .list(let items) = try evaluate(argument) else {
                throw NotApplicable(reason: "\(name) 需要列表")
            }
            if name == "count" { return .quantity(.number(ExactDecimal(items.count), text: "\(items.count)")) }
            guard var result = items.first else { throw NotApplicable(reason: "空列表") }
            if name == "sum" {
                for item in items.dropFirst() { result = combine(result, item, .add) ?? result }
                result.decimals = nil
                return .quantity(result)
            }
            for item in items.dropFirst() {
                let better = name == "max" ? item.interval.upper > result.interval.upper : item.interval.lower < result.interval.lower
                if better { result = item }
            }
            return .quantity(result)
        case "abs":
            guard let argument = arguments.first, case .quantity(var q) = try evaluate(argument) else {
                throw NotApplicable(reason: "abs 需要数值")
            }
            q.interval = q.interval.abs()
            if render { q.rendering = "|\(q.rendering)|" }
            q.precedence = 0
            return .quantity(q)
        case "possible_fraction":
            guard arguments.count == 2, case .quantity(let percent) = try evaluate(arguments[0]) else {
                throw NotApplicable(reason: "possible_fraction 需要百分比和总数")
            }
            var wholes: [Quantity] = []
            switch try evaluate(arguments[1]) {
            case .quantity(let q): wholes = [q]
            case .list(let list): wholes = list
            default: throw NotApplicable(reason: "possible_fraction 需要总数")
            }
            let possible = wholes.contains { whole in
                guard whole.interval.isExact, whole.interval.lower > 0 else { return true }
                let n = whole.interval.lower
                // The least count whose share is not below the stated lower bound.
                let k = percent.interval.lower * n / 100
                var ceiling = k.rounded(places: 0, .up)
                if ceiling == k, percent.interval.lowerOpen { ceiling += 1 }
                return ceiling <= n && percent.interval.contains(ceiling * 100 / n)
            }
            if !possible, let whole = wholes.first {
                failures.append(FailedComparison(op: .equal, stated: percent, implied: whole))
            }
            return .boolean(possible)
        default:
            throw NotApplicable(reason: "未知函数 \(name)")
        }
    }
}
