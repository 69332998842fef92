/// The output formats and the one place that renders each: a new format is one case here and one
/// reporter file.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, jsonl, csv, markdown, sarif, html

    /// Renders the reports of a run (and the files that could not be read) in this format.
    public func render(
        _ reports: [AuditReport], failures: [Diagnostic], colour: Bool = false, rules: [CompiledRule] = [], run: RunNotes = RunNotes()
    ) -> String {
        switch self {
        case .text:
            let reporter = TextReporter(colour: colour)
            return failures.map { $0.rendered() + "\n" }.joined() + reports.map { reporter.render($0) }.joined() + run.text()
        case .json: return JSONReporter.render(reports, failures: failures, run: run) + "\n"
        case .jsonl: return JSONLinesReporter.render(reports, failures: failures, run: run)
        case .csv: return CSVReporter.render(reports)
        case .markdown: return MarkdownReporter.render(reports, failures: failures)
        case .sarif: return SARIFReporter.render(reports, rules: rules)
        case .html: return HTMLReporter.render(reports)
        }
    }
}

/// What a run adds to its reports: the waivers applied, and the comparison with a baseline.
public struct RunNotes: Sendable {
    public var waivers: WaiverFile.Outcome?
    public var waiverPath: String = ""
    public var baseline: BaselineComparison?
    /// The severity from which a document is not clean (`--fail-on`), for the JSON Lines counts.
    public var failOn: Severity = .error

    public init(waivers: WaiverFile.Outcome? = nil, waiverPath: String = "", baseline: BaselineComparison? = nil) {
        self.waivers = waivers
        self.waiverPath = waiverPath
        self.baseline = baseline
    }

    /// What the reports kept by a run need of each document's text, for these formats.
    public static func keptLines(for formats: [ReportFormat]) -> AuditReport.KeptLines {
        if formats.contains(.html) { return .all }
        return formats.contains(.text) ? .findings : .none
    }

    /// Adds the waivers and the baseline comparison to the JSON Lines counts.
    func annotate(_ totals: inout JSONLinesReporter.Totals) {
        if let w = waivers { totals.waived = w.waived }
        if let b = baseline { totals.baseline = ["new": b.new.count, "still": b.still.count, "resolved": b.resolved.count] }
    }

    /// Closing lines for the text output.
    public func text() -> String {
        var out = ""
        if let w = waivers {
            out += "豁免：\(w.waived) 个问题已按豁免清单标为已豁免。\n"
            for e in w.expired { out += "\(waiverPath):\(e.line): 豁免已于 \(e.expires) 到期（\(e.rule) \(e.fingerprint)），该问题重新计入。\n" }
            for e in w.unmatched { out += "\(waiverPath):\(e.line): 豁免没有匹配任何问题（\(e.rule) \(e.fingerprint)）；问题可能已更正，可删除该条目。\n" }
        }
        if let b = baseline {
            out += "与基线相比：新增 \(b.new.count)，仍在 \(b.still.count)，已解决 \(b.resolved.count)。\n"
            for f in b.new { out += "  新增 \(f.file):\(f.line):\(f.column) [\(f.rule)] \(f.message)\n" }
            for r in b.resolved { out += "  已解决 \(r.file):\(r.line) [\(r.rule)] \(r.message)\n" }
        }
        return out
    }
}
