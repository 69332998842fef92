/// The output formats and the one place that renders each: a new format is one case here and one
/// reporter file.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, csv, markdown, sarif, html

    /// Renders the reports of a run (and the files that could not be read) in this format.
    public func render(_ reports: [AuditReport], failures: [Diagnostic], colour: Bool = false, rules: [CompiledRule] = []) -> String {
        switch self {
        case .text:
            let reporter = TextReporter(colour: colour)
            return failures.map { $0.rendered() + "\n" }.joined() + reports.map { reporter.render($0) }.joined()
        case .json: return JSONReporter.render(reports, failures: failures) + "\n"
        case .csv: return CSVReporter.render(reports)
        case .markdown: return MarkdownReporter.render(reports, failures: failures)
        case .sarif: return SARIFReporter.render(reports, rules: rules)
        case .html: return HTMLReporter.render(reports)
        }
    }
}
