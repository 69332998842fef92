import Foundation

/// Claims about the text rather than its figures: where a stated change has its reason, the
/// numbering of headings (一、二、三 …), and the years a document names in its title and headings.
extension ClaimExtractor {
    // MARK: - Reasons: 主要原因是：…

    /// Whether a reason with substance (原因标记 followed by at least two Chinese characters that are
    /// not a placeholder) follows `position`: in the rest of its paragraph — up to a later sentence
    /// that states another change — or in the first sentence of the next paragraph.
    func reasonFollows(_ position: Int) -> Bool {
        let s = structure.sentence(containing: position)
        guard s < structure.sentences.count else { return false }
        let lineIndex = structure.sentences[s].line
        var end = structure.lines[lineIndex].range.upperBound
        // A later sentence of the paragraph that states another change closes the region.
        var k = s + 1
        while k < structure.sentences.count, structure.sentences[k].line == lineIndex {
            if !occurrences(of: changeMarkers, in: structure.sentences[k].range).isEmpty {
                end = structure.sentences[k].range.lowerBound
                break
            }
            k += 1
        }
        if end == structure.lines[lineIndex].range.upperBound, lineIndex + 1 < structure.lines.count,
            !structure.lines[lineIndex + 1].isHeading, !structure.lines[lineIndex + 1].isTableLine
        {
            let next = structure.lines[lineIndex + 1].range
            let first = structure.sentence(containing: next.lowerBound)
            if first < structure.sentences.count { end = max(end, structure.sentences[first].range.upperBound) }
        }
        for (at, marker) in occurrences(of: reasonMarkers, in: position..<end) where hasSubstance(after: at + marker.unicodeScalars.count) {
            return true
        }
        return false
    }

    /// At least two Chinese characters before the clause or sentence ends, and no placeholder (XX, ××).
    func hasSubstance(after start: Int) -> Bool {
        var i = start
        // "主要原因是：" at the end of a line (a PDF's line wrap): the reason goes on below.
        while i < scalars.count, ScalarText.isSpace(scalars[i]) || ["：", "是", "为", "\n"].contains(scalars[i]) { i += 1 }
        var chinese = 0
        while i < scalars.count, scalars[i] != "\n", !ScalarText.isSentenceEnd(scalars[i]), scalars[i] != "；" {
            let v = scalars[i].value
            if v >= 0x4E00 && v <= 0x9FFF { chinese += 1 }
            if scalars[i] == "X" || scalars[i] == "×" || scalars[i] == "x" {
                if i + 1 < scalars.count, scalars[i + 1] == scalars[i] { return false }
            }
            i += 1
        }
        return chinese >= 2
    }

    // MARK: - Heading numbering: 一、二、三 … （一）（二） … 1. 2. …

    /// One `heading` claim per numbered line (headings, numbered paragraphs and numbered table
    /// cells alike): the number it states and the number its place implies. Each level keeps a
    /// stack of open sequences: a number may continue any of them (a list inside a table or a
    /// paragraph does not break the headings around it), or start a new one at 1; anything else is
    /// out of sequence. A line of an outer level closes the sequences of the inner ones.
    /// Level-1 markers are left out: 附件4 may be the fourth attachment of a notice, and 第二部分
    /// (the tables) is often published as a file of its own.
    mutating func findHeadingNumbers() {
        // The open sequences of each level (1…5, as `HeadingParser.marker` gives them).
        var open = [[Int]](repeating: [], count: 6)
        for line in structure.lines {
            // In a table, only a cell on a line of its own continues a list: a row of several cells
            // holds several columns' numbering (收入 一、二、… beside 支出 一、二、…).
            if line.isTableLine, scalars[line.range].dropFirst().contains("\t") { continue }
            var text = scalars[line.range]
            while let f = text.first, ScalarText.isSpace(f) || f == "\t" { text = text.dropFirst() }
            guard let (level, length) = HeadingParser.marker(text) else { continue }
            // Text laid out in columns by a PDF (set far to the right, or with a wide gap after it)
            // is a row of a table, not a list item.
            if !line.isTableLine, isLayoutColumn(at: text.startIndex) { continue }
            let marker = text.prefix(length)
            for deeper in (level + 1)..<open.count { open[deeper] = [] }
            // 附件/附表 numbers are not a sequence, nor are parts (第二部分, the tables, is often a separate file).
            if level == 1 { continue }
            var digits = marker
            while let f = digits.first, !(ScalarText.isDigit(f) || ScalarText.isChineseNumeral(f)) { digits = digits.dropFirst() }
            while let l = digits.last, !(ScalarText.isDigit(l) || ScalarText.isChineseNumeral(l)) { digits = digits.dropLast() }
            let value: Int? = digits.allSatisfy(ScalarText.isDigit) ? Int(ScalarText.string(digits)) : ScalarText.chineseNumberValue(digits)
            // "2023、12、31" is a date, not the 2023rd item.
            let afterMarker = text.dropFirst(length).first
            guard let number = value, number > 0, digits.count <= 2, !(afterMarker.map(ScalarText.isDigit) ?? false) else { continue }
            var stack = open[level]
            let expected: Int
            if let k = stack.lastIndex(where: { $0 + 1 == number }) {
                expected = number
                stack.removeSubrange((k + 1)...)
                stack[k] = number
            } else if number == 1 {
                expected = 1
                stack.append(1)
            } else {
                expected = (stack.last ?? 0) + 1
                if stack.isEmpty { stack.append(number) } else { stack[stack.count - 1] = number }
            }
            open[level] = stack
            let start = marker.startIndex
            claims.append(
                Claim(
                    id: claims.count, kind: .heading,
                    fields: [
                        "number": .number(ExactDecimal(number)), "expected": .number(ExactDecimal(expected)),
                        "marker": .text(ScalarText.string(marker)), "level": .number(ExactDecimal(level)),
                        "is_heading": .flag(line.isHeading),
                    ],
                    anchor: -1, sentence: structure.sentence(containing: start), place: start..<(start + length)))
        }
    }

