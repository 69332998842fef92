import Foundation

/// Finds every figure of a normalised document in one linear pass: a number followed by a unit it
/// knows (元/万元/亿元, %, 人/件/批 …, 分, 平方米). Numbers without a unit in prose (years, dates,
/// list numbers, document numbers) are not figures. This is the one figure scanner.
public enum FigureScanner {
    /// Scalars that, right after a unit symbol, show it is the start of another word
    /// ("分别", "项目", "人民", "部门" …), so the number has no unit there.
    static let unitBlockers: [String: Set<Unicode.Scalar>] = [
        "分": ["别", "钟", "之", "析", "类", "配", "局", "支", "行", "院", "管", "摊", "解", "批", "期", "成", "子", "部", "值", "工", "散", "布", "级", "数", "项", "档"],
        "项": ["目", "工", "指", "任"], "人": ["民", "员", "口", "才", "事", "社", "大", "力", "群"],
        "部": ["门", "分", "署", "队", "位"], "所": ["以", "得", "属", "有", "需", "在", "长"],
        "处": ["室", "理", "置", "于", "级", "长"], "起": ["草", "来", "步", "到", "始"], "期": ["间", "限", "末", "初"],
        "场": ["所", "地", "景"], "名": ["单", "称", "义", "下"], "台": ["账", "阶"], "条": ["例", "件"],
        "次": ["数", "要", "序"], "件": ["事"], "个": ["人", "体", "别"], "户": ["籍", "口"], "家": ["庭", "属"],
        "元": ["素", "旦"], "批": ["准", "复", "示", "评"], "张": ["贴"], "份": ["额"], "床": ["位"],
        "座": ["谈"], "宗": ["旨", "教"], "例": ["如"],
    ]

    /// The unit starting at `index`, if a known unit symbol stands there and is not the start of a word.
    static func unit(at index: Int, in scalars: ArraySlice<Unicode.Scalar>) -> (Unit, Int)? {
        guard index < scalars.endIndex else { return nil }
        let first = scalars[index]
        for unit in Unit.known {
            let symbol = unit.symbol.unicodeScalars
            guard symbol.first == first else { continue }
            let end = index + symbol.count
            guard end <= scalars.endIndex, scalars[index..<end].elementsEqual(symbol) else { continue }
            if end < scalars.endIndex, let blocked = unitBlockers[unit.symbol], blocked.contains(scalars[end]) { return nil }
            return (unit, symbol.count)
        }
        return nil
    }

    /// All figures of the document, in order, with labels, concepts and measures resolved.
    public static func scan(_ structure: DocumentStructure, lexicon: Lexicon) -> [Figure] {
        let scalars = structure.scalars
        var figures: [Figure] = []
        var measureOnly: [Bool] = []
        var sentenceIndex = 0
        for (lineIndex, line) in structure.lines.enumerated() where !line.isHeading {
            let slice = scalars[line.range]
            var i = line.range.lowerBound
            var previousEnd = line.range.lowerBound
            while i < line.range.upperBound {
                guard ScalarText.isDigit(scalars[i]) else {
                    i += 1
                    continue
                }
                // Not inside a word or another number: "MM3", "A1", "1.5.3".
                if i > line.range.lowerBound {
                    let before = scalars[i - 1]
                    if ScalarText.isASCIILetter(before) || before == "." || before == "〔" || before == "[" || before == "第" {
                        i = skipNumber(from: i, in: slice)
                        continue
                    }
                }
                var end = i
                while end < line.range.upperBound, ScalarText.isDigit(scalars[end]) { end += 1 }
                var decimals = 0
                if end + 1 < line.range.upperBound, scalars[end] == ".", ScalarText.isDigit(scalars[end + 1]) {
                    var j = end + 1
                    while j < line.range.upperBound, ScalarText.isDigit(scalars[j]) { j += 1 }
                    decimals = j - end - 1
                    end = j
                }
                var numberStart = i
                if i > line.range.lowerBound, scalars[i - 1] == "-" || scalars[i - 1] == "−" {
                    let beforeSign = i >= line.range.lowerBound + 2 ? scalars[i - 2] : " "
                    if !ScalarText.isDigit(beforeSign) && !ScalarText.isASCIILetter(beforeSign) { numberStart = i - 1 }
                }
                var unitStart = end
                var multiplier: Decimal = 1
                // "1.2万人次": 万/亿 before a count unit.
                if unitStart < line.range.upperBound, scalars[unitStart] == "万" || scalars[unitStart] == "亿",
                    let (u, _) = unit(at: unitStart + 1, in: slice), u.dimension == .count
                {
                    multiplier = scalars[unitStart] == "万" ? 10_000 : 100_000_000
                    unitStart += 1
                }
                guard let (unit, unitLength) = unit(at: unitStart, in: slice) else {
                    i = end
                    continue
                }
                // A year, a date or a clause number is never followed by these; "2023年" has no unit.
                let numberText = ScalarText.string(scalars[numberStart..<end])
                guard var value = Decimal(string: numberText) else {
                    i = end
                    continue
                }
                value *= multiplier
                let figureEnd = unitStart + unitLength
                while sentenceIndex + 1 < structure.sentences.count,
                    structure.sentences[sentenceIndex].range.upperBound <= numberStart
                {
                    sentenceIndex += 1
                }
                var comparator: String? = nil
                var leadEnd = numberStart
                if leadEnd > line.range.lowerBound {
                    let c = scalars[leadEnd - 1]
                    if c == "≥" || c == "≤" || c == "=" || c == ">" || c == "<" || c == "＝" {
                        comparator = c == "＝" ? "=" : String(c)
                        leadEnd -= 1
                    }
                }
                let leadStart = labelStart(before: leadEnd, lineStart: max(line.range.lowerBound, previousEnd), in: scalars)
                let lead = Array(scalars[leadStart..<leadEnd])
                let label = LabelCleaner.clean(lead, lexicon: lexicon)
                let titles = structure.sectionTitles(line.section)
                let resolved = lexicon.resolve(label: label, sectionTitles: titles, dimension: unit.dimension)
                let id = figures.count
                measureOnly.append(resolved.concept == nil && resolved.measure != nil)
                let group = (previousEnd == numberStart && id > 0) ? figures[id - 1].group : id
                figures.append(
                    Figure(
                        id: id, numberText: multiplier == 1 ? numberText : numberText + (multiplier == 10_000 ? "万" : "亿"),
                        value: value, decimals: decimals, unit: unit, range: numberStart..<figureEnd,
                        numberRange: numberStart..<end, comparator: comparator, label: ScalarText.string(label),
                        lead: ScalarText.string(lead), concept: resolved.concept, qualifier: resolved.qualifier,
                        measure: resolved.measure ?? Lexicon.defaultMeasure, line: lineIndex, sentence: sentenceIndex,
                        section: line.section, group: group))
                previousEnd = figureEnd
                i = figureEnd
            }
        }
        inheritConcepts(&figures, measureOnly: measureOnly)
        return figures
    }

