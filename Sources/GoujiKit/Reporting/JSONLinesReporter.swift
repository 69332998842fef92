import Foundation

/// Findings as JSON Lines, for large batches and programs that read as they go: one line per
/// document as soon as it is audited (`file`, `kinds`, `info`, `summary`, `findings`; `previous`
/// when it was audited again against last year's document of the batch — that line replaces the
/// file's earlier one), one line per file that could not be audited (`file`, `error` with `id` and
/// `message`), and a last line with the run's counts (`documents`, `audited`, `failed`, `clean`,
/// `errors`, `warnings`, `infos`). Keys are sorted; every line is one JSON object.
public enum JSONLinesReporter {
    struct DocumentLine: Encodable {
        var file: String
        var kinds: [String]
        var info: DocumentInfo
        var summary: AuditSummary
        var findings: [Finding]
        var previous: String?
    }

    struct ErrorLine: Encodable {
        struct Error: Encodable {
            var id: String
            var message: String
        }
        var file: String
        var error: Error
    }

    /// The run's counts, for the last line.
    public struct Totals: Sendable, Encodable, Equatable {
        public var documents = 0
        public var audited = 0
        public var failed = 0
        /// Audited documents without a finding at or above `--fail-on`.
        public var clean = 0
        public var errors = 0
        public var warnings = 0
        public var infos = 0
        /// Set aside by waivers.
        public var waived: Int? = nil
        /// With `--baseline`: findings new, still present, resolved.
        public var baseline: [String: Int]? = nil

        public init() {}

        /// Counts one document's final result.
        public mutating func add(_ summary: AuditSummary, failOn: Severity) {
            audited += 1
            if summary.count(atLeast: failOn) == 0 { clean += 1 }
            errors += summary.errors
            warnings += summary.warnings
            infos += summary.infos
        }

        /// Takes a document's earlier result back (it was audited again).
        public mutating func remove(_ summary: AuditSummary, failOn: Severity) {
            audited -= 1
            if summary.count(atLeast: failOn) == 0 { clean -= 1 }
            errors -= summary.errors
            warnings -= summary.warnings
            infos -= summary.infos
        }
    }

    /// One document's line (without the line break).
    public static func line(_ report: AuditReport, previous: String? = nil) -> String {
        encode(DocumentLine(
            file: report.file, kinds: report.kinds, info: report.info, summary: report.summary, findings: report.findings,
            previous: previous))
    }

    /// One line for a file that could not be audited.
    public static func line(_ failure: Diagnostic) -> String {
        encode(ErrorLine(file: failure.path, error: ErrorLine.Error(id: failure.id, message: failure.message)))
    }

    /// The last line.
    public static func line(_ totals: Totals) -> String { encode(totals) }

    /// A whole run at once (for `--output jsonl:PATH`): documents, then failures, then the counts.
    public static func render(_ reports: [AuditReport], failures: [Diagnostic], run: RunNotes = RunNotes()) -> String {
        var totals = Totals()
        totals.documents = reports.count + failures.count
        totals.failed = failures.count
        for r in reports { totals.add(r.summary, failOn: run.failOn) }
        run.annotate(&totals)
        return (reports.map { line($0) } + failures.map { line($0) } + [line(totals)]).map { $0 + "\n" }.joined()
    }

    static func encode<T: Encodable>(_ value: T) -> String { JSONWriter.string(value, pretty: false) ?? "{}" }
}
