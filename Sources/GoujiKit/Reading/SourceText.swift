/// The encodings Gouji reads text in, and the office formats whose text it renders.
public enum TextEncoding: String, Sendable, Codable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 (BOM)"
    case utf16LittleEndian = "UTF-16LE"
    case utf16BigEndian = "UTF-16BE"
    case gb18030 = "GB18030"
    /// Text rendered from a Word document (.docx); byte offsets are into that text, as UTF-8.
    case docx = "DOCX"
    /// Text rendered from an Excel workbook (.xlsx); byte offsets are into that text, as UTF-8.
    case xlsx = "XLSX"
    /// The text layer of a PDF as `pdftotext -layout` gives it; byte offsets are into that text.
    case pdf = "PDF"
}

/// The text of a file as decoded, with what it takes to point back into the file: the Unicode
/// scalars (byte-order mark removed), the byte offset on disk of each scalar, and where lines start.
/// Rule files and documents both go through it, so there is one way to compute a location.
/// A text rendered from a Word or Excel file also carries a label per line (`lineLabels`), which
/// every location computed here takes as its `place`.
public struct SourceText: Sendable {
    public let path: String
    public let encoding: TextEncoding
    public let scalars: [Unicode.Scalar]
    /// Byte offset in the file of each scalar, plus one entry for the end (`scalars.count + 1`).
    public let byteOffsets: [Int]
    /// Scalar index where each line starts (line 1 starts at 0). A line ends before "\n", "\r\n" or "\r".
    public let lineStarts: [Int]
    /// Where each line came from in the original document ("第12段", "表3 第4行"): the label of
    /// line i at index i-1; nil for a text file. A missing or empty entry means no label.
    public let lineLabels: [String]?

    public init(path: String, encoding: TextEncoding, scalars: [Unicode.Scalar], byteOffsets: [Int], lineLabels: [String]? = nil) {
        self.path = path
        self.lineLabels = lineLabels
        self.encoding = encoding
        self.scalars = scalars
        self.byteOffsets = byteOffsets.count == scalars.count + 1 ? byteOffsets : Array(0...scalars.count)
        var starts = [0]
        var i = 0
        while i < scalars.count {
            let v = scalars[i].value
            if v == 0x0A {
                starts.append(i + 1)
            } else if v == 0x0D {
                if i + 1 < scalars.count, scalars[i + 1].value == 0x0A { i += 1 }
                starts.append(i + 1)
            }
            i += 1
        }
        self.lineStarts = starts
    }

    /// Text given in memory (a rule file, a rule's example), as UTF-8.
    public init(path: String, string: String, encoding: TextEncoding = .utf8, lineLabels: [String]? = nil) {
        let scalars = Array(string.unicodeScalars)
        var offsets = [Int]()
        offsets.reserveCapacity(scalars.count + 1)
        var byte = 0
        for s in scalars {
            offsets.append(byte)
            byte += UTF8.width(s)
        }
        offsets.append(byte)
        self.init(path: path, encoding: encoding, scalars: scalars, byteOffsets: offsets, lineLabels: lineLabels)
    }

    /// The label of a line (1-based) in the original document, if it has one.
    public func label(ofLine line: Int) -> String? {
        guard let lineLabels, line >= 1, line <= lineLabels.count, !lineLabels[line - 1].isEmpty else { return nil }
        return lineLabels[line - 1]
    }

    /// The line (1-based) holding the scalar at `index`.
    public func line(ofScalar index: Int) -> Int {
        // The last line starting at or before it (the first always does).
        max(1, lineStarts.partitioningIndex { $0 > index })
    }

    /// Line, column, byte offset and line label of the scalar at `index` (clamped to the text).
    public func location(ofScalar index: Int) -> SourceLocation {
        let clamped = max(0, min(index, scalars.count))
        let line = line(ofScalar: clamped)
        return SourceLocation(
            line: line, column: clamped - lineStarts[line - 1] + 1, byteOffset: byteOffsets[clamped], place: label(ofLine: line))
    }

    /// The scalar range of a line's content, without its line break.
    public func lineRange(_ line: Int) -> Range<Int> {
        guard line >= 1, line <= lineStarts.count else { return 0..<0 }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : scalars.count
        while end > start, scalars[end - 1].value == 0x0A || scalars[end - 1].value == 0x0D { end -= 1 }
        return start..<end
    }

    /// A line as written, without its line break.
    public func lineText(_ line: Int) -> String {
        ScalarText.string(scalars[lineRange(line)])
    }

    /// The text of a span, as written.
    public func text(_ span: SourceSpan) -> String {
        let start = max(0, min(span.start, scalars.count))
        let end = max(start, min(span.end, scalars.count))
        return ScalarText.string(scalars[start..<end])
    }

    /// A diagnostic pointing at `span`: location of its start, the line, a caret under the span.
    public func diagnostic(
        id: String, message: String, at span: SourceSpan, level: Diagnostic.Level = .error,
        suggestion: String? = nil
    ) -> Diagnostic {
        let location = location(ofScalar: span.start)
        let range = lineRange(location.line)
        let endColumn = min(span.end, range.upperBound) - range.lowerBound + 1
        return Diagnostic(
            id: id, level: level, message: message, path: path, location: location, lineText: lineText(location.line),
            caretColumns: location.column..<max(location.column + 1, endColumn), suggestion: suggestion)
    }
}
