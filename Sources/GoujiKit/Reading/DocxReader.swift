import Foundation

/// Reads a Word document (.docx) — `word/document.xml`, and `word/styles.xml` for heading names —
/// into its blocks, and renders them as a `SourceText` the rest of the pipeline reads like a text
/// file: each paragraph one line, each table row one line with its cells joined by "\t". Every
/// line is labelled for the reports: "第12段" (the 12th paragraph with text), "表3 第4行".
///
/// What is read, and the choices made:
/// - Text is what Word shows: `w:t` in runs, inserted text (`w:ins`, `w:moveTo`) taken, deleted
///   text (`w:del`, `w:moveFrom`), hidden runs (`w:vanish`), field-code instructions
///   (`w:instrText`) and the fallback copy of drawings (`mc:Fallback`) left out; a field's result
///   is kept. Bookmarks, comments and proofing marks carry no text.
/// - `w:tab` in a run is "\t"; `w:br`/`w:cr` is a line break: the paragraph goes on on a new line
///   (as Word shows it; the normaliser joins the lines again where the sentence goes on).
/// - In a table cell, the cell's paragraphs are joined by a space and any tab or line break in
///   them becomes a space, so a row stays one line; a table inside a cell is flattened the same way.
/// - A cell spanning columns (`w:gridSpan`) gives its text to its first column and leaves the
///   columns it covers empty; a cell continuing a vertical merge (`w:vMerge` without "restart") is
///   empty. So every figure appears once (a repeated figure would be counted twice in a column's
///   total) and the columns stay aligned with the header. `w:gridBefore` adds empty leading cells.
/// - Paragraphs in text boxes become paragraphs of their own, before the paragraph holding them.
/// - Headers, footers, footnotes, comments and automatic list numbers ("一、" made by Word's
///   numbering, not typed) are not read.
public enum DocxReader {
    /// The main part of a Word document.
    public static let documentPart = "word/document.xml"

    /// A paragraph: its text (line breaks as "\n", tabs as "\t") and its style.
    public struct Paragraph: Sendable, Equatable {
        public var text: String
        /// The style id (`w:pStyle`), e.g. "Heading1" or, in a Chinese Word, "1".
        public var style: String?
        /// 1 for 标题 1 / Heading 1 … (from the style's name or the paragraph's outline level), 0 for a title.
        public var headingLevel: Int?
    }

    /// A table: rows of cell texts, merged cells already spread over the grid.
    public struct Table: Sendable, Equatable {
        public var rows: [[String]]
    }

    /// What the document body holds, in reading order.
    public enum Block: Sendable, Equatable {
        case paragraph(Paragraph)
        case table(Table)
    }

    /// Reads the Word document in `archive` and renders it.
    public static func read(_ archive: inout ZipArchive) throws -> SourceText {
        render(try blocks(&archive), path: archive.path)
    }

    /// The blocks of the Word document in `archive`.
    public static func blocks(_ archive: inout ZipArchive) throws -> [Block] {
        var styles: [String: String] = [:]
        if archive.contains("word/styles.xml") {
            styles = try styleNames(archive.extract("word/styles.xml"), path: archive.path)
        }
        return try blocks(documentXML: archive.extract(documentPart), styleNames: styles, path: archive.path)
    }

    /// The blocks of a `word/document.xml` part (`styleNames`: style id → name, from styles.xml).
    public static func blocks(documentXML: [UInt8], styleNames: [String: String] = [:], path: String) throws -> [Block] {
        let builder = DocumentBuilder(styleNames: styleNames, path: path)
        try OfficeXML.parse(documentXML, part: documentPart, path: path, handler: builder)
        return builder.blocks
    }

