import Foundation

/// A token of a rule expression, with its span in the rule file.
struct RuleToken: Equatable {
    enum Kind: Equatable {
        case number(ExactDecimal, unit: String?)
        case identifier(String)
        case concept(String)
        case op(String)
        case string(String)
        case end
    }
    var kind: Kind
    var span: SourceSpan
}

/// Splits one clause of a rule file into tokens (linear, over scalars).
struct RuleLexer {
    let scalars: [Unicode.Scalar]
    var position: Int
    let end: Int

    static let conceptStoppers: Set<Unicode.Scalar> = [
        "+", "-", "*", "/", "=", "<", ">", "!", "(", ")", ",", ".", "{", "}", "\"", "@", "#", "≤", "≥", "≠", " ", "\t",
    ]

    static func isIdentifierStart(_ s: Unicode.Scalar) -> Bool { ScalarText.isASCIILetter(s) || s == "_" }
    static func isIdentifierPart(_ s: Unicode.Scalar) -> Bool { isIdentifierStart(s) || ScalarText.isDigit(s) }

    mutating func next() throws -> RuleToken {
        while position < end, scalars[position] == " " || scalars[position] == "\t" { position += 1 }
        guard position < end else { return RuleToken(kind: .end, span: SourceSpan(start: end, end: end)) }
        let start = position
        let s = scalars[position]
        if ScalarText.isDigit(s) {
            while position < end, ScalarText.isDigit(scalars[position]) { position += 1 }
            if position + 1 < end, scalars[position] == ".", ScalarText.isDigit(scalars[position + 1]) {
                position += 1
                while position < end, ScalarText.isDigit(scalars[position]) { position += 1 }
            }
            let value = ExactDecimal(string: ScalarText.string(scalars[start..<position])) ?? 0
            var unit: String? = nil
            if position < end, scalars[position] == "%" {
                unit = "%"
                position += 1
            } else if position < end, let (u, length) = FigureScanner.unit(at: position, in: scalars[position..<end]) {
                unit = u.symbol
                position += length
            }
            return RuleToken(kind: .number(value, unit: unit), span: SourceSpan(start: start, end: position))
        }
        if RuleLexer.isIdentifierStart(s) {
            while position < end, RuleLexer.isIdentifierPart(scalars[position]) { position += 1 }
            return RuleToken(kind: .identifier(ScalarText.string(scalars[start..<position])), span: SourceSpan(start: start, end: position))
        }
        if s.value > 0x7F, !RuleLexer.conceptStoppers.contains(s) {
            while position < end, !RuleLexer.conceptStoppers.contains(scalars[position]) { position += 1 }
            return RuleToken(kind: .concept(ScalarText.string(scalars[start..<position])), span: SourceSpan(start: start, end: position))
        }
        if s == "\"" {
            position += 1
            var text = ""
            while position < end, scalars[position] != "\"" {
                if scalars[position] == "\\", position + 1 < end {
                    position += 1
                    switch scalars[position] {
                    case "n": text += "\n"
                    case "t": text += "\t"
                    default: text.unicodeScalars.append(scalars[position])
                    }
                } else {
                    text.unicodeScalars.append(scalars[position])
                }
                position += 1
            }
            guard position < end else { throw RuleParser.Failure(message: "字符串缺少结尾的引号「\"」", span: SourceSpan(start: start, end: end)) }
            position += 1
            return RuleToken(kind: .string(text), span: SourceSpan(start: start, end: position))
        }
        let two = position + 1 < end ? ScalarText.string(scalars[position...(position + 1)]) : ""
        if ["<=", ">=", "!=", "=="].contains(two) {
            position += 2
            return RuleToken(kind: .op(two == "==" ? "=" : two), span: SourceSpan(start: start, end: position))
        }
        position += 1
        switch s {
        case "≤": return RuleToken(kind: .op("<="), span: SourceSpan(start: start, end: position))
        case "≥": return RuleToken(kind: .op(">="), span: SourceSpan(start: start, end: position))
        case "≠": return RuleToken(kind: .op("!="), span: SourceSpan(start: start, end: position))
        case "+", "-", "*", "/", "=", "<", ">", "(", ")", ",", ".", "@":
            return RuleToken(kind: .op(String(s)), span: SourceSpan(start: start, end: position))
        default:
            throw RuleParser.Failure(message: "无法识别的字符「\(s)」", span: SourceSpan(start: start, end: position))
        }
    }
}

