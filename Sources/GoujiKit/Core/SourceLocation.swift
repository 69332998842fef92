/// A place in an original file: 1-based line and column, the column counting Unicode scalars
/// (what a reader counts), plus the byte offset into the file as it is stored on disk. For a text
/// rendered from a Word or Excel file, `place` says where the line came from in terms a person can
/// find there ("第12段", "表3 第4行", "工作表“Sheet1” 第3行"); it is nil for plain text.
public struct SourceLocation: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var byteOffset: Int
    /// The line's label in the original document, when it was not a text file.
    public var place: String?

    public init(line: Int, column: Int, byteOffset: Int, place: String? = nil) {
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
        self.place = place
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// "12:3", or "12:3（表3 第4行）" when the line has a label.
    public var description: String { place.map { "\(line):\(column)（\($0)）" } ?? "\(line):\(column)" }
}

/// A half-open range of Unicode-scalar offsets into one `SourceText` (the decoded original file).
/// Line and column are computed from it only when something is shown.
public struct SourceSpan: Sendable, Hashable, Codable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    public static let empty = SourceSpan(start: 0, end: 0)

    /// The smallest span covering both.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(start: min(start, other.start), end: max(end, other.end))
    }
}
