import Dispatch

/// When a document's audit must give up. Swift cannot stop a thread from outside, so the pipeline
/// checks cooperatively: the extractor's and the rule engine's long loops ask `hasPassed` (one
/// monotonic clock read) and stop early; the auditor then discards the partial work and reports the
/// document as `audit.timeout`, and a batch goes on with the next one.
public struct Deadline: Sendable {
    /// Monotonic time (nanoseconds since boot) past which the work stops; nil: never.
    let limit: UInt64?
    /// The time allowed, for the message.
    public let seconds: Double?

    /// No time limit.
    public static let never = Deadline(limit: nil, seconds: nil)

    init(limit: UInt64?, seconds: Double?) {
        self.limit = limit
        self.seconds = seconds
    }

    /// `seconds` from now (nil or not positive: never).
    public init(seconds: Double?) {
        guard let seconds, seconds > 0 else {
            self.init(limit: nil, seconds: nil)
            return
        }
        let nanoseconds = min(seconds * 1e9, Double(UInt64.max / 4))
        self.init(limit: DispatchTime.now().uptimeNanoseconds &+ UInt64(nanoseconds), seconds: seconds)
    }

    /// Whether the time is up.
    @inline(__always) public var hasPassed: Bool {
        guard let limit else { return false }
        return DispatchTime.now().uptimeNanoseconds >= limit
    }

    /// The diagnostic of a document that took too long.
    public func diagnostic(path: String) -> Diagnostic {
        let allowed = seconds.map { $0 == $0.rounded() ? "\(Int($0))" : "\($0)" } ?? "?"
        return Diagnostic(
            id: "audit.timeout",
            message: "核对用时超过 \(allowed) 秒，已停止并跳过该文件；请检查文件是否异常（如极长的行或表格），或用 --timeout 放宽时限。",
            path: path)
    }
}
