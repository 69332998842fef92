import Foundation

/// Finds the claims of a document from its figures and the words between them. It works sentence
/// by sentence over scalars, with the phrase lists of the lexicon (变化标记, 增加词 …), and binds
/// each figure to a role only when the structure is clear: a claim it cannot bind is not made, so
/// what it does not understand produces nothing rather than noise.
public struct ClaimExtractor {
    let structure: DocumentStructure
    let figures: [Figure]
    let lexicon: Lexicon
    var claims: [Claim] = []
    /// Figure ids of each sentence, in order.
    let sentenceFigures: [[Int]]
    /// Sign a direction word gives to the figure after it (nil: no direction word).
    var directions: [Int?]
    var used: Set<Int> = []

    let increaseWords: [String]
    let decreaseWords: [String]
    let flatWords: [String]
    /// The same words as the lexicon's phrase sets, with the sign each kind gives, for
    /// `direction(ofLabel:)` (run on every figure).
    let directionWords: [(words: PhraseSet, sign: Int)]
    let labelCleaner: LabelCleaner
    /// The lexicon's 变化标记 and 原因标记, decoded once.
    let changeMarkers: PhraseSet
    let reasonMarkers: PhraseSet

    /// Extracts every claim of the document.
    /// A passed `deadline` stops it between its passes (the claims are then partial, for discarding).
    public static func extract(_ structure: DocumentStructure, figures: [Figure], lexicon: Lexicon, deadline: Deadline = .never) -> [Claim] {
        var extractor = ClaimExtractor(structure: structure, figures: figures, lexicon: lexicon)
        let passes: [(inout ClaimExtractor) -> Void] = [
            { $0.findTotals() }, { $0.findChanges() }, { $0.findBudgetsRatesAndAdjustments() }, { $0.findShares() },
            { $0.findClassification() }, { $0.findTableRates() }, { $0.findIndicators() }, { $0.findTableScoresheets() },
            { $0.findTableTotals() }, { $0.findCodeHierarchy() }, { $0.findEmptyTableStatements() }, { $0.findRowFormulas() },
            { $0.findProjectLists() }, { $0.findRestatements() }, { $0.findHeadingNumbers() }, { $0.findYears() },
        ]
        for pass in passes {
            if deadline.hasPassed { break }
            pass(&extractor)
        }
        return extractor.claims
    }

    init(structure: DocumentStructure, figures: [Figure], lexicon: Lexicon) {
        labelCleaner = lexicon.labelCleaner
        changeMarkers = lexicon.phraseSet("变化标记")
        reasonMarkers = lexicon.phraseSet("原因标记")
        self.structure = structure
        self.figures = figures
        self.lexicon = lexicon
        var perSentence = Array(repeating: [Int](), count: structure.sentences.count)
        for f in figures where f.sentence < perSentence.count { perSentence[f.sentence].append(f.id) }
        sentenceFigures = perSentence
        increaseWords = lexicon.phraseList("增加词")
        decreaseWords = lexicon.phraseList("减少词")
        flatWords = lexicon.phraseList("持平词")
        directionWords = [(lexicon.phraseSet("增加词"), 1), (lexicon.phraseSet("减少词"), -1), (lexicon.phraseSet("持平词"), 0)]
        directions = Array(repeating: nil, count: figures.count)
        for f in figures {
            directions[f.id] = direction(ofLabel: f.label)
        }
    }

    // MARK: - Helpers

    var scalars: [Unicode.Scalar] { structure.scalars }

    /// +1 / −1 / 0 when the label ends with a direction word (增加, 下降, 持平 …).
    func direction(ofLabel label: String) -> Int? {
        // Compared scalar by scalar (the words are Chinese; String.endsWith is slow on every figure).
        var text = ScalarText.scalars(label)[...]
        while let last = text.last, last == "了" || last == "率" || (last == "度" && text.dropLast().last == "幅") {
            text = text.dropLast(last == "度" ? 2 : 1)
        }
        for (words, sign) in directionWords where words.firstEnding(text) != nil { return sign }
        return nil
    }

    func isPercent(_ id: Int) -> Bool { figures[id].unit.dimension == .percent }
    func isDelta(_ id: Int) -> Bool { directions[id] != nil }

    /// Persons are counted in 人 or 名 alike; other count units stand for themselves.
    func family(_ unit: Unit) -> String {
        if unit.dimension != .count { return unit.dimension.rawValue }
        return unit.symbol == "名" ? "人" : unit.symbol
    }

    func text(_ range: Range<Int>) -> ArraySlice<Unicode.Scalar> {
        scalars[max(0, range.lowerBound)..<min(scalars.count, max(range.lowerBound, range.upperBound))]
    }

    /// Where the phrases occur in `range`, left to right, without overlaps (the first phrase of
    /// the list that matches at a position wins). Runs for every sentence: the phrases are
    /// decoded once in the set.
    func occurrences(of set: PhraseSet, in range: Range<Int>) -> [(Int, String)] {
        var found: [(Int, String)] = []
        var i = range.lowerBound
        let scalars = structure.scalars
        while i < range.upperBound {
            if let (k, length) = set.match(scalars, at: i, end: range.upperBound) {
                found.append((i, set.phrases[k]))
                i += length
            } else {
                i += 1
            }
        }
        return found
    }

    func sentenceIndex(before sentence: Int) -> Int? {
        guard sentence > 0, sentence < structure.sentences.count else { return nil }
        let previous = sentence - 1
        return structure.sentences[previous].line == structure.sentences[sentence].line ? previous : nil
    }

    mutating func add(_ kind: ClaimKind, _ fields: ClaimFields, anchor: Int) {
        claims.append(Claim(id: claims.count, kind: kind, fields: fields, anchor: anchor, sentence: figures[anchor].sentence))
    }

    // MARK: - Totals: 其中 lists, parenthetical breakdowns, 以上N类共计

    /// "其中" opens a breakdown; "以上"/"上述" a summary of the items before.
    static let breakdownMarkers = PhraseSet(["其中"])
    static let summaryMarkers = PhraseSet(["以上", "上述"])

