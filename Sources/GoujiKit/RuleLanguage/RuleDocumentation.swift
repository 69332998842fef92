import Foundation

/// Writes the catalogue of rules (`Documentation/Rules.md`): every rule with its title, severity,
/// scope, check, message and examples, as the compiler understood them.
public enum RuleDocumentation {
    public static func markdown(_ rules: RuleSet) -> String {
        var out = "# 规则目录\n\n由 `gouji rules doc` 根据 `Rules/` 生成，请勿手工编辑；`swift test` 会检查它是否过时。\n\n"
        out += "| 编号 | 标题 | 严重程度 | 文件 |\n|---|---|---|---|\n"
        for rule in rules.rules {
            out += "| [\(rule.id)](#\(anchor(rule.id))) | \(cell(rule.syntax.title)) | \(rule.syntax.severity.rawValue) | \((rule.source.path as NSString).lastPathComponent):\(rule.location.line) |\n"
        }
        for rule in rules.rules {
            let s = rule.syntax
            out += "\n## \(s.id)\n\n**\(s.title)** — \(s.severity.rawValue)\n\n"
            var scope: [String] = []
            if !s.documentKinds.isEmpty { scope.append("文档类型：" + s.documentKinds.joined(separator: "、")) }
            if !s.sections.isEmpty { scope.append("节：" + s.sections.joined(separator: "、")) }
            if let each = s.each { scope.append("每个 `\(each.claimKind)` 断言" + (each.filter.map { "，条件 `\(RulePrinter.print($0))`" } ?? "")) }
            if let when = s.when { scope.append("适用条件 `\(RulePrinter.print(when))`") }
            out += "- 范围：" + (scope.isEmpty ? "全文" : scope.joined(separator: "；")) + "\n"
            if s.patterns.isEmpty {
                out += "- 检查：`\(RulePrinter.print(s.check))`\(s.grouped ? "（同一文档中的各处合为一条）" : "")\n"
            } else {
                out += "- 查找：" + s.patterns.map { "`\($0)`" }.joined(separator: "、") + "（同一文档中的各处合为一条）\n"
            }
            if let message = s.message { out += "- 消息：\(message.text)\n" }
            for example in s.examples {
                out += "- \(example.expectation == .pass ? "通过" : "不通过")：\(example.text.replacingOccurrences(of: "\n", with: " ⏎ ").replacingOccurrences(of: "\t", with: "⇥"))\n"
            }
        }
        return out
    }

    static func anchor(_ id: String) -> String { id.lowercased() }

    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
