import Foundation

/// Counts that say how much of a document was checked, so that a clean report is never mistaken
/// for a clean document.
public struct AuditSummary: Sendable, Codable, Equatable {
    public var figures = 0
    public var figuresChecked = 0
    public var claims = 0
    public var rules = 0
    public var rulesApplied = 0
    public var instancesChecked = 0
    public var errors = 0
    public var warnings = 0
    public var infos = 0
    /// Findings set aside by a waiver (not counted in errors, warnings, infos).
    public var waived = 0
    /// Rule id → why it did not apply.
    public var notApplied: [String: String] = [:]
    /// With `--previous`: this document's concepts that last year's document does not state.
    public var unmatchedPrevious: [String]? = nil

    public init() {}

    /// Counts the findings again by severity, waived ones apart.
    public mutating func recount(_ findings: [Finding]) {
        let active = findings.filter { $0.waiver == nil }
        errors = active.filter { $0.severity == .error }.count
        warnings = active.filter { $0.severity == .warning }.count
        infos = active.filter { $0.severity == .info }.count
        waived = findings.count - active.count
    }

    /// Count of findings at or above a severity.
    public func count(atLeast severity: Severity) -> Int {
        switch severity {
        case .error: return errors
        case .warning: return errors + warnings
        case .info: return errors + warnings + infos
        }
    }
}

/// The result of auditing one document. A batch keeps many of them until it renders: `released`
/// drops the heavy parts (the extraction, the evaluated instances) and keeps only the lines of the
/// document that the reporters quote.
public struct AuditReport: Sendable {
    public var file: String
    public var kinds: [String]
    /// Title, unit and year as the document states them.
    public var info: DocumentInfo
    public var findings: [Finding]
    public var summary: AuditSummary
    /// The evaluated instances, for `explain` (empty once released).
    public var instances: [RuleOutcome.Instance]
    /// Structure, figures and claims; nil once released.
    public var extraction: Extraction?
    /// Lines kept by `released` (line number → text) and how many lines the document has.
    var keptLines: [Int: String] = [:]
    var keptLineCount = 0

    public init(
        file: String, kinds: [String], info: DocumentInfo, findings: [Finding], summary: AuditSummary,
        instances: [RuleOutcome.Instance], extraction: Extraction?
    ) {
        self.file = file
        self.kinds = kinds
        self.info = info
        self.findings = findings
        self.summary = summary
        self.instances = instances
        self.extraction = extraction
    }

    /// Which lines of the document a released report keeps for its reporters (the raw value is
    /// how a batch asks its worker processes for them: `audit-worker --collect`).
    public enum KeptLines: String, Sendable {
        /// None (JSON, CSV, Markdown, SARIF quote from the findings themselves).
        case none
        /// The lines findings stand on (the text output quotes them).
        case findings
        /// Every line (the HTML output shows the whole document).
        case all
    }

    /// The report without its extraction and instances, keeping the lines `keep` asks for: what a
    /// batch holds until it renders, so that memory grows with the findings, not the documents.
    public func released(keeping keep: KeptLines) -> AuditReport {
        var r = self
        r.extraction = nil
        r.instances = []
        guard let source = extraction?.text.source else { return r }
        r.keptLineCount = source.lineStarts.count
        switch keep {
        case .none: break
        case .findings:
            for f in findings where r.keptLines[f.line] == nil { r.keptLines[f.line] = source.lineText(f.line) }
        case .all:
            for line in 1...max(1, source.lineStarts.count) { r.keptLines[line] = source.lineText(line) }
        }
        return r
    }

    /// A line of the document as written (1-based), from the extraction or the kept lines.
    public func lineText(_ line: Int) -> String {
        if let source = extraction?.text.source { return source.lineText(line) }
        return keptLines[line] ?? ""
    }

    /// How many lines the document has.
    public var lineCount: Int { extraction?.text.source.lineStarts.count ?? keptLineCount }
}

/// A released report as a worker process sends it to its batch: exactly what `released` keeps —
/// file, kinds, info, findings, summary and the kept lines. The instances and the extraction are
/// not encoded and decode as `[]` and nil, so only a released report survives the round trip whole.
extension AuditReport: Codable {
    enum CodingKeys: String, CodingKey { case file, kinds, info, findings, summary, keptLines, keptLineCount }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            file: try c.decode(String.self, forKey: .file), kinds: try c.decode([String].self, forKey: .kinds),
            info: try c.decode(DocumentInfo.self, forKey: .info), findings: try c.decode([Finding].self, forKey: .findings),
            summary: try c.decode(AuditSummary.self, forKey: .summary), instances: [], extraction: nil)
        keptLines = try c.decode([Int: String].self, forKey: .keptLines)
        keptLineCount = try c.decode(Int.self, forKey: .keptLineCount)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(kinds, forKey: .kinds)
        try c.encode(info, forKey: .info)
        try c.encode(findings, forKey: .findings)
        try c.encode(summary, forKey: .summary)
        try c.encode(keptLines, forKey: .keptLines)
        try c.encode(keptLineCount, forKey: .keptLineCount)
    }
}

