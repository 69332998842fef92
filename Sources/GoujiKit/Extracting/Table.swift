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
    public let title: String
    public let rows: [[Cell]]
    /// Logical lines the table spans.
    public let lines: Range<Int>
    /// Whether each cell holds a number, computed once.
    public let numeric: [[Bool]]
    /// The header row of each row, computed once.
    private let headers: [Int?]

    public init(layout: Layout, title: String, rows: [[Cell]], lines: Range<Int>) {
        self.layout = layout
        self.title = title
        self.rows = rows
        self.lines = lines
        let numeric = rows.map { $0.map { Table.isNumeric($0.text) } }
        self.numeric = numeric
        // A header row is mostly words and at least three cells wide; each row's header is the
        // nearest such row above it.
        var headers: [Int?] = []
        var last: Int? = nil
        for r in rows.indices {
            headers.append(last)
            let filled = rows[r].indices.filter { !rows[r][$0].text.isEmpty }
            let words = filled.filter { !numeric[r][$0] }.count
            if filled.count >= 3, words * 2 > filled.count + filled.count / 2 { last = r }
        }
        self.headers = headers
    }

    /// Index of the header row for the data row `row`: the nearest earlier row that is mostly words.
    public func headerRow(for row: Int) -> Int? { row >= 0 && row < headers.count ? headers[row] : nil }

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
        for (c, cell) in rows[row].enumerated() {
            if numeric[row][c] { break }
            if !cell.text.isEmpty { label = cell.text }
        }
        return label
    }

    /// A 科目编码: a code of the government classification (功能分类 类 3 digits, 款 5, 项 7;
    /// 经济分类 类 3, 款 5), in a column headed 编码/代码, or followed by its name in the next cell.
    public func isCode(row: Int, column: Int) -> Bool {
        let text = rows[row][column].text
        guard [3, 5, 7].contains(text.utf8.count), text.unicodeScalars.allSatisfy(ScalarText.isDigit) else { return false }
        if let header = columnHeader(row: row, column: column), header.includes("编码") || header.includes("代码") { return true }
        return column + 1 < rows[row].count && !numeric[row][column + 1] && !rows[row][column + 1].text.isEmpty
    }

    /// What names the cell at (row, column): the row's label, or — in a table of two sides
    /// (项目 决算数 | 项目 决算数) — the nearest cell of words to its left when that cell stands under
    /// the same header as the row's label (a second 项目 column), not under another column of words
    /// (an indicator's 指标值设定依据).
    public func label(row: Int, column: Int) -> String? {
        var first: Int? = nil
        for (c, cell) in rows[row].enumerated() {
            if numeric[row][c] { break }
            if !cell.text.isEmpty { first = c }
        }
        var c = column - 1
        while c >= 0, rows[row][c].text.isEmpty || numeric[row][c] { c -= 1 }
        guard c >= 0 else { return nil }
        if let first, c > first, columnHeader(row: row, column: c) != columnHeader(row: row, column: first) {
            return rows[row][first].text
        }
        return rows[row][c].text
    }

    /// A cell that holds a number (with an optional comparator, sign, unit or percent sign) or a
    /// dash standing for nothing.
    public static func isNumeric(_ text: String) -> Bool {
        let scalars = ScalarText.scalars(text)
        return isNumeric(scalars, 0..<scalars.count)
    }

    /// The same for the scalars of `range` (compared as scalars: no String is made).
    static func isNumeric(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> Bool {
        let dashes = range.allSatisfy { scalars[$0] == "—" }
        if (range.count == 1 && (scalars[range.lowerBound] == "-" || dashes)) || (range.count == 2 && dashes) { return true }
        return FigureScanner.numberExtent(scalars, range) != nil
    }
}
