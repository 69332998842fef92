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
        guard index < scalars.endIndex, let (k, length) = knownSymbols.match(scalars, at: index, end: scalars.endIndex) else { return nil }
        let end = index + length
        if end < scalars.endIndex, let blocked = knownBlockers[k], blocked.contains(scalars[end]) { return nil }
        return (knownUnits[k], length)
    }

    /// The known units (`unit(at:in:)` runs after every number): their symbols as a phrase set,
    /// decoded once, and the scalars that block each.
    static let knownUnits = Unit.known.filter { !$0.symbol.isEmpty }
    static let knownSymbols = PhraseSet(knownUnits.map(\.symbol))
    static let knownBlockers = knownUnits.map { unitBlockers[$0.symbol] }

    /// All figures of the document, in order, with labels, concepts and measures resolved.
    public static func scan(_ structure: DocumentStructure, lexicon: Lexicon, deadline: Deadline = .never) -> [Figure] {
        let scalars = structure.scalars
        let labelCleaner = lexicon.labelCleaner
        var figures: [Figure] = []
        var measureOnly: [Bool] = []
        var sentenceIndex = 0
        for (lineIndex, line) in structure.lines.enumerated() where !line.isHeading {
            if deadline.hasPassed { return figures }
            // A table cell holding a number is read with its table (below); a cell of prose is prose.
            if line.isTableLine {
                // The line after its first scalar, without the spaces around it.
                var cell = min(line.range.lowerBound + 1, line.range.upperBound)..<line.range.upperBound
                while let f = cell.first, ScalarText.isSpace(scalars[f]) { cell = cell.dropFirst() }
                while let l = cell.last, ScalarText.isSpace(scalars[l]) { cell = cell.dropLast() }
                if Table.isNumeric(scalars, cell) { continue }
            }
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
                var multiplier: ExactDecimal = 1
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
                guard var value = ExactDecimal(string: numberText) else {
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
                let lead = scalars[leadStart..<leadEnd]
                let label = labelCleaner.clean(lead)
                let titles = structure.sectionTitles(line.section)
                let resolved = lexicon.resolve(label: label, sectionTitles: titles, dimension: unit.dimension)
                let id = figures.count
                measureOnly.append(resolved.concept == nil && resolved.measure != nil && resolved.qualifier.isEmpty)
                let group = (previousEnd == numberStart && id > 0) ? figures[id - 1].group : id
                figures.append(
                    Figure(
                        id: id, numberText: multiplier == 1 ? numberText : numberText + (multiplier == 10_000 ? "万" : "亿"),
                        value: value, decimals: decimals, unit: unit, range: numberStart..<figureEnd,
                        numberRange: numberStart..<end, comparator: comparator, label: ScalarText.string(label),
                        lead: ScalarText.string(lead), concept: resolved.concept, qualifier: resolved.qualifier,
                        measure: resolved.measure ?? Lexicon.defaultMeasure, line: lineIndex, sentence: sentenceIndex,
                        section: line.section, group: group, table: nil))
                previousEnd = figureEnd
                i = figureEnd
            }
        }
        inheritConcepts(&figures, measureOnly: measureOnly)
        assignWholeUnitConcept(&figures, measureOnly: measureOnly, structure: structure, lexicon: lexicon)
        figures += tableFigures(structure, lexicon: lexicon, firstID: figures.count)
        // Back in document order, ids renumbered, groups kept.
        let ordered = figures.sorted { $0.range.lowerBound < $1.range.lowerBound }
        // Ids are 0..<count: the new id of each old one is an array.
        var renumber = [Int](repeating: -1, count: ordered.count)
        for (index, f) in ordered.enumerated() where f.id >= 0 && f.id < renumber.count { renumber[f.id] = index }
        return ordered.enumerated().map { index, f in
            var g = f
            let group = f.group >= 0 && f.group < renumber.count && renumber[f.group] >= 0 ? renumber[f.group] : index
            g.renumber(id: index, group: group)
            return g
        }
    }

    /// Figures of table cells. A cell without a unit takes it from its column header, its row label
    /// or the table's title rows ("（万元）", "金额单位：万元"), or is a score under 分值/得分.
    static func tableFigures(_ structure: DocumentStructure, lexicon: Lexicon, firstID: Int) -> [Figure] {
        var result: [Figure] = []
        let scalars = structure.scalars
        let funds = lexicon.phraseList("资金类别")
        let amountHeaders = Set(lexicon.phraseList("金额列名").map(NameKey.init))
        for (tableIndex, table) in structure.tables.enumerated() {
            // The first money unit the first rows mark, else the title's; the latest year a cell starts with.
            var tableUnit: Unit? = nil
            firstRows: for row in table.rows.prefix(4) {
                for cell in row {
                    if let u = moneyUnit(cell.text) {
                        tableUnit = u
                        break firstRows
                    }
                }
            }
            tableUnit = tableUnit ?? moneyUnit(table.title)
            var latestYear: Int? = nil
            for row in table.rows {
                for cell in row {
                    if let year = leadingYear(cell.text)?.year, latestYear.map({ year > $0 }) ?? true { latestYear = year }
                }
            }
            // The first money unit a header row marks, worked out once per header row.
            var headerRowUnits: [Int: Unit?] = [:]
            func headerRowUnit(_ h: Int) -> Unit? {
                if let known = headerRowUnits[h] { return known }
                let found = table.rows[h].lazy.compactMap { moneyUnit($0.text) }.first
                headerRowUnits[h] = .some(found)
                return found
            }
            // The section titles of the lines the cells stand on, with the table's title.
            var titlesSection: Int?? = .none
            var titles: [String] = []
            let fundTable = funds.contains(where: table.title.includes)
            for (r, row) in table.rows.enumerated() {
                for (c, cell) in row.enumerated() where !cell.range.isEmpty && table.numeric[r][c] && !table.isCode(row: r, column: c) {
                    var rowLabel = table.label(row: r, column: c) ?? ""
                    var header = table.columnHeader(row: r, column: c) ?? ""
                    // A header that only says "the amount" adds nothing to the row's name; a 合计 row
                    // under a named column is that column's total ("合计" + "基本支出" → 基本支出).
                    if amountHeaders.contains(NameKey(header)) {
                        header = ""
                    } else if rowLabel == "合计", !header.isEmpty {
                        rowLabel = ""
                    }
                    guard let parsed = parseNumber(scalars, cell.range) else { continue }
                    var unit = parsed.unit
                    if unit == nil {
                        if FigureScanner.scoreHeaders.contains(where: header.includes) {
                            unit = .points
                        } else if header.endsWith("率") {
                            unit = .percent
                        } else if let marked = moneyUnit(header) ?? moneyUnit(rowLabel)
                            ?? table.headerRow(for: r).flatMap(headerRowUnit) ?? tableUnit
                        {
                            unit = marked
                        }
                    }
                    guard let u = unit else { continue }
                    var stem = FigureScanner.withoutNumbering(rowLabel)
                    // A row of a classification is one item of it (named by code and name: two rows may both
                    // be 信访事务, a 款 and a 项); it is no value of the column's concept.
                    let codeColumn = row.indices.last(where: { $0 < c && table.isCode(row: r, column: $0) })
                    if let codeColumn, !stem.isEmpty { stem = row[codeColumn].text + stem }
                    for suffix in FigureScanner.stemSuffixes where stem.endsWith(suffix) { stem = String(stem.dropLast(suffix.count)) }
                    let line = structure.lines[cell.line]
                    if titlesSection != .some(line.section) {
                        titlesSection = .some(line.section)
                        titles = structure.sectionTitles(line.section) + [table.title]
                    }
                    let label = stem + header
                    // The year and the measure a header names (its year first: "2022年决算数").
                    let headerYear = leadingYear(header)
                    let headerMeasure = headerYear == nil ? lexicon.measure(named: header) : nil
                    // The row's name with its column's ("合计" + "本年支出合计"), else the row's name alone
                    // (an indicator's name under 实际完成指标值).
                    let stemScalars = ScalarText.scalars(stem)
                    let headerScalars = ScalarText.scalars(header)
                    var resolved = lexicon.resolve(label: stemScalars + headerScalars, sectionTitles: titles, dimension: u.dimension)
                    if !header.isEmpty {
                        let byRow = lexicon.resolve(label: stemScalars, sectionTitles: titles, dimension: u.dimension)
                        if resolved.concept == nil {
                            if byRow.concept != nil { resolved = byRow }
                        } else if resolved.concept == byRow.concept, headerYear == nil, headerMeasure == nil {
                            // A column that splits the row's amount (by fund: 一般公共预算财政拨款 | 政府性基金…)
                            // is a part of the row's concept, not the concept itself — unless the column
                            // names a concept or a measure of its own.
                            let headerAlone = lexicon.resolve(label: headerScalars, sectionTitles: titles, dimension: u.dimension)
                            if headerAlone.concept == nil, headerAlone.measure == nil { resolved.concept = nil }
                        }
                    }
                    if codeColumn != nil { resolved.concept = nil }
                    // A table of one fund (政府性基金预算财政拨款收入支出决算表) speaks of that fund's 年初结转和结余,
                    // 本年收入 …: not of the unit's, which the concepts name.
                    if fundTable { resolved.concept = nil }
                    var measure = resolved.measure ?? Lexicon.defaultMeasure
                    if let (year, rest) = headerYear {
                        measure = lexicon.measure(named: rest) ?? measure
                        if let latest = latestYear, year < latest, measure == Lexicon.defaultMeasure { measure = "上年数" }
                    } else if let named = headerMeasure {
                        measure = named
                    }
                    let id = firstID + result.count
                    result.append(
                        Figure(
                            id: id, numberText: parsed.text, value: parsed.value, decimals: parsed.decimals, unit: u,
                            range: parsed.numberRange.lowerBound..<(parsed.numberRange.upperBound + parsed.unitLength),
                            numberRange: parsed.numberRange, comparator: parsed.comparator, label: label, lead: "",
                            concept: resolved.concept, qualifier: resolved.qualifier, measure: measure, line: cell.line,
                            sentence: structure.sentence(containing: cell.range.lowerBound), section: line.section, group: id,
                            table: tableIndex))
                }
            }
        }
        return result
    }

    /// Column headers that make a cell without a unit a score.
    static let scoreHeaders = ["分值", "得分", "权重", "分数"]
    /// What a row's name may end with that is no part of it (its unit, a colon).
    static let stemSuffixes = ["（万元）", "（元）", "（亿元）", "：", "（%）"]

    /// In a report about one unit's whole budget (a 绩效自评报告), a label that is only a measure word
    /// ("年初批复预算数", "全年预算数", "全年实际支出资金") at the head of its paragraph speaks of the
    /// unit's whole budget: it gets the concept the lexicon names for that. A count before it, or a
    /// qualified subject ("财政资金预算部分年初预算数"), or another concept, means another subject.
    static func assignWholeUnitConcept(_ figures: inout [Figure], measureOnly: [Bool], structure: DocumentStructure, lexicon: Lexicon) {
        for (kind, concept) in lexicon.wholeUnitConcepts where structure.kinds.contains(kind) {
            for i in figures.indices where figures[i].concept == nil && measureOnly[i] && figures[i].unit.dimension == .amount {
                var j = i - 1
                var allowed = true
                while j >= 0, figures[j].line == figures[i].line {
                    let p = figures[j]
                    // A rate or an adjustment in between ("年中调减数10.51万元") does not change the subject.
                    if p.unit.dimension == .percent || (p.concept == nil && ["调减", "调增", "调整数"].contains(where: p.label.includes)) {
                        j -= 1
                        continue
                    }
                    allowed = p.concept == concept
                    break
                }
                if allowed { figures[i].concept = concept }
            }
        }
    }

    /// A row label without its numbering ("一、一般公共预算财政拨款收入" → "一般公共预算财政拨款收入").
    static func withoutNumbering(_ label: String) -> String {
        let scalars = ScalarText.scalars(label)
        guard let (level, length) = HeadingParser.marker(scalars[...]), level > 1 else { return label }
        return ScalarText.string(scalars[length...])
    }

    /// "2022年决算数" → (2022, "决算数").
    static func leadingYear(_ text: String) -> (year: Int, rest: String)? {
        // Read on the UTF-8 bytes: four ASCII digits, then 年 (E5 B9 B4), then perhaps 度 (E5 BA A6).
        let bytes = text.utf8
        guard bytes.count >= 7 else { return nil }
        var i = bytes.startIndex
        var year = 0
        for _ in 0..<4 {
            let b = bytes[i]
            guard b >= 0x30, b <= 0x39 else { return nil }
            year = year * 10 + Int(b - 0x30)
            i = bytes.index(after: i)
        }
        var rest = bytes[i...]
        guard rest.starts(with: FigureScanner.yearBytes) else { return nil }
        rest = rest.dropFirst(FigureScanner.yearBytes.count)
        if rest.starts(with: FigureScanner.fiscalYearBytes) { rest = rest.dropFirst(FigureScanner.fiscalYearBytes.count) }
        return (year, String(decoding: rest, as: UTF8.self))
    }

    /// 年, and the 度 that may follow it (年度), as UTF-8 bytes.
    private static let yearBytes = Array("年".utf8)
    private static let fiscalYearBytes = Array("度".utf8)
    private static let moneyUnits = ["亿元", "万元", "千元"].compactMap { symbol in Unit.named(symbol).map { (symbol, $0) } }
    private static let countUnitSuffixes = ["人", "个", "辆", "件", "户", "人次"].compactMap { count in Unit.named(count).map { ("（\(count)）", $0) } }

    /// The unit a header or title marks: "部门资金（万元）", "金额单位：万元", "财政供养人员情况（人）".
    static func moneyUnit(_ text: String) -> Unit? {
        // Every mark below has 元 in it or ends the text with "）": one scan rules most texts out.
        guard text.includes("元") || text.endsWith("）") else { return nil }
        for (symbol, unit) in moneyUnits where text.includes(symbol) { return unit }
        if text.includes("（元）") || text.includes("单位：元") { return .yuan }
        for (suffix, unit) in countUnitSuffixes where text.endsWith(suffix) { return unit }
        return nil
    }

    /// A number written in a cell: comparator, sign, digits, decimals, and a unit if written.
    static func parseNumber(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> (
        text: String, value: ExactDecimal, decimals: Int, numberRange: Range<Int>, comparator: String?, unit: Unit?, unitLength: Int
    )? {
        guard let number = numberExtent(scalars, range) else { return nil }
        let text = ScalarText.string(scalars[number.digits])
        guard let value = ExactDecimal(string: text) else { return nil }
        let comparator = number.digits.lowerBound > range.lowerBound ? String(scalars[range.lowerBound]) : nil
        return (text, value, number.decimals, number.digits, comparator, number.unit?.0, number.unit?.1 ?? 0)
    }

    /// Where the number of a cell stands (sign, digits and decimals, after a comparator), its
    /// decimals and its unit if written; nil when the cell holds anything else. Scalars only: no
    /// String and no value are made (`Table.isNumeric` asks this of every cell line).
    static func numberExtent(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> (digits: Range<Int>, decimals: Int, unit: (Unit, Int)?)? {
        var i = range.lowerBound
        if i < range.upperBound, "≥≤=<>".unicodeScalars.contains(scalars[i]) { i += 1 }
        let start = i
        if i < range.upperBound, scalars[i] == "-" { i += 1 }
        let integerStart = i
        while i < range.upperBound, ScalarText.isDigit(scalars[i]) { i += 1 }
        let hasInteger = i > integerStart
        var decimals = 0
        if i + 1 < range.upperBound, scalars[i] == ".", ScalarText.isDigit(scalars[i + 1]) {
            i += 1
            let d = i
            while i < range.upperBound, ScalarText.isDigit(scalars[i]) { i += 1 }
            decimals = i - d
        }
        guard hasInteger || decimals > 0 else { return nil }
        let unit = FigureScanner.unit(at: i, in: scalars[range])
        // Anything after the number and unit (a date "2023、12、31", words) makes it not a figure.
        var rest = i + (unit?.1 ?? 0)
        while rest < range.upperBound, ScalarText.isSpace(scalars[rest]) { rest += 1 }
        guard rest == range.upperBound else { return nil }
        return (start..<i, decimals, unit)
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
        for i in figures.indices where i > 0 && figures[i].concept == nil && measureOnly[i] {
            // Only from the figure just before, in the same sentence and of the same dimension:
            // "…全年预算数0.00万元，决算数0.00万元"; a count in between ("项目0个，全年预算数…") changes the subject.
            let previous = figures[i - 1]
            guard previous.sentence == figures[i].sentence, previous.unit.dimension == figures[i].unit.dimension,
                let concept = previous.concept
            else { continue }
            figures[i].concept = concept
            figures[i].qualifier = previous.qualifier
        }
    }
}

/// Turns the text before a figure into its label: drops connectives (其中, 为, 共计 …), years,
/// list numbers and the ignorable prefixes of the lexicon.
/// Takes list numbers, dates, connecting words and punctuation off the words before a figure, so
/// that what is left names it. The lexicon's ignored prefixes count as connecting words.
struct LabelCleaner {
    static let leadingWords = ["其中", "包括", "分别为", "分别是", "以及", "另外", "另", "并且", "并", "和", "及", "即", "截至", "截止"]
    static let trailingWords = ["分别为", "分别是", "为", "是", "达到", "达", "约", "共计", "共有", "共", "累计"]

    /// The leading words, then the lexicon's ignored prefixes, decoded once.
    private let leading: PhraseSet
    private let trailing: PhraseSet

    /// Built once with the lexicon (`Lexicon.labelCleaner`).
    init(ignoredPrefixes: [String]) {
        leading = PhraseSet(LabelCleaner.leadingWords + ignoredPrefixes)
        trailing = PhraseSet(LabelCleaner.trailingWords)
    }

    func clean(_ lead: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        var s = lead
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
            if !s.isEmpty, let (_, length) = leading.match(lead, at: s.startIndex, end: s.endIndex) {
                s = s.dropFirst(length)
                changed = true
            }
        }
        changed = true
        while changed {
            changed = false
            while let l = s.last, ScalarText.isSpace(l) || l == "：" || l == "，" {
                s = s.dropLast()
                changed = true
            }
            if let k = trailing.firstEnding(s, shorter: true) {
                s = s.dropLast(trailing.length(k))
                changed = true
            }
        }
        return s
    }
}