    mutating func findTotals() {
        for (s, sentence) in structure.sentences.enumerated() {
            let ids = sentenceFigures[s]
            guard !ids.isEmpty else { continue }
            let markers = occurrences(of: ClaimExtractor.breakdownMarkers, in: sentence.range).map(\.0)
            for (k, marker) in markers.enumerated() {
                let regionEnd = k + 1 < markers.count ? markers[k + 1] : sentence.range.upperBound
                let parts = ids.filter {
                    figures[$0].range.lowerBound > marker && figures[$0].range.lowerBound < regionEnd && !isPercent($0)
                        && !isDelta($0)
                }
                guard let first = parts.first else { continue }
                var wholeCandidates = ids.filter {
                    figures[$0].range.upperBound <= marker && !isPercent($0) && !isDelta($0)
                }.reversed().map { $0 }
                if wholeCandidates.isEmpty, let previous = sentenceIndex(before: s) {
                    wholeCandidates = sentenceFigures[previous].filter { !isPercent($0) && !isDelta($0) }
                }
                guard let whole = chooseWhole(for: first, among: wholeCandidates) else { continue }
                emitTotal(whole: whole, parts: parts, lastPartEnd: figures[parts.last!].range.upperBound)
            }
            // Parenthetical breakdowns: "784批1025人（来访232批487人、网上信访552批538人）".
            for id in ids where !isPercent(id) && (id == ids.first || figures[id - 1].group != figures[id].group) {
                var groupEnd = figures[id].range.upperBound
                var next = id + 1
                while next < figures.count, figures[next].group == figures[id].group {
                    groupEnd = figures[next].range.upperBound
                    next += 1
                }
                guard groupEnd < scalars.count, scalars[groupEnd] == "（",
                    let close = matchingClose(from: groupEnd, limit: sentence.range.upperBound)
                else { continue }
                let inner = ids.filter {
                    figures[$0].range.lowerBound > groupEnd && figures[$0].range.upperBound < close && !isPercent($0)
                        && !isDelta($0)
                }
                if inner.isEmpty || ScalarText.contains(text(groupEnd..<close), "其中") { continue }
                emitTotal(whole: id, parts: inner, lastPartEnd: figures[inner.last!].range.upperBound)
            }
            // "以上三类共计671件".
            for (position, _) in occurrences(of: ClaimExtractor.summaryMarkers, in: sentence.range) {
                var i = position + 2
                var numeralEnd = i
                while numeralEnd < sentence.range.upperBound, ScalarText.isChineseNumeral(scalars[numeralEnd]) {
                    numeralEnd += 1
                }
                guard let n = ScalarText.chineseNumberValue(scalars[i..<numeralEnd]), n >= 2 else { continue }
                i = numeralEnd
                guard let total = ids.first(where: { figures[$0].range.lowerBound >= i && !isPercent($0) }),
                    figures[total].range.lowerBound - i <= 6
                else { continue }
                // Figures are in document order: the ones before it on its line are the last ones before it.
                let candidates = figures[..<total].reversed().prefix { $0.line == figures[total].line }.filter {
                    family($0.unit) == family(figures[total].unit) && !isDelta($0.id)
                }
                guard candidates.count >= n else { continue }
                let parts = candidates.prefix(n).map(\.id).reversed().map { $0 }
                add(.total, ["whole": .figure(total, sign: 1), "parts": .figures(parts), "exhaustive": .flag(true),
                             "subject": .text(figures[total].label), "classification": .flag(false), "tabular": .flag(false)], anchor: total)
            }
        }
    }

    /// The whole of a list whose first part is `part`: the nearest candidate of the same unit,
    /// else of the same unit family (人 and 名), else of the same dimension.
    func chooseWhole(for part: Int, among candidates: [Int]) -> Int? {
        let unit = figures[part].unit
        if let exact = candidates.first(where: { figures[$0].unit == unit }) { return groupHead(exact) }
        if let similar = candidates.first(where: { family(figures[$0].unit) == family(unit) }) { return groupHead(similar) }
        if unit.dimension == .count {
            return candidates.first(where: { figures[$0].unit.dimension == .count }).map(groupHead)
        }
        return nil
    }

    func groupHead(_ id: Int) -> Int { figures[id].group }

    /// The figure whose number starts at a cell's first position or the one after it (the last
    /// such figure, when two start at one place; a table's figure only, when `inTables`). Figures
    /// are in document order: a binary search, not a dictionary built by every table finder.
    func figure(startingIn cell: Table.Cell, inTables: Bool = false) -> Int? {
        figure(startingAt: cell.range.lowerBound, inTables: inTables) ?? figure(startingAt: cell.range.lowerBound + 1, inTables: inTables)
    }

    private func figure(startingAt position: Int, inTables: Bool) -> Int? {
        var i = figures.partitioningIndex { $0.numberRange.lowerBound > position } - 1
        while i >= 0, figures[i].numberRange.lowerBound == position {
            if !inTables || figures[i].table != nil { return figures[i].id }
            i -= 1
        }
        return nil
    }

    func groupMembers(_ id: Int) -> [Int] {
        var members: [Int] = []
        var i = figures[id].group
        while i < figures.count, figures[i].group == figures[id].group {
            members.append(i)
            i += 1
        }
        return members
    }

