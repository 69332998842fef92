import Foundation

/// How a batch of several documents isolates crashes, whatever its output format: this executable
/// started again with the hidden `audit-worker` subcommand and the options each document's audit
/// needs (rules, size and time limits, `--previous`, waivers and today's date) and what the batch
/// keeps of it (its JSON line, its released report with the lines the reporters quote). Each pool
/// thread owns one such worker process and sends it one document at a time (`WorkerRequest`); the
/// worker audits it and answers with what the batch keeps of it (`PreparedDocument`). When a worker
/// dies, only the document it was auditing is lost (`audit.crashed`), and a fresh worker takes the
/// next one.
public struct WorkerCommand: Sendable {
    public var executable: String
    public var arguments: [String]
    /// Told once (a Chinese line, line break included) when no worker can be started and the batch
    /// audits in this process instead.
    public var warn: @Sendable (String) -> Void
    /// The per-document time limit (`--timeout`; nil: none). A worker checks it cooperatively; one
    /// that has not answered long after it (`watchdogSeconds`: a loop that never checks) is killed,
    /// and its document reported as `audit.timeout`.
    public var timeout: Double?

    public init(executable: String, arguments: [String], timeout: Double? = nil, warn: @escaping @Sendable (String) -> Void) {
        self.executable = executable
        self.arguments = arguments
        self.timeout = timeout
        self.warn = warn
    }

    /// How long the batch waits for a worker's answer before killing it: twice the limit (a year
    /// pair's re-audit reads two documents, each within it) and five seconds more; nil: no limit.
    var watchdogSeconds: Double? { timeout.map { 2 * $0 + 5 } }
}

/// One document for a worker process: its path, and in a re-audit the path of the year before.
struct WorkerRequest: Sendable, Codable {
    var path: String
    var predecessor: String?
}

extension Diagnostic {
    /// A document during whose audit the worker process died: a bug in Gouji, not in the file.
    /// `signal`: the signal that ended the worker, when it was one.
    static func crashed(path: String, signal: Int32?) -> Diagnostic {
        let names: [Int32: String] = [
            SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL",
            SIGSEGV: "SIGSEGV", SIGTERM: "SIGTERM",
        ]
        let how = signal.map { "因信号 \(names[$0] ?? String($0)) 终止" } ?? "意外退出"
        return Diagnostic(
            id: "audit.crashed",
            message: "Gouji 核对该文件时发生内部错误（核对进程\(how)），已跳过该文件，其他文件照常核对；这是 Gouji 的缺陷，请将该文件报告给 Gouji 的维护者。",
            path: path)
    }
}

/// A worker process seen from the batch: the process, and the socket that is its standard input
/// and output (a socket, not pipes: writing to a worker that has died fails with `EPIPE` instead
/// of killing the batch with `SIGPIPE`). A request is one line of JSON, a reply two lines.
final class WorkerProcess {
    let process: Process
    let socket: Int32
    let replies: LineReader
    let decoder = JSONDecoder()
    /// Signalled once the process has ended.
    let exited = DispatchSemaphore(value: 0)

    /// What became of one request.
    enum Outcome {
        case reply(PreparedDocument)
        /// The worker died before its reply was whole (`signal`: the one that ended it, if any).
        case died(signal: Int32?)
        /// The worker had died before the request (killed while idle): the document is not to blame.
        case gone
        /// The worker did not answer within `seconds` and was killed (a loop that never stops).
        case hung(seconds: Double)
    }

