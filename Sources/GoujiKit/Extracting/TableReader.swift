/// Finds the tables a converter left in the text — tab-separated rows, one tab-led cell per line,
/// Markdown pipe rows — and turns each into one `Table` model. Linear over the document's lines.
public enum TableReader {
    /// `source` tells a tab that was a run of spaces in the file (aligned columns) from a real tab.
    public static func read(lines: [TextLine], scalars: [Unicode.Scalar], text normalised: NormalisedText? = nil) -> [Table] {
        var tables: [Table] = []
        var i = 0
        func text(_ range: Range<Int>) -> ArraySlice<Unicode.Scalar> { scalars[range] }
        // A line of only a tab is an empty cell, not a blank line.
        func isBlank(_ l: Int) -> Bool { text(lines[l].range).allSatisfy { $0 == " " || $0 == "\u{3000}" } }
        // The table's title: the nearest line above that is not blank, nor the unit line
        // ("单位：万元", "金额单位：元") that stands between a 决算表's title and its header.
        func title(before l: Int) -> String {
            var k = l - 1
            var unitLine = ""
            while k >= 0 {
                if !isBlank(k) {
                    let line = ScalarText.string(text(lines[k].range)).trimmingSpaces()
                    let isUnitLine = (line.hasPrefix("单位") || line.hasPrefix("金额单位")) && line.count <= 12
                    // The title keeps its unit line after it: "收入决算表（单位：万元）" says both.
                    if !isUnitLine { return unitLine.isEmpty ? line : "\(line)（\(unitLine)）" }
                    unitLine = line
                }
                k -= 1
            }
            return unitLine
        }
        while i < lines.count {
            let line = text(lines[i].range)
            if line.first == "|" {
                // Markdown: consecutive "|" lines.
                var j = i
                var rows: [[Table.Cell]] = []
                while j < lines.count, text(lines[j].range).first == "|" {
                    let cells = splitCells(lines[j].range, separator: "|", in: scalars, line: j, trimEdges: true)
                    let isSeparator = cells.allSatisfy { $0.text.unicodeScalars.allSatisfy { $0 == "-" || $0 == ":" || $0 == "：" || $0 == " " } }
                    if !isSeparator { rows.append(cells) }
                    j += 1
                }
                if rows.count >= 2 { tables.append(Table(layout: .markdown, title: title(before: i), rows: rows, lines: i..<j)) }
                i = max(j, i + 1)
                continue
            }
            let innerTab = line.drop(while: { $0 == "\t" }).contains("\t")
            if line.first == "\t" || innerTab {
                let start = i
                if innerTab {
                    // Tab-separated: one row per line.
                    var rows: [[Table.Cell]] = []
                    var j = i
                    while j < lines.count, text(lines[j].range).drop(while: { $0 == "\t" }).contains("\t") {
                        var range = lines[j].range
                        if scalars[range.lowerBound] == "\t" { range = (range.lowerBound + 1)..<range.upperBound }
                        rows.append(splitCells(range, separator: "\t", in: scalars, line: j, trimEdges: false))
                        j += 1
                    }
                    var layout = Table.Layout.tabSeparated
                    if let n = normalised, let tab = (lines[start].range.lowerBound + 1..<lines[start].range.upperBound).first(where: { scalars[$0] == "\t" }),
                        n.source.scalars.indices.contains(n.origins[tab]), n.source.scalars[n.origins[tab]] == " "
                    {
                        layout = .alignedColumns
                    }
                    if rows.count >= 2 { tables.append(Table(layout: layout, title: title(before: start), rows: rows, lines: start..<j)) }
                    i = j
                    continue
                }
                // One cell per line; a blank line ends a row; an untabbed line continues the cell (a
                // paragraph inside a cell comes as a blank line and an untabbed line); two blank lines end the table.
                var rows: [[Table.Cell]] = []
                var row: [Table.Cell] = []
                var j = i
                var lastTableLine = i
                func continueCell(_ l: Int) {
                    guard var last = row.popLast() else { return }
                    let continued = cell(lines[l].range, in: scalars, line: l)
                    last.text += continued.text
                    if last.range.isEmpty { last.range = continued.range }
                    last.lastLine = l
                    row.append(last)
                    lastTableLine = l
                }
                while j < lines.count {
                    let l = text(lines[j].range)
                    if l.first == "\t" {
                        let content = (lines[j].range.lowerBound + 1)..<lines[j].range.upperBound
                        row.append(cell(content, in: scalars, line: j))
                        lastTableLine = j
                    } else if isBlank(j) {
                        let next = j + 1 < lines.count ? j + 1 : nil
                        if let n = next, !isBlank(n), text(lines[n].range).first != "\t", !row.isEmpty,
                            HeadingParser.parse(text(lines[n].range)) == nil || text(lines[n].range).last == "。"
                        {
                            // A paragraph of the same cell.
                            continueCell(n)
                            j = n + 1
                            continue
                        }
                        if !row.isEmpty { rows.append(row) }
                        row = []
                        if next == nil || isBlank(next!) || text(lines[next!].range).first != "\t" { break }
                    } else if !row.isEmpty {
                        continueCell(j)
                    } else {
                        break
                    }
                    j += 1
                }
                if !row.isEmpty { rows.append(row) }
                if rows.count >= 2 {
                    tables.append(Table(layout: .cellPerLine, title: title(before: start), rows: rows, lines: start..<(lastTableLine + 1)))
                }
                i = max(lastTableLine + 1, i + 1)
                continue
            }
            i += 1
        }
        return tables
    }

    static func cell(_ range: Range<Int>, in scalars: [Unicode.Scalar], line: Int) -> Table.Cell {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end, ScalarText.isSpace(scalars[start]) || scalars[start] == "\u{3000}" { start += 1 }
        while end > start, ScalarText.isSpace(scalars[end - 1]) || scalars[end - 1] == "\u{3000}" { end -= 1 }
        return Table.Cell(text: ScalarText.string(scalars[start..<end]), range: start..<end, line: line)
    }

    static func splitCells(_ range: Range<Int>, separator: Unicode.Scalar, in scalars: [Unicode.Scalar], line: Int, trimEdges: Bool) -> [Table.Cell] {
        var cells: [Table.Cell] = []
        var start = range.lowerBound
        for i in range where scalars[i] == separator {
            cells.append(cell(start..<i, in: scalars, line: line))
            start = i + 1
        }
        cells.append(cell(start..<range.upperBound, in: scalars, line: line))
        if trimEdges {
            if cells.first?.text.isEmpty == true { cells.removeFirst() }
            if cells.last?.text.isEmpty == true { cells.removeLast() }
        }
        return cells
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.unicodeScalars.first, ScalarText.isSpace(f) { s = Substring(s.unicodeScalars.dropFirst()) }
        while let l = s.unicodeScalars.last, ScalarText.isSpace(l) { s = Substring(s.unicodeScalars.dropLast()) }
        return String(s)
    }
}
