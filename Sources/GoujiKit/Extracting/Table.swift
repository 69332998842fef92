/// A table inside the text, whatever layout the converter left it in: rows of cells, each cell with
/// its text and its place in the normalised text, plus which row holds the column headers.
public struct Table: Sendable {
    /// How the converter laid the table out.
    public enum Layout: String, Sendable, Codable {
        /// One row per line, cells separated by tabs.
        case tabSeparated
        /// One cell per line, each led by a tab; a blank line ends a row (Word → text converters).
        case cellPerLine
        /// `| a | b |` rows with a `|---|` separator.
        case markdown
        /// Columns aligned with runs of spaces (`pdftotext -layout`).
        case alignedColumns
    }

    /// One cell: its text as normalised (continuation lines joined) and where it stands.
    public struct Cell: Sendable {
        public var text: String
        /// Range of the cell's text in the normalised document (empty for an empty cell).
        public var range: Range<Int>
        /// Logical line of the cell's first line.
        public var line: Int
        /// Logical lines the cell spans (continuation lines included).
        public var lines: ClosedRange<Int> { line...lastLine }
        public var lastLine: Int

        public init(text: String, range: Range<Int>, line: Int, lastLine: Int? = nil) {
            self.text = text
            self.range = range
            self.line = line
            self.lastLine = lastLine ?? line
        }
    }

    public let layout: Layout
    /// The text just above the table (its title, often "…自评表").
    public var title: String
    public var rows: [[Cell]]
    /// Logical lines the table spans.
    public var lines: Range<Int>

    /// Index of the header row for the data row `row`: the nearest earlier row that is mostly words
    /// and at least as wide as the row's right-hand part.
    public func headerRow(for row: Int) -> Int? {
        var r = row - 1
        while r >= 0 {
            let cells = rows[r].filter { !$0.text.isEmpty }
            let words = cells.filter { !Table.isNumeric($0.text) }
            if cells.count >= 3, words.count * 2 > cells.count * 1 + cells.count / 2 { return r }
            r -= 1
        }
        return nil
    }

    /// The header of the cell at (row, column), aligning rows on their right ends (a row may carry
    /// extra cells on the left for merged row titles).
    public func columnHeader(row: Int, column: Int) -> String? {
        guard let h = headerRow(for: row) else { return nil }
        let header = rows[h]
        let index = column - (rows[row].count - header.count)
        guard index >= 0, index < header.count else { return nil }
        return header[index].text
    }

    /// The label of a row: the last non-numeric, non-empty cell before the first numeric one.
    public func rowLabel(_ row: Int) -> String? {
        var label: String? = nil
        for cell in rows[row] {
            if Table.isNumeric(cell.text) { break }
            if !cell.text.isEmpty { label = cell.text }
        }
        return label
    }

    /// A cell that holds a number (with an optional comparator, sign, unit or percent sign) or a
    /// dash standing for nothing.
    public static func isNumeric(_ text: String) -> Bool {
        if text == "-" || text == "—" || text == "——" { return true }
        let scalars = Array(text.unicodeScalars)
        return FigureScanner.parseNumber(scalars, 0..<scalars.count) != nil
    }
}