    /// Whether the original line of a normalised position is laid out in columns: the position
    /// stands at column 10 or further right, or the line has a run of three or more spaces
    /// between words.
    func isLayoutColumn(at index: Int) -> Bool {
        let location = structure.text.location(of: index)
        if location.column > 10 { return true }
        let source = structure.text.source
        let original = source.scalars[source.lineRange(location.line)]
        var i = original.startIndex
        while i < original.endIndex, ScalarText.isSpace(original[i]) { i += 1 }
        var run = 0
        while i < original.endIndex {
            if ScalarText.isSpace(original[i]) {
                run += 1
            } else {
                if run >= 3 { return true }
                run = 0
            }
            i += 1
        }
        return false
    }

    // MARK: - Years: 2024年度 in the title and headings, 与2023年相比

    /// One `year` claim per year the title or a heading names (role 标题), and per year a comparison
    /// names (比/与/较 2023年: role 上年), with the document's own year beside it.
    mutating func findYears() {
        guard let documentYear = Int(structure.info.year) else { return }
        // The title: the lines before the first heading that are not a "label：value" line.
        let titleLines = Set(
            structure.lines.prefix(12).indices.prefix { !structure.lines[$0].isHeading }.filter { index in
                !structure.scalars[structure.lines[index].range].contains { $0 == "：" || $0 == ":" }
            })
        for (index, line) in structure.lines.enumerated() where !line.isTableLine {
            let inTitle = titleLines.contains(index) || line.isHeading
            var i = line.range.lowerBound
            while i + 4 < line.range.upperBound {
                guard (0..<4).allSatisfy({ ScalarText.isDigit(scalars[i + $0]) }), i == line.range.lowerBound || !ScalarText.isDigit(scalars[i - 1])
                else {
                    i += 1
                    continue
                }
                var after = i + 4
                while after < line.range.upperBound, ScalarText.isSpace(scalars[after]) { after += 1 }
                guard after < line.range.upperBound, scalars[after] == "年", let year = Int(ScalarText.string(scalars[i..<(i + 4)])) else {
                    i += 4
                    continue
                }
                var before = i - 1
                while before >= line.range.lowerBound, ScalarText.isSpace(scalars[before]) { before -= 1 }
                var next = after + 1
                if next < line.range.upperBound, scalars[next] == "度" { next += 1 }
                while next < line.range.upperBound, ScalarText.isSpace(scalars[next]) { next += 1 }
                // "比2023年", "较2023年", "与2023年（度）相比" compare; "2023年与2024年均…" does not.
                let word = before >= line.range.lowerBound ? scalars[before] : " "
                let compared = word == "比" || word == "较"
                    || (word == "与" && ScalarText.hasPrefix(scalars[next..<line.range.upperBound], "相比"))
                // A date ("2024 年 4 月 15 日", a 填报时间) is not the year a document is about.
                let isDate = next < line.range.upperBound && ScalarText.isDigit(scalars[next])
                if (inTitle && !isDate) || compared {
                    claims.append(
                        Claim(
                            id: claims.count, kind: .year,
                            fields: [
                                "year": .number(ExactDecimal(year)), "document_year": .number(ExactDecimal(documentYear)),
                                "in_comparison": .flag(compared),
                            ],
                            anchor: -1, sentence: structure.sentence(containing: i), place: i..<(after + 1)))
                }
                i = after + 1
            }
        }
    }
}
