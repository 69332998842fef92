import Foundation

/// Prints rules back as rule-file text: what `gouji rules show` displays, and a canonical form
/// that parses back to the same rule (`parse(print(rule)) == rule`).
public enum RulePrinter {
    public static func print(_ file: RuleFileSyntax) -> String {
        file.rules.map { print($0) }.joined(separator: "\n\n") + "\n"
    }

    public static func print(_ rule: RuleSyntax) -> String {
        var lines = ["rule \(rule.id) \(rule.title)", "  severity \(rule.severity.rawValue)"]
        if !rule.documentKinds.isEmpty { lines.append("  applies-to " + rule.documentKinds.joined(separator: ", ")) }
        if !rule.sections.isEmpty { lines.append("  section " + rule.sections.joined(separator: ", ")) }
        if let each = rule.each {
            lines.append("  each \(each.claimKind) \(each.variable)" + (each.filter.map { " where " + print($0) } ?? ""))
        }
        if let when = rule.when { lines.append("  when " + print(when)) }
        if rule.patterns.isEmpty {
            lines.append("  check " + print(rule.check))
            if rule.grouped { lines.append("  group") }
        } else {
            lines.append("  find " + rule.patterns.map(quoted).joined(separator: ", "))
        }
        if let message = rule.message { lines.append("  message " + quoted(message.text)) }
        for example in rule.examples { lines.append("  \(example.expectation.rawValue) " + quoted(example.text)) }
        return lines.joined(separator: "\n")
    }

    public static func print(_ expr: Expr) -> String { print(expr, context: 0) }

    static func print(_ expr: Expr, context: Int) -> String {
        switch expr.kind {
        case .number(let value, let unit): return "\(value)\(unit ?? "")"
        case .concept(let name, let measure): return measure.map { "\(name)@\($0)" } ?? name
        case .variable(let name): return name
        case .field(let base, let name): return print(base, context: 9) + "." + name
        case .call(let name, let arguments): return name + "(" + arguments.map { print($0, context: 0) }.joined(separator: ", ") + ")"
        case .unary(let op, let operand):
            let text = op == .not ? "not " + print(operand, context: 3) : "-" + print(operand, context: 6)
            return context > (op == .not ? 3 : 6) ? "(\(text))" : text
        case .binary(let op, let a, let b):
            let p = op.precedence
            let text = print(a, context: p) + " \(op.rawValue) " + print(b, context: p + 1)
            return context > p ? "(\(text))" : text
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(s)
            }
        }
        return out + "\""
    }
}
