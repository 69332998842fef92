import Foundation

/// One document's outcome in a batch: its report, or why it could not be audited (unreadable,
/// hostile, too large, too slow).
public enum BatchResult: Sendable {
    case audited(AuditReport)
    case failed(Diagnostic)
}

/// Audits many documents over all cores: a bounded pool of `workers` threads, each taking the next
/// path, so at most `workers` documents are in memory at once however long the list. What the batch
/// keeps of a result (`PreparedDocument`: a JSON line, a report without its extraction) is made
/// where the document was audited — on the thread, or in the thread's worker process (`isolation`);
/// `deliver` gets them one at a time, as they finish or, with `inOrder`, in input order (holding
/// back only results that finished before an earlier one).
public struct BatchAuditor: Sendable {
    public var auditor: Auditor
    public var maximumBytes: Int
    /// Seconds allowed per document (nil: no limit).
    public var timeout: Double?
    /// Last year's document given with `--previous`, for every document of the batch.
    public var previous: PreviousDocument?
    /// Documents in flight at most (default: the active processor count).
    public var workers: Int
    /// Where each document is audited: nil on the pool's threads, in this process; else in worker
    /// processes started with this command, one per thread, so that a crash costs one document.
    public var isolation: WorkerCommand? = nil

    public init(
        auditor: Auditor, maximumBytes: Int = TextReader.defaultMaximumBytes, timeout: Double? = nil,
        previous: PreviousDocument? = nil, workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.auditor = auditor
        self.maximumBytes = maximumBytes
        self.timeout = timeout
        self.previous = previous
        self.workers = max(1, workers)
    }

    /// Audits one document within the time limit; every failure is a `Diagnostic`.
    public func audit(path: String, previous: PreviousDocument? = nil) -> BatchResult {
        do {
            return .audited(
                try auditor.audit(
                    path: path, maximumBytes: maximumBytes, previous: previous ?? self.previous, deadline: Deadline(seconds: timeout)))
        } catch let d as Diagnostic {
            return .failed(d)
        } catch {
            return .failed(Diagnostic(id: "read.unreadable", message: "无法读取该文件；请检查路径和权限。", path: path))
        }
    }

    /// Audits a document again against its predecessor in the batch (`Auditor.predecessors`),
    /// both read again from disk, so the batch need not keep any extraction. When the year before
    /// cannot be read again (changed meanwhile, too slow), this one fails with its diagnostic.
    public func audit(path: String, predecessor: String) -> BatchResult {
        do {
            let last = try auditor.previousDocument(path: predecessor, maximumBytes: maximumBytes, deadline: Deadline(seconds: timeout))
            return audit(path: path, previous: last)
        } catch let d as Diagnostic {
            return .failed(Diagnostic(id: d.id, level: d.level, message: d.message, path: path))
        } catch {
            return .failed(Diagnostic(id: "read.unreadable", message: "无法读取该文件；请检查路径和权限。", path: path))
        }
    }

    /// Runs `work` for 0..<count on `workers` threads and hands each result to `deliver`, serially.
    /// With `processes`, each thread is given a worker process of its own to audit in.
    func forEach<Prepared: Sendable>(
        _ count: Int, inOrder: Bool, processes: WorkerPool?, work: @escaping @Sendable (Int, WorkerSlot?) -> Prepared,
        deliver: @escaping @Sendable (Int, Prepared) -> Void
    ) {
        guard count > 0 else { return }
        let state = PoolState<Prepared>()
        DispatchQueue.concurrentPerform(iterations: min(workers, count)) { _ in
            let slot = processes.map { WorkerSlot(pool: $0) }
            defer { slot?.finish() }
            while let i = state.take(below: count) {
                let prepared = work(i, slot)
                state.finish(i, prepared, inOrder: inOrder, deliver: deliver)
            }
        }
    }
}