/// Parses rule files: `rule ID TITLE` lines, each followed by indented clauses. Errors are
/// collected (one per faulty clause) and parsing goes on, so a file's errors come in one pass.
public enum RuleParser {
    struct Failure: Error {
        var id = "rule.syntax"
        var message: String
        var span: SourceSpan
        var suggestion: String? = nil
    }

    static let clauseKeywords = ["severity", "applies-to", "section", "each", "when", "check", "find", "group", "message", "pass", "fail"]

    public static func parse(_ source: SourceText) -> (RuleFileSyntax, [Diagnostic]) {
        var rules: [RuleSyntax] = []
        var diagnostics: [Diagnostic] = []
        var current: (rule: RuleSyntax, hasCheck: Bool, hasSeverity: Bool, broken: Bool)? = nil
        func finish() {
            guard let c = current else { return }
            if !c.hasCheck {
                diagnostics.append(source.diagnostic(id: "rule.missing-check", message: "规则「\(c.rule.id)」缺少 check（或 find）子句", at: c.rule.idSpan))
            } else if !c.hasSeverity {
                diagnostics.append(source.diagnostic(id: "rule.missing-severity", message: "规则「\(c.rule.id)」缺少 severity 子句（error、warning 或 info）", at: c.rule.idSpan))
            } else if !c.broken {
                rules.append(c.rule)
            }
            current = nil
        }
        let scalars = source.scalars
        for line in 1...max(1, source.lineStarts.count) {
            let range = source.lineRange(line)
            var start = range.lowerBound
            while start < range.upperBound, scalars[start] == " " || scalars[start] == "\t" { start += 1 }
            if start == range.upperBound || scalars[start] == "#" { continue }
            let indented = start > range.lowerBound
            var wordEnd = start
            while wordEnd < range.upperBound, scalars[wordEnd] != " " && scalars[wordEnd] != "\t" { wordEnd += 1 }
            let word = ScalarText.string(scalars[start..<wordEnd])
            let wordSpan = SourceSpan(start: start, end: wordEnd)
            var restStart = wordEnd
            while restStart < range.upperBound, scalars[restStart] == " " || scalars[restStart] == "\t" { restStart += 1 }
            var restEnd = range.upperBound
            while restEnd > restStart, scalars[restEnd - 1] == " " || scalars[restEnd - 1] == "\t" { restEnd -= 1 }
            let rest = restStart..<restEnd
            if !indented {
                guard word == "rule" else {
                    diagnostics.append(source.diagnostic(id: "rule.syntax", message: "此处应为「rule 编号 标题」；子句须缩进", at: wordSpan))
                    continue
                }
                finish()
                var idEnd = rest.lowerBound
                while idEnd < rest.upperBound, scalars[idEnd] != " " && scalars[idEnd] != "\t" { idEnd += 1 }
                let id = ScalarText.string(scalars[rest.lowerBound..<idEnd])
                let idSpan = SourceSpan(start: rest.lowerBound, end: idEnd)
                var titleStart = idEnd
                while titleStart < rest.upperBound, scalars[titleStart] == " " || scalars[titleStart] == "\t" { titleStart += 1 }
                let title = ScalarText.string(scalars[titleStart..<rest.upperBound])
                if id.isEmpty || !id.unicodeScalars.allSatisfy({ RuleLexer.isIdentifierPart($0) || $0 == "-" || $0 == "." }) {
                    diagnostics.append(source.diagnostic(id: "rule.syntax", message: "规则编号只能由字母、数字、「-」「_」「.」组成", at: id.isEmpty ? wordSpan : idSpan))
                    current = (RuleSyntax(id: id, title: title, severity: .error, check: Expr(.number(0, unit: nil))), true, true, true)
                    continue
                }
                if title.isEmpty {
                    diagnostics.append(source.diagnostic(id: "rule.missing-title", message: "规则「\(id)」缺少中文标题", at: idSpan))
                }
                current = (
                    RuleSyntax(
                        id: id, title: title, severity: .error, check: Expr(.number(0, unit: nil)),
                        span: SourceSpan(start: start, end: range.upperBound), idSpan: idSpan), false, false, title.isEmpty
                )
                continue
            }
            guard current != nil else {
                diagnostics.append(source.diagnostic(id: "rule.syntax", message: "子句前缺少「rule 编号 标题」行", at: wordSpan))
                continue
            }
            do {
                switch word {
                case "severity":
                    let value = ScalarText.string(scalars[rest])
                    guard let severity = Severity(rawValue: value) else {
                        throw Failure(message: "严重程度须为 error、warning 或 info，而不是「\(value)」", span: SourceSpan(start: rest.lowerBound, end: rest.upperBound))
                    }
                    current!.rule.severity = severity
                    current!.hasSeverity = true
                case "applies-to":
                    current!.rule.documentKinds = Lexicon.splitList(ScalarText.string(scalars[rest]))
                case "section":
                    current!.rule.sections = Lexicon.splitList(ScalarText.string(scalars[rest]))
                case "each":
                    var parser = ExpressionParser(scalars: scalars, range: rest)
                    current!.rule.each = try parser.parseEach()
                case "when":
                    var parser = ExpressionParser(scalars: scalars, range: rest)
                    current!.rule.when = try parser.parseWhole()
                case "check":
                    if current!.hasCheck { throw Failure(message: "一条规则只能有一个 check 或 find 子句", span: wordSpan) }
                    var parser = ExpressionParser(scalars: scalars, range: rest)
                    current!.rule.check = try parser.parseWhole()
                    current!.hasCheck = true
                case "find":
                    if current!.hasCheck { throw Failure(message: "一条规则只能有一个 check 或 find 子句", span: wordSpan) }
                    var lexer = RuleLexer(scalars: scalars, position: rest.lowerBound, end: rest.upperBound)
                    var patterns: [String] = []
                    while true {
                        let token = try lexer.next()
                        guard case .string(let text) = token.kind, !text.isEmpty else {
                            throw Failure(message: "find 后应为一个或多个带引号的模式，以逗号分隔，如 find \"XX+\", \"占 %\"", span: token.span)
                        }
                        patterns.append(text)
                        let separator = try lexer.next()
                        if separator.kind == .end { break }
                        guard separator.kind == .op(",") else { throw Failure(message: "模式之间应以逗号分隔", span: separator.span) }
                    }
                    current!.rule.patterns = patterns
                    current!.rule.grouped = true
                    current!.hasCheck = true
                case "group":
                    if !rest.isEmpty { throw Failure(message: "group 子句不带参数", span: SourceSpan(start: rest.lowerBound, end: rest.upperBound)) }
                    current!.rule.grouped = true
                case "message", "pass", "fail":
                    var lexer = RuleLexer(scalars: scalars, position: rest.lowerBound, end: rest.upperBound)
                    let token = try lexer.next()
                    guard case .string(let text) = token.kind else {
                        throw Failure(message: "\(word) 后应为带引号的字符串", span: token.span)
                    }
                    let trailing = try lexer.next()
                    if trailing.kind != .end { throw Failure(message: "字符串之后有多余的内容", span: trailing.span) }
                    if word == "message" {
                        current!.rule.message = MessageTemplate(text: text, span: token.span, placeholders: placeholders(in: token.span, source: source))
                    } else {
                        current!.rule.examples.append(RuleExample(expectation: word == "pass" ? .pass : .fail, text: text, span: token.span))
                    }
                default:
                    let hint = Suggestion.nearest(to: word, among: clauseKeywords).map { "是否指「\($0)」？" }
                    throw Failure(
                        message: "未知的子句「\(word)」" + (hint == nil ? "；可用：\(clauseKeywords.joined(separator: "、"))" : ""),
                        span: wordSpan, suggestion: hint)
                }
            } catch let failure as Failure {
                diagnostics.append(source.diagnostic(id: failure.id, message: failure.message, at: failure.span, suggestion: failure.suggestion))
                current!.broken = true
            } catch {
                current!.broken = true
            }
        }
        finish()
        return (RuleFileSyntax(path: source.path, rules: rules), diagnostics)
    }

