import Foundation

/// Reads an Excel workbook (.xlsx) — the sheets in `xl/workbook.xml` in their order, found through
/// `xl/_rels/workbook.xml.rels`; `xl/sharedStrings.xml`; `xl/styles.xml` for number formats — and
/// renders it as a `SourceText`: per sheet, a line with the sheet's name, then one line per row
/// with its cells joined by "\t", a blank line between sheets. Lines are labelled
/// "工作表“Sheet1”" and "工作表“Sheet1” 第3行" (the row number Excel shows).
///
/// Choices:
/// - A number is written as the cell displays it (`XlsxNumberFormat`): 158.93999999 in "0.00" is
///   "158.94"; no thousands separators.
/// - A formula cell gives its cached value; one without (`<f>` and no `<v>`: a file written by a
///   program that does not calculate) is `read.xlsx-formula-without-value`, since its figure is unknown.
/// - A merged range's value stands in its top-left cell; the other cells of the range are empty.
/// - Rows run from the sheet's first used column, empty cells kept so columns stay aligned, up to
///   the row's last non-empty cell; empty rows between used rows are empty lines. A row with a single
///   non-empty cell between two rows of several cells ("其中：") is padded with empty cells to the
///   sheet's width, so it stays inside its table; a title row above a table is not.
/// - Tabs and line breaks inside a cell become spaces. Hidden sheets, rows and columns are read
///   like the others; comments, charts and pictures are not.
public enum XlsxReader {
    /// Reads the workbook in `archive` and renders it.
    public static func read(_ archive: inout ZipArchive) throws -> SourceText {
        try render(try sheets(&archive), path: archive.path)
    }

    /// A worksheet: its name and its cells' displayed text by row and column (1-based).
    public struct Sheet: Sendable, Equatable {
        public var name: String
        public var cells: [Int: [Int: String]]
    }

    /// The sheets of the workbook in `archive`, in the workbook's order.
    public static func sheets(_ archive: inout ZipArchive) throws -> [Sheet] {
        let path = archive.path
        let workbook = try parse(archive.extract("xl/workbook.xml"), part: "xl/workbook.xml", path: path, WorkbookHandler())
        var targets: [String: String] = [:]
        if archive.contains("xl/_rels/workbook.xml.rels") {
            targets = try parse(archive.extract("xl/_rels/workbook.xml.rels"), part: "xl/_rels/workbook.xml.rels", path: path, RelationshipsHandler()).targets
        }
        var strings: [String] = []
        if archive.contains("xl/sharedStrings.xml") {
            strings = try parse(archive.extract("xl/sharedStrings.xml"), part: "xl/sharedStrings.xml", path: path, SharedStringsHandler()).strings
        }
        var formats: [String?] = []
        if archive.contains("xl/styles.xml") {
            formats = try parse(archive.extract("xl/styles.xml"), part: "xl/styles.xml", path: path, StylesHandler()).formats
        }
        var sheets: [Sheet] = []
        for (index, sheet) in workbook.sheets.enumerated() {
            let part = sheet.relationship.flatMap { targets[$0] }.map(resolve) ?? "xl/worksheets/sheet\(index + 1).xml"
            guard archive.contains(part) else {
                throw Diagnostic(
                    id: "read.zip-corrupt", message: "工作簿中缺少工作表“\(sheet.name)”（\(part)）；文件可能已损坏，请在 Excel/WPS 中打开后另存。", path: path)
            }
            let handler = SheetHandler(strings: strings, formats: formats, date1904: workbook.date1904)
            do {
                _ = try parse(archive.extract(part), part: part, path: path, handler)
            } catch let d as Diagnostic where handler.problem == nil {
                throw d
            } catch {}
            if let problem = handler.problem {
                throw Diagnostic(id: problem.id, message: "工作表“\(sheet.name)”的单元格 \(problem.cell)：\(problem.message)", path: path)
            }
            sheets.append(Sheet(name: sheet.name, cells: handler.mergedCells()))
        }
        return sheets
    }

    /// A relationship target relative to `xl/` ("worksheets/sheet1.xml") or absolute ("/xl/worksheets/sheet1.xml").
    static func resolve(_ target: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : ["xl"]
        for piece in target.split(separator: "/") {
            if piece == ".." {
                if !parts.isEmpty { parts.removeLast() }
            } else if piece != "." {
                parts.append(piece)
            }
        }
        return parts.joined(separator: "/")
    }

    static func parse<H: OfficeXML.Handler>(_ bytes: [UInt8], part: String, path: String, _ handler: H) throws -> H {
        try OfficeXML.parse(bytes, part: part, path: path, handler: handler)
        return handler
    }