    /// Style id → style name ("1" → "heading 1"), from `word/styles.xml`.
    static func styleNames(_ xml: [UInt8], path: String) throws -> [String: String] {
        final class Styles: OfficeXML.Handler {
            var names: [String: String] = [:]
            var current: String?
            func start(_ name: OfficeXML.Name, attributes: [String: String]) {
                guard name.space == .word else { return }
                if name.local == "style" {
                    current = OfficeXML.attribute("styleId", in: attributes)
                } else if name.local == "name", let id = current, let value = OfficeXML.attribute("val", in: attributes) {
                    names[id] = value
                }
            }
            func end(_ name: OfficeXML.Name) {
                if name.space == .word, name.local == "style" { current = nil }
            }
            func text(_ text: String) {}
        }
        let styles = Styles()
        try OfficeXML.parse(xml, part: "word/styles.xml", path: path, handler: styles)
        return styles.names
    }

    /// Heading level of a style: "heading 2" / "标题 2" / "Heading2" → 2, "Title" / "标题" → 0.
    static func headingLevel(style: String, name: String?) -> Int? {
        for candidate in [name, style].compactMap({ $0?.lowercased() }) {
            if candidate == "title" || candidate == "标题" { return 0 }
            for prefix in ["heading", "标题"] where candidate.hasPrefix(prefix) {
                let rest = candidate.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
                if let level = Int(rest), (1...9).contains(level) { return level }
            }
        }
        return nil
    }

    /// One line per paragraph (more where it has line breaks), one line per table row, each labelled.
    public static func render(_ blocks: [Block], path: String) -> SourceText {
        var lines: [String] = []
        var labels: [String] = []
        var paragraphNumber = 0
        var tableNumber = 0
        for block in blocks {
            switch block {
            case .paragraph(let p):
                let hasText = p.text.contains { !$0.isWhitespace }
                if hasText { paragraphNumber += 1 }
                for line in p.text.split(separator: "\n", omittingEmptySubsequences: false) {
                    lines.append(String(line))
                    labels.append(hasText ? "第\(paragraphNumber)段" : "")
                }
            case .table(let t):
                tableNumber += 1
                for (r, row) in t.rows.enumerated() {
                    lines.append(row.map(cellText).joined(separator: "\t"))
                    labels.append("表\(tableNumber) 第\(r + 1)行")
                }
            }
        }
        return SourceText(path: path, string: lines.joined(separator: "\n") + "\n", encoding: .docx, lineLabels: labels)
    }

    /// A cell's text on one line: tabs and line breaks become spaces.
    static func cellText(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }))
    }
}

/// Builds the blocks from the events of `word/document.xml`: a stack of open paragraphs, tables
/// and cells, so that cells hold paragraphs and tables nest.
private final class DocumentBuilder: OfficeXML.Handler {
    final class ParagraphState {
        var text = ""
        var style: String?
        var outlineLevel: Int?
    }

    final class CellState {
        var parts: [String] = []
        var span = 1
        var continuesMerge = false
    }

    final class TableState {
        var rows: [[String]] = []
        var row: [String]?
    }

    enum Frame {
        case paragraph(ParagraphState)
        case table(TableState)
        case cell(CellState)
    }

    let styleNames: [String: String]
    let path: String
    var blocks: [DocxReader.Block] = []
    var failure: Diagnostic?
    var frames: [Frame] = []
    /// Local names of the open Word elements, innermost last ("" for other namespaces).
    var open: [String] = []
    /// Depth of `open` at which a skipped subtree began.
    var skipping: Int?
    var inText = false
    var hiddenRun = false
    var cells = 0

    /// Subtrees whose text Word does not show.
    static let skipped: Set<String> = ["del", "moveFrom", "delText", "instrText", "delInstrText", "sdtPr"]

    init(styleNames: [String: String], path: String) {
        self.styleNames = styleNames
        self.path = path
    }

    /// Counts table cells, covered grid columns included; past `OfficeXML.maximumCells` reading stops.
    func count(_ n: Int) -> Bool {
        cells += n
        if cells > OfficeXML.maximumCells, failure == nil { failure = OfficeXML.tooManyCells(path: path) }
        return failure == nil
    }

    var parent: String? { open.last }

