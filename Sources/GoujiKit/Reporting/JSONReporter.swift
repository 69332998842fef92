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
        var waivers: Waivers?
        var baseline: Baseline?
    }

    struct Waivers: Encodable {
        struct Entry: Encodable {
            var rule: String
            var fingerprint: String
            var line: Int
            var expires: String
        }
        var waived: Int
        var expired: [Entry]
        var unmatched: [Entry]
    }

    struct Baseline: Encodable {
        struct Resolved: Encodable {
            var rule: String
            var message: String
            var file: String
            var line: Int
        }
        var new: [String]
        var still: [String]
        var resolved: [Resolved]
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
        var waived: Int
    }

    public static func render(_ reports: [AuditReport], failures: [Diagnostic] = [], run: RunNotes = RunNotes()) -> String {
        encode(output(reports, failures: failures, run: run))
    }

    /// What `render` writes, before it is written.
    static func output(_ reports: [AuditReport], failures: [Diagnostic], run: RunNotes) -> Output {
        let totals = Totals(
            files: reports.count + failures.count, failed: failures.count,
            errors: reports.reduce(0) { $0 + $1.summary.errors }, warnings: reports.reduce(0) { $0 + $1.summary.warnings },
            infos: reports.reduce(0) { $0 + $1.summary.infos }, figures: reports.reduce(0) { $0 + $1.summary.figures },
            figuresChecked: reports.reduce(0) { $0 + $1.summary.figuresChecked }, waived: reports.reduce(0) { $0 + $1.summary.waived })
        return Output(
            findings: reports.flatMap(\.findings), summary: totals,
            documents: reports.map { Document(file: $0.file, kinds: $0.kinds, summary: $0.summary) }, errors: failures,
            waivers: run.waivers.map { w in
                let entry = { (e: WaiverFile.Entry) in Waivers.Entry(rule: e.rule, fingerprint: e.fingerprint, line: e.line, expires: e.expires) }
                return Waivers(waived: w.waived, expired: w.expired.map(entry), unmatched: w.unmatched.map(entry))
            },
            baseline: run.baseline.map { b in
                Baseline(new: b.new.map(\.fingerprint), still: b.still.map(\.fingerprint),
                         resolved: b.resolved.map { Baseline.Resolved(rule: $0.rule, message: $0.message, file: $0.file, line: $0.line) })
            })
    }

    static func encode<T: Encodable>(_ value: T) -> String { JSONWriter.string(value, pretty: true) ?? "{}" }
}