    /// The `{name}` placeholders of a message string, with their spans in the file.
    static func placeholders(in span: SourceSpan, source: SourceText) -> [MessageTemplate.Placeholder] {
        var result: [MessageTemplate.Placeholder] = []
        var i = span.start
        while i < span.end {
            if source.scalars[i] == "{" {
                var j = i + 1
                while j < span.end, source.scalars[j] != "}" { j += 1 }
                if j < span.end {
                    result.append(.init(name: ScalarText.string(source.scalars[(i + 1)..<j]), span: SourceSpan(start: i, end: j + 1)))
                    i = j
                }
            }
            i += 1
        }
        return result
    }
}

/// Precedence-climbing parser of one expression (or an `each` head) over one clause's range.
/// Expressions are bounded in depth, so that no rule file can exhaust the stack here or in the
/// checker, evaluator and printer, which all recurse over the tree.
struct ExpressionParser {
    /// The deepest expression accepted: nesting of brackets, signs, `not` and calls while parsing,
    /// and the height of the tree built (a chain of 70 `+` is 70 deep). Deeper is `rules.too-deep`.
    static let maximumDepth = 64

    /// An expression and the height of its tree.
    struct Node {
        var expr: Expr
        var height: Int
    }

    var lexer: RuleLexer
    var token: RuleToken
    let range: Range<Int>
    /// How many nested parse calls are open.
    var depth = 0

