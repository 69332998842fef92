import Foundation

/// One document's outcome in a batch: its report, or why it could not be audited (unreadable,
/// hostile, too large, too slow).
public enum BatchResult: Sendable {
    case audited(AuditReport)
    case failed(Diagnostic)
}

/// Audits many documents over all cores: a bounded pool of `workers` threads, each taking the next
/// path, so at most `workers` documents are in memory at once however long the list. What each
/// worker makes of its result (`prepare`: a JSON line, a report without its extraction) is done on
/// the worker; `deliver` gets them one at a time, as they finish or, with `inOrder`, in input order
/// (holding back only results that finished before an earlier one).
public struct BatchAuditor: Sendable {
    public var auditor: Auditor
    public var maximumBytes: Int
    /// Seconds allowed per document (nil: no limit).
    public var timeout: Double?
    /// Last year's document given with `--previous`, for every document of the batch.
    public var previous: PreviousDocument?
    /// Documents in flight at most (default: the active processor count).
    public var workers: Int

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

    /// Audits every path (see the type's comment). `deliver` is never called twice at once.
    public func run<Prepared: Sendable>(
        _ paths: [String], inOrder: Bool = false, prepare: @escaping @Sendable (Int, BatchResult) -> Prepared,
        deliver: @escaping @Sendable (Int, Prepared) -> Void
    ) {
        forEach(paths.count, inOrder: inOrder, work: { i in prepare(i, audit(path: paths[i])) }, deliver: deliver)
    }

    /// Documents of the batch whose previous year is in it too, audited again against it: `pairs`
    /// maps a path's index to its predecessor's (`Auditor.predecessors`). Both are read again from
    /// disk, so the batch need not keep any extraction.
    public func rerun<Prepared: Sendable>(
        _ paths: [String], pairs: [Int: Int], inOrder: Bool = false, prepare: @escaping @Sendable (Int, BatchResult) -> Prepared,
        deliver: @escaping @Sendable (Int, Prepared) -> Void
    ) {
        let order = pairs.keys.sorted()
        forEach(
            order.count, inOrder: inOrder,
            work: { k in
                let i = order[k]
                let path = paths[i]
                let result: BatchResult
                do {
                    let last = try auditor.previousDocument(
                        path: paths[pairs[i]!], maximumBytes: maximumBytes, deadline: Deadline(seconds: timeout))
                    result = audit(path: path, previous: last)
                } catch let d as Diagnostic {
                    // The year before could not be read again (changed meanwhile, too slow): this one fails with it.
                    result = .failed(Diagnostic(id: d.id, level: d.level, message: d.message, path: path))
                } catch {
                    result = .failed(Diagnostic(id: "read.unreadable", message: "无法读取该文件；请检查路径和权限。", path: path))
                }
                return prepare(i, result)
            },
            deliver: { k, prepared in deliver(order[k], prepared) })
    }

    /// Runs `work` for 0..<count on `workers` threads and hands each result to `deliver`, serially.
    func forEach<Prepared: Sendable>(
        _ count: Int, inOrder: Bool, work: @escaping @Sendable (Int) -> Prepared, deliver: @escaping @Sendable (Int, Prepared) -> Void
    ) {
        guard count > 0 else { return }
        let state = PoolState<Prepared>()
        DispatchQueue.concurrentPerform(iterations: min(workers, count)) { _ in
            while let i = state.take(below: count) {
                let prepared = work(i)
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

extension BatchAuditor {
    /// Audits every path, then — without `--previous` — audits again each document whose previous
    /// year of the same unit is in the batch, against it (its JSON line is written again, with
    /// `previous`). Memory stays flat when nothing is collected: each document's extraction is
    /// dropped as soon as its line is written.
    public func auditAll(_ paths: [String], options: BatchOptions) -> BatchOutcome {
        /// A document's result as the worker leaves it.
        struct Prepared: Sendable {
            var result: BatchResult
            var line: String?
            var info: (DocumentInfo, [String])?
            var waivers: WaiverFile.Outcome?
            init(result: BatchResult, line: String? = nil, info: (DocumentInfo, [String])? = nil, waivers: WaiverFile.Outcome? = nil) {
                self.result = result
                self.line = line
                self.info = info
                self.waivers = waivers
            }
        }
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

        /// On the worker: waivers, the JSON line, the report released. `pairs`: index → the index
        /// of the year it is compared with.
        func prepare(pairs: [Int: Int]) -> @Sendable (Int, BatchResult) -> Prepared {
            { i, result in
                guard case .audited(var report) = result else {
                    guard case .failed(let d) = result else { return Prepared(result: result) }
                    return Prepared(result: result, line: options.lines.map { _ in JSONLinesReporter.line(d) + "\n" })
                }
                var applied: WaiverFile.Outcome? = nil
                if let w = options.waivers {
                    var one = [report]
                    applied = w.file.apply(to: &one, today: w.today)
                    report = one[0]
                }
                let line = options.lines.map { _ in JSONLinesReporter.line(report, previous: pairs[i].map { paths[$0] }) + "\n" }
                return Prepared(
                    result: .audited(report.released(keeping: options.keep)), line: line, info: (report.info, report.kinds), waivers: applied)
            }
        }
        @Sendable func deliver(_ i: Int, _ p: Prepared, again: Bool) {
            let c = collector
            if again {
                if let old = c.summaries[i] { c.totals.remove(old, failOn: options.failOn) }
                if c.failed.contains(i) { c.totals.failed -= 1 }
            }
            switch p.result {
            case .audited(let report):
                c.totals.add(report.summary, failOn: options.failOn)
                var small = report.summary
                small.notApplied = [:]
                small.unmatchedPrevious = nil
                c.summaries[i] = small
                c.failed.remove(i)
                if let info = p.info, !again { c.infos[i] = info }
            case .failed:
                c.totals.failed += 1
                c.failed.insert(i)
                c.summaries[i] = nil
            }
            if let line = p.line { options.lines?(line) }
            if options.collect || p.result.isFailure { c.results[i] = p.result }
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
        run(paths, inOrder: options.inOrder, prepare: prepare(pairs: [:]), deliver: { deliver($0, $1, again: false) })
        if previous == nil {
            let documents = collector.infos.keys.sorted().map { (index: $0, info: collector.infos[$0]!.0, kinds: collector.infos[$0]!.1) }
            let pairs = Auditor.predecessors(documents)
            rerun(paths, pairs: pairs, inOrder: options.inOrder, prepare: prepare(pairs: pairs), deliver: { deliver($0, $1, again: true) })
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

extension BatchResult {
    var isFailure: Bool {
        if case .failed = self { return true }
        return false
    }
}