/// The shared state of a batch's workers: the next index to take, and the results that finished
/// ahead of an earlier one (in-order delivery only).
final class PoolState<Prepared: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var nextToDeliver = 0
    private var waiting: [Int: Prepared] = [:]

    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }

    func finish(_ i: Int, _ prepared: Prepared, inOrder: Bool, deliver: (Int, Prepared) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard inOrder else {
            deliver(i, prepared)
            return
        }
        waiting[i] = prepared
        while let ready = waiting.removeValue(forKey: nextToDeliver) {
            deliver(nextToDeliver, ready)
            nextToDeliver += 1
        }
    }
}

/// How `BatchAuditor.auditAll` hands out its results.
public struct BatchOptions: Sendable {
    /// Deliver (and stream) in input order rather than as documents finish.
    public var inOrder = false
    /// Keep every document's report (released, with `keep`'s lines) for rendering at the end.
    public var collect = true
    public var keep: AuditReport.KeptLines = .none
    /// The severity from which a document is not clean.
    public var failOn: Severity = .error
    /// Called with each JSON line (line break included) as its document finishes: streaming.
    public var lines: (@Sendable (String) -> Void)? = nil
    /// Waivers applied to each document as it finishes (streaming; a run that renders at the end
    /// applies them to all reports at once instead), with today's date `YYYY-MM-DD`.
    public var waivers: (file: WaiverFile, today: String)? = nil
    /// Called after each document with how many are done and its path (a progress line).
    public var progress: (@Sendable (Int, String) -> Void)? = nil

    public init() {}
}

/// What a batch gave: the reports kept, the failures, and the counts.
public struct BatchOutcome: Sendable {
    /// Audited documents in input order (released), when collected.
    public var reports: [AuditReport] = []
    /// Files that could not be audited, in input order.
    public var failures: [Diagnostic] = []
    public var totals = JSONLinesReporter.Totals()
    /// The waivers applied document by document (streaming only).
    public var waivers: WaiverFile.Outcome? = nil

    /// 2 if a file failed, else 1 if a document has a finding at or above the failing severity, else 0.
    public var status: ExitStatus {
        if totals.failed > 0 { return .unusable }
        return totals.audited > totals.clean ? .findings : .clean
    }
}

/// One document's outcome as the batch keeps it, made where the document was audited (a pool
/// thread, or a worker process, which sends it back as a line of JSON followed by the JSON line
/// itself, as it is): its JSON line when the batch streams, its released report when the batch
/// collects them, its counts, or why it failed; the title, unit and year that pair it with its
/// previous year; what the waivers did to it.
struct PreparedDocument: Sendable, Codable {
    /// Why the document could not be audited (nil: audited).
    var failure: Diagnostic?
    /// The counts of an audited document (without `notApplied` and `unmatchedPrevious`).
    var summary: AuditSummary?
    /// Its JSON line, line break included, when the batch streams.
    var line: String?
    var info: DocumentInfo?
    var kinds: [String]?
    var waivers: WaiverFile.Outcome?
    /// The released report, when the batch collects them (a worker sends it with the rest).
    var report: AuditReport? = nil

    /// `line` is not encoded: a worker sends it verbatim after the rest.
    enum CodingKeys: String, CodingKey { case failure, summary, info, kinds, waivers, report }

    /// Waivers applied, the JSON line made (with the path of the year it was compared with), the
    /// report released or dropped; or the failure and its line.
    init(_ result: BatchResult, predecessor: String?, options: BatchOptions) {
        switch result {
        case .failed(let d):
            failure = d
            line = options.lines.map { _ in JSONLinesReporter.line(d) + "\n" }
        case .audited(var report):
            if let w = options.waivers {
                var one = [report]
                waivers = w.file.apply(to: &one, today: w.today)
                report = one[0]
            }
            line = options.lines.map { _ in JSONLinesReporter.line(report, previous: predecessor) + "\n" }
            var small = report.summary
            small.notApplied = [:]
            small.unmatchedPrevious = nil
            summary = small
            info = report.info
            kinds = report.kinds
            if options.collect { self.report = report.released(keeping: options.keep) }
        }
    }
}