/// The pipeline, composed in one visible place: read → normalise → extract → apply rules → findings.
public struct Auditor: Sendable {
    public let rules: RuleSet

    public init(rules: RuleSet) {
        self.rules = rules
    }

    /// Reads and audits a file. Throws a `Diagnostic` when the file cannot be read.
    /// With a `deadline`, a document that takes longer throws `audit.timeout`.
    public func audit(
        path: String, maximumBytes: Int = TextReader.defaultMaximumBytes, previous: PreviousDocument? = nil,
        deadline: Deadline = .never
    ) throws -> AuditReport {
        let source = try TextReader.read(path: path, maximumBytes: maximumBytes)
        return try audit(source, previous: previous, deadline: deadline)
    }

    /// Audits a decoded text within a deadline: throws `audit.timeout` when it passes first.
    public func audit(_ source: SourceText, previous: PreviousDocument? = nil, deadline: Deadline) throws -> AuditReport {
        let report = audit(source, onlyRules: nil, robustness: false, previous: previous, deadline: deadline)
        if deadline.hasPassed { throw deadline.diagnostic(path: source.path) }
        return report
    }

    /// Reads last year's document of a unit, for `audit --previous`.
    public func previousDocument(
        path: String, maximumBytes: Int = TextReader.defaultMaximumBytes, deadline: Deadline = .never
    ) throws -> PreviousDocument {
        let extraction = extract(try TextReader.read(path: path, maximumBytes: maximumBytes), deadline: deadline)
        if deadline.hasPassed { throw deadline.diagnostic(path: path) }
        return PreviousDocument(extraction: extraction, file: path)
    }

    /// In a batch holding several years of one unit, each document's predecessor: the document
    /// of the same unit (as its title names it) for the year before. Returns report index → index.
    public static func predecessors(_ reports: [AuditReport]) -> [Int: Int] {
        predecessors(reports.enumerated().map { (index: $0.offset, info: $0.element.info, kinds: $0.element.kinds) })
    }

    /// The same for documents known only by their info and kinds (a streaming batch keeps no
    /// report): `documents` in ascending index order; returns index → index.
    public static func predecessors(_ documents: [(index: Int, info: DocumentInfo, kinds: [String])]) -> [Int: Int] {
        var byUnitAndYear: [String: Int] = [:]
        for d in documents where !d.info.unit.isEmpty && !d.info.year.isEmpty {
            byUnitAndYear["\(d.info.unit)|\(d.info.kindKey(d.kinds))|\(d.info.year)"] = d.index
        }
        var result: [Int: Int] = [:]
        for d in documents {
            guard let year = Int(d.info.year), !d.info.unit.isEmpty else { continue }
            if let j = byUnitAndYear["\(d.info.unit)|\(d.info.kindKey(d.kinds))|\(year - 1)"] { result[d.index] = j }
        }
        return result
    }

    /// Normalises and extracts a decoded text.
    /// A passed `deadline` stops it early (the partial extraction is for discarding).
    public func extract(_ source: SourceText, deadline: Deadline = .never) -> Extraction {
        Extraction.extract(Normaliser.normalise(source), lexicon: rules.lexicon, deadline: deadline)
    }

    /// Audits a decoded text with all rules (or only `onlyRules`).
    /// `previous`: last year's document of the same unit, for the rules that compare years.
    /// A passed `deadline` stops it early, with a partial report (the throwing variant discards it).
    public func audit(
        _ source: SourceText, onlyRules: Set<String>? = nil, robustness: Bool = false, previous: PreviousDocument? = nil,
        deadline: Deadline = .never
    ) -> AuditReport {
        let extraction = extract(source, deadline: deadline)
        let selected = onlyRules.map { ids in rules.rules.filter { ids.contains($0.id) } } ?? rules.rules
        // Past the deadline the extraction may be partial: no rule looks at it.
        let outcome = deadline.hasPassed
            ? RuleOutcome()
            : RuleEngine.apply(
                selected, to: extraction, file: source.path, lexicon: rules.lexicon, previous: previous, robustness: robustness,
                deadline: deadline)
        let findings = outcome.findings.sorted { ($0.line, $0.column, $0.rule) < ($1.line, $1.column, $1.rule) }
        var summary = AuditSummary()
        summary.figures = extraction.figures.count
        summary.figuresChecked = outcome.figuresChecked.count
        summary.claims = extraction.claims.count
        summary.rules = selected.count
        summary.rulesApplied = outcome.rulesApplied.count
        summary.instancesChecked = outcome.instancesChecked
        summary.recount(findings)
        summary.notApplied = outcome.notApplied
        if previous != nil { summary.unmatchedPrevious = outcome.unmatchedPrevious }
        return AuditReport(
            file: source.path, kinds: extraction.structure.kinds, info: extraction.structure.info, findings: findings,
            summary: summary,
            instances: outcome.instances, extraction: extraction)
    }
}
