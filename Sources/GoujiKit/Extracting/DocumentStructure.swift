/// A heading of a document (第一部分 …, 一、…, （一）…, 1.…, （1）…, 附件) and its place in the hierarchy.
public struct Section: Sendable, Codable {
    public let index: Int
    /// 1 = 第N部分/附件, 2 = 一、, 3 = （一）, 4 = 1., 5 = （1）.
    public let level: Int
    /// The numbering as written ("一、", "（三）"), empty for 附件 and table titles.
    public let marker: String
    public let title: String
    /// Index of the logical line holding the heading.
    public let line: Int
    public let parent: Int?
}

/// A logical line of normalised text: a paragraph, a heading, or a table-cell line (led by a tab).
public struct TextLine: Sendable {
    public let range: Range<Int>
    public let isTableLine: Bool
    /// The innermost section the line stands in.
    public let section: Int?
    public let isHeading: Bool
}

/// A sentence: a run of a logical line ending at 。！？ or at the line's end.
public struct Sentence: Sendable {
    public let range: Range<Int>
    public let line: Int
}

/// The shape of a normalised document: its lines, sentences, headings and kinds.
public struct DocumentStructure: Sendable {
    public let text: NormalisedText
    public let lines: [TextLine]
    public let sentences: [Sentence]
    public let sections: [Section]
    /// The document kinds the lexicon recognises in it (决算公开说明, 绩效自评报告 …).
    public let kinds: [String]
    /// The tables inside the text.
    public let tables: [Table]
    /// Title, unit and year as the document states them (read once, when the structure is built).
    public private(set) var info = DocumentInfo(title: "", unit: "", year: "")
    /// `sectionTitles` of every section, worked out once when the structure is built (it is asked
    /// for every figure).
    private var titlesOfSections: [[String]] = []

    /// The sentence holding the normalised position `index`.
    public func sentence(containing index: Int) -> Int {
        // The last sentence starting at or before it; the first when none does.
        max(0, sentences.partitioningIndex { $0.range.lowerBound > index } - 1)
    }

    public var scalars: [Unicode.Scalar] { text.scalars }

    /// Titles of the section and every enclosing one, outermost first.
    public func sectionTitles(_ section: Int?) -> [String] {
        guard let section, section >= 0, section < titlesOfSections.count else { return sectionPath(section).map { sections[$0].title } }
        return titlesOfSections[section]
    }

    /// Indices of the section and its ancestors, outermost first.
    public func sectionPath(_ section: Int?) -> [Int] {
        var path: [Int] = []
        var current = section
        while let s = current, s >= 0, s < sections.count {
            path.append(s)
            current = sections[s].parent
        }
        return path.reversed()
    }

    /// Builds the structure of a normalised text.
    public static func build(_ text: NormalisedText, lexicon: Lexicon) -> DocumentStructure {
        let scalars = text.scalars
        var lines: [TextLine] = []
        var sentences: [Sentence] = []
        var sections: [Section] = []
        var stack: [Int] = []  // open sections, outermost first
        var start = 0
        var lineIndex = 0
        func closeLine(_ end: Int) {
            let range = start..<end
            let isTable = start < end && scalars[start] == "\t"
            var isHeading = false
            if !isTable, let heading = HeadingParser.parse(scalars[range]) {
                while let last = stack.last, sections[last].level >= heading.level { stack.removeLast() }
                let section = Section(
                    index: sections.count, level: heading.level, marker: heading.marker, title: heading.title,
                    line: lineIndex, parent: stack.last)
                sections.append(section)
                stack.append(section.index)
                isHeading = true
            }
            lines.append(TextLine(range: range, isTableLine: isTable, section: stack.last, isHeading: isHeading))
            // Sentences.
            var sentenceStart = start
            var i = start
            while i < end {
                if ScalarText.isSentenceEnd(scalars[i]) {
                    // Keep a closing quote or bracket with its sentence.
                    var j = i + 1
                    while j < end, scalars[j] == "”" || scalars[j] == "）" || scalars[j] == "」" { j += 1 }
                    sentences.append(Sentence(range: sentenceStart..<j, line: lineIndex))
                    sentenceStart = j
                    i = j
                    continue
                }
                i += 1
            }
            if sentenceStart < end { sentences.append(Sentence(range: sentenceStart..<end, line: lineIndex)) }
            lineIndex += 1
        }
        for (i, s) in scalars.enumerated() where s == "\n" {
            closeLine(i)
            start = i + 1
        }
        closeLine(scalars.count)
        let tables = TableReader.read(lines: lines, scalars: scalars, text: text)
        // A 自评表 kind needs a scoring table in the document, not only a mention of one.
        let hasScoringTable = tables.contains { table in
            table.rows.contains { row in row.contains { $0.text.includes("分值") || $0.text == "得分" } }
        }
        let kinds = lexicon.documentKinds(of: scalars).filter { !$0.endsWith("自评表") || hasScoringTable }
        var structure = DocumentStructure(text: text, lines: lines, sentences: sentences, sections: sections, kinds: kinds, tables: tables)
        structure.titlesOfSections = sections.indices.map { structure.sectionPath($0).map { sections[$0].title } }
        structure.info = DocumentInfo.read(structure)
        return structure
    }
}

