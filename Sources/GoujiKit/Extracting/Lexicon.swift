import Foundation

/// The vocabulary of the documents, read from `Rules/lexicon.txt`: concepts (the canonical name of
/// what a figure measures) with their aliases, measures (年初预算数, 全年预算数 …), suffixes that do
/// not change the concept, and the phrases that tell document kinds apart. A new phrasing is a new
/// line in that file, not new Swift.
public struct Lexicon: Sendable {
    /// A concept and how the documents name it.
    public struct Concept: Sendable {
        public var name: String
        public var type: ValueType
        /// Aliases valid anywhere.
        public var aliases: [String]
        /// Aliases valid only in a section whose title (or an enclosing one) contains the fragment.
        public var sectionAliases: [(alias: String, section: String)]
        /// Many figures name different items of this concept (类级支出): never a restatement.
        public var isList: Bool
        public var line: Int
    }

    /// A measure: which number of a concept a figure is (本年决算 by default; 年初预算数 …).
    public struct Measure: Sendable {
        public var name: String
        public var aliases: [String]
    }

    public private(set) var concepts: [String: Concept] = [:]
    public private(set) var conceptOrder: [String] = []
    public private(set) var measures: [Measure] = []
    public private(set) var ignoredSuffixes: [String] = []
    public private(set) var ignoredPrefixes: [String] = []
    /// Named phrase lists the claim extractor reads (变化标记, 增加词, 减少词 …).
    public private(set) var phrases: [String: [String]] = [:]
    /// Section name → the titles (fragments) a heading of that section may have (`@章节`), for
    /// the completeness rules: one section, its wording in every template family.
    public private(set) var sectionNames: [String: [String]] = [:]
    /// Document kind → phrases whose presence marks it.
    public private(set) var documentKinds: [(kind: String, phrases: [String])] = []

    /// The measure every figure has unless its label says otherwise.
    public static let defaultMeasure = "本年"

    /// Every alias, longest first (at equal length a section-qualified alias first), for suffix
    /// matching; with the concept it names, the section it is valid in and the concept's type.
    private var aliases = PhraseSet([])
    private var aliasConcepts: [String] = []
    private var aliasSections: [String?] = []
    private var aliasTypes: [ValueType] = []
    /// Every measure word, longest first, and the measure it names.
    private var measureWords = PhraseSet([])
    private var measureNames: [String] = []
    private var ignoredSuffixWords = PhraseSet([])
    /// Every document kind's phrases, one kind after another, as one set.
    private var kindPhrases = PhraseSet([])
    /// Every phrase list sorted longest first, and as a `PhraseSet`: sorted and decoded once, not
    /// for every document.
    private var sortedPhrases: [String: [String]] = [:]
    private var phraseSets: [String: PhraseSet] = [:]
    /// The ratios of table columns (`@词组 比率定义`, "控制率 = 实际在职人数 / 编制数"), read once.
    private(set) var ratioDefinitions: [(rate: String, numerator: String, denominator: String)] = []
    /// Document kind and the concept of the unit's whole budget in it (`@词组 整体口径概念`,
    /// "绩效自评报告:整体支出预算"), read once; only concepts the lexicon has.
    private(set) var wholeUnitConcepts: [(kind: String, concept: String)] = []
    /// An identity between the columns of a table row (`@词组 表内公式`), read once.
    struct RowFormula: Sendable {
        var left: String
        var terms: [(name: String, sign: Int)]
        var text: String
    }
    private(set) var rowFormulas: [RowFormula] = []
    /// Each concept's `isList`, keyed for lookups on every figure (`concepts` hashes its names as
    /// `String`s, through NFC).
    private var conceptIsList: [NameKey: Bool] = [:]
    /// The label cleaner with this lexicon's ignored prefixes, built once.
    private(set) var labelCleaner = LabelCleaner(ignoredPrefixes: [])

    public init() {}