    /// Sheet name lines, then rows; labels say sheet and row. Throws `read.too-large` when the rows
    /// would hold more than `OfficeXML.maximumCells` cells (a sparse sheet with far-apart cells).
    public static func render(_ sheets: [Sheet], path: String) throws -> SourceText {
        var lines: [String] = []
        var labels: [String] = []
        var cellCount = 0
        for (index, sheet) in sheets.enumerated() {
            if index > 0 {
                lines.append("")
                labels.append("")
            }
            let sheetLabel = "工作表“\(sheet.name)”"
            lines.append(sheet.name)
            labels.append(sheetLabel)
            let used = sheet.cells.filter { $0.value.values.contains { !$0.isEmpty } }
            guard let firstRow = used.keys.min(), let lastRow = used.keys.max() else { continue }
            let firstColumn = used.values.flatMap { $0.filter { !$0.value.isEmpty }.keys }.min() ?? 1
            let lastColumn = used.values.flatMap { $0.filter { !$0.value.isEmpty }.keys }.max() ?? 1
            let filled = { (row: Int) in used[row]?.values.filter { !$0.isEmpty }.count ?? 0 }
            let lastCells = (firstRow...lastRow).map { row -> Int in
                let last = used[row]?.filter { !$0.value.isEmpty }.keys.max() ?? firstColumn - 1
                return filled(row) == 1 && filled(row - 1) > 1 && filled(row + 1) > 1 ? lastColumn : last
            }
            cellCount += lastCells.reduce(0) { $0 + max(1, $1 - firstColumn + 1) }
            if cellCount > OfficeXML.maximumCells { throw OfficeXML.tooManyCells(path: path) }
            for (row, last) in zip(firstRow...lastRow, lastCells) {
                var cells: [String] = []
                if last >= firstColumn {
                    for column in firstColumn...last { cells.append(DocxReader.cellText(used[row]?[column] ?? "")) }
                }
                lines.append(cells.joined(separator: "\t"))
                labels.append("\(sheetLabel) 第\(row)行")
            }
        }
        return SourceText(path: path, string: lines.joined(separator: "\n") + "\n", encoding: .xlsx, lineLabels: labels)
    }

    /// "B3" → (row 3, column 2).
    static func cellReference(_ text: String) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        var sawDigit = false
        for s in text.unicodeScalars {
            switch s.value {
            case 0x41...0x5A where !sawDigit: column = column * 26 + Int(s.value - 0x40)
            case 0x61...0x7A where !sawDigit: column = column * 26 + Int(s.value - 0x60)
            case 0x30...0x39:
                sawDigit = true
                row = row * 10 + Int(s.value - 0x30)
            case 0x24: continue
            default: return nil
            }
            if column > 16_384 || row > 1_048_576 { return nil }
        }
        return column > 0 && row > 0 ? (row, column) : nil
    }
}

/// `xl/workbook.xml`: sheet names and relationship ids in order; the 1904 date system flag.
private final class WorkbookHandler: OfficeXML.Handler {
    var sheets: [(name: String, relationship: String?)] = []
    var date1904 = false

    func start(_ name: OfficeXML.Name, attributes: [String: String]) {
        guard name.space == .spreadsheet else { return }
        if name.local == "sheet" {
            sheets.append((OfficeXML.attribute("name", in: attributes) ?? "Sheet\(sheets.count + 1)", OfficeXML.attribute("id", in: attributes)))
        } else if name.local == "workbookPr", let value = OfficeXML.attribute("date1904", in: attributes) {
            date1904 = value == "1" || value == "true"
        }
    }

    func end(_ name: OfficeXML.Name) {}
    func text(_ text: String) {}
}

/// `xl/_rels/workbook.xml.rels`: relationship id → target.
private final class RelationshipsHandler: OfficeXML.Handler {
    var targets: [String: String] = [:]

    func start(_ name: OfficeXML.Name, attributes: [String: String]) {
        if name.local == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
    }

    func end(_ name: OfficeXML.Name) {}
    func text(_ text: String) {}
}

/// `xl/sharedStrings.xml`: each `si`'s text, plain (`t`) or rich (`r`/`t`), phonetic runs left out.
private final class SharedStringsHandler: OfficeXML.Handler {
    var strings: [String] = []
    var current: String?
    var inText = false
    var phonetic = 0

    func start(_ name: OfficeXML.Name, attributes: [String: String]) {
        guard name.space == .spreadsheet else { return }
        switch name.local {
        case "si": current = ""
        case "rPh": phonetic += 1
        case "t": inText = current != nil && phonetic == 0
        default: break
        }
    }

    func end(_ name: OfficeXML.Name) {
        guard name.space == .spreadsheet else { return }
        switch name.local {
        case "si":
            strings.append(current ?? "")
            current = nil
        case "rPh": phonetic -= 1
        case "t": inText = false
        default: break
        }
    }

    func text(_ text: String) {
        if inText { current? += text }
    }
}

/// `xl/styles.xml`: for each cell format (`cellXfs/xf`, by index), its number format code.
private final class StylesHandler: OfficeXML.Handler {
    var custom: [Int: String] = [:]
    var formatIDs: [Int] = []
    var inCellFormats = false

    var formats: [String?] { formatIDs.map { custom[$0] ?? XlsxNumberFormat.builtin($0) } }

