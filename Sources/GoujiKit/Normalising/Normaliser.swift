/// Folds what only looks different, keeping a map to the original: line breaks, full-width digits
/// and signs, ASCII punctuation in Chinese text, thousands separators, spaces left by conversion,
/// Markdown marks, and sentences broken across lines. Linear passes over scalars.
public enum Normaliser {
    /// The shortest line that may be joined with the next one (shorter lines are titles, dates …).
    static let minimumJoinLength = 15
    /// A numbered line at most this long is a heading, never joined with what follows.
    static let headingLength = 40

    public static func normalise(_ source: SourceText) -> NormalisedText {
        var lines = alignedRows(splitLines(fold(source.scalars))).map { cleanLine($0) }
        var out: [Unicode.Scalar] = []
        var origins: [Int] = []
        out.reserveCapacity(source.scalars.count)
        origins.reserveCapacity(source.scalars.count + 1)
        var index = 0
        var first = true
        while index < lines.count {
            var line = lines[index]
            // Join with the following lines while the sentence obviously goes on (what is known of
            // the line so far is carried along, so a long run of joined lines stays linear).
            var lineHasTab = line.contains { $0.0 == "\t" }
            while let next = nextNonEmpty(after: index, in: lines), shouldJoin(line, lines[next], lineHasTab: lineHasTab) {
                line += lines[next]
                lineHasTab = lineHasTab || lines[next].contains { $0.0 == "\t" }
                index = next
            }
            if !first {
                out.append("\n")
                origins.append(origins.last.map { $0 + 1 } ?? 0)
            }
            for (s, o) in line {
                out.append(s)
                origins.append(o)
            }
            lines[index] = []
            index += 1
            first = false
        }
        origins.append(source.scalars.count)
        return NormalisedText(source: source, scalars: out, origins: origins)
    }

    typealias Line = [(Unicode.Scalar, Int)]

    static func nextNonEmpty(after index: Int, in lines: [Line]) -> Int? {
        var i = index + 1
        while i < lines.count {
            if !lines[i].isEmpty { return i }
            i += 1
        }
        return nil
    }