    func matchingClose(from open: Int, limit: Int) -> Int? {
        var depth = 0
        var i = open
        while i < limit {
            if scalars[i] == "（" { depth += 1 }
            if scalars[i] == "）" {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    /// One total claim per unit family of the whole's group ("169批296人" gives one for 批, one for 人).
    mutating func emitTotal(whole: Int, parts: [Int], lastPartEnd: Int) {
        // Parts measured differently (年初预算数, 全年预算数, 决算数 of one item) are not a sum.
        // (Two measures at least: one differs from the first; no set of Chinese names is hashed.)
        if let first = parts.first.map({ figures[$0].measure }), parts.contains(where: { figures[$0].measure != first }) { return }
        let hasEtc = lastPartEnd < scalars.count && (scalars[lastPartEnd] == "等" || (lastPartEnd + 1 < scalars.count && scalars[lastPartEnd + 1] == "等"))
        for member in groupMembers(whole) {
            let fam = family(figures[member].unit)
            let memberParts = parts.filter { family(figures[$0].unit) == fam }
            guard !memberParts.isEmpty, !memberParts.contains(member) else { continue }
            add(.total, ["whole": .figure(member, sign: 1), "parts": .figures(memberParts),
                         "exhaustive": .flag(memberParts.count >= 2 && !hasEtc), "subject": .text(figures[groupHead(member)].label),
                         "classification": .flag(false), "tabular": .flag(false)],
                anchor: member)
            used.insert(member)
        }
    }

    // MARK: - Changes: 比上年增加X万元，增长Y%

    /// The longest subject read back from a change marker ("…比上年增加"): longer is not a name, and
    /// reading further would make a long sentence of many markers quadratic.
    static let maximumSubjectLength = 200

    mutating func findChanges() {
        let flat = lexicon.phraseSet("持平词")
        // Work per marker is bounded by the figures between it and the next marker; everything else
        // is looked up (binary search over figures in document order), so a long sentence with many
        // markers stays linear.
        var plainBySentence: [Int: PlainFigures] = [:]
        func plain(_ sentence: Int) -> PlainFigures {
            if let known = plainBySentence[sentence] { return known }
            let made = PlainFigures(sentenceFigures[sentence].filter { !isPercent($0) && !isDelta($0) }, figures: figures)
            plainBySentence[sentence] = made
            return made
        }
        /// The default measure's figures by concept and section, in document order.
        struct ConceptInSection: Hashable {
            var concept: NameKey
            var section: Int
        }
        var earlier: [ConceptInSection: [Int]]? = nil
        for (s, sentence) in structure.sentences.enumerated() {
            let found = occurrences(of: changeMarkers, in: sentence.range)
            guard !found.isEmpty else { continue }
            let ids = sentenceFigures[s]
            let starts = ids.map { figures[$0].range.lowerBound }
            for (k, (position, _)) in found.enumerated() {
                var regionEnd = k + 1 < found.count ? found[k + 1].0 : sentence.range.upperBound
                if let reason = occurrences(of: reasonMarkers, in: position..<regionEnd).first { regionEnd = reason.0 }
                // The first delta and the first percentage starting strictly inside the region.
                var delta: Int? = nil
                var percent: Int? = nil
                var j = starts.partitioningIndex { $0 > position }
                while j < ids.count, starts[j] < regionEnd, delta == nil || percent == nil {
                    let id = ids[j]
                    if isDelta(id) {
                        if isPercent(id) { percent = percent ?? id } else { delta = delta ?? id }
                    }
                    j += 1
                }
                // "与上年持平": a change of zero said in words, with or without figures.
                let saysFlat = !occurrences(of: flat, in: position..<regionEnd).isEmpty
                guard delta != nil || percent != nil || saysFlat else { continue }
                // The current value: the figure before the marker, or the subject the clause names.
                var current: Int? = nil
                var subject = ""
                let wanted = delta.map { figures[$0].unit.dimension }
                current = plain(s).last(endingBy: position, dimension: wanted)
                if let c = current {
                    subject = figures[c].label
                } else {
                    // The clause before the marker, read back at most `maximumSubjectLength` scalars.
                    let clauseStart = FigureScanner.labelStart(
                        before: position, lineStart: max(sentence.range.lowerBound, position - ClaimExtractor.maximumSubjectLength), in: scalars)
                    subject = ScalarText.string(labelCleaner.clean(text(clauseStart..<position)))
                    let line = structure.lines[sentence.line]
                    if !subject.isEmpty, let concept = lexicon.concept(named: subject, sectionTitles: structure.sectionTitles(line.section)) {
                        // The last figure of that concept (本年, same section) before this sentence's figures.
                        if earlier == nil {
                            var index: [ConceptInSection: [Int]] = [:]
                            for f in figures where f.measure == Lexicon.defaultMeasure {
                                guard let c = f.concept else { continue }
                                index[ConceptInSection(concept: NameKey(c), section: f.section ?? -1), default: []].append(f.id)
                            }
                            earlier = index
                        }
                        let bound = ids.first ?? figures.count
                        if let list = earlier?[ConceptInSection(concept: NameKey(concept), section: line.section ?? -1)] {
                            let n = list.partitioningIndex { $0 > bound - 1 }
                            current = n > 0 ? list[n - 1] : nil
                        }
                    } else if subject.isEmpty, let previous = sentenceIndex(before: s) {
                        current = plain(previous).first(dimension: wanted)
                        if let c = current { subject = figures[c].label }
                    }
                }
                guard let currentID = current else { continue }
                var fields: ClaimFields = [
                    "current": .figure(currentID, sign: 1), "subject": .text(subject.isEmpty ? figures[currentID].label : subject),
                ]
                if let d = delta, let sign = directions[d] {
                    fields["delta"] = .figure(d, sign: 1)
                    fields["signed_delta"] = .figure(d, sign: sign)
                    fields["direction"] = .number(ExactDecimal(sign))
                    fields["direction_word"] = .text(figures[d].label)
                    fields["previous"] = .sum([(currentID, 1), (d, -sign)])
                }
                if let p = percent, let sign = directions[p] {
                    fields["percent"] = .figure(p, sign: 1)
                    fields["signed_percent"] = .figure(p, sign: sign)
                    fields["percent_direction"] = .number(ExactDecimal(sign))
                    fields["percent_word"] = .text(figures[p].label)
                }
                used.formUnion([delta, percent].compactMap { $0 })
                fields["explained"] = .flag(reasonFollows(position))
                fields["says_flat"] = .flag(saysFlat)
                if delta == nil, percent == nil {
                    fields["previous"] = .sum([(currentID, 1)])
                    // "比上年减少1.00万元，与上年持平": the change just stated about the same figure says so too.
                    if let k = claims.lastIndex(where: { $0.kind == .change }), case .figure(currentID, _)? = claims[k].fields["current"],
                        claims[k].fields["delta"] != nil
                    {
                        claims[k].fields["says_flat"] = .flag(true)
                    }
                }
                add(.change, fields, anchor: percent ?? delta ?? currentID)
            }
        }
    }

    // MARK: - Budget vs final, execution rates, adjustments

    mutating func findBudgetsRatesAndAdjustments() {
        for f in figures where f.unit.dimension == .percent && !used.contains(f.id) {
            let label = f.label
            if label.includes("差异率") || (label.includes("完成") && label.includes("预算")) {
                let budget = nearestAmount(before: f) { $0.includes("预算") && !$0.includes("决算") && !$0.includes("执行") }
                let final = nearestAmount(before: f) { $0.includes("决算") || $0.includes("执行数") || $0.includes("实际支出") }
                guard let b = budget, let d = final, b != d else { continue }
                var fields: ClaimFields = [
                    "budget": .figure(b, sign: 1), "final": .figure(d, sign: 1), "subject": .text(figures[b].label),
                ]
                fields[label.includes("差异率") ? "rate" : "completion"] = .figure(f.id, sign: 1)
                fields["explained"] = .flag(reasonFollows(f.range.lowerBound))
                used.insert(f.id)
                add(.budget, fields, anchor: f.id)
            } else if label.endsWith("执行率") {
                let denominator = nearestAmount(before: f) {
                    $0.includes("预算") && !$0.includes("调减") && !$0.includes("调增") && !$0.includes("执行") && !$0.includes("实际")
                        && !$0.includes("决算")
                }
                let numerator =
                    nearestAmount(before: f) { ($0.includes("执行") || $0.includes("实际")) && !$0.includes("预算数") }
                    ?? nearestAmount(before: f) { $0.includes("决算") }
                    ?? nearestAmount(before: f) { $0.includes("支出") && !$0.includes("预算") }
                guard let n = numerator, let d = denominator, n != d else { continue }
                used.insert(f.id)
                add(.rate, ["numerator": .figure(n, sign: 1), "denominator": .figure(d, sign: 1),
                            "percent": .figure(f.id, sign: 1), "name": .text("执行率")], anchor: f.id)
            } else if label.endsWith("调整率") {
                let initial = nearestAmount(before: f) { $0.includes("年初") }
                let decrease = nearestAmount(before: f) { $0.includes("调减") }
                let increase = nearestAmount(before: f) { $0.includes("调增") }
                let final = nearestAmount(before: f) { $0.includes("调整后") || $0.includes("全年预算") }
                guard let i = initial else { continue }
                var fields: ClaimFields = ["initial": .figure(i, sign: 1), "rate": .figure(f.id, sign: 1)]
                if let d = decrease { fields["change"] = .figure(d, sign: -1) } else if let u = increase { fields["change"] = .figure(u, sign: 1) }
                if let fi = final, fi != i { fields["final"] = .figure(fi, sign: 1) }
                used.insert(f.id)
                add(.adjustment, fields, anchor: f.id)
            }
        }
    }

    /// The nearest amount before `figure` in its sentence, then in earlier sentences of its line,
    /// whose label satisfies `accept`.
    func nearestAmount(before figure: Figure, where accept: (String) -> Bool) -> Int? {
        var j = figure.id - 1
        while j >= 0, figures[j].line == figure.line {
            let f = figures[j]
            if f.unit.dimension == .amount, !isDelta(j), accept(f.label) { return j }
            j -= 1
        }
        return nil
    }

    // MARK: - Shares: 占Y%

    /// What a share's whole may end with that is no part of its name ("占支出的比重").
    static let shareSuffixes = ["的比重", "的比例", "比重", "比例", "的"]

    mutating func findShares() {
        var pendingGroup: [(share: Int, part: Int)] = []
        var groupSection: Int? = nil
        var groupLine = -1
        var lastImplicitWhole: (line: Int, whole: ClaimField)? = nil
        var totalOfPart: [Int: Int] = [:]
        for claim in claims where claim.kind == .total {
            if case .figures(let parts)? = claim.fields["parts"], case .figure(let whole, _)? = claim.fields["whole"] {
                for p in parts where totalOfPart[p] == nil { totalOfPart[p] = whole }
            }
        }
        let wholesOfTotals = Set(claims.filter { $0.kind == .total }.compactMap { claim -> Int? in
            if case .figure(let w, _)? = claim.fields["whole"] { return w } else { return nil }
        })
        // Figures of the default measure by concept, in document order: built at the first named whole.
        var byConcept: [NameKey: [Int]]? = nil
        func flushGroup(_ extractor: inout ClaimExtractor) {
            if pendingGroup.count >= 2 {
                let whole = ClaimField.sum(pendingGroup.map { ($0.part, 1) })
                for entry in pendingGroup {
                    extractor.add(.share, ["part": .figure(entry.part, sign: 1), "whole": whole,
                                           "percent": .figure(entry.share, sign: 1), "subject": .text(extractor.figures[entry.part].label),
                                           "whole_name": .text("各项之和")], anchor: entry.share)
                }
            }
            pendingGroup = []
        }
        for f in figures where f.unit.dimension == .percent && !used.contains(f.id) {
            let label = ScalarText.scalars(f.label)
            guard let zhan = label.lastIndex(of: "占") else { continue }
            let subject = ScalarText.string(label[..<zhan])
            var wholeName = Array(label[(zhan + 1)...])
            for suffix in ClaimExtractor.shareSuffixes where ScalarText.hasSuffix(wholeName[...], suffix) {
                wholeName.removeLast(suffix.unicodeScalars.count)
                break
            }
            var part: Int? = nil
            if subject.isEmpty, f.id > 0, figures[f.id - 1].sentence == f.sentence, !isPercent(f.id - 1), !isDelta(f.id - 1) {
                part = f.id - 1
            }
            var fields: ClaimFields = ["percent": .figure(f.id, sign: 1), "subject": .text(subject)]
            if let p = part {
                fields["part"] = .figure(p, sign: 1)
                if subject.isEmpty { fields["subject"] = .text(figures[p].label) }
            }
            if !wholeName.isEmpty {
                let name = ScalarText.string(wholeName)
                fields["whole_name"] = .text(name)
                if byConcept == nil {
                    var index: [NameKey: [Int]] = [:]
                    for g in figures where g.measure == Lexicon.defaultMeasure {
                        if let c = g.concept { index[NameKey(c), default: []].append(g.id) }
                    }
                    byConcept = index
                }
                if let whole = resolveWhole(named: name, before: f, part: part, byConcept: byConcept!, wholesOfTotals: wholesOfTotals) {
                    fields["whole"] = .figure(whole, sign: 1)
                    let counts = groupMembers(whole).filter { figures[$0].unit.dimension == .count }
                    if !counts.isEmpty { fields["whole_counts"] = .figures(counts) }
                }
                add(.share, fields, anchor: f.id)
                continue
            }
            guard let p = part else { continue }
            if let whole = totalOfPart[p] {
                fields["whole"] = .figure(whole, sign: 1)
                fields["whole_name"] = .text(figures[whole].label)
                lastImplicitWhole = (f.line, .figure(whole, sign: 1))
                add(.share, fields, anchor: f.id)
            } else if let last = lastImplicitWhole, last.line == f.line {
                fields["whole"] = last.whole
                add(.share, fields, anchor: f.id)
            } else {
                if f.section != groupSection || f.line > groupLine + 2 { flushGroup(&self) }
                groupSection = f.section
                groupLine = f.line
                pendingGroup.append((f.id, p))
            }
        }
        flushGroup(&self)
        groupShares()
    }

    /// Shares of the same whole in one paragraph form a group whose percentages add up to at most
    /// 100%, and to 100% when they cover every part of an exhaustive list. A share whose part is
    /// itself a total of other listed parts ("以上三类共计671件，占…") is left out.
    mutating func groupShares() {
        var totals: [Int: (parts: Set<Int>, exhaustive: Bool)] = [:]
        for claim in claims where claim.kind == .total {
            if case .figure(let whole, _)? = claim.fields["whole"], case .figures(let parts)? = claim.fields["parts"],
                case .flag(let exhaustive)? = claim.fields["exhaustive"]
            {
                totals[whole] = (Set(parts), exhaustive)
            }
        }
        var groups: [String: [(share: Int, part: Int?, whole: Int?)]] = [:]
        var order: [String] = []
        // The whole's name in the first share claim of each percentage.
        var wholeNames: [Int: ClaimField?] = [:]
        for claim in claims where claim.kind == .share {
            if wholeNames[claim.anchor] == nil { wholeNames[claim.anchor] = .some(claim.fields["whole_name"]) }
            guard case .figure(let percent, _)? = claim.fields["percent"] else { continue }
            var part: Int? = nil
            if case .figure(let p, _)? = claim.fields["part"] { part = p }
            if let p = part, totals[p] != nil { continue }
            let key: String
            var whole: Int? = nil
            switch claim.fields["whole"] {
            case .figure(let w, _)?:
                key = "\(figures[percent].line)#\(w)"
                whole = w
            case .sum(let terms)?: key = "\(figures[percent].line)#sum\(terms.map { "\($0.figure)" }.joined(separator: ","))"
            default:
                guard case .text(let name)? = claim.fields["whole_name"] else { continue }
                key = "\(figures[percent].line)#\(name)"
            }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((percent, part, whole))
        }
        for key in order {
            guard let members = groups[key], members.count >= 2 else { continue }
            var exhaustive = key.includes("#sum")
            if let whole = members[0].whole, let total = totals[whole], total.exhaustive {
                exhaustive = Set(members.compactMap(\.part)) == total.parts
            }
            let name: String
            if case .text(let n)?? = wholeNames[members[0].share] {
                name = n
            } else {
                name = members[0].whole.map { figures[$0].label } ?? "同一总额"
            }
            add(.shares, ["percents": .figures(members.map(\.share)), "exhaustive": .flag(exhaustive), "whole_name": .text(name)],
                anchor: members[0].share)
        }
    }

    /// The figure a share is "of", when the text names it ("占本年支出合计的", "占信访总量").
    func resolveWhole(
        named name: String, before share: Figure, part: Int?, byConcept: [NameKey: [Int]], wholesOfTotals: Set<Int>
    ) -> Int? {
        let line = structure.lines[share.line]
        let partDimension = part.map { figures[$0].unit.dimension }
        func fits(_ f: Figure) -> Bool {
            f.unit.dimension != .percent && !isDelta(f.id) && f.id != part
                && (partDimension == nil || f.unit.dimension == partDimension
                    || (partDimension == .count && f.unit.dimension == .count))
        }
        if let concept = lexicon.concept(named: name, sectionTitles: structure.sectionTitles(line.section)) {
            // The nearest earlier figure of the concept (default measure) that fits.
            let ids = byConcept[NameKey(concept)] ?? []
            let end = ids.partitioningIndex { $0 >= share.id }
            if let id = ids[..<end].reversed().first(where: { fits(figures[$0]) }) {
                return pick(id, part: part)
            }
            return nil
        }
        var stem = name
        for suffix in ["总量", "总额", "总数", "总计", "合计", "总和", "总"] where stem.endsWith(suffix) && stem.count > suffix.count {
            stem = String(stem.dropLast(suffix.count))
            break
        }
        let totalWords = ["共计", "合计", "总计", "总量", "总数", "共"]
        // Figures are in document order: the ones within three lines are the last ones before it.
        let nearby = figures[..<share.id].reversed().prefix { share.line - $0.line <= 3 }.filter(fits)
        if let f = nearby.first(where: { f in f.lead.includes(stem) && totalWords.contains { f.lead.includes(stem + $0) } }) {
            return pick(f.id, part: part)
        }
        if let f = nearby.first(where: { wholesOfTotals.contains($0.id) && $0.label.includes(stem) }) { return pick(f.id, part: part) }
        if let f = nearby.first(where: { $0.label == stem }) { return pick(f.id, part: part) }
        return nil
    }

    /// In a group ("784批1025人"), the member in the part's unit family, else the first.
    func pick(_ id: Int, part: Int?) -> Int {
        let members = groupMembers(id)
        if let p = part, let same = members.first(where: { family(figures[$0].unit) == family(figures[p].unit) }) { return same }
        return members.first ?? id
    }

    // MARK: - Classification in prose: 类 = Σ 项

    /// "1.一般公共服务支出(类)135.37万元" lists the 类; "…(类)…(款)…(项):支出决算数为60.59万元，比上年决算增加…"
    /// lists the 项. Each 类 equals the sum of its 项, the total (a concept of the phrase list
    /// 功能分类总额) equals the sum of all 项, and so do their previous-year values.
    /// The marks of a 类 and of a 项 in a classification's name.
    static let classificationMarkers = PhraseSet(["（类）", "（项）"])

    mutating func findClassification() {
        let classMarker = Array("（类）".unicodeScalars)
        var items: [(id: Int, className: String, sentence: Int)] = []
        for (s, sentence) in structure.sentences.enumerated() {
            guard let first = sentenceFigures[s].first(where: { figures[$0].unit.dimension == .amount }) else { continue }
            // The words before its first amount name a 类 and then a 项.
            let head = sentence.range.lowerBound..<figures[first].range.lowerBound
            let found = occurrences(of: ClaimExtractor.classificationMarkers, in: head)
            guard let classAt = found.first(where: { $0.1 == "（类）" })?.0, let itemAt = found.first(where: { $0.1 == "（项）" })?.0,
                classAt < itemAt
            else { continue }
            items.append((first, className(scalars[head.lowerBound..<classAt]), s))
        }
        guard !items.isEmpty else { return }
        var previousOf: [Int: [(figure: Int, sign: Int)]] = [:]
        for claim in claims where claim.kind == .change {
            if case .figure(let current, _)? = claim.fields["current"], case .sum(let terms)? = claim.fields["previous"] {
                previousOf[current] = terms
            }
        }
        let classConcepts = Set(lexicon.phraseList("功能分类类级概念"))
        for f in figures where f.concept.map(classConcepts.contains) == true {
            let name = className(ScalarText.scalars(f.label).dropLast(classMarker.count))
            let parts = items.filter { $0.className == name && $0.id != f.id }.map(\.id)
            guard !parts.isEmpty else { continue }
            add(.total, ["whole": .figure(f.id, sign: 1), "parts": .figures(parts), "exhaustive": .flag(true),
                         "subject": .text(f.label), "classification": .flag(true), "tabular": .flag(false)], anchor: f.id)
        }
        let totals = Set(lexicon.phraseList("功能分类总额"))
        let firstItem = figures[items[0].id]
        let sectionOfItems = structure.sectionPath(firstItem.section).first
        guard let whole = figures[..<firstItem.id].last(where: {
            $0.concept.map(totals.contains) == true && $0.measure == Lexicon.defaultMeasure
                && structure.sectionPath($0.section).first == sectionOfItems
        }) else { return }
        var fields: ClaimFields = [
            "whole": .figure(whole.id, sign: 1), "parts": .figures(items.map(\.id)), "exhaustive": .flag(true),
            "subject": .text(whole.label), "classification": .flag(true), "tabular": .flag(false),
        ]
        let previous = items.compactMap { previousOf[$0.id] }
        if let wholePrevious = previousOf[whole.id], previous.count == items.count {
            fields["previous_whole"] = .sum(wholePrevious)
            fields["previous_parts"] = .sums(previous)
        }
        add(.total, fields, anchor: whole.id)
    }

    /// "1.一般公共服务支出" → "一般公共服务支出": the 类 name without its list number.
    func className(_ text: ArraySlice<Unicode.Scalar>) -> String {
        ScalarText.string(labelCleaner.clean(text))
    }

    // MARK: - Restatements: the same concept at the same measure stated again

    /// Each later statement of a concept (at the same measure) is paired with the first one, so a
    /// rule can require them to agree — text with text, and text with its tables.
    mutating func findRestatements() {
        /// A concept at a measure, with a qualifier: the same quantity wherever it is stated.
        struct SameQuantity: Hashable {
            var concept: NameKey
            var measure: NameKey
            var qualifier: NameKey
        }
        var first: [SameQuantity: Int] = [:]
        first.reserveCapacity(figures.count)
        let tablesRestate = lexicon.phraseList("表间复述").contains(where: structure.kinds.contains)
        for f in figures {
            // A change ("公务接待费支出决算减少0.15万元") is not the concept's value.
            guard let concept = f.concept, lexicon.isList(concept) == false, !isDelta(f.id) else { continue }
            let key = SameQuantity(concept: NameKey(concept), measure: NameKey(f.measure), qualifier: NameKey(f.qualifier))
            guard let earlier = first[key] else {
                first[key] = f.id
                continue
            }
            let e = figures[earlier]
            // Two tables may speak of different subjects (a 自评表's 整体 and 项目): pair text with text or
            // with a table — except in the kinds of document whose tables restate each other (the nine
            // 决算 tables: 收入支出决算总表's 本年支出合计 is 支出决算表's 合计).
            if let a = e.table, let b = f.table, a != b, !tablesRestate { continue }
            add(.restatement, ["first": .figure(earlier, sign: 1), "again": .figure(f.id, sign: 1), "concept": .text(concept),
                               "same_digits": .flag(e.numberText == f.numberText && e.unit == f.unit)], anchor: f.id)
        }
    }

    // MARK: - Tables: 执行率 = 执行数 / 预算数 in each row

    /// In a table with 执行率, 执行数 and 预算数 columns (自评表 资金 rows), each row's rate.
    mutating func findTableRates() {
        let ratios = lexicon.ratioDefinitions
        for table in structure.tables {
            for (r, row) in table.rows.enumerated() {
                // Ratios the lexicon defines by their columns (控制率 = 实际在职人数 / 编制数).
                for ratio in ratios {
                    var cells: [String: Int] = [:]
                    for (c, cell) in row.enumerated() {
                        guard let header = table.columnHeader(row: r, column: c),
                            let id = self.figure(startingIn: cell)
                        else { continue }
                        if header.endsWith(ratio.rate) { cells["rate"] = id }
                        if header.endsWith(ratio.numerator) { cells["numerator"] = id }
                        if header.endsWith(ratio.denominator) { cells["denominator"] = id }
                    }
                    if let p = cells["rate"], let n = cells["numerator"], let d = cells["denominator"], figures[p].unit.dimension == .percent {
                        add(.rate, ["numerator": .figure(n, sign: 1), "denominator": .figure(d, sign: 1), "percent": .figure(p, sign: 1),
                                    "name": .text(ratio.rate)], anchor: p)
                    }
                }
                // An indicator row of a 自评表: 年度指标值, 实际完成值, 分值, 得分.
                var target: Int? = nil
                var actual: Int? = nil
                var weightCell: Int? = nil
                var scoreCell: Int? = nil
                for (c, cell) in row.enumerated() {
                    guard let header = table.columnHeader(row: r, column: c),
                        let id = self.figure(startingIn: cell)
                    else { continue }
                    if header.includes("指标值") && !header.includes("实际") && !header.includes("完成") { target = id }
                    if header.includes("实际完成") { actual = id }
                    if figures[id].unit.dimension == .score, header.includes("分值") || header.includes("权重") { weightCell = id }
                    if figures[id].unit.dimension == .score, header.includes("得分") { scoreCell = id }
                }
                if let t = target, let a = actual, let w = weightCell, let sc = scoreCell, figures[t].unit.dimension == figures[a].unit.dimension {
                    let comparator = figures[t].comparator
                    let direction = comparator == "≤" || comparator == "<" ? -1 : (comparator == "=" ? 0 : 1)
                    add(.indicator, ["target": .figure(t, sign: 1), "actual": .figure(a, sign: 1), "weight": .exact(w), "score": .figure(sc, sign: 1),
                                     "direction": .number(ExactDecimal(direction)), "explained": .flag(false), "name": .text(table.rowLabel(r) ?? "")],
                        anchor: sc)
                }
                var rate: Int? = nil
                var score: Int? = nil
                var weight: Int? = nil
                var executed: Int? = nil
                var budget: (id: Int, full: Bool)? = nil
                for (c, cell) in row.enumerated() {
                    guard let header = table.columnHeader(row: r, column: c),
                        let id = self.figure(startingIn: cell)
                    else { continue }
                    if header.includes("执行率") {
                        rate = id
                    } else if header.includes("得分") {
                        score = id
                    } else if header.includes("分值") || header.includes("权重") {
                        weight = id
                    } else if header.includes("执行数") || header.includes("执行金额") {
                        executed = id
                    } else if header.includes("预算数") {
                        let full = header.includes("全年") || header.includes("调整后")
                        if budget == nil || (full && !budget!.full) { budget = (id, full) }
                    }
                }
                if let p = rate, let s = score, figures[p].unit.dimension == .percent {
                    var fields: ClaimFields = ["rate": .figure(p, sign: 1), "score": .figure(s, sign: 1)]
                    if let w = weight { fields["weight"] = .exact(w) }
                    add(.ratescore, fields, anchor: s)
                }
                guard let p = rate, let n = executed, let d = budget?.id,
                    figures[n].unit.dimension == .amount, figures[d].unit.dimension == .amount
                else { continue }
                add(.rate, ["numerator": .figure(n, sign: 1), "denominator": .figure(d, sign: 1), "percent": .figure(p, sign: 1),
                            "name": .text("执行率")], anchor: p)
            }
        }
    }

    // MARK: - Performance reports: indicators, execution-rate scores, score sheets, grades

    /// "X：该指标预期指标值为大于等于1500件，年中监控实际完成值为751件，本次评价…1773件，该指标完成率为
    /// 118.20%…该指标权重分值为25分，自评得分25分。" — from a target to the score after it. Also
    /// "执行率为88.86%，得8.89分", and the sheet the scores add up to (综合得分) with its grade.
    mutating func findIndicators() {
        let targetWords = lexicon.phraseList("指标目标")
        let actualWords = lexicon.phraseList("指标实际值")
        let midYearWords = lexicon.phraseList("指标年中值")
        var indicatorScores: [Int] = []
        var indicatorWeights: [Int] = []
        var rateScore: Int? = nil
        var i = 0
        while i < figures.count {
            let f = figures[i]
            // 执行率为88.86%，得8.89分
            if f.unit.dimension == .percent, f.table == nil, f.label.endsWith("执行率"), i + 1 < figures.count,
                figures[i + 1].unit.dimension == .score, figures[i + 1].sentence == f.sentence,
                figures[i + 1].label.endsWith("得") || figures[i + 1].label.endsWith("得分")
            {
                add(.ratescore, ["rate": .figure(i, sign: 1), "score": .figure(i + 1, sign: 1)], anchor: i + 1)
                rateScore = i + 1
                i += 2
                continue
            }
            guard f.table == nil, targetWords.contains(where: f.label.includes) else {
                i += 1
                continue
            }
            var fields: ClaimFields = ["target": .figure(i, sign: 1)]
            var direction = 1
            let label = f.label
            if f.comparator == "≤" || f.comparator == "<" || label.endsWith("小于等于") || label.endsWith("不超过") || label.endsWith("小于") {
                direction = -1
            } else if f.comparator == "=" || (label.endsWith("等于") && !label.endsWith("大于等于")) {
                direction = 0
            }
            fields["direction"] = .number(ExactDecimal(direction))
            var j = i + 1
            var score: Int? = nil
            while j < figures.count, figures[j].section == f.section, figures[j].table == nil,
                !targetWords.contains(where: figures[j].label.includes)
            {
                let g = figures[j]
                let sameKind = g.unit.dimension == f.unit.dimension
                if midYearWords.contains(where: g.label.includes) {
                    // 年中监控值: bound only, for a cumulative count, by the final count.
                    if g.unit.dimension == .count, fields["midyear_count"] == nil { fields["midyear_count"] = .figure(j, sign: 1) }
                } else if sameKind, actualWords.contains(where: g.label.includes) {
                    if case .figure(let first, _)? = fields["actual"] {
                        // The actual value stated again in the same indicator ("本次评价实际完成值为100%").
                        add(.restatement, ["first": .figure(first, sign: 1), "again": .figure(j, sign: 1), "concept": .text("本次评价完成值"),
                                           "same_digits": .flag(figures[first].numberText == g.numberText && figures[first].unit == g.unit)], anchor: j)
                    } else {
                        fields["actual"] = .figure(j, sign: 1)
                    }
                } else if fields["completion"] == nil, g.unit.dimension == .percent, g.label.endsWith("完成率"),
                    !actualWords.contains(where: g.label.includes)
                {
                    fields["completion"] = .figure(j, sign: 1)
                } else if g.unit.dimension == .score, g.label.includes("分值") || g.label.includes("权重") {
                    fields["weight"] = .exact(j)
                } else if g.unit.dimension == .score, g.label.endsWith("得分") || g.label.endsWith("得") {
                    score = j
                    break
                }
                j += 1
            }
            guard let s = score else {
                i += 1
                continue
            }
            fields["score"] = .figure(s, sign: 1)
            let region = scalars[f.range.lowerBound..<figures[s].range.lowerBound]
            fields["explained"] = .flag(ScalarText.contains(region, "偏差原因") || ScalarText.contains(region, "原因："))
            let paragraph = structure.lines[f.line].range
            let head = scalars[paragraph.lowerBound..<f.range.lowerBound]
            // The words before the first "：". Split by characters; when every scalar is a character
            // of its own, that is the first "：" scalar.
            if head.allSatisfy(ScalarText.isCharacterOfItsOwn) {
                fields["name"] = .text(ScalarText.string(head[..<(head.firstIndex(of: "：") ?? head.endIndex)]))
            } else {
                fields["name"] = .text(ScalarText.string(head).components(separatedBy: "：").first ?? "")
            }
            if case .exact(let w)? = fields["weight"] { indicatorWeights.append(w) }
            indicatorScores.append(s)
            add(.indicator, fields, anchor: fields["completion"].flatMap { if case .figure(let c, _) = $0 { return c } else { return nil } } ?? s)
            i = s + 1
        }
        // The sheet: the scores add up to 综合得分; the grade matches it.
        let totalWords = lexicon.phraseList("综合得分")
        guard let total = figures.last(where: { $0.unit.dimension == .score && $0.table == nil && totalWords.contains(where: $0.label.endsWith) })
        else { return }
        if !indicatorScores.isEmpty {
            let scores = (rateScore.map { [$0] } ?? []) + indicatorScores
            add(.scoresheet, ["scores": .figures(scores), "weights": .figures(indicatorWeights), "total_score": .figure(total.id, sign: 1),
                              "name": .text("综合得分"), "tabular": .flag(false)], anchor: total.id)
        }
        let sentence = structure.sentences[total.sentence].range
        let text = ScalarText.string(scalars[total.range.upperBound..<sentence.upperBound])
        for entry in lexicon.phraseList("评价等级") {
            let parts = entry.split(separator: ":").map(String.init)
            guard parts.count == 2, text.includes("“\(parts[0])”") || text.includes("「\(parts[0])」") || text.includes("\"\(parts[0])\"") else { continue }
            let bounds = parts[1].split(separator: "-").compactMap { ExactDecimal(string: String($0)) }
            guard bounds.count == 2 else { continue }
            add(.grade, ["score": .figure(total.id, sign: 1), "lower": .constant(bounds[0]), "upper": .constant(bounds[1]), "word": .text(parts[0])],
                anchor: total.id)
        }
    }

    // MARK: - Tables: the score sheet of a 自评表

    /// In a table with 分值 and 得分 columns: every row's weight and score, the 总分 row, and the
    /// groups headed "效益指标（30分）" with the rows they head.
    mutating func findTableScoresheets() {
        let totalLabels = Set(lexicon.phraseList("总分行").map(NameKey.init))
        for (t, table) in structure.tables.enumerated() {
            var weights: [(row: Int, id: Int)] = []
            var scores: [(row: Int, id: Int)] = []
            var totalWeight: Int? = nil
            var totalScore: Int? = nil
            var groups: [(row: Int, points: Int, name: String)] = []
            var totalRow = table.rows.count
            for (r, row) in table.rows.enumerated() {
                let isTotal = totalLabels.contains(NameKey(table.rowLabel(r) ?? ""))
                if isTotal { totalRow = r }
                for (c, cell) in row.enumerated() {
                    // A group header: a word cell carrying its own points, "效益指标（30分）".
                    // Figures are in document order: those of the cell's lines start at a binary search.
                    if !table.numeric[r][c], cell.text.includes("分）"),
                        let points = figures[figures.partitioningIndex { $0.line >= cell.line }...].prefix(while: { $0.line <= cell.lastLine })
                            .first(where: { $0.table == nil && $0.unit.dimension == .score && $0.range.lowerBound >= cell.range.lowerBound - 1 })
                    {
                        groups.append((r, points.id, cell.text))
                    }
                    guard let header = table.columnHeader(row: r, column: c),
                        let id = self.figure(startingIn: cell),
                        figures[id].unit.dimension == .score, figures[id].table == t
                    else { continue }
                    if header.includes("得分") {
                        if isTotal { totalScore = id } else { scores.append((r, id)) }
                    } else if header.includes("分值") || header.includes("权重") {
                        if isTotal { totalWeight = id } else { weights.append((r, id)) }
                    }
                }
            }
            guard weights.count >= 2 else { continue }
            var fields: ClaimFields = [
                "weights": .figures(weights.map(\.id)), "scores": .figures(scores.map(\.id)), "name": .text("\(table.title)的总分"),
                "tabular": .flag(true),
            ]
            if let w = totalWeight { fields["total_weight"] = .figure(w, sign: 1) }
            if let s = totalScore { fields["total_score"] = .figure(s, sign: 1) }
            add(.scoresheet, fields, anchor: totalScore ?? totalWeight ?? weights[0].id)
            for (k, group) in groups.enumerated() {
                let end = k + 1 < groups.count ? groups[k + 1].row : totalRow
                let members = weights.filter { $0.row >= group.row && $0.row < end }.map(\.id)
                guard !members.isEmpty else { continue }
                add(.scoresheet, ["weights": .figures(members), "group_weight": .figure(group.points, sign: 1),
                                  "name": .text(group.name), "tabular": .flag(true)], anchor: group.points)
            }
        }
    }

    // MARK: - Tables: total rows and total columns

    /// A row labelled as a total (合计, 小计, 年度总资金 …) is the sum, column by column, of the rows
    /// under it (or above it, when it closes the block); a column headed 合计/小计 is the sum of the
    /// columns after it in the same row. Rows without a figure in a column count as empty.
    mutating func findTableTotals() {
        let totalWords = Set(lexicon.phraseList("合计行"))
        func figure(_ cell: Table.Cell, in t: Int) -> Int? {
            guard let id = self.figure(startingIn: cell), figures[id].table == t,
                figures[id].unit.dimension == .amount || figures[id].unit.dimension == .count
            else { return nil }
            return id
        }
        let totalScalars = totalWords.map(ScalarText.scalars)
        let unitSuffixes = ["（万元）", "（元）"].map(ScalarText.scalars)
        func isTotal(_ label: String) -> Bool {
            var l = ScalarText.scalars(label)[...]
            for suffix in unitSuffixes where l.count >= suffix.count && l.suffix(suffix.count).elementsEqual(suffix) {
                l = l.dropLast(suffix.count)
            }
            return totalScalars.contains { word in
                l.count >= word.count && l.count <= word.count + 2 && l.suffix(word.count).elementsEqual(word)
            }
        }
        for (t, table) in structure.tables.enumerated() {
            let rows = table.rows
            // A numeric row belongs to a block: consecutive rows with figures under the same header.
            let numericRows = rows.map { row in row.contains { figure($0, in: t) != nil } }
            func numeric(_ r: Int) -> Bool { numericRows[r] }
            // A classification (rows led by 科目编码) adds up by its codes (findCodeHierarchy), not row by row.
            let hasCodes = rows.indices.contains { r in rows[r].indices.contains { table.isCode(row: r, column: $0) } }
            // "其中：…" rows and columns break down the one before them; they are not parts of a total.
            func isBreakdown(_ label: String?) -> Bool { label?.hasPrefix("其中") ?? false }
            for r in rows.indices where !hasCodes && numeric(r) && isTotal(table.rowLabel(r) ?? "") {
                var parts: [Int] = []
                // The rows above, up to a header or another total, which then counts as one part
                // (总计 = 本年收入合计 + 年初结转和结余 …); failing those, the rows below (合计 on top).
                var k = r - 1
                while k >= 0, numeric(k) {
                    if !isBreakdown(table.rowLabel(k)) { parts.insert(k, at: 0) }
                    if isTotal(table.rowLabel(k) ?? "") { break }
                    k -= 1
                }
                if parts.isEmpty || parts.allSatisfy({ isTotal(table.rowLabel($0) ?? "") }) {
                    parts = []
                    k = r + 1
                    while k < rows.count, !isTotal(table.rowLabel(k) ?? ""), table.rowLabel(k) != nil,
                        numeric(k) || rows[k].indices.allSatisfy({ rows[k][$0].text.isEmpty || !table.numeric[k][$0] })
                    {
                        if numeric(k), !isBreakdown(table.rowLabel(k)) { parts.append(k) }
                        k += 1
                    }
                }
                guard !parts.isEmpty else { continue }
                for (c, cell) in rows[r].enumerated() {
                    guard let whole = figure(cell, in: t) else { continue }
                    let offset = rows[r].count - c
                    let partIDs = parts.compactMap { p -> Int? in
                        let index = rows[p].count - offset
                        return index >= 0 && index < rows[p].count ? figure(rows[p][index], in: t) : nil
                    }
                    guard !partIDs.isEmpty, partIDs.allSatisfy({ figures[$0].unit.dimension == figures[whole].unit.dimension }) else { continue }
                    let column = table.columnHeader(row: r, column: c).map { "的「\($0)」" } ?? ""
                    add(.total, ["whole": .figure(whole, sign: 1), "parts": .figures(partIDs), "exhaustive": .flag(true),
                                 "subject": .text("「\(table.rowLabel(r) ?? "")」行\(column)（各行之和）"), "classification": .flag(false),
                                 "tabular": .flag(true)], anchor: whole)
                }
            }
            // Total columns.
            for (r, row) in rows.enumerated() {
                for (c, cell) in row.enumerated() {
                    guard let header = table.columnHeader(row: r, column: c), isTotal(header), let whole = figure(cell, in: t) else { continue }
                    var partIDs: [Int] = []
                    var k = c + 1
                    while k < row.count, let h = table.columnHeader(row: r, column: k), !isTotal(h) {
                        if !isBreakdown(h), let id = figure(row[k], in: t), figures[id].unit.dimension == figures[whole].unit.dimension {
                            partIDs.append(id)
                        }
                        k += 1
                    }
                    guard partIDs.count >= 2 else { continue }
                    add(.total, ["whole": .figure(whole, sign: 1), "parts": .figures(partIDs), "exhaustive": .flag(true),
                                 "subject": .text("「\(table.rowLabel(r) ?? "")」行的「\(header)」（各列之和）"), "classification": .flag(false),
                                 "tabular": .flag(true)], anchor: whole)
                }
            }
        }
    }

    // MARK: - Project lists: 共有N个项目，项目总金额X，执行金额Y；then 共计k个项目… per source

    /// "共有6个项目，项目总金额为1468.01万元，执行金额为1310.03万元。" followed, in the same part of the
    /// report, by "上级资金共计3个项目，预算金额为276.37万元，执行金额119.39万元" and the like: the
    /// count, the budget and the executed amount are each the sum of the lists that follow.
    mutating func findProjectLists() {
        let topWords = lexicon.phraseList("项目总数")
        let subWords = lexicon.phraseList("项目分数")
        let executedWords = lexicon.phraseList("执行金额")
        struct Group { var count: Int; var budget: Int?; var executed: Int?; var top: Bool; var section: Int? }
        var groups: [Group] = []
        for f in figures where f.unit.symbol == "个" && f.table == nil {
            let next = f.range.upperBound
            let followedByProjects = next + 1 < scalars.count && scalars[next] == "项" && scalars[next + 1] == "目"
            guard followedByProjects || f.label.endsWith("项目") else { continue }
            let amounts = sentenceFigures[f.sentence].filter { $0 > f.id && figures[$0].unit.dimension == .amount }
                .prefix { id in figures[id].unit.dimension == .amount }
            let executed = amounts.first { id in executedWords.contains(where: figures[id].label.includes) }
            let budget = amounts.first { id in id != executed && (executed == nil || id < executed!) }
            var fields: ClaimFields = ["count": .figure(f.id, sign: 1)]
            if let b = budget { fields["budget"] = .figure(b, sign: 1) }
            if let e = executed { fields["executed"] = .figure(e, sign: 1) }
            if budget != nil || executed != nil { add(.projects, fields, anchor: f.id) }
            let top = topWords.contains(where: f.lead.endsWith)
            guard followedByProjects, top || subWords.contains(where: f.lead.endsWith) else { continue }
            let path = structure.sectionPath(f.section)
            groups.append(Group(count: f.id, budget: budget, executed: executed, top: top, section: path.count >= 2 ? path[1] : path.first))
        }
        var k = 0
        while k < groups.count {
            let g = groups[k]
            guard g.top else {
                k += 1
                continue
            }
            var subs: [Group] = []
            var j = k + 1
            while j < groups.count, !groups[j].top, groups[j].section == g.section {
                subs.append(groups[j])
                j += 1
            }
            k = j
            guard !subs.isEmpty else { continue }
            func emit(_ whole: Int?, _ parts: [Int?]) {
                guard let w = whole, parts.allSatisfy({ $0 != nil }) else { return }
                add(.total, ["whole": .figure(w, sign: 1), "parts": .figures(parts.compactMap { $0 }), "exhaustive": .flag(true),
                             "subject": .text(figures[w].label), "classification": .flag(false), "tabular": .flag(false)], anchor: w)
            }
            emit(g.count, subs.map(\.count))
            emit(g.budget, subs.map(\.budget))
            emit(g.executed, subs.map(\.executed))
        }
    }
}

/// The figures of a sentence that are neither a percentage nor a change, in document order, all of
/// them and by dimension, with where each ends: "the last such figure ending before this place"
/// is a binary search.
struct PlainFigures {
    var ids: [Int]
    var ends: [Int]
    /// The same by dimension, in the order the dimensions first occur (a sentence has a few: a
    /// list, not a dictionary hashing each dimension's name).
    var byDimension: [(dimension: Dimension, ids: [Int], ends: [Int])] = []

    init(_ ids: [Int], figures: [Figure]) {
        self.ids = ids
        ends = ids.map { figures[$0].range.upperBound }
        for id in ids {
            let d = figures[id].unit.dimension
            if let k = byDimension.firstIndex(where: { $0.dimension == d }) {
                byDimension[k].ids.append(id)
                byDimension[k].ends.append(figures[id].range.upperBound)
            } else {
                byDimension.append((d, [id], [figures[id].range.upperBound]))
            }
        }
    }

    private func of(_ dimension: Dimension) -> (ids: [Int], ends: [Int]) {
        byDimension.first { $0.dimension == dimension }.map { ($0.ids, $0.ends) } ?? ([], [])
    }

    /// The last figure (of `dimension`, when given) ending at or before `position`.
    func last(endingBy position: Int, dimension: Dimension?) -> Int? {
        let (list, listEnds) = dimension.map(of) ?? (ids, ends)
        let n = listEnds.partitioningIndex { $0 > position }
        return n > 0 ? list[n - 1] : nil
    }

    /// The first figure (of `dimension`, when given).
    func first(dimension: Dimension?) -> Int? {
        dimension.map { of($0).ids.first } ?? ids.first
    }
}
