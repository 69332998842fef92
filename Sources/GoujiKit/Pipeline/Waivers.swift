import Foundation

/// A file of findings a person has judged and set aside, each with the reason on record, who
/// decided and until when:
///
///     waive GEN-05 1f0c2d3e4a5b6c7d
///       reason 越级访人数含重复上访人次，已与信访局核实
///       by 张三
///       expires 2026-12-31
///
/// The fingerprint (`Finding.fingerprint`, shown in JSON and SARIF) survives reformatting and
/// re-pagination: it is made of the rule, the figures and the quoted sentence, not the line number.
public struct WaiverFile: Sendable {
    public struct Entry: Sendable, Equatable, Codable {
        public var rule: String
        public var fingerprint: String
        public var reason: String
        public var by: String
        public var expires: String
        public var line: Int
    }

    public var path: String
    public var entries: [Entry]

    /// Parses a waiver file; every problem is a diagnostic at its line.
    public static func parse(_ source: SourceText) -> (WaiverFile, [Diagnostic]) {
        var entries: [Entry] = []
        var diagnostics: [Diagnostic] = []
        var current: Entry? = nil
        func finish() {
            guard let e = current else { return }
            let span = SourceSpan(start: source.lineStarts[e.line - 1], end: source.lineRange(e.line).upperBound)
            if e.reason.isEmpty || e.by.isEmpty || e.expires.isEmpty {
                diagnostics.append(source.diagnostic(id: "waiver.incomplete", message: "豁免条目须写明 reason（理由）、by（决定人）和 expires（到期日）", at: span))
            } else if WaiverFile.date(e.expires) == nil {
                diagnostics.append(source.diagnostic(id: "waiver.date", message: "到期日「\(e.expires)」应写作 YYYY-MM-DD", at: span))
            } else {
                entries.append(e)
            }
            current = nil
        }
        for line in 1...max(1, source.lineStarts.count) {
            let text = source.lineText(line)
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let range = source.lineRange(line)
            let words = trimmed.split(separator: " ", maxSplits: 1).map(String.init)
            let key = words.first ?? ""
            let value = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
            if !text.hasPrefix(" ") && !text.hasPrefix("\t") {
                finish()
                let parts = value.split(separator: " ").map(String.init)
                guard key == "waive", parts.count == 2 else {
                    diagnostics.append(source.diagnostic(
                        id: "waiver.syntax", message: "此处应为「waive 规则编号 指纹」", at: SourceSpan(start: range.lowerBound, end: range.upperBound)))
                    continue
                }
                current = Entry(rule: parts[0], fingerprint: parts[1], reason: "", by: "", expires: "", line: line)
                continue
            }
            guard current != nil else { continue }
            switch key {
            case "reason": current?.reason = value
            case "by": current?.by = value
            case "expires": current?.expires = value
            default:
                diagnostics.append(source.diagnostic(
                    id: "waiver.syntax", message: "未知的豁免字段「\(key)」；可用：reason、by、expires",
                    at: SourceSpan(start: range.lowerBound, end: range.upperBound),
                    suggestion: Suggestion.nearest(to: key, among: ["reason", "by", "expires"]).map { "是否指「\($0)」？" }))
            }
        }
        finish()
        return (WaiverFile(path: source.path, entries: entries), diagnostics)
    }

    static func date(_ text: String) -> DateComponents? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return DateComponents(year: parts[0], month: parts[1], day: parts[2])
    }

    /// What applying the waivers did.
    public struct Outcome: Sendable, Codable {
        public var waived = 0
        /// Entries past their date: the findings they matched count again.
        public var expired: [Entry] = []
        /// Entries that matched no finding.
        public var unmatched: [Entry] = []
    }

    /// Marks the findings the entries cover (today is `YYYY-MM-DD`); expired and unmatched entries are returned.
    public func apply(to reports: inout [AuditReport], today: String) -> Outcome {
        var outcome = Outcome()
        var used = Set<Int>()
        for r in reports.indices {
            for f in reports[r].findings.indices {
                let finding = reports[r].findings[f]
                guard let (k, entry) = entries.enumerated().first(where: { $0.element.rule == finding.rule && $0.element.fingerprint == finding.fingerprint })
                else { continue }
                used.insert(k)
                if entry.expires < today {
                    if !outcome.expired.contains(entry) { outcome.expired.append(entry) }
                    continue
                }
                reports[r].findings[f].waiver = Finding.Waiver(reason: entry.reason, by: entry.by, expires: entry.expires)
                outcome.waived += 1
            }
            reports[r].summary.recount(reports[r].findings)
        }
        outcome.unmatched = entries.enumerated().filter { !used.contains($0.offset) }.map(\.element)
        return outcome
    }
}

/// The findings of an earlier run compared with this one: new, still present, resolved.
public struct BaselineComparison: Sendable {
    public var new: [Finding] = []
    public var still: [Finding] = []
    public var resolved: [(rule: String, message: String, file: String, line: Int)] = []

    /// Compares with an earlier JSON output of `gouji audit` (its findings' fingerprints).
    public static func compare(_ reports: [AuditReport], baselineJSON data: Data) throws -> BaselineComparison {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let old = object["findings"] as? [[String: Any]]
        else {
            throw Diagnostic(id: "baseline.unreadable", message: "基线文件不是 gouji audit --format json 的输出；请用该命令生成。", path: "")
        }
        let oldPrints = Set(old.compactMap { $0["fingerprint"] as? String })
        let current = reports.flatMap(\.findings)
        let currentPrints = Set(current.map(\.fingerprint))
        var comparison = BaselineComparison()
        for f in current { if oldPrints.contains(f.fingerprint) { comparison.still.append(f) } else { comparison.new.append(f) } }
        for o in old where !currentPrints.contains(o["fingerprint"] as? String ?? "") {
            comparison.resolved.append((o["rule"] as? String ?? "", o["message"] as? String ?? "", o["file"] as? String ?? "", o["line"] as? Int ?? 0))
        }
        return comparison
    }
}
