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
        /// The clause the figure stands in, as normalised.
        public var context: String
        public var line: Int
        public var column: Int
        /// The interval it stands for, in its own unit.
        public var lower: String
        public var upper: String
        /// The line's label in a Word or Excel original ("表3 第4行"); nil for a text file.
        public var place: String? = nil
    }

    public var rule: String
    public var title: String
    public var severity: Severity
    public var message: String
    public var file: String
    public var line: Int
    public var column: Int
    /// Where the line is in a Word or Excel original ("第12段", "表3 第4行", "工作表“Sheet1” 第3行"),
    /// since line and column count lines of the text rendered from it; nil for a text file (and then
    /// left out of JSON).
    public var place: String?
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
    /// The interval the stated figure stands for.
    public var actualLower: String
    public var actualUpper: String
    /// Stated minus implied, in the stated figure's unit (empty when not a difference of amounts).
    public var gap: String
    /// The computation in words: "155.08 + 0.00 + 3.86 = 158.94 ≠ 160.00（相差 1.06 万元）".
    public var computation: String
    public var operands: [Operand]
    /// A remark on how the finding was judged (truncation, conventions).
    public var note: String?
    /// Identifies the finding across runs and reformatting: rule, figures as written, and the quoted
    /// sentence without spaces — not the line number.
    public var fingerprint: String
    /// Set when a waiver covers the finding: who set it aside, why, until when.
    public var waiver: Waiver?

    /// A finding set aside by a person, with the reason on record.
    public struct Waiver: Sendable, Codable, Equatable {
        public var reason: String
        public var by: String
        public var expires: String
    }

    public init(
        rule: String, title: String, severity: Severity, message: String, file: String, line: Int, column: Int,
        endColumn: Int, quote: String, actual: String, expected: String, expectedLower: String,
        expectedUpper: String, actualLower: String = "", actualUpper: String = "", gap: String, computation: String,
        operands: [Operand], note: String?, place: String? = nil
    ) {
        self.rule = rule
        self.title = title
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.place = place
        self.endColumn = endColumn
        self.quote = quote
        self.actual = actual
        self.expected = expected
        self.expectedLower = expectedLower
        self.expectedUpper = expectedUpper
        self.actualLower = actualLower
        self.actualUpper = actualUpper
        self.gap = gap
        self.computation = computation
        self.operands = operands
        self.note = note
        self.fingerprint = Finding.fingerprint(rule: rule, figures: operands.map(\.text), quote: quote)
        self.waiver = nil
    }

    /// FNV-1a over the rule, the figures and the quote without white space.
    /// The bytes are hashed as they come, without joining them into one string first.
    public static func fingerprint(rule: String, figures: [String], quote: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        rule.utf8.forEach(add)
        add(UInt8(ascii: "|"))
        for (k, figure) in figures.enumerated() {
            if k > 0 { add(UInt8(ascii: ",")) }
            figure.utf8.forEach(add)
        }
        add(UInt8(ascii: "|"))
        forEachScalarWithoutWhiteSpace(quote) { UTF8.encode($0, into: add) }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }

    /// The quote without the characters that are white space (`Character.isWhitespace`: a
    /// character whose first scalar has the White_Space property).
    static func withoutWhiteSpace(_ quote: String) -> String {
        var kept = String.UnicodeScalarView()
        forEachScalarWithoutWhiteSpace(quote) { kept.append($0) }
        return String(kept)
    }

    /// Gives `body` the scalars of the quote without its white-space characters. When every scalar
    /// of the quote is a character of its own (Chinese, ASCII, the usual punctuation: no combining
    /// marks), that is done scalar by scalar — a tenth of the cost of walking characters, which was
    /// most of an audit's findings; otherwise character by character.
    @inline(__always) static func forEachScalarWithoutWhiteSpace(_ quote: String, _ body: (Unicode.Scalar) -> Void) {
        if quote.unicodeScalars.allSatisfy(ScalarText.isCharacterOfItsOwn) {
            for scalar in quote.unicodeScalars where !isWhiteSpace(scalar) { body(scalar) }
        } else {
            quote.filter { !$0.isWhitespace }.unicodeScalars.forEach(body)
        }
    }

    /// Unicode's White_Space property (a stable list of 25 code points).
    static func isWhiteSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}