extension BatchAuditor {
    /// Audits one document (against the year before when `predecessor` is given) and prepares what
    /// the batch keeps of it: in `slot`'s worker process when there is one, else on this thread.
    func prepared(path: String, predecessor: String?, options: BatchOptions, slot: WorkerSlot?) -> PreparedDocument {
        if let slot, let reply = slot.audit(WorkerRequest(path: path, predecessor: predecessor), options: options) { return reply }
        let result = predecessor.map { audit(path: path, predecessor: $0) } ?? audit(path: path)
        return PreparedDocument(result, predecessor: predecessor, options: options)
    }

    /// Audits every path, then — without `--previous` — audits again each document whose previous
    /// year of the same unit is in the batch, against it (its JSON line is written again, with
    /// `previous`). Memory stays flat when nothing is collected: each document's extraction is
    /// dropped as soon as its line is written. With `isolation`, the documents are audited in
    /// worker processes (see `WorkerCommand`).
    public func auditAll(_ paths: [String], options: BatchOptions) -> BatchOutcome {
        /// What the delivering side keeps; touched only by `deliver`, never by two threads at once.
        final class Collector: @unchecked Sendable {
            var results: [BatchResult?]
            var summaries: [Int: AuditSummary] = [:]
            var failed = Set<Int>()
            var infos: [Int: (DocumentInfo, [String])] = [:]
            var totals = JSONLinesReporter.Totals()
            var waivers: WaiverFile.Outcome? = nil
            var done = 0
            init(_ count: Int) { results = Array(repeating: nil, count: count) }
        }
        let collector = Collector(paths.count)
        collector.totals.documents = paths.count
        if let w = options.waivers { collector.waivers = WaiverFile.Outcome(waived: 0, expired: [], unmatched: w.file.entries) }
        let processes = isolation.map { WorkerPool(command: $0) }
        defer { processes?.stopAll() }

        @Sendable func deliver(_ i: Int, _ p: PreparedDocument, again: Bool) {
            let c = collector
            if again {
                if let old = c.summaries[i] { c.totals.remove(old, failOn: options.failOn) }
                if c.failed.contains(i) { c.totals.failed -= 1 }
            }
            if let failure = p.failure {
                c.totals.failed += 1
                c.failed.insert(i)
                c.summaries[i] = nil
                c.results[i] = .failed(failure)
            } else if let summary = p.summary {
                c.totals.add(summary, failOn: options.failOn)
                c.summaries[i] = summary
                c.failed.remove(i)
                if let info = p.info, let kinds = p.kinds, !again { c.infos[i] = (info, kinds) }
                c.results[i] = p.report.map { .audited($0) }
            }
            if let line = p.line { options.lines?(line) }
            if let applied = p.waivers, var merged = c.waivers {
                for e in applied.expired where !merged.expired.contains(e) { merged.expired.append(e) }
                merged.unmatched = merged.unmatched.filter { applied.unmatched.contains($0) }
                c.waivers = merged
            }
            if !again {
                c.done += 1
                options.progress?(c.done, paths[i])
            }
        }
        forEach(
            paths.count, inOrder: options.inOrder, processes: processes,
            work: { i, slot in prepared(path: paths[i], predecessor: nil, options: options, slot: slot) },
            deliver: { deliver($0, $1, again: false) })
        if previous == nil {
            // Both read again from disk, so the batch need not keep any extraction.
            let documents = collector.infos.keys.sorted().map { (index: $0, info: collector.infos[$0]!.0, kinds: collector.infos[$0]!.1) }
            let pairs = Auditor.predecessors(documents)
            let order = pairs.keys.sorted()
            forEach(
                order.count, inOrder: options.inOrder, processes: processes,
                work: { k, slot in prepared(path: paths[order[k]], predecessor: paths[pairs[order[k]]!], options: options, slot: slot) },
                deliver: { k, p in deliver(order[k], p, again: true) })
        }
        var outcome = BatchOutcome()
        outcome.totals = collector.totals
        if var w = collector.waivers {
            w.waived = collector.summaries.values.reduce(0) { $0 + $1.waived }
            outcome.waivers = w
        }
        for result in collector.results {
            switch result {
            case .audited(let r)?: outcome.reports.append(r)
            case .failed(let d)?: outcome.failures.append(d)
            case nil: break
            }
        }
        return outcome
    }
}