    private static func skipNumber(from i: Int, in slice: ArraySlice<Unicode.Scalar>) -> Int {
        var j = i
        while j < slice.endIndex, ScalarText.isDigit(slice[j]) || slice[j] == "." { j += 1 }
        return j
    }

    /// Where a figure's label starts: after the last clause or sentence break before it, outside any
    /// parenthesis that closes before the figure, and never before the previous figure.
    static func labelStart(before end: Int, lineStart: Int, in scalars: [Unicode.Scalar]) -> Int {
        var depth = 0
        var i = end - 1
        while i >= lineStart {
            let s = scalars[i]
            if s == "）" {
                depth += 1
            } else if s == "（" {
                if depth == 0 { return i + 1 }
                depth -= 1
            } else if depth == 0, ScalarText.isClauseBreak(s) || ScalarText.isSentenceEnd(s) {
                return i + 1
            }
            i -= 1
        }
        return lineStart
    }

    /// A label made only of a measure word ("决算数0.00万元" after "…全年预算数0.00万元") names the
    /// same concept as the figure before it in the sentence.
    static func inheritConcepts(_ figures: inout [Figure], measureOnly: [Bool]) {
        for i in figures.indices where figures[i].concept == nil && measureOnly[i] {
            var j = i - 1
            while j >= 0, figures[j].sentence == figures[i].sentence {
                if let concept = figures[j].concept, figures[j].unit.dimension == figures[i].unit.dimension {
                    figures[i].concept = concept
                    figures[i].qualifier = figures[j].qualifier
                    break
                }
                j -= 1
            }
        }
    }
}

/// Turns the text before a figure into its label: drops connectives (其中, 为, 共计 …), years,
/// list numbers and the ignorable prefixes of the lexicon.
enum LabelCleaner {
    static let leadingWords = ["其中", "包括", "分别为", "分别是", "以及", "另外", "另", "并且", "并", "和", "及", "即", "截至", "截止"]
    static let trailingWords = ["分别为", "分别是", "为", "是", "达到", "达", "约", "共计", "共有", "共", "累计"]

    static func clean(_ lead: [Unicode.Scalar], lexicon: Lexicon) -> [Unicode.Scalar] {
        var s = ArraySlice(lead)
        var changed = true
        while changed {
            changed = false
            while let f = s.first, ScalarText.isSpace(f) || f == "：" || f == "，" || f == "、" || f == "；" {
                s = s.dropFirst()
                changed = true
            }
            // List numbers: "1.", "（1）", "一是".
            if let f = s.first, ScalarText.isDigit(f) {
                var j = s.startIndex
                while j < s.endIndex, ScalarText.isDigit(s[j]) { j += 1 }
                if j < s.endIndex, s[j] == "." || s[j] == "、" {
                    s = s[(j + 1)...]
                    changed = true
                    continue
                }
                // A year or date: "2024年度", "2024年12月31日".
                if j < s.endIndex, s[j] == "年" || s[j] == "月" || s[j] == "日" {
                    var k = j + 1
                    if k < s.endIndex, s[k] == "度" { k += 1 }
                    s = s[k...]
                    changed = true
                    continue
                }
            }
            for word in leadingWords + lexicon.ignoredPrefixes where ScalarText.hasPrefix(s, word) {
                s = s.dropFirst(word.unicodeScalars.count)
                changed = true
                break
            }
        }
        changed = true
        while changed {
            changed = false
            while let l = s.last, ScalarText.isSpace(l) || l == "：" || l == "，" {
                s = s.dropLast()
                changed = true
            }
            for word in trailingWords where ScalarText.hasSuffix(s, word) && s.count > word.unicodeScalars.count {
                s = s.dropLast(word.unicodeScalars.count)
                changed = true
                break
            }
        }
        return Array(s)
    }
}
