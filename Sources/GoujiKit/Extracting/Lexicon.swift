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

    /// (alias, concept) sorted longest alias first, for suffix matching.
    private var aliasIndex: [(alias: [Unicode.Scalar], concept: String, section: String?)] = []
    /// The same entries grouped by their last scalar: a label is only compared with the aliases it can end with.
    private var aliasesByLast: [Unicode.Scalar: [(alias: [Unicode.Scalar], concept: String, section: String?)]] = [:]
    private var measureIndex: [(alias: [Unicode.Scalar], measure: String)] = []
    private var ignoredSuffixScalars: [[Unicode.Scalar]] = []
    /// Every phrase list sorted longest first, and as a `PhraseSet`: sorted and decoded once, not
    /// for every document.
    private var sortedPhrases: [String: [String]] = [:]
    private var phraseSets: [String: PhraseSet] = [:]
    /// The label cleaner with this lexicon's ignored prefixes, built once.
    private(set) var labelCleaner = LabelCleaner(ignoredPrefixes: [])

    /// Where `needle` first starts in `haystack` (a plain scan; labels are short).
    static func firstIndex(of needle: [Unicode.Scalar], in haystack: [Unicode.Scalar]) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == first {
                var j = 1
                while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

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
        var index: [(alias: [Unicode.Scalar], concept: String, section: String?)] = []
        for name in conceptOrder {
            guard let concept = concepts[name] else { continue }
            for alias in concept.aliases { index.append((Array(alias.unicodeScalars), name, nil)) }
            for (alias, section) in concept.sectionAliases { index.append((Array(alias.unicodeScalars), name, section)) }
        }
        // Longest alias first; at equal length a section-qualified alias wins.
        aliasIndex = index.sorted {
            $0.alias.count != $1.alias.count ? $0.alias.count > $1.alias.count : ($0.section != nil && $1.section == nil)
        }
        measureIndex = measures.flatMap { m in m.aliases.map { (Array($0.unicodeScalars), m.name) } }
            .sorted { $0.alias.count > $1.alias.count }
        ignoredSuffixScalars = ignoredSuffixes.map { Array($0.unicodeScalars) }
        sortedPhrases = phrases.mapValues(Lexicon.longestFirst)
        phraseSets = sortedPhrases.mapValues(PhraseSet.init)
        labelCleaner = LabelCleaner(ignoredPrefixes: ignoredPrefixes)
        aliasesByLast = [:]
        for entry in aliasIndex {
            guard let last = entry.alias.last else { continue }
            aliasesByLast[last, default: []].append(entry)
        }
    }

    /// What a label names: the concept it ends with (given the section titles the figure stands
    /// under and the figure's dimension) and the measure it states.
    public func resolve(label: [Unicode.Scalar], sectionTitles: [String], dimension: Dimension) -> (
        concept: String?, measure: String?, qualifier: String
    ) {
        let result = resolveWhole(label: label, sectionTitles: sectionTitles, dimension: dimension)
        // "政府采购金额（以合同签订为准）": a remark in brackets after the name, when the name with it is no alias.
        if result.concept == nil, label.last == "）", let open = label.lastIndex(of: "（"), open > 0 {
            let shorter = resolveWhole(label: Array(label[..<open]), sectionTitles: sectionTitles, dimension: dimension)
            if shorter.concept != nil { return shorter }
        }
        return result
    }

    private func resolveWhole(label: [Unicode.Scalar], sectionTitles: [String], dimension: Dimension) -> (
        concept: String?, measure: String?, qualifier: String
    ) {
        var stem = label
        var measure: String? = nil
        // A section-qualified alias may contain a measure word ("全年预算总额@预算绩效"): it wins.
        for entry in label.last.flatMap({ aliasesByLast[$0] }) ?? [] where entry.section != nil && label.count >= entry.alias.count {
            guard label.suffix(entry.alias.count).elementsEqual(entry.alias),
                let concept = concepts[entry.concept], Lexicon.fits(concept.type, dimension),
                let section = entry.section, sectionTitles.contains(where: { $0.includes(section) })
            else { continue }
            let measureName = measureIndex.first { label.count >= $0.alias.count && label.suffix($0.alias.count).elementsEqual($0.alias) }?.measure
            return (entry.concept, measureName, ScalarText.string(label.dropLast(entry.alias.count)))
        }
        // A trailing measure word: "因公出国（境）费全年预算数" → 全年预算数 of 因公出国（境）费.
        for (alias, name) in measureIndex where stem.count >= alias.count && stem.suffix(alias.count).elementsEqual(alias) {
            measure = name
            stem.removeLast(alias.count)
            break
        }
        if let (concept, length) = concept(endingLabel: stem, sectionTitles: sectionTitles, dimension: dimension) {
            return (concept, measure, ScalarText.string(stem.dropLast(length)))
        }
        for s in ignoredSuffixScalars {
            if stem.count > s.count, stem.suffix(s.count).elementsEqual(s) {
                let shorter = Array(stem.dropLast(s.count))
                if let (concept, length) = concept(endingLabel: shorter, sectionTitles: sectionTitles, dimension: dimension) {
                    return (concept, measure, ScalarText.string(shorter.dropLast(length)))
                }
            }
        }
        // A measure word at the start: "年初预算数为…" has already been taken; "全年预算总额X" too.
        if measure == nil {
            for (alias, name) in measureIndex {
                if let start = Lexicon.firstIndex(of: alias, in: stem) {
                    let before = Array(stem[..<start])
                    if let (concept, length) = concept(endingLabel: before, sectionTitles: sectionTitles, dimension: dimension) {
                        return (concept, name, ScalarText.string(before.dropLast(length)))
                    }
                    // A measure word inside other words ("全年预算支出金额") names no clear subject.
                    return (nil, name, ScalarText.string(stem))
                }
            }
        }
        return (nil, measure, ScalarText.string(stem))
    }

    /// The concept whose alias ends the label, and the alias length.
    private func concept(endingLabel label: [Unicode.Scalar], sectionTitles: [String], dimension: Dimension) -> (String, Int)? {
        guard let last = label.last, let candidates = aliasesByLast[last] else { return nil }
        for entry in candidates where label.count >= entry.alias.count {
            guard label.suffix(entry.alias.count).elementsEqual(entry.alias) else { continue }
            guard let concept = concepts[entry.concept], Lexicon.fits(concept.type, dimension) else { continue }
            if let section = entry.section, !sectionTitles.contains(where: { $0.includes(section) }) { continue }
            return (entry.concept, entry.alias.count)
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
        let scalars = ScalarText.scalars(name)
        for entry in aliasIndex where entry.alias.count == scalars.count && entry.alias == scalars {
            if let section = entry.section, !sectionTitles.contains(where: { $0.includes(section) }) { continue }
            return entry.concept
        }
        return nil
    }

    /// Whether a concept has many items (`[金额 多项]`: each 类 is a different one).
    public func isList(_ concept: String) -> Bool { concepts[concept]?.isList ?? false }

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
        let scalars = ScalarText.scalars(name)
        return measureIndex.first { $0.alias == scalars }?.measure
    }

    /// The document kinds whose phrases occur in the text.
    public func documentKinds(of text: [Unicode.Scalar]) -> [String] {
        // One pass over the text for every kind's phrases.
        let all = documentKinds.flatMap(\.phrases)
        let found = PhraseSet(all).occurring(in: text)
        var start = 0
        var kinds: [String] = []
        for entry in documentKinds {
            if (start..<(start + entry.phrases.count)).contains(where: found.contains) { kinds.append(entry.kind) }
            start += entry.phrases.count
        }
        return kinds
    }
}
