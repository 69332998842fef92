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

/// The result of auditing one document.
public struct AuditReport: Sendable {
    public var file: String
    public var kinds: [String]
    /// Title, unit and year as the document states them.
    public var info: DocumentInfo
    public var findings: [Finding]
    public var summary: AuditSummary
    /// The evaluated instances, for `explain`.
    public var instances: [RuleOutcome.Instance]
    public var extraction: Extraction
}

/// The pipeline, composed in one visible place: read → normalise → extract → apply rules → findings.
public struct Auditor: Sendable {
    public let rules: RuleSet

    public init(rules: RuleSet) {
        self.rules = rules
    }

    /// Reads and audits a file. Throws a `Diagnostic` when the file cannot be read.
    public func audit(
        path: String, maximumBytes: Int = TextReader.defaultMaximumBytes, previous: PreviousDocument? = nil
    ) throws -> AuditReport {
        let source = try TextReader.read(path: path, maximumBytes: maximumBytes)
        return audit(source, previous: previous)
    }

    /// Reads last year's document of a unit, for `audit --previous`.
    public func previousDocument(path: String, maximumBytes: Int = TextReader.defaultMaximumBytes) throws -> PreviousDocument {
        PreviousDocument(extraction: extract(try TextReader.read(path: path, maximumBytes: maximumBytes)), file: path)
    }

    /// In a batch holding several years of one unit, each document's predecessor: the document
    /// of the same unit (as its title names it) for the year before. Returns report index → index.
    public static func predecessors(_ reports: [AuditReport]) -> [Int: Int] {
        var byUnitAndYear: [String: Int] = [:]
        for (i, r) in reports.enumerated() where !r.info.unit.isEmpty && !r.info.year.isEmpty {
            byUnitAndYear["\(r.info.unit)|\(r.info.kindKey(r.kinds))|\(r.info.year)"] = i
        }
        var result: [Int: Int] = [:]
        for (i, r) in reports.enumerated() {
            guard let year = Int(r.info.year), !r.info.unit.isEmpty else { continue }
            if let j = byUnitAndYear["\(r.info.unit)|\(r.info.kindKey(r.kinds))|\(year - 1)"] { result[i] = j }
        }
        return result
    }

    /// Normalises and extracts a decoded text.
    public func extract(_ source: SourceText) -> Extraction {
        Extraction.extract(Normaliser.normalise(source), lexicon: rules.lexicon)
    }

    /// Audits a decoded text with all rules (or only `onlyRules`).
    /// `previous`: last year's document of the same unit, for the rules that compare years.
    public func audit(
        _ source: SourceText, onlyRules: Set<String>? = nil, robustness: Bool = false, previous: PreviousDocument? = nil
    ) -> AuditReport {
        let extraction = extract(source)
        let selected = onlyRules.map { ids in rules.rules.filter { ids.contains($0.id) } } ?? rules.rules
        let outcome = RuleEngine.apply(
            selected, to: extraction, file: source.path, lexicon: rules.lexicon, previous: previous, robustness: robustness)
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
            file: source.path, kinds: extraction.structure.kinds, info: DocumentInfo.read(extraction.structure), findings: findings,
            summary: summary,
            instances: outcome.instances, extraction: extraction)
    }
}
