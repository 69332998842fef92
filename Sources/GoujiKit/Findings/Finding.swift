import Foundation

/// One broken instance of a rule: what the user reads. It says which identity is broken, where,
/// what the document states, what the other figures imply, and the computation that shows it.
public struct Finding: Sendable, Codable, Equatable {
    /// A figure that took part, with where it stands and what it stands for.
    public struct Operand: Sendable, Codable, Equatable {
        /// Its role in the rule: a concept name, or a claim field ("c.delta").
        public var role: String
        /// As published, with its unit ("158.94万元").
        public var text: String
        public var label: String
        public var line: Int
        public var column: Int
        /// The interval it stands for, in its own unit.
        public var lower: String
        public var upper: String
    }

    public var rule: String
    public var title: String
    public var severity: Severity
    public var message: String
    public var file: String
    public var line: Int
    public var column: Int
    /// Scalar column just past the main figure, for the caret.
    public var endColumn: Int
    /// The sentence the main figure stands in, as normalised.
    public var quote: String
    /// What the document states, with its unit.
    public var actual: String
    /// What the other figures imply (rounded to the stated precision), with its unit.
    public var expected: String
    /// The implied interval, in the stated figure's unit.
    public var expectedLower: String
    public var expectedUpper: String
    /// Stated minus implied, in the stated figure's unit (empty when not a difference of amounts).
    public var gap: String
    /// The computation in words: "155.08 + 0.00 + 3.86 = 158.94 ≠ 160.00（相差 1.06 万元）".
    public var computation: String
    public var operands: [Operand]
    /// A remark on how the finding was judged (truncation, conventions).
    public var note: String?

    public init(
        rule: String, title: String, severity: Severity, message: String, file: String, line: Int, column: Int,
        endColumn: Int, quote: String, actual: String, expected: String, expectedLower: String,
        expectedUpper: String, gap: String, computation: String, operands: [Operand], note: String?
    ) {
        self.rule = rule
        self.title = title
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.endColumn = endColumn
        self.quote = quote
        self.actual = actual
        self.expected = expected
        self.expectedLower = expectedLower
        self.expectedUpper = expectedUpper
        self.gap = gap
        self.computation = computation
        self.operands = operands
        self.note = note
    }
}