    /// Starts a worker and waits until it has loaded the rules and says `ready`; nil if it cannot
    /// be started or dies first.
    init?(_ command: WorkerCommand) {
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, WorkerProcess.streamWithoutInheritance, 0, &ends) == 0 else { return nil }
        let child = FileHandle(fileDescriptor: ends[1], closeOnDealloc: false)
        process = Process()
        process.executableURL = URL(fileURLWithPath: command.executable)
        process.arguments = command.arguments
        var environment = ProcessInfo.processInfo.environment
        // A crash is reported as a record: the runtime's backtracer would only hold the batch up.
        if environment["SWIFT_BACKTRACE"] == nil { environment["SWIFT_BACKTRACE"] = "enable=no" }
        process.environment = environment
        process.standardInput = child
        process.standardOutput = child
        socket = ends[0]
        replies = LineReader(ends[0])
        process.terminationHandler = { [exited] _ in exited.signal() }
        do {
            try process.run()
        } catch {
            Foundation.close(ends[0])
            Foundation.close(ends[1])
            return nil
        }
        Foundation.close(ends[1])
        guard let first = replies.next(), first.elementsEqual(WorkerProcess.ready.utf8) else {
            stop()
            return nil
        }
    }

    /// Sends one request and reads its reply: the prepared document (its released report included,
    /// when the batch collects them) as a line of JSON, then its JSON line as it will be written
    /// (an empty line: none), so that it is not encoded twice.
    /// With `watchdog`, a worker that has not answered after that many seconds is killed.
    func audit(_ request: WorkerRequest, watchdog: Double? = nil) -> Outcome {
        guard let data = JSONWriter.string(request, pretty: false), WorkerProcess.send(Array(data.utf8) + [10], to: socket) else {
            stop()
            return .gone
        }
        let killed = Flag()
        let alarm = watchdog.map { seconds in
            let item = DispatchWorkItem { [process] in
                killed.set()
                kill(process.processIdentifier, SIGKILL)
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
            return item
        }
        defer {
            alarm?.cancel()
            // Killed just as it answered: the answer stands, the worker is gone.
            if killed.isSet { isUsable = false }
        }
        guard let header = replies.next() else {
            let signal = stop()
            if killed.isSet, let seconds = watchdog { return .hung(seconds: seconds) }
            return .died(signal: signal)
        }
        guard var reply = try? decoder.decode(PreparedDocument.self, from: Data(header)) else {
            // Not a reply: a worker in a state of its own, not to be trusted with the next document.
            kill(process.processIdentifier, SIGKILL)
            stop()
            return .died(signal: nil)
        }
        guard let line = replies.next() else { return .died(signal: stop()) }
        reply.line = line.isEmpty ? nil : String(decoding: line, as: UTF8.self) + "\n"
        return .reply(reply)
    }

    /// False once the watchdog has killed it (it is then not checked in again).
    private(set) var isUsable = true

    /// Closes the socket: an idle worker reads the end of its input and exits.
    func close() {
        Foundation.close(socket)
    }

    /// Closes the socket and waits for the process; returns the signal that ended it, if one did.
    @discardableResult
    func stop() -> Int32? {
        close()
        return waitForExit()
    }

    /// Waits for the process to end (told by its termination handler: `waitUntilExit` would poll
    /// every 50 ms); returns the signal that ended it, if one did.
    @discardableResult
    func waitForExit() -> Int32? {
        exited.wait()
        exited.signal()  // for whoever asks next
        return process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
    }

    /// The first line a worker writes, once it can take documents.
    static let ready = "ready"

    /// A connected stream socket closed on `exec`, so that no other worker inherits it.
    #if os(Linux)
    static let streamWithoutInheritance = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    #else
    static let streamWithoutInheritance = SOCK_STREAM
    #endif

    /// Writes all of `bytes` to a socket without raising `SIGPIPE`; false if the other end is gone.
    static func send(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        #if os(Linux)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.send(descriptor, $0.baseAddress! + offset, bytes.count - offset, flags) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Whether standard input is a socket, as it is in a worker started by a batch (and never
    /// when someone types the subcommand).
    static var standardInputIsSocket: Bool {
        var status = stat()
        return fstat(STDIN_FILENO, &status) == 0 && (status.st_mode & S_IFMT) == S_IFSOCK
    }
}

/// A flag set once from another thread (the watchdog's).
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

/// Lines read from a file descriptor in blocks: one request or reply a line. It holds at most one
/// line and one block.
final class LineReader {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanned = 0
    private var block = [UInt8](repeating: 0, count: 1 << 16)

    init(_ descriptor: Int32) { self.descriptor = descriptor }

    /// The next line without its line break; nil at the end of the input (a last line without a
    /// break is cut short: none either).
    func next() -> ArraySlice<UInt8>? {
        while true {
            if let end = buffer[scanned...].firstIndex(of: 10) {
                let line = buffer[start..<end]
                start = end + 1
                scanned = start
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            scanned = buffer.count
            let n = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            buffer.append(contentsOf: block[0..<n])
        }
    }
}

/// The worker processes of one batch: idle ones are kept between its two rounds (the audits, then
/// the re-audits of year pairs) and stopped at the end. When one cannot be started, none is tried
/// again: the batch audits in this process, with one warning.
final class WorkerPool: @unchecked Sendable {
    let command: WorkerCommand
    private let lock = NSLock()
    private var idle: [WorkerProcess] = []
    private var unavailable = false

    init(command: WorkerCommand) { self.command = command }

    /// An idle worker, else a new one; nil once starting one has failed.
    func checkOut() -> WorkerProcess? {
        lock.lock()
        if let worker = idle.popLast() {
            lock.unlock()
            return worker
        }
        let tryStarting = !unavailable
        lock.unlock()
        guard tryStarting else { return nil }
        if let worker = WorkerProcess(command) { return worker }
        lock.lock()
        defer { lock.unlock() }
        if !unavailable {
            unavailable = true
            command.warn("gouji: 无法启动核对子进程（\(command.executable)），改在本进程内核对；若某个文件使 Gouji 崩溃，整批将停止。\n")
        }
        return nil
    }

    func checkIn(_ worker: WorkerProcess) {
        lock.lock()
        idle.append(worker)
        lock.unlock()
    }

    /// Stops every idle worker: all are told at once, then waited for.
    func stopAll() {
        lock.lock()
        defer { lock.unlock() }
        for worker in idle { worker.close() }
        for worker in idle { worker.waitForExit() }
        idle = []
    }
}

/// A pool thread's worker process: taken from the pool at its first document, replaced after a
/// crash, given back when the thread is done. Without one, the thread audits in this process.
final class WorkerSlot {
    let pool: WorkerPool
    private var worker: WorkerProcess?

    init(pool: WorkerPool) { self.pool = pool }

    /// The document audited by the worker: its reply, or `audit.crashed` if the worker died; nil
    /// when there is no worker (audit it here).
    func audit(_ request: WorkerRequest, options: BatchOptions) -> PreparedDocument? {
        // A worker found dead before it took the document is replaced once; then this thread audits it.
        for _ in 0..<2 {
            if worker == nil { worker = pool.checkOut() }
            guard let worker else { return nil }
            switch worker.audit(request, watchdog: pool.command.watchdogSeconds) {
            case .reply(let prepared):
                if !worker.isUsable {
                    worker.stop()
                    self.worker = nil
                }
                return prepared
            case .died(let signal):
                self.worker = nil
                return PreparedDocument(.failed(.crashed(path: request.path, signal: signal)), predecessor: nil, options: options)
            case .hung(let seconds):
                self.worker = nil
                return PreparedDocument(.failed(Deadline(seconds: seconds).diagnostic(path: request.path)), predecessor: nil, options: options)
            case .gone:
                self.worker = nil
            }
        }
        return nil
    }

    func finish() {
        if let worker { pool.checkIn(worker) }
    }
}

/// A testing aid: `GOUJI_FAULT_INJECTION=TEXT` makes a worker process trap on a document whose file
/// contains TEXT (UTF-8), as a bug would; `rerun:TEXT` only when it is audited again against its
/// previous year; `hang:TEXT` makes it loop for ever instead, as a loop that never checks its
/// deadline would.
public struct FaultInjection: Sendable {
    var marker: [UInt8]
    var onlyAgain: Bool
    var hangs: Bool

    /// nil for an unset or empty variable.
    public init?(_ value: String?) {
        guard var text = value, !text.isEmpty else { return nil }
        onlyAgain = text.hasPrefix("rerun:")
        hangs = text.hasPrefix("hang:")
        if onlyAgain { text.removeFirst("rerun:".count) }
        if hangs { text.removeFirst("hang:".count) }
        marker = Array(text.utf8)
    }

    /// Traps if the request's document holds the marker.
    func check(_ request: WorkerRequest) {
        guard !onlyAgain || request.predecessor != nil, let data = FileManager.default.contents(atPath: request.path),
            data.range(of: Data(marker)) != nil
        else { return }
        while hangs { sleep(1) }
        fatalError("GOUJI_FAULT_INJECTION: \(request.path)")
    }
}

extension BatchAuditor {
    /// A worker process's loop (`gouji audit-worker`): says `ready`, then audits each document
    /// requested on standard input and answers on standard output (the same socket) with what the
    /// batch keeps of it (`WorkerProcess.audit` reads it), until its input ends. `options` say what
    /// to prepare (the JSON line, the released report and its lines, the waivers to apply);
    /// `fault` is the tests' trap.
    public func serve(options: BatchOptions, fault: FaultInjection?) {
        let requests = LineReader(STDIN_FILENO)
        let decoder = JSONDecoder()
        guard WorkerProcess.send(Array((WorkerProcess.ready + "\n").utf8), to: STDOUT_FILENO) else { return }
        while let line = requests.next(), let request = try? decoder.decode(WorkerRequest.self, from: Data(line)) {
            fault?.check(request)
            let prepared = self.prepared(path: request.path, predecessor: request.predecessor, options: options, slot: nil)
            // Written by the reporters' JSON writer (a fraction of JSONEncoder's cost; the batch decodes it).
            guard let header = JSONWriter.string(prepared, pretty: false),
                WorkerProcess.send(Array(header.utf8) + [10] + Array((prepared.line ?? "\n").utf8), to: STDOUT_FILENO)
            else { return }
        }
    }
}