    func start(_ name: OfficeXML.Name, attributes: [String: String]) {
        guard name.space == .spreadsheet else { return }
        switch name.local {
        case "numFmt":
            if let id = OfficeXML.attribute("numFmtId", in: attributes).flatMap(Int.init), let code = OfficeXML.attribute("formatCode", in: attributes) {
                custom[id] = code
            }
        case "cellXfs": inCellFormats = true
        case "xf" where inCellFormats:
            formatIDs.append(OfficeXML.attribute("numFmtId", in: attributes).flatMap(Int.init) ?? 0)
        default: break
        }
    }

    func end(_ name: OfficeXML.Name) {
        if name.space == .spreadsheet, name.local == "cellXfs" { inCellFormats = false }
    }

    func text(_ text: String) {}
}

/// A worksheet: each cell's displayed text, the merged ranges, and the first problem met.
private final class SheetHandler: OfficeXML.Handler {
    let strings: [String]
    let formats: [String?]
    let date1904: Bool
    var cells: [Int: [Int: String]] = [:]
    var merges: [(top: Int, left: Int, bottom: Int, right: Int)] = []
    var problem: (id: String, cell: String, message: String)?
    /// The first problem stops the parse; `sheets` turns it into a Diagnostic naming the sheet.
    var failure: Diagnostic? { problem.map { Diagnostic(id: $0.id, message: $0.message, path: "") } }

    var row = 0
    var column = 0
    var reference = ""
    var type = "n"
    var style = 0
    var value: String?
    var formula: String?
    var inline: String?
    var collecting: Collecting = .nothing
    var phonetic = 0

    enum Collecting { case nothing, value, formula, inline }

    init(strings: [String], formats: [String?], date1904: Bool) {
        self.strings = strings
        self.formats = formats
        self.date1904 = date1904
    }

    func start(_ name: OfficeXML.Name, attributes: [String: String]) {
        guard name.space == .spreadsheet else { return }
        switch name.local {
        case "row":
            row = OfficeXML.attribute("r", in: attributes).flatMap(Int.init) ?? row + 1
            column = 0
        case "c":
            reference = OfficeXML.attribute("r", in: attributes) ?? ""
            if let at = XlsxReader.cellReference(reference) {
                row = at.row
                column = at.column
            } else {
                column += 1
                reference = "第\(row)行第\(column)列"
            }
            type = OfficeXML.attribute("t", in: attributes) ?? "n"
            style = OfficeXML.attribute("s", in: attributes).flatMap(Int.init) ?? 0
            value = nil
            formula = nil
            inline = nil
        case "v":
            value = ""
            collecting = .value
        case "f":
            formula = ""
            collecting = .formula
        case "is":
            inline = ""
        case "rPh":
            phonetic += 1
        case "t" where inline != nil && phonetic == 0:
            collecting = .inline
        case "mergeCell":
            let ends = (OfficeXML.attribute("ref", in: attributes) ?? "").split(separator: ":").map(String.init)
            if let first = ends.first.flatMap(XlsxReader.cellReference), let last = ends.last.flatMap(XlsxReader.cellReference) {
                merges.append((min(first.row, last.row), min(first.column, last.column), max(first.row, last.row), max(first.column, last.column)))
            }
        default:
            break
        }
    }

    func end(_ name: OfficeXML.Name) {
        guard name.space == .spreadsheet else { return }
        switch name.local {
        case "v", "f", "t":
            collecting = .nothing
        case "rPh":
            phonetic -= 1
        case "c":
            if let text = displayed(), !text.isEmpty, row > 0 { cells[row, default: [:]][column] = text }
        default:
            break
        }
    }

    func text(_ text: String) {
        switch collecting {
        case .value: value? += text
        case .formula: formula? += text
        case .inline: inline? += text
        case .nothing: break
        }
    }

    /// The cell's text as Excel shows it.
    func displayed() -> String? {
        if type == "inlineStr" { return inline ?? value }
        guard let value else {
            if let formula, problem == nil {
                problem = (
                    "read.xlsx-formula-without-value", reference,
                    "公式单元格没有计算结果（=\(formula)）；请在 Excel/WPS 中打开并保存后再审核。"
                )
            }
            return nil
        }
        switch type {
        case "s":
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)), strings.indices.contains(index) else {
                if problem == nil { problem = ("read.office-xml", reference, "共享字符串编号 \(value) 不存在；文件可能已损坏，请在 Excel/WPS 中打开后另存。") }
                return nil
            }
            return strings[index]
        case "b":
            return value == "1" ? "TRUE" : "FALSE"
        case "str", "e", "d":
            return value
        default:
            return XlsxNumberFormat.display(value, code: formats.indices.contains(style) ? formats[style] : nil, date1904: date1904)
        }
    }

    /// The cells with each merged range's value left in its top-left cell only.
    func mergedCells() -> [Int: [Int: String]] {
        var result = cells
        for m in merges where (m.bottom - m.top + 1) * (m.right - m.left + 1) > 1 {
            for (r, columns) in cells where r >= m.top && r <= m.bottom {
                for c in columns.keys where c >= m.left && c <= m.right && !(r == m.top && c == m.left) {
                    result[r]?[c] = nil
                }
            }
        }
        return result
    }
}