    /// Scalar by scalar: full-width forms to ASCII, ≥/≤, spaces, zero-width characters.
    static func fold(_ input: [Unicode.Scalar]) -> Line {
        var out: Line = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            let s = input[i]
            let v = s.value
            switch v {
            case 0x200B...0x200D, 0x2060, 0xFEFF, 0x00AD:
                break
            case 0x0C:  // a page break (pdftotext writes one before each page): a line break
                out.append(("\n", i))
            case 0x0D:
                out.append(("\n", i))
                if i + 1 < input.count, input[i + 1] == "\n" { i += 1 }
            case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
                out.append((Unicode.Scalar(v - 0xFEE0) ?? s, i))
            case 0xFF05: out.append(("%", i))
            case 0xFF0B: out.append(("+", i))
            case 0xFF0D: out.append(("-", i))
            case 0xFF1D: out.append(("=", i))
            case 0xFF1C: out.append(("<", i))
            case 0xFF1E: out.append((">", i))
            case 0xFF0E: out.append((".", i))
            case 0x2267: out.append(("≥", i))
            case 0x2266: out.append(("≤", i))
            case 0x3000, 0x00A0: out.append((" ", i))
            case 0x3E, 0x3C:  // ">=" and "<="
                if i + 1 < input.count, input[i + 1] == "=" {
                    out.append((v == 0x3E ? "≥" : "≤", i))
                    i += 1
                } else {
                    out.append((s, i))
                }
            default:
                out.append((s, i))
            }
            i += 1
        }
        return out
    }

    static func splitLines(_ text: Line) -> [Line] {
        var lines: [Line] = []
        var start = 0
        for i in text.indices where text[i].0 == "\n" {
            lines.append(Array(text[start..<i]))
            start = i + 1
        }
        lines.append(Array(text[start...]))
        return lines
    }

    static func isWide(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return ScalarText.isCJK(s) || (0x3000...0x303F).contains(v) || (0xFF00...0xFFEF).contains(v) || v == 0x201C || v == 0x201D
            || v == 0x2018 || v == 0x2019 || v == 0x2014 || v == 0x2026 || v == 0x00B7
    }

    static func isASCIIWord(_ s: Unicode.Scalar) -> Bool { ScalarText.isDigit(s) || ScalarText.isASCIILetter(s) }

    /// A row of columns aligned with runs of spaces (what `pdftotext -layout` prints) becomes a
    /// tab-separated row led by a tab, so the table reader sees its cells; the tabs keep the origin
    /// of the spaces they replace.
    static func alignedColumns(_ line: Line) -> (row: Line, numeric: Bool)? {
        guard line.first?.0 != "\t" else { return nil }
        var start = 0
        while start < line.count, line[start].0 == " " { start += 1 }
        // Most lines are prose without two runs of spaces: told before any cell is copied (a run of
        // two or more spaces before more text separates two cells).
        guard alignmentRuns(line, from: start) >= 2 else { return nil }
        var cells: [Line] = [[]]
        var i = start
        var separators: [Int] = []
        while i < line.count {
            if line[i].0 == " " {
                var j = i
                while j < line.count, line[j].0 == " " { j += 1 }
                if j - i >= 2 && j < line.count {
                    separators.append(line[i].1)
                    cells.append([])
                } else if j < line.count {
                    cells[cells.count - 1].append(line[i])
                }
                i = j
                continue
            }
            cells[cells.count - 1].append(line[i])
            i += 1
        }
        let numeric = cells.contains { cell in
            let text = ScalarText.string(cell.map(\.0))
            return !text.isEmpty && Table.isNumeric(text.replacingOccurrences(of: ",", with: ""))
        }
        var out: Line = [("\t", line[start].1)]
        for (k, cell) in cells.enumerated() {
            if k > 0 { out.append(("\t", separators[k - 1])) }
            out += cell
        }
        return (out, numeric)
    }

    /// How `alignedColumns` weighs a line's runs of spaces after `start`: a run of two counts 1, of
    /// three or more 2; a run at the end of the line does not count.
    static func alignmentRuns(_ line: Line, from start: Int) -> Int {
        var runs = 0
        var i = start
        while i < line.count {
            guard line[i].0 == " " else {
                i += 1
                continue
            }
            var j = i
            while j < line.count, line[j].0 == " " { j += 1 }
            if j - i >= 2 && j < line.count { runs += j - i >= 3 ? 2 : 1 }
            i = j
        }
        return runs
    }

    /// Rows of aligned columns: a candidate row is taken when it has a number, or stands next to
    /// one that has (its header).
    static func alignedRows(_ lines: [Line]) -> [Line] {
        let candidates = lines.map { alignedColumns($0) }
        return lines.indices.map { i in
            guard let candidate = candidates[i] else { return lines[i] }
            let nearNumeric = (max(0, i - 2)...min(lines.count - 1, i + 2)).contains { candidates[$0]?.numeric == true }
            return candidate.numeric || nearNumeric ? candidate.row : lines[i]
        }
    }

    /// A comma between digits with exactly three digits after it.
    static func isThousandsSeparator(_ line: Line, _ i: Int) -> Bool {
        line[i].0 == "," && i > 0 && ScalarText.isDigit(line[i - 1].0) && i + 3 < line.count
            && line[(i + 1)...(i + 3)].allSatisfy({ ScalarText.isDigit($0.0) })
            && (i + 4 == line.count || !ScalarText.isDigit(line[i + 4].0))
    }

    /// One physical line: Markdown marks, thousands separators, punctuation, spaces.
    static func cleanLine(_ input: Line) -> Line {
        var line = input
        // Markdown at the start: headings, block quotes, bullets (after any leading spaces, not tabs).
        var start = 0
        while start < line.count, line[start].0 == " " { start += 1 }
        let isTable = start < line.count && line[start].0 == "\t" || line.first?.0 == "\t"
        if !isTable {
            var j = start
            while j < line.count, line[j].0 == "#" { j += 1 }
            if j > start, j - start <= 6, j < line.count, line[j].0 == " " {
                line.removeSubrange(start...j)
            } else if start + 1 < line.count, ["-", "*", "+", ">"].contains(line[start].0), line[start + 1].0 == " " {
                line.removeSubrange(start...(start + 1))
            }
        }
        // Emphasis markers "**" and "__".
        var k = 0
        while k + 1 < line.count {
            if (line[k].0 == "*" && line[k + 1].0 == "*") || (line[k].0 == "_" && line[k + 1].0 == "_") {
                line.removeSubrange(k...(k + 1))
            } else {
                k += 1
            }
        }
        // Thousands separators: "26,591.08" → "26591.08". Most lines have none: the line is
        // copied only when one is there.
        if line.indices.contains(where: { isThousandsSeparator(line, $0) }) {
            var out: Line = []
            out.reserveCapacity(line.count)
            for i in line.indices where !isThousandsSeparator(line, i) { out.append(line[i]) }
            line = out
        }
        // ASCII punctuation in Chinese text → full-width.
        for idx in line.indices {
            let s = line[idx].0
            guard s.isASCII else { continue }
            func betweenASCII() -> Bool {
                let before = idx > 0 ? line[idx - 1].0 : " "
                let after = idx + 1 < line.count ? line[idx + 1].0 : " "
                return isASCIIWord(before) && isASCIIWord(after)
            }
            switch s {
            case "(": line[idx].0 = "（"
            case ")": line[idx].0 = "）"
            case ",": if !betweenASCII() { line[idx].0 = "，" }
            case ":": if !betweenASCII() { line[idx].0 = "：" }
            case ";": if !betweenASCII() { line[idx].0 = "；" }
            case "?": if !betweenASCII() { line[idx].0 = "？" }
            case "!": if !betweenASCII() { line[idx].0 = "！" }
            default: break
            }
        }
        // Spaces: trimmed at the ends (leading tabs kept), removed next to Chinese or inside figures.
        guard line.contains(where: { $0.0 == " " }) else { return line }
        var result: Line = []
        result.reserveCapacity(line.count)
        var p = 0
        while p < line.count {
            let s = line[p].0
            guard s == " " else {
                result.append(line[p])
                p += 1
                continue
            }
            var q = p
            while q < line.count, line[q].0 == " " { q += 1 }
            let before = result.last?.0
            let after = q < line.count ? line[q].0 : nil
            let atEdge = before == nil || after == nil || before == "\t"
            var remove = atEdge
            if let b = before, let a = after {
                if isWide(b) || isWide(a) { remove = true }
                if ScalarText.isDigit(b) && (a == "%" || a == ".") { remove = true }
                if b == "." && ScalarText.isDigit(a) { remove = true }
                if b == "≥" || b == "≤" || a == "≥" || a == "≤" { remove = true }
            }
            if !remove { result.append((" ", line[p].1)) }
            p = q
        }
        return result
    }

    /// Whether a sentence broken across lines goes on in the next one.
    /// Whether `next` continues `line`. Work is bounded by `next` and the ends of `line` (whether
    /// `line` holds a tab is given), never by all of `line`.
    static func shouldJoin(_ line: Line, _ next: Line, lineHasTab: Bool) -> Bool {
        guard let last = line.last?.0, let first = line.first?.0, let nextFirst = next.first?.0 else { return false }
        if first == "|" || nextFirst == "|" || lineHasTab || next.contains(where: { $0.0 == "\t" }) {
            return false
        }
        if "。！？；：」』”）…:".unicodeScalars.contains(last) { return false }
        // "货物采购金额 122.43" ⏎ "万元、…": a figure whose unit went to the next line.
        if ScalarText.isDigit(last), FigureScanner.unit(at: 0, in: next.map(\.0)[...]) != nil { return true }
        if line.count < minimumJoinLength { return false }
        if line.count < headingLength, HeadingParser.marker(line.map(\.0)[...]) != nil { return false }
        if HeadingParser.marker(next.map(\.0)[...]) != nil { return false }
        // "填报时间：…", "部门单位名称（公章）：…": a field of its own.
        if let colon = next.prefix(12).firstIndex(where: { $0.0 == "：" || $0.0 == ":" }), colon < 12 { return false }
        if next.first?.0 == "#" || next.first?.0 == "附" { return false }
        return true
    }
}
