/// A problem with an input the tool was given (a document it cannot read, a rule file it cannot
/// compile): a value with a stable id, a Chinese message that says what to do, and a location.
/// Diagnostics are collected and rendered at the edge; library code never crashes on bad input.
public struct Diagnostic: Error, Sendable, Hashable, Codable {
    /// How bad it is. Errors make the input unusable (exit status 2).
    public enum Level: String, Sendable, Codable { case error, warning, note }

    /// A stable identifier of the kind of problem, e.g. `rule.unknown-concept`, `read.binary`.
    public var id: String
    public var level: Level
    /// What is wrong and what to do, in Chinese.
    public var message: String
    public var path: String
    public var location: SourceLocation?
    /// The offending line as written, and the scalar columns (1-based, end exclusive) to underline.
    public var lineText: String?
    public var caretColumns: Range<Int>?
    /// "是否指「收入合计」？" and the like.
    public var suggestion: String?

    public init(
        id: String, level: Level = .error, message: String, path: String, location: SourceLocation? = nil,
        lineText: String? = nil, caretColumns: Range<Int>? = nil, suggestion: String? = nil
    ) {
        self.id = id
        self.level = level
        self.message = message
        self.path = path
        self.location = location
        self.lineText = lineText
        self.caretColumns = caretColumns
        self.suggestion = suggestion
    }

    /// `path:line:column: error: message [id]` (the line's label after the column when the text
    /// came from a Word or Excel file), then the quoted line with a caret under the place.
    public func rendered() -> String {
        var head = path
        if let location { head += ":\(location)" }
        var text = "\(head): \(level.rawValue): \(message)"
        if let suggestion { text += suggestion.hasPrefix("；") ? suggestion : "；\(suggestion)" }
        text += " [\(id)]"
        if let lineText {
            text += "\n   | " + lineText
            if let caretColumns {
                let scalars = Array(lineText.unicodeScalars)
                let lead = scalars.prefix(max(0, caretColumns.lowerBound - 1))
                let marked = scalars.dropFirst(max(0, caretColumns.lowerBound - 1)).prefix(max(1, caretColumns.count))
                text += "\n   | " + String(repeating: " ", count: DisplayWidth.of(lead))
                    + String(repeating: "^", count: max(1, DisplayWidth.of(marked)))
            }
        }
        return text
    }
}
