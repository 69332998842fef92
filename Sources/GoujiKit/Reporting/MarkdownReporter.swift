/// A summary to paste into a report or an issue tracker: counts by severity and by rule, then one
/// line per finding with its place, message and computation.
public enum MarkdownReporter {
    public static func render(_ reports: [AuditReport], failures: [Diagnostic]) -> String {
        var out = "# 勾稽核对结果\n\n"
        let findings = reports.flatMap(\.findings)
        let count = { (s: Severity) in findings.filter { $0.severity == s }.count }
        out += "| 文件数 | 错误 | 警告 | 提示 | 无法读取 |\n|---:|---:|---:|---:|---:|\n"
        out += "| \(reports.count) | \(count(.error)) | \(count(.warning)) | \(count(.info)) | \(failures.count) |\n\n"
        var byRule: [String: (title: String, count: Int)] = [:]
        for f in findings { byRule[f.rule, default: (f.title, 0)].count += 1 }
        if !byRule.isEmpty {
            out += "| 规则 | 说明 | 次数 |\n|---|---|---:|\n"
            for (rule, entry) in byRule.sorted(by: { $0.key < $1.key }) { out += "| \(rule) | \(cell(entry.title)) | \(entry.count) |\n" }
            out += "\n"
        }
        for report in reports {
            let title = report.info.title.isEmpty ? report.file : report.info.title
            out += "## \(cell(title))\n\n"
            let s = report.summary
            out += "读取数字 \(s.figures) 个，参与核对 \(s.figuresChecked) 个；适用规则 \(s.rulesApplied)/\(s.rules) 条。\n\n"
            for f in report.findings {
                out += "- **\(CSVReporter.severityName(f.severity))** `\(f.file):\(f.line):\(f.column)`\(f.place.map { "（\(cell($0))）" } ?? "") [\(f.rule)] \(cell(f.message))  \n"
                out += "  `\(f.computation)`\n"
            }
            if report.findings.isEmpty { out += "未发现问题。\n" }
            out += "\n"
        }
        for d in failures { out += "- 无法读取 `\(d.path)`：\(cell(d.message))\n" }
        return out
    }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