/// Recognises a heading line and its level from its numbering.
enum HeadingParser {
    struct Heading {
        var level: Int
        var marker: String
        var title: String
    }

    /// The longest a heading's title may be; a longer numbered line is a numbered paragraph.
    static let maximumTitleLength = 40

    static func parse(_ line: ArraySlice<Unicode.Scalar>) -> Heading? {
        var text = line
        while let f = text.first, ScalarText.isSpace(f) { text = text.dropFirst() }
        while let l = text.last, ScalarText.isSpace(l) { text = text.dropLast() }
        guard !text.isEmpty else { return nil }
        guard let (level, markerLength) = marker(text) else { return nil }
        var title = text.dropFirst(markerLength)
        while let f = title.first, ScalarText.isSpace(f) || f == "：" { title = title.dropFirst() }
        guard title.count <= maximumTitleLength, !containsFigure(title) else { return nil }
        if let last = title.last, last == "。" || last == "；" || last == "，" { return nil }
        return Heading(
            level: level, marker: ScalarText.string(text.prefix(markerLength)), title: ScalarText.string(title))
    }

    /// Level and length of the numbering marker at the start, if any.
    static func marker(_ text: ArraySlice<Unicode.Scalar>) -> (Int, Int)? {
        // The first 12 scalars, read in place: scalar `i` of them is `s[b + i]`.
        let s = text.prefix(12)
        let b = s.startIndex
        let n = s.count
        if n >= 4, s[b] == "第" {
            var i = 1
            while i < n, ScalarText.isChineseNumeral(s[b + i]) || ScalarText.isDigit(s[b + i]) { i += 1 }
            if i > 1, i + 1 < n, s[b + i] == "部", s[b + i + 1] == "分" { return (1, i + 2) }
        }
        if s.first == "附", ScalarText.hasPrefix(text, "附件") || ScalarText.hasPrefix(text, "附表") {
            var i = 2
            while i < n, ScalarText.isDigit(s[b + i]) || s[b + i] == "：" || s[b + i] == "." { i += 1 }
            return (1, i)
        }
        if let f = s.first, ScalarText.isChineseNumeral(f), f != "〇", f != "零", f != "两" {
            var i = 0
            while i < n, ScalarText.isChineseNumeral(s[b + i]) { i += 1 }
            if i < n, s[b + i] == "、" || s[b + i] == "." || s[b + i] == "．" || s[b + i] == "：" { return (2, i + 1) }
            return nil
        }
        if s.first == "（" || s.first == "(" {
            var i = 1
            while i < n, ScalarText.isChineseNumeral(s[b + i]) { i += 1 }
            if i > 1, i < n, s[b + i] == "）" || s[b + i] == ")" { return (3, i + 1) }
            i = 1
            while i < n, ScalarText.isDigit(s[b + i]) { i += 1 }
            if i > 1, i < n, s[b + i] == "）" || s[b + i] == ")" { return (5, i + 1) }
            return nil
        }
        if let f = s.first, ScalarText.isDigit(f) {
            var i = 0
            while i < n, ScalarText.isDigit(s[b + i]) { i += 1 }
            if i < n, s[b + i] == "、" || s[b + i] == "．" || (s[b + i] == "." && !(i + 1 < n && ScalarText.isDigit(s[b + i + 1]))) {
                return (4, i + 1)
            }
        }
        return nil
    }

    /// A title with its years taken out ("2024年度收入支出决算总体情况说明" → "收入支出决算总体情况说明"),
    /// to match the same section across two years' documents.
    static func withoutYears(_ title: String) -> String {
        var scalars = ScalarText.scalars(title)
        var i = 0
        while i + 4 < scalars.count {
            if scalars[i...(i + 3)].allSatisfy(ScalarText.isDigit), scalars[i + 4] == "年" {
                var end = i + 5
                if end < scalars.count, scalars[end] == "度" { end += 1 }
                scalars.removeSubrange(i..<end)
            } else {
                i += 1
            }
        }
        return ScalarText.string(scalars[...])
    }

    static func containsFigure(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        var i = text.startIndex
        while i < text.endIndex {
            if ScalarText.isDigit(text[i]) {
                var j = i
                while j < text.endIndex, ScalarText.isDigit(text[j]) || text[j] == "." { j += 1 }
                if j < text.endIndex, FigureScanner.unit(at: j, in: text) != nil { return true }
                i = j
            }
            i += 1
        }
        return false
    }
}
