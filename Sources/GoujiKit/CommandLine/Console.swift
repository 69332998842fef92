/// Where a command writes: standard output, standard error, and whether stdout is a terminal.
public struct Console: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void
    public var isTerminal: Bool
    /// Standard error is a terminal: a progress line may be drawn there.
    public var isErrorTerminal: Bool
    public var environment: [String: String]

    public init(
        out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void, isTerminal: Bool,
        isErrorTerminal: Bool = false, environment: [String: String]
    ) {
        self.out = out
        self.err = err
        self.isTerminal = isTerminal
        self.isErrorTerminal = isErrorTerminal
        self.environment = environment
    }

    /// Colour only on a terminal, and never with NO_COLOR set.
    public var useColour: Bool { isTerminal && environment["NO_COLOR"] == nil }
}