    /// Parses the lexicon file; every malformed line is a diagnostic, collected.
    public static func parse(_ source: SourceText) -> (Lexicon, [Diagnostic]) {
        var lexicon = Lexicon()
        var diagnostics: [Diagnostic] = []
        for line in 1...max(1, source.lineStarts.count) {
            let range = source.lineRange(line)
            let raw = source.lineText(line)
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            let span = SourceSpan(start: range.lowerBound, end: range.upperBound)
            guard let equals = text.firstIndex(where: { $0 == "=" }) else {
                diagnostics.append(
                    source.diagnostic(
                        id: "lexicon.syntax", message: "词表行缺少「=」：应为「概念 [类型] = 别名, 别名」", at: span))
                continue
            }
            let head = text[..<equals].trimmingCharacters(in: .whitespaces)
            let items = splitList(String(text[text.index(after: equals)...]))
            if head.hasPrefix("@") {
                let words = head.dropFirst().split(separator: " ").map(String.init)
                switch words.first {
                case "度量" where words.count == 2:
                    lexicon.measures.append(Measure(name: words[1], aliases: items.isEmpty ? [words[1]] : items))
                case "忽略后缀":
                    lexicon.ignoredSuffixes += items
                case "忽略前缀":
                    lexicon.ignoredPrefixes += items
                case "文档类型" where words.count == 2:
                    lexicon.documentKinds.append((words[1], items))
                case "词组" where words.count == 2:
                    lexicon.phrases[words[1], default: []] += items
                case "章节" where words.count == 2:
                    lexicon.sectionNames[words[1], default: []] += items
                default:
                    diagnostics.append(
                        source.diagnostic(
                            id: "lexicon.directive",
                            message: "未知的词表指令「\(head)」；可用：@度量 名称、@忽略后缀、@忽略前缀、@文档类型 名称、@词组 名称、@章节 名称", at: span))
                }
                continue
            }
            // 概念 [类型]
            var name = head
            var type = ValueType.amount
            var isList = false
            if let open = head.firstIndex(of: "["), let close = head.firstIndex(of: "]"), open < close {
                name = head[..<open].trimmingCharacters(in: .whitespaces)
                var typeName = head[head.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
                if typeName.endsWith("多项") {
                    isList = true
                    typeName = String(typeName.dropLast(2)).trimmingCharacters(in: .whitespaces)
                }
                guard let parsed = conceptType(typeName) else {
                    diagnostics.append(
                        source.diagnostic(
                            id: "lexicon.type", message: "未知的概念类型「\(typeName)」；可用：金额、比例、数量、分值（可加「多项」）", at: span))
                    continue
                }
                type = parsed
            }
            if name.isEmpty {
                diagnostics.append(source.diagnostic(id: "lexicon.syntax", message: "词表行缺少概念名", at: span))
                continue
            }
            if let first = lexicon.concepts[name] {
                diagnostics.append(
                    source.diagnostic(
                        id: "lexicon.duplicate", message: "概念「\(name)」重复（首次定义于第\(first.line)行）", at: span))
                continue
            }
            var concept = Concept(name: name, type: type, aliases: [], sectionAliases: [], isList: isList, line: line)
            for item in items.isEmpty ? [name] : items {
                if let at = item.firstIndex(of: "@") {
                    concept.sectionAliases.append(
                        (String(item[..<at]), String(item[item.index(after: at)...])))
                } else {
                    concept.aliases.append(item)
                }
            }
            if !concept.aliases.contains(name) && concept.sectionAliases.isEmpty { concept.aliases.insert(name, at: 0) }
            lexicon.concepts[name] = concept
            lexicon.conceptOrder.append(name)
        }
        lexicon.buildIndex()
        return (lexicon, diagnostics)
    }

    static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    static func conceptType(_ name: String) -> ValueType? {
        switch name {
        case "金额": return .amount
        case "比例", "百分比": return .percent
        case "数量": return .count
        case "分值", "分": return .score
        default: return nil
        }
    }

    private mutating func buildIndex() {
        var index: [(alias: String, length: Int, concept: String, section: String?, type: ValueType)] = []
        conceptIsList = [:]
        for name in conceptOrder {
            guard let concept = concepts[name] else { continue }
            conceptIsList[NameKey(name)] = concept.isList
            for alias in concept.aliases { index.append((alias, alias.unicodeScalars.count, name, nil, concept.type)) }
            for (alias, section) in concept.sectionAliases { index.append((alias, alias.unicodeScalars.count, name, section, concept.type)) }
        }
        // Longest alias first; at equal length a section-qualified alias wins.
        index.sort { $0.length != $1.length ? $0.length > $1.length : ($0.section != nil && $1.section == nil) }
        aliases = PhraseSet(index.map(\.alias))
        aliasConcepts = index.map(\.concept)
        aliasSections = index.map(\.section)
        aliasTypes = index.map(\.type)
        let measureIndex = measures.flatMap { m in m.aliases.map { (alias: $0, length: $0.unicodeScalars.count, measure: m.name) } }
            .sorted { $0.length > $1.length }
        measureWords = PhraseSet(measureIndex.map(\.alias))
        measureNames = measureIndex.map(\.measure)
        ignoredSuffixWords = PhraseSet(ignoredSuffixes)
        kindPhrases = PhraseSet(documentKinds.flatMap(\.phrases))
        sortedPhrases = phrases.mapValues(Lexicon.longestFirst)
        phraseSets = sortedPhrases.mapValues(PhraseSet.init)
        labelCleaner = LabelCleaner(ignoredPrefixes: ignoredPrefixes)
        wholeUnitConcepts = phraseList("整体口径概念").compactMap { entry in
            let parts = entry.split(separator: ":").map(String.init)
            return parts.count == 2 && concepts[parts[1]] != nil ? (parts[0], parts[1]) : nil
        }
        ratioDefinitions = phraseList("比率定义").compactMap { entry in
            let parts = entry.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            let operands = parts.count == 2 ? parts[1].split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) } : []
            return operands.count == 2 ? (parts[0], operands[0], operands[1]) : nil
        }
        rowFormulas = phraseList("表内公式").compactMap { entry in
            let sides = entry.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            guard sides.count == 2, !sides[0].isEmpty else { return nil }
            var terms: [(String, Int)] = []
            var sign = 1
            var current = ""
            for ch in sides[1] {
                if ch == "+" || ch == "-" {
                    if !current.trimmingCharacters(in: .whitespaces).isEmpty { terms.append((current.trimmingCharacters(in: .whitespaces), sign)) }
                    current = ""
                    sign = ch == "+" ? 1 : -1
                } else {
                    current.append(ch)
                }
            }
            if !current.trimmingCharacters(in: .whitespaces).isEmpty { terms.append((current.trimmingCharacters(in: .whitespaces), sign)) }
            return terms.count >= 2 ? RowFormula(left: sides[0], terms: terms, text: entry) : nil
        }
    }

    /// What a label names: the concept it ends with (given the section titles the figure stands
    /// under and the figure's dimension) and the measure it states.
    public func resolve(label: [Unicode.Scalar], sectionTitles: [String], dimension: Dimension) -> (
        concept: String?, measure: String?, qualifier: String
    ) {
        resolve(label: label[...], sectionTitles: sectionTitles, dimension: dimension)
    }

    /// The same for a label that is part of a text (no copy is made).
    func resolve(label: ArraySlice<Unicode.Scalar>, sectionTitles: [String], dimension: Dimension) -> (
        concept: String?, measure: String?, qualifier: String
    ) {
        let result = resolveWhole(label: label, sectionTitles: sectionTitles, dimension: dimension)
        // "政府采购金额（以合同签订为准）": a remark in brackets after the name, when the name with it is no alias.
        if result.concept == nil, label.last == "）", let open = label.lastIndex(of: "（"), open > label.startIndex {
            let shorter = resolveWhole(label: label[..<open], sectionTitles: sectionTitles, dimension: dimension)
            if shorter.concept != nil { return shorter }
        }
        return result
    }

    private func resolveWhole(label: ArraySlice<Unicode.Scalar>, sectionTitles: [String], dimension: Dimension) -> (
        concept: String?, measure: String?, qualifier: String
    ) {
        var stem = label
        var measure: String? = nil
        // A section-qualified alias may contain a measure word ("全年预算总额@预算绩效"): it wins.
        if let last = label.last {
            for k in aliases.phrases(endingWith: last) where aliasSections[k] != nil {
                guard aliases.ends(label, with: k), Lexicon.fits(aliasTypes[k], dimension),
                    let section = aliasSections[k], sectionTitles.contains(where: { $0.includes(section) })
                else { continue }
                let measureName = measureWords.firstEnding(label).map { measureNames[$0] }
                return (aliasConcepts[k], measureName, ScalarText.string(label.dropLast(aliases.length(k))))
            }
        }
        // A trailing measure word: "因公出国（境）费全年预算数" → 全年预算数 of 因公出国（境）费.
        if let k = measureWords.firstEnding(stem) {
            measure = measureNames[k]
            stem = stem.dropLast(measureWords.length(k))
        }
        if let (concept, length) = concept(endingLabel: stem, sectionTitles: sectionTitles, dimension: dimension) {
            return (concept, measure, ScalarText.string(stem.dropLast(length)))
        }
        for k in 0..<ignoredSuffixWords.count where stem.count > ignoredSuffixWords.length(k) && ignoredSuffixWords.ends(stem, with: k) {
            let shorter = stem.dropLast(ignoredSuffixWords.length(k))
            if let (concept, length) = concept(endingLabel: shorter, sectionTitles: sectionTitles, dimension: dimension) {
                return (concept, measure, ScalarText.string(shorter.dropLast(length)))
            }
        }
        // A measure word at the start: "年初预算数为…" has already been taken; "全年预算总额X" too.
        if measure == nil, let (k, start) = measureWords.firstOccurring(in: stem) {
            let before = stem[..<start]
            if let (concept, length) = concept(endingLabel: before, sectionTitles: sectionTitles, dimension: dimension) {
                return (concept, measureNames[k], ScalarText.string(before.dropLast(length)))
            }
            // A measure word inside other words ("全年预算支出金额") names no clear subject.
            return (nil, measureNames[k], ScalarText.string(stem))
        }
        return (nil, measure, ScalarText.string(stem))
    }

    /// The concept whose alias ends the label, and the alias length.
    private func concept(endingLabel label: ArraySlice<Unicode.Scalar>, sectionTitles: [String], dimension: Dimension) -> (String, Int)? {
        guard let last = label.last else { return nil }
        for k in aliases.phrases(endingWith: last) where aliases.ends(label, with: k) {
            guard Lexicon.fits(aliasTypes[k], dimension) else { continue }
            if let section = aliasSections[k], !sectionTitles.contains(where: { $0.includes(section) }) { continue }
            return (aliasConcepts[k], aliases.length(k))
        }
        return nil
    }

    /// Whether a figure of this dimension can be a value of a concept of this type.
    public static func fits(_ type: ValueType, _ dimension: Dimension) -> Bool {
        switch (type, dimension) {
        case (.amount, .amount), (.percent, .percent), (.count, .count), (.score, .score): return true
        case (.quantity, _): return true
        default: return false
        }
    }

    /// The concept whose alias equals `name` exactly (or ends it), for names a sentence uses as a
    /// subject or a whole ("收入支出总体", "本年支出合计").
    public func concept(named name: String, sectionTitles: [String] = []) -> String? {
        let scalars = ScalarText.scalars(name)[...]
        for k in 0..<aliases.count where aliases.isPhrase(k, scalars) {
            if let section = aliasSections[k], !sectionTitles.contains(where: { $0.includes(section) }) { continue }
            return aliasConcepts[k]
        }
        return nil
    }

    /// Whether a concept has many items (`[金额 多项]`: each 类 is a different one); nil for a name
    /// that is not a concept.
    public func isList(_ concept: String) -> Bool? { conceptIsList[NameKey(concept)] }

    /// The phrases of a named list, longest first.
    public func phraseList(_ name: String) -> [String] {
        sortedPhrases[name] ?? Lexicon.longestFirst(phrases[name] ?? [])
    }

    /// The phrases of a named list, longest first, as a `PhraseSet`.
    func phraseSet(_ name: String) -> PhraseSet {
        phraseSets[name] ?? PhraseSet(phraseList(name))
    }

    private static func longestFirst(_ phrases: [String]) -> [String] {
        phrases.sorted { $0.unicodeScalars.count > $1.unicodeScalars.count }
    }

    /// The measure named exactly so, if any.
    public func measure(named name: String) -> String? {
        measureWords.firstEqual(ScalarText.scalars(name)[...]).map { measureNames[$0] }
    }

    /// The document kinds whose phrases occur in the text.
    public func documentKinds(of text: [Unicode.Scalar]) -> [String] {
        // One pass over the text for every kind's phrases.
        let found = kindPhrases.occurring(in: text)
        var start = 0
        var kinds: [String] = []
        for entry in documentKinds {
            if (start..<(start + entry.phrases.count)).contains(where: found.contains) { kinds.append(entry.kind) }
            start += entry.phrases.count
        }
        return kinds
    }
}
