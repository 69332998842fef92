/// Checks parsed rules against what exists — concepts, measures, claim kinds and their fields,
/// functions, document kinds, message placeholders — and their units, before any document is
/// read. Every error of every file is reported in one pass, each at its place with a suggestion.
public enum RuleChecker {
    public static func check(_ files: [(RuleFileSyntax, SourceText)], schema: RuleSchema) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var firstDefinition: [String: (String, Int)] = [:]
        for (file, source) in files {
            for rule in file.rules {
                var context = Context(schema: schema, source: source)
                if let (path, line) = firstDefinition[rule.id] {
                    var n = 2
                    while firstDefinition["\(rule.id)-\(n)"] != nil { n += 1 }
                    context.error(
                        "rule.duplicate-id", "规则编号「\(rule.id)」重复（首次定义于 \(path):\(line)）", at: rule.idSpan,
                        suggestion: "请改用未用过的编号，如「\(rule.id)-\(n)」")
                } else {
                    firstDefinition[rule.id] = (source.path, source.location(ofScalar: rule.idSpan.start).line)
                }
                for kind in rule.documentKinds where !schema.documentKinds.contains(kind) {
                    context.error(
                        "rule.unknown-document-kind", "未知的文档类型「\(kind)」", at: rule.span,
                        suggestion: Suggestion.nearest(to: kind, among: schema.documentKinds).map { "是否指「\($0)」？" })
                }
                if let each = rule.each {
                    if let kind = schema.claimKinds[each.claimKind] {
                        context.variables[each.variable] = kind
                    } else {
                        context.error(
                            "rule.unknown-claim-kind", "未知的断言类型「\(each.claimKind)」（可用：\(schema.claimKinds.keys.sorted().joined(separator: "、"))）",
                            at: each.span, suggestion: Suggestion.nearest(to: each.claimKind, among: schema.claimKinds.keys).map { "是否指「\($0)」？" })
                    }
                    if let filter = each.filter { context.expectBoolean(filter, clause: "where") }
                }
                if let when = rule.when { context.expectBoolean(when, clause: "when") }
                if rule.patterns.isEmpty {
                    context.expectBoolean(rule.check, clause: "check")
                } else if rule.each != nil || rule.when != nil {
                    context.error("rule.syntax", "find 规则按文字查找，不能与 each、when 同用", at: rule.idSpan)
                }
                if let message = rule.message {
                    let variable = rule.each?.variable
                    for placeholder in message.placeholders {
                        let name = placeholder.name
                        var known = schema.messagePlaceholders.contains(name) || schema.concepts[name] != nil
                        var candidates = schema.messagePlaceholders + Array(schema.concepts.keys)
                        if let v = variable, let kind = context.variables[v] {
                            candidates += kind.fields.keys.map { "\(v).\($0)" }
                            if name.hasPrefix(v + "."), kind.fields[String(name.dropFirst(v.count + 1))] != nil { known = true }
                        }
                        if !known {
                            context.error(
                                "rule.unknown-placeholder", "消息中的占位符「{\(name)}」未知", at: placeholder.span,
                                suggestion: Suggestion.nearest(to: name, among: candidates).map { "是否指「{\($0)}」？" })
                        }
                    }
                }
                let passes = rule.examples.filter { $0.expectation == .pass }.count
                let fails = rule.examples.count - passes
                if passes == 0 || fails == 0 {
                    let missing = passes == 0 ? "通过（pass）" : "不通过（fail）"
                    context.error("rule.missing-example", "规则「\(rule.id)」没有\(missing)的示例；每条规则至少需要一个通过和一个不通过的示例。", at: rule.idSpan)
                }
                diagnostics += context.diagnostics
            }
        }
        return diagnostics
    }

    struct Context {
        let schema: RuleSchema
        let source: SourceText
        var variables: [String: RuleSchema.ClaimKind] = [:]
        var diagnostics: [Diagnostic] = []

        mutating func error(_ id: String, _ message: String, at span: SourceSpan, suggestion: String? = nil) {
            diagnostics.append(source.diagnostic(id: id, message: message, at: span, suggestion: suggestion))
        }

        mutating func expectBoolean(_ expr: Expr, clause: String) {
            if let type = typeOf(expr), type != .boolean {
                error("rule.not-boolean", "\(clause) 子句应为比较或条件，而不是\(type)", at: expr.span)
            }
        }

        /// The type of an expression; nil after an error was reported inside it.
        mutating func typeOf(_ expr: Expr) -> ValueType? {
            switch expr.kind {
            case .number(_, let unit):
                guard let unit else { return .number }
                if unit == "%" { return .percent }
                switch Unit.named(unit)?.dimension {
                case .amount: return .amount
                case .count: return .count
                case .score: return .score
                case .percent, .percentagePoint: return .percent
                default: return .number
                }
            case .concept(let name, let measure):
                if let measure, !schema.measures.contains(measure) {
                    error(
                        "rule.unknown-measure", "未知的口径「\(measure)」", at: expr.span,
                        suggestion: Suggestion.nearest(to: measure, among: schema.measures).map { "是否指「\($0)」？" })
                }
                guard let type = schema.concepts[name] else {
                    error(
                        "rule.unknown-concept", "未知概念「\(name)」", at: expr.span,
                        suggestion: Suggestion.nearest(to: name, among: schema.concepts.keys).map { "是否指「\($0)」？" })
                    return nil
                }
                return type
            case .variable(let name):
                if variables[name] == nil {
                    error("rule.unknown-variable", "未知变量「\(name)」；变量由 each 子句引入", at: expr.span)
                } else {
                    error("rule.syntax", "变量「\(name)」须取字段，如 \(name).percent", at: expr.span)
                }
                return nil
            case .field(let base, let name):
                guard case .variable(let variable) = base.kind else {
                    error("rule.syntax", "只能对 each 引入的变量取字段", at: expr.span)
                    return nil
                }
                guard let kind = variables[variable] else {
                    error("rule.unknown-variable", "未知变量「\(variable)」；变量由 each 子句引入", at: base.span)
                    return nil
                }
                guard let type = kind.fields[name] else {
                    let near = Suggestion.nearest(to: name, among: kind.fields.keys)
                    error(
                        "rule.unknown-field", "「\(kind.name)」没有字段「\(name)」" + (near == nil ? "（可用：\(kind.fields.keys.sorted().joined(separator: "、"))）" : ""),
                        at: expr.span, suggestion: near.map { "是否指「\($0)」？" })
                    return nil
                }
                return type
            case .call(let name, let arguments) where name == "section" || name == "mentions":
                // The argument names a list of the lexicon (@章节, @词组), not a concept.
                let (known, directive) = name == "section" ? (schema.sectionNames, "@章节") : (schema.phraseNames, "@词组")
                guard arguments.count == 1 else {
                    error("rule.arity", "函数「\(name)」需要 1 个参数，这里有 \(arguments.count) 个", at: expr.span)
                    return nil
                }
                guard case .concept(let list, nil) = arguments[0].kind, known.contains(list) else {
                    let written = RulePrinter.print(arguments[0])
                    error(
                        "rule.unknown-list", "「\(written)」不是词表中的 \(directive) 名称；请在 lexicon.txt 中加一行「\(directive) \(written) = 说法, 说法」",
                        at: arguments[0].span, suggestion: Suggestion.nearest(to: written, among: known).map { "是否指「\($0)」？" })
                    return nil
                }
                return .boolean
            case .call(let name, let arguments):
                let types = arguments.map { typeOf($0) }
                guard let function = schema.functions[name] else {
                    error(
                        "rule.unknown-function", "未知函数「\(name)」", at: expr.span,
                        suggestion: Suggestion.nearest(to: name, among: schema.functions.keys).map { "是否指「\($0)」？" })
                    return nil
                }
                guard arguments.count == function.parameters.count else {
                    error("rule.arity", "函数「\(name)」需要 \(function.parameters.count) 个参数，这里有 \(arguments.count) 个", at: expr.span)
                    return nil
                }
                for (i, (parameter, argument)) in zip(function.parameters, types).enumerated() {
                    guard let argument else { return nil }
                    if name != "has" && name != "stated" && name != "last" && !accepts(parameter, argument) {
                        error("rule.type-mismatch", "函数「\(name)」的第 \(i + 1) 个参数应为\(parameter)，这里是\(argument)", at: arguments[i].span)
                        return nil
                    }
                }
                if function.resultFollowsArgument, let first = types.first, let t = first {
                    if case .list(let element) = t { return element }
                    return t
                }
                return function.result
            case .unary(let op, let operand):
                guard let t = typeOf(operand) else { return nil }
                if op == .not {
                    if t != .boolean { error("rule.type-mismatch", "not 只能用于条件，这里是\(t)", at: operand.span) }
                    return .boolean
                }
                if !t.isNumeric { error("rule.type-mismatch", "负号只能用于数值", at: operand.span) }
                return t
            case .binary(let op, let a, let b):
                let ta = typeOf(a)
                let tb = typeOf(b)
                guard let l = ta, let r = tb else { return op.isComparison || op == .and || op == .or ? .boolean : nil }
                if op == .and || op == .or {
                    if l != .boolean || r != .boolean { error("rule.type-mismatch", "\(op.rawValue) 两边都应为条件", at: expr.span) }
                    return .boolean
                }
                if op.isComparison {
                    if l == .text && r == .text { return .boolean }
                    if !comparable(l, r) {
                        error(
                            "rule.type-mismatch", "单位不符：不能将\(l)与\(r)比较", at: expr.span,
                            suggestion: "请比较同一单位的量；比例须先乘以它的基数（如 c.percent / 100 * c.whole）")
                    }
                    return .boolean
                }
                guard let result = arithmetic(op, l, r) else {
                    error("rule.type-mismatch", "单位不符：\(l) \(op.rawValue) \(r) 没有意义", at: expr.span)
                    return nil
                }
                return result
            }
        }

        func accepts(_ parameter: ValueType, _ argument: ValueType) -> Bool {
            switch (parameter, argument) {
            case (.quantity, let a): return a.isNumeric
            case (.list(let p), .list(let a)): return accepts(p, a)
            case (.percent, .number), (.percent, .quantity): return true
            default: return parameter == argument || argument == .quantity
            }
        }

        func comparable(_ a: ValueType, _ b: ValueType) -> Bool {
            guard a.isNumeric, b.isNumeric else { return a == b }
            if a == b || a == .number || b == .number || a == .quantity || b == .quantity { return true }
            return false
        }

        func arithmetic(_ op: BinaryOperator, _ a: ValueType, _ b: ValueType) -> ValueType? {
            guard a.isNumeric, b.isNumeric else { return nil }
            if a == .quantity || b == .quantity { return .quantity }
            switch op {
            case .add, .subtract:
                if a == b { return a }
                if a == .number { return b }
                if b == .number { return a }
                return nil
            case .multiply:
                if a == .number { return b }
                if b == .number { return a }
                if a == .percent { return b }
                if b == .percent { return a }
                return nil
            case .divide:
                if a == b { return .number }
                if b == .number { return a }
                if a == .amount && b == .count { return .amount }
                return nil
            default: return nil
            }
        }
    }
}
