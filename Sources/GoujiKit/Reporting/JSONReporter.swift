import Foundation

/// Findings for programs: one JSON object with a `findings` array (each item carries at least
/// `rule`, `severity`, `message`, `file`, `line`, `column`, `expected`, `actual`, `operands`), a
/// `summary` with counts, the per-document summaries and the files that could not be read. Keys are
/// sorted so that the output is stable and can be compared with a committed expectation.
public enum JSONReporter {
    struct Output: Encodable {
        var tool = "gouji"
        var findings: [Finding]
        var summary: Totals
        var documents: [Document]
        var errors: [Diagnostic]
    }

    struct Document: Encodable {
        var file: String
        var kinds: [String]
        var summary: AuditSummary
    }

    struct Totals: Encodable {
        var files: Int
        var failed: Int
        var errors: Int
        var warnings: Int
        var infos: Int
        var figures: Int
        var figuresChecked: Int
    }

    public static func render(_ reports: [AuditReport], failures: [Diagnostic] = []) -> String {
        let totals = Totals(
            files: reports.count + failures.count, failed: failures.count,
            errors: reports.reduce(0) { $0 + $1.summary.errors }, warnings: reports.reduce(0) { $0 + $1.summary.warnings },
            infos: reports.reduce(0) { $0 + $1.summary.infos }, figures: reports.reduce(0) { $0 + $1.summary.figures },
            figuresChecked: reports.reduce(0) { $0 + $1.summary.figuresChecked })
        let output = Output(
            findings: reports.flatMap(\.findings), summary: totals,
            documents: reports.map { Document(file: $0.file, kinds: $0.kinds, summary: $0.summary) }, errors: failures)
        return encode(output)
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text
    }
}