    func start(_ name: OfficeXML.Name, attributes: [String: String]) {
        let local = name.space == .word ? name.local : ""
        defer { open.append(local) }
        if skipping != nil { return }
        if (name.space == .word && DocumentBuilder.skipped.contains(name.local)) || (name.space == .markup && name.local == "Fallback") {
            skipping = open.count
            return
        }
        guard name.space == .word else { return }
        let value = OfficeXML.attribute("val", in: attributes)
        switch name.local {
        case "p":
            frames.append(.paragraph(ParagraphState()))
        case "pStyle":
            if parent == "pPr", let p = currentParagraph { p.style = value }
        case "outlineLvl":
            if parent == "pPr", let p = currentParagraph, let level = value.flatMap(Int.init), level < 9 { p.outlineLevel = level + 1 }
        case "r":
            hiddenRun = false
        case "vanish":
            if parent == "rPr", open.dropLast().last == "r" { hiddenRun = value.map { $0 != "0" && $0 != "false" } ?? true }
        case "t":
            inText = parent == "r" && !hiddenRun
        case "tab":
            if parent == "r", !hiddenRun { currentParagraph?.text += "\t" }
        case "br", "cr":
            if parent == "r", !hiddenRun { currentParagraph?.text += "\n" }
        case "noBreakHyphen":
            if parent == "r", !hiddenRun { currentParagraph?.text += "-" }
        case "tbl":
            frames.append(.table(TableState()))
        case "tr":
            currentTable?.row = []
        case "gridBefore":
            if let n = value.flatMap(Int.init), n > 0, n < 64, count(n) {
                currentTable?.row?.append(contentsOf: repeatElement("", count: n))
            }
        case "tc":
            frames.append(.cell(CellState()))
        case "gridSpan":
            if parent == "tcPr", case .cell(let c)? = frames.last, let n = value.flatMap(Int.init), n > 1, n < 64 { c.span = n }
        case "vMerge", "hMerge":
            if parent == "tcPr", case .cell(let c)? = frames.last, value != "restart" { c.continuesMerge = true }
        default:
            break
        }
    }

    func end(_ name: OfficeXML.Name) {
        open.removeLast()
        if let depth = skipping {
            if open.count == depth { skipping = nil }
            return
        }
        guard name.space == .word else { return }
        switch name.local {
        case "t":
            inText = false
        case "p":
            guard case .paragraph(let p)? = frames.last else { return }
            frames.removeLast()
            switch frames.last {
            case .cell(let c)?:
                c.parts.append(DocxReader.cellText(p.text))
            default:
                let level = p.style.flatMap { DocxReader.headingLevel(style: $0, name: styleNames[$0]) } ?? p.outlineLevel
                blocks.append(.paragraph(DocxReader.Paragraph(text: p.text, style: p.style, headingLevel: level)))
            }
        case "tc":
            guard case .cell(let c)? = frames.last else { return }
            frames.removeLast()
            let text = c.continuesMerge ? "" : c.parts.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
            guard count(c.span) else { return }
            currentTable?.row?.append(text)
            currentTable?.row?.append(contentsOf: repeatElement("", count: c.span - 1))
        case "tr":
            if let t = currentTable, let row = t.row {
                t.rows.append(row)
                t.row = nil
            }
        case "tbl":
            guard case .table(let t)? = frames.last else { return }
            frames.removeLast()
            if case .cell(let c)? = frames.last {
                c.parts.append(t.rows.map { $0.filter { !$0.isEmpty }.joined(separator: " ") }.joined(separator: " "))
            } else {
                blocks.append(.table(DocxReader.Table(rows: t.rows)))
            }
        default:
            break
        }
    }

    func text(_ text: String) {
        if inText, skipping == nil { currentParagraph?.text += text }
    }

    var currentParagraph: ParagraphState? {
        for frame in frames.reversed() {
            if case .paragraph(let p) = frame { return p }
        }
        return nil
    }

    var currentTable: TableState? {
        for frame in frames.reversed() {
            if case .table(let t) = frame { return t }
        }
        return nil
    }
}
