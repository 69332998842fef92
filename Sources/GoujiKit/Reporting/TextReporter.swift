import Foundation

/// Findings for a person at a terminal: `path:line:column: severity: message [rule]`, the quoted
/// line with a caret under the figure (two cells per Chinese character), the computation, and a
/// closing line that says how much was checked. Colour only when asked (a terminal, no NO_COLOR).
public struct TextReporter: Sendable {
    public var colour: Bool

    public init(colour: Bool) {
        self.colour = colour
    }

    /// The longest excerpt of a source line shown around a figure, in scalars each side.
    static let context = 36
    /// The most places listed under one finding (a grouped finding may have hundreds).
    static let operandsShown = 12

    public func render(_ report: AuditReport) -> String {
        var out = ""
        for finding in report.findings {
            out += render(finding, lineText: report.lineText(finding.line)) + "\n"
        }
        out += summaryLine(report) + "\n"
        return out
    }

    public func render(_ finding: Finding, source: SourceText?) -> String {
        render(finding, lineText: source?.lineText(finding.line))
    }

    /// One finding, quoting `lineText` (the line it stands on) when given.
    public func render(_ finding: Finding, lineText: String?) -> String {
        let head = "\(finding.file):\(finding.line):\(finding.column): "
        var text = paint(head, "1") + paint("\(finding.severity.rawValue):", severityColour(finding.severity))
            + " " + paint(finding.message, "1") + " [\(finding.rule)]"
        if let place = finding.place { text += "\n   = 位置：" + place }
        if let lineText {
            let line = Array(lineText.unicodeScalars)
            // Within the line even when it is not the one the finding was made on (a changed file).
            let start = min(line.count, max(0, finding.column - 1 - TextReporter.context))
            let end = max(start, min(line.count, max(finding.endColumn - 1, finding.column) + TextReporter.context))
            let prefix = start > 0 ? "..." : ""
            let suffix = end < line.count ? "..." : ""
            let shown = line[start..<end]
            text += "\n   | " + prefix + ScalarText.string(shown).replacingOccurrences(of: "\t", with: "    ") + suffix
            let lead = DisplayWidth.of(line[start..<min(line.count, max(start, finding.column - 1))]) + DisplayWidth.of(prefix)
            let marked = line[min(line.count, finding.column - 1)..<min(line.count, max(finding.column, finding.endColumn - 1))]
            text += "\n   | " + String(repeating: " ", count: lead) + paint(String(repeating: "^", count: max(1, DisplayWidth.of(marked))), severityColour(finding.severity))
        }
        text += "\n   = " + finding.computation
        if !finding.expectedLower.isEmpty, finding.expectedLower != finding.expectedUpper {
            text += "\n   = 推得区间 [\(finding.expectedLower), \(finding.expectedUpper)]，文中 \(finding.actual) 代表 [\(finding.actualLower), \(finding.actualUpper)]"
        }
        for o in finding.operands.prefix(TextReporter.operandsShown) {
            let interval = o.lower.isEmpty ? "" : "，代表 [\(o.lower), \(o.upper)]"
            text += "\n   - \(o.role)：\(o.text)（\(o.line):\(o.column)\(o.place.map { "，\($0)" } ?? "")，「\(o.context)」\(interval)）"
        }
        if finding.operands.count > TextReporter.operandsShown {
            text += "\n   - ……另有 \(finding.operands.count - TextReporter.operandsShown) 处（--format json 列出全部）"
        }
        if let note = finding.note { text += "\n   · " + note }
        if let waiver = finding.waiver { text += "\n   · 已豁免（\(waiver.by)，至 \(waiver.expires)）：\(waiver.reason)" }
        return text
    }

    public func summaryLine(_ report: AuditReport) -> String {
        let s = report.summary
        let share = s.figures == 0 ? 0 : s.figuresChecked * 100 / s.figures
        var line = "\(report.file)：错误 \(s.errors)，警告 \(s.warnings)，提示 \(s.infos)；读取数字 \(s.figures) 个，参与核对 \(s.figuresChecked) 个（\(share)%），适用规则 \(s.rulesApplied)/\(s.rules) 条。"
        if let unmatched = s.unmatchedPrevious {
            line += unmatched.isEmpty
                ? "与上一年度文档逐项比对，全部匹配。"
                : "与上一年度文档比对时未找到的概念：\(unmatched.prefix(20).joined(separator: "、"))\(unmatched.count > 20 ? "等 \(unmatched.count) 个" : "")。"
        }
        if s.figures > 0 && share < 20 {
            line += "注意：本文件大部分数字未能核对，没有发现问题不等于没有问题。"
        }
        return line
    }

    func severityColour(_ severity: Severity) -> String {
        switch severity {
        case .error: return "1;31"
        case .warning: return "1;33"
        case .info: return "1;36"
        }
    }

    func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
