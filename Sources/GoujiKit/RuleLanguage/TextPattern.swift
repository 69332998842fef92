/// A pattern of a `find` rule: what template residue looks like in text. The syntax is kept small
/// enough for finance staff to write:
///
/// - any character stands for itself;
/// - a space stands for any run of spaces, tabs or full-width spaces, including none
///   (`"占 %"` finds 「占%」「占 %」「占　%」 but not 「占15%」);
/// - `+` after a character stands for one or more of it (`"XX+"` finds XX, XXX, XXXXXXXX);
/// - a pattern that begins (ends) with a Latin letter or a digit matches only where the text
///   does not go on with a letter or digit of the same class (`"X万元"` is not found in 「XX万元」,
///   `"202 年"` not in 「2024年」).
public struct TextPattern: Sendable, Equatable {
    enum Element: Equatable {
        case scalar(Unicode.Scalar, repeats: Bool)
        case space
    }

    let elements: [Element]
    public let text: String

    public init(_ text: String) {
        self.text = text
        var elements: [Element] = []
        // Written as the normaliser writes the text it is matched against: full-width letters and
        // digits folded to ASCII, ASCII punctuation to full-width.
        let folded = Normaliser.fold(Array(text.unicodeScalars)).map { scalar, _ -> Unicode.Scalar in
            switch scalar {
            case "(": return "（"
            case ")": return "）"
            case ",": return "，"
            case ":": return "："
            case ";": return "；"
            case "?": return "？"
            case "!": return "！"
            default: return scalar
            }
        }
        for s in folded {
            if s == " " {
                if elements.last != .space { elements.append(.space) }
            } else if s == "+", case .scalar(let previous, false)? = elements.last {
                elements[elements.count - 1] = .scalar(previous, repeats: true)
            } else {
                elements.append(.scalar(s, repeats: false))
            }
        }
        self.elements = elements
    }

    /// The class a boundary is checked for: 1 Latin letter, 2 digit, 0 anything else.
    static func boundaryClass(_ s: Unicode.Scalar) -> Int {
        if ScalarText.isASCIILetter(s) { return 1 }
        if ScalarText.isDigit(s) { return 2 }
        return 0
    }

    /// The end of a match that starts at `start`, if the pattern matches there.
    func match(at start: Int, in scalars: [Unicode.Scalar], limit: Int) -> Int? {
        var i = start
        for element in elements {
            switch element {
            case .space:
                while i < limit, ScalarText.isSpace(scalars[i]) { i += 1 }
            case .scalar(let s, let repeats):
                guard i < limit, scalars[i] == s else { return nil }
                i += 1
                if repeats { while i < limit, scalars[i] == s { i += 1 } }
            }
        }
        // Boundaries: the text must not go on with the same class of character.
        if case .scalar(let s, _)? = elements.first, TextPattern.boundaryClass(s) != 0, start > 0,
            TextPattern.boundaryClass(scalars[start - 1]) == TextPattern.boundaryClass(s)
        {
            return nil
        }
        if case .scalar(let s, _)? = elements.last, TextPattern.boundaryClass(s) != 0, i < scalars.count,
            TextPattern.boundaryClass(scalars[i]) == TextPattern.boundaryClass(s)
        {
            return nil
        }
        return i > start ? i : nil
    }
}

/// The patterns of one `find` rule, compiled once when the rules are loaded and matched together in
/// one pass over the text: a position is tried only for the patterns that begin with its scalar.
/// Each pattern finds its matches left to right without overlapping its own earlier match. The
/// sets of several rules combine into one (`init(combining:)`), so that one pass over a document
/// serves every `find` rule.
public struct TextPatternSet: Sendable {
    public let patterns: [TextPattern]
    /// For each pattern, its first scalar (nil: a pattern that begins with a space never matches).
    private let firsts: [Unicode.Scalar?]
    private let anyFirst: FirstScalars
    /// For each pattern, the index of the set it came from (all 0 unless combined).
    private let owners: [Int]
    /// How many sets were combined (1 unless combined).
    private let setCount: Int

    public init(_ texts: [String]) {
        self.init(patterns: texts.map(TextPattern.init), owners: Array(repeating: 0, count: texts.count), setCount: 1)
    }

    /// The patterns of several sets, matched in one pass; `matchesBySet` gives each set its places.
    /// A pattern's matches do not depend on the other patterns, so each set gets exactly what its
    /// own `matches` would.
    public init(combining sets: [TextPatternSet]) {
        self.init(
            patterns: sets.flatMap(\.patterns), owners: sets.indices.flatMap { i in Array(repeating: i, count: sets[i].patterns.count) },
            setCount: sets.count)
    }

    private init(patterns: [TextPattern], owners: [Int], setCount: Int) {
        self.patterns = patterns
        self.owners = owners
        self.setCount = setCount
        firsts = patterns.map { pattern in
            if case .scalar(let first, _)? = pattern.elements.first { return first } else { return nil }
        }
        anyFirst = FirstScalars(firsts.compactMap { $0 })
    }

    /// Every place a pattern matches within `range`, ordered by start, then end; a place two
    /// patterns match is listed once.
    public func matches(in scalars: [Unicode.Scalar], within range: Range<Int>) -> [Range<Int>] {
        matchesBySet(in: scalars, within: range)[0]
    }

    /// For each set combined (in the order given), its places as `matches` orders them.
    public func matchesBySet(in scalars: [Unicode.Scalar], within range: Range<Int>) -> [[Range<Int>]] {
        var places = [[Range<Int>]](repeating: [], count: setCount)
        // Where each pattern may match next: after its last match.
        var resume = [Int](repeating: range.lowerBound, count: patterns.count)
        for i in range where anyFirst.contains(scalars[i]) {
            for (k, first) in firsts.enumerated() where first == scalars[i] && i >= resume[k] {
                if let end = patterns[k].match(at: i, in: scalars, limit: range.upperBound) {
                    places[owners[k]].append(i..<end)
                    resume[k] = end
                }
            }
        }
        return places.map { found in
            // Found in order of start already; places starting together by end, each once.
            let sorted = found.sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
            return sorted.enumerated().filter { $0.offset == 0 || sorted[$0.offset - 1] != $0.element }.map(\.element)
        }
    }
}