    init(scalars: [Unicode.Scalar], range: Range<Int>) {
        lexer = RuleLexer(scalars: scalars, position: range.lowerBound, end: range.upperBound)
        token = RuleToken(kind: .end, span: SourceSpan(start: range.lowerBound, end: range.lowerBound))
        self.range = range
    }

    mutating func advance() throws { token = try lexer.next() }

    static func tooDeep(_ span: SourceSpan) -> RuleParser.Failure {
        RuleParser.Failure(
            id: "rules.too-deep",
            message: "表达式嵌套过深（超过 \(maximumDepth) 层）；请减少括号、正负号和运算的嵌套，或把它拆成几条规则",
            span: span)
    }

    /// Enters one more nested parse call, refusing to go past `maximumDepth`.
    mutating func enter() throws {
        depth += 1
        if depth > ExpressionParser.maximumDepth { throw ExpressionParser.tooDeep(token.span) }
    }

    /// A node over children of the given heights, refused when the tree gets too high.
    func node(_ kind: Expr.Kind, span: SourceSpan, children: Int...) throws -> Node {
        let height = 1 + (children.max() ?? 0)
        if height > ExpressionParser.maximumDepth { throw ExpressionParser.tooDeep(span) }
        return Node(expr: Expr(kind, span: span), height: height)
    }

    mutating func parseWhole() throws -> Expr {
        try advance()
        let expr = try parseBinary(minimum: 1)
        guard token.kind == .end else { throw RuleParser.Failure(message: "表达式之后有多余的内容", span: token.span) }
        return expr.expr
    }

    mutating func parseEach() throws -> EachClause {
        try advance()
        guard case .identifier(let kind) = token.kind else { throw RuleParser.Failure(message: "each 之后应为断言类型（如 change）", span: token.span) }
        let start = token.span.start
        try advance()
        guard case .identifier(let variable) = token.kind, !["where", "and", "or", "not"].contains(variable) else {
            throw RuleParser.Failure(message: "断言类型之后应为变量名（如 c）", span: token.span)
        }
        var end = token.span.end
        try advance()
        var filter: Expr? = nil
        if case .identifier("where") = token.kind {
            try advance()
            let f = try parseBinary(minimum: 1).expr
            end = f.span.end
            filter = f
        }
        guard token.kind == .end else { throw RuleParser.Failure(message: "each 子句之后有多余的内容", span: token.span) }
        return EachClause(claimKind: kind, variable: variable, filter: filter, span: SourceSpan(start: start, end: end))
    }

