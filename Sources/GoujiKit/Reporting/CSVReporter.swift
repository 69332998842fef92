/// Findings for spreadsheets: UTF-8 with a byte-order mark (so Excel opens the Chinese correctly),
/// one row per finding, RFC 4180 quoting.
public enum CSVReporter {
    public static let header = ["文件", "标题", "单位", "年度", "规则", "严重程度", "问题", "行", "列", "文中数值", "应为", "相差", "计算", "原文"]

    public static func render(_ reports: [AuditReport]) -> String {
        var rows = [header]
        for report in reports {
            for f in report.findings {
                rows.append([
                    f.file, report.info.title, report.info.unit, report.info.year, f.rule, severityName(f.severity), f.message,
                    "\(f.line)", "\(f.column)", f.actual, f.expected, f.gap, f.computation, f.quote,
                ])
            }
        }
        return "\u{FEFF}" + rows.map { $0.map(quoted).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func severityName(_ severity: Severity) -> String {
        switch severity {
        case .error: return "错误"
        case .warning: return "警告"
        case .info: return "提示"
        }
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