    func binaryOperator() -> BinaryOperator? {
        switch token.kind {
        case .op(let o): return BinaryOperator(rawValue: o)
        case .identifier("and"): return .and
        case .identifier("or"): return .or
        default: return nil
        }
    }

    mutating func parseBinary(minimum: Int) throws -> Node {
        try enter()
        defer { depth -= 1 }
        var left = try parseUnary()
        while let op = binaryOperator(), op.precedence >= minimum {
            try advance()
            let right = try parseBinary(minimum: op.isComparison ? op.precedence + 1 : op.precedence + 1)
            left = try node(.binary(op, left.expr, right.expr), span: left.expr.span.union(right.expr.span), children: left.height, right.height)
            if op.isComparison, let next = binaryOperator(), next.isComparison {
                throw RuleParser.Failure(message: "比较不能连写；请用 and 连接", span: token.span)
            }
        }
        return left
    }

    mutating func parseUnary() throws -> Node {
        let start = token.span
        if case .identifier("not") = token.kind {
            try advance()
            let operand = try parseBinary(minimum: 3)
            return try node(.unary(.not, operand.expr), span: start.union(operand.expr.span), children: operand.height)
        }
        if token.kind == .op("-") {
            try enter()
            defer { depth -= 1 }
            try advance()
            let operand = try parseUnary()
            return try node(.unary(.negate, operand.expr), span: start.union(operand.expr.span), children: operand.height)
        }
        return try parsePostfix()
    }

    mutating func parsePostfix() throws -> Node {
        var expr = try parsePrimary()
        while token.kind == .op(".") {
            try advance()
            guard case .identifier(let name) = token.kind else { throw RuleParser.Failure(message: "「.」之后应为字段名", span: token.span) }
            expr = try node(.field(base: expr.expr, name: name), span: expr.expr.span.union(token.span), children: expr.height)
            try advance()
        }
        return expr
    }

    mutating func parsePrimary() throws -> Node {
        let t = token
        switch t.kind {
        case .number(let value, let unit):
            try advance()
            return try node(.number(value, unit: unit), span: t.span)
        case .concept(let name):
            try advance()
            if token.kind == .op("@") {
                try advance()
                guard case .concept(let measure) = token.kind else { throw RuleParser.Failure(message: "「@」之后应为口径名（如 全年预算数）", span: token.span) }
                let span = t.span.union(token.span)
                try advance()
                return try node(.concept(name: name, measure: measure), span: span)
            }
            return try node(.concept(name: name, measure: nil), span: t.span)
        case .identifier(let name):
            try advance()
            if token.kind == .op("(") {
                try advance()
                var arguments: [Node] = []
                if token.kind != .op(")") {
                    arguments.append(try parseBinary(minimum: 1))
                    while token.kind == .op(",") {
                        try advance()
                        arguments.append(try parseBinary(minimum: 1))
                    }
                }
                guard token.kind == .op(")") else { throw RuleParser.Failure(message: "缺少右括号「)」", span: token.span) }
                let span = t.span.union(token.span)
                try advance()
                return try node(
                    .call(name: name, arguments: arguments.map(\.expr)), span: span, children: arguments.map(\.height).max() ?? 0)
            }
            return try node(.variable(name), span: t.span)
        case .op("("):
            try advance()
            let inner = try parseBinary(minimum: 1)
            guard token.kind == .op(")") else { throw RuleParser.Failure(message: "缺少右括号「)」", span: token.span) }
            let span = t.span.union(token.span)
            try advance()
            return Node(expr: Expr(inner.expr.kind, span: span), height: inner.height)
        default:
            throw RuleParser.Failure(message: "此处需要表达式", span: t.span)
        }
    }
}
