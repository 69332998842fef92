/// Small, fast predicates and helpers over Unicode scalars, shared by every scanner (no `Character`
/// iteration and no regular expressions on the hot path).
public enum ScalarText {
    @inline(__always) public static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
    @inline(__always) public static func isASCIILetter(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0x61 && s.value <= 0x7A)
    }
    @inline(__always) public static func isCJK(_ s: Unicode.Scalar) -> Bool {
        (0x3400...0x9FFF).contains(s.value) || (0xF900...0xFAFF).contains(s.value) || s.value >= 0x20000
    }
    /// The value of a Chinese numeral 〇…十 (a switch: no hashing per scalar).
    @inline(__always) public static func chineseNumeralValue(_ s: Unicode.Scalar) -> Int? {
        switch s {
        case "〇", "零": return 0
        case "一": return 1
        case "二", "两": return 2
        case "三": return 3
        case "四": return 4
        case "五": return 5
        case "六": return 6
        case "七": return 7
        case "八": return 8
        case "九": return 9
        case "十": return 10
        default: return nil
        }
    }
    /// Chinese numerals 一…十 and 百, as used in headings and counts ("以上三类").
    @inline(__always) public static func isChineseNumeral(_ s: Unicode.Scalar) -> Bool {
        chineseNumeralValue(s) != nil || s == "百"
    }
    /// The value of a Chinese numeral up to 99 ("三" → 3, "十二" → 12, "二十" → 20).
    public static func chineseNumberValue(_ scalars: ArraySlice<Unicode.Scalar>) -> Int? {
        guard !scalars.isEmpty else { return nil }
        var total = 0
        var current = 0
        for s in scalars {
            guard let v = chineseNumeralValue(s) else { return nil }
            if v == 10 {
                total += (current == 0 ? 1 : current) * 10
                current = 0
            } else {
                current = v
            }
        }
        return total + current
    }
    /// Punctuation that ends a clause: ，；：、 and their ASCII forms.
    @inline(__always) public static func isClauseBreak(_ s: Unicode.Scalar) -> Bool {
        s == "，" || s == "；" || s == "：" || s == "、" || s == "," || s == ";" || s == ":"
    }
    /// Punctuation that ends a sentence: 。！？ and their ASCII forms.
    @inline(__always) public static func isSentenceEnd(_ s: Unicode.Scalar) -> Bool {
        s == "。" || s == "！" || s == "？" || s == "!" || s == "?"
    }
    /// A scalar that never joins a neighbour into one character (grapheme cluster): controls,
    /// ASCII, Latin-1, CJK ideographs and punctuation, full-width forms, the general punctuation
    /// that is not a joiner or a format character — except "\r\n", whose two scalars are both
    /// white space. Text made only of these can be handled scalar by scalar with the result of
    /// handling it by `Character` (finding "：" in it, leaving out its white space).
    @inline(__always) public static func isCharacterOfItsOwn(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0xFF, 0x2010...0x2027, 0x2030...0x205E, 0x3000...0x3029, 0x3030...0x3098, 0x309B...0x30FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xFF01...0xFF9D, 0xFFA0...0xFFEF:
            return true
        default: return false
        }
    }
    @inline(__always) public static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\u{3000}" || s == "\u{A0}"
    }

    /// The string of some scalars, encoded to UTF-8 directly (the standard library's
    /// `UnicodeScalarView.append(contentsOf:)` goes through a slow generic path).
    public static func string<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        String(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
            var n = 0
            for s in scalars {
                let v = s.value
                if v < 0x80 {
                    buffer[n] = UInt8(v)
                    n += 1
                } else if v < 0x800 {
                    buffer[n] = UInt8(0xC0 | (v >> 6))
                    buffer[n + 1] = UInt8(0x80 | (v & 0x3F))
                    n += 2
                } else if v < 0x10000 {
                    buffer[n] = UInt8(0xE0 | (v >> 12))
                    buffer[n + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    buffer[n + 2] = UInt8(0x80 | (v & 0x3F))
                    n += 3
                } else {
                    buffer[n] = UInt8(0xF0 | (v >> 18))
                    buffer[n + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                    buffer[n + 2] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    buffer[n + 3] = UInt8(0x80 | (v & 0x3F))
                    n += 4
                }
            }
            return n
        }
    }

    /// The scalars of a string, decoded in one pass: `Array(string.unicodeScalars)` walks the
    /// string twice (once to count the scalars, once to copy them).
    public static func scalars(_ string: String) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(string.utf8.count)
        for s in string.unicodeScalars { result.append(s) }
        return result
    }

    public static func hasPrefix(_ scalars: ArraySlice<Unicode.Scalar>, _ prefix: String) -> Bool {
        var i = scalars.startIndex
        for p in prefix.unicodeScalars {
            guard i < scalars.endIndex, scalars[i] == p else { return false }
            i += 1
        }
        return true
    }

    public static func hasSuffix(_ scalars: ArraySlice<Unicode.Scalar>, _ suffix: String) -> Bool {
        let s = ScalarText.scalars(suffix)
        return scalars.count >= s.count && scalars.suffix(s.count).elementsEqual(s)
    }

    /// Where `needle` first occurs in `text`, compared by UTF-8 bytes, which is scalar by scalar (the
    /// text is normalised already; Foundation's `range(of:)` is far slower); nil for an empty needle.
    public static func firstRange(of needle: String, in text: String) -> Range<String.Index>? {
        guard !needle.isEmpty, let offset = firstUTF8Offset(of: needle, in: text) else { return nil }
        let start = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
        return start..<text.utf8.index(start, offsetBy: needle.utf8.count)
    }

    /// Whether two strings have the same UTF-8 bytes (`==` would compare them through NFC).
    @inline(__always) static func sameBytes(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
    }

    /// The byte offset where `needle`'s UTF-8 first occurs in `text`'s (0 for an empty needle).
    /// Comparing the UTF-8 bytes of valid text is comparing its scalars: a match always starts at a
    /// scalar boundary.
    static func firstUTF8Offset(of needle: String, in text: String) -> Int? {
        if needle.isEmpty { return 0 }
        var haystack = text
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard n.count <= h.count else { return nil }
                let first = n[0]
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var k = 1
                        while k < n.count, h[i + k] == n[k] { k += 1 }
                        if k == n.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
    }

    /// Whether `scalars` contains `needle` (short needles; linear scan).
    public static func contains(_ scalars: ArraySlice<Unicode.Scalar>, _ needle: String) -> Bool {
        let n = ScalarText.scalars(needle)
        guard !n.isEmpty, scalars.count >= n.count else { return n.isEmpty }
        var i = scalars.startIndex
        while i + n.count <= scalars.endIndex {
            if scalars[i] == n[0], scalars[i..<(i + n.count)].elementsEqual(n) { return true }
            i += 1
        }
        return false
    }

    /// The last position where `needle` starts in `scalars`, if any.
    public static func lastIndex(of needle: String, in scalars: ArraySlice<Unicode.Scalar>) -> Int? {
        let n = ScalarText.scalars(needle)
        guard !n.isEmpty, scalars.count >= n.count else { return nil }
        var i = scalars.endIndex - n.count
        while i >= scalars.startIndex {
            if scalars[i..<(i + n.count)].elementsEqual(n) { return i }
            i -= 1
        }
        return nil
    }
}

/// The scalars some phrases or patterns begin with, for skipping the positions of a text where
/// none can start: a table of their low 12 bits, then the list itself.
struct FirstScalars {
    private let scalars: [Unicode.Scalar]
    private let bits: [Bool]

    init<S: Sequence>(_ firsts: S) where S.Element == Unicode.Scalar {
        var scalars: [Unicode.Scalar] = []
        var bits = [Bool](repeating: false, count: 4096)
        for f in firsts where !scalars.contains(f) {
            scalars.append(f)
            bits[Int(f.value & 0xFFF)] = true
        }
        self.scalars = scalars
        self.bits = bits
    }

    @inline(__always) func contains(_ s: Unicode.Scalar) -> Bool {
        bits[Int(s.value & 0xFFF)] && scalars.contains(s)
    }

    /// Where `s` stands among the distinct scalars, in the order they were first given.
    @inline(__always) func index(of s: Unicode.Scalar) -> Int? {
        bits[Int(s.value & 0xFFF)] ? scalars.firstIndex(of: s) : nil
    }
}

/// A list of phrases decoded once, for finding them scalar by scalar in a text: a position is
/// tried only when some phrase starts with its scalar. The phrases' scalars stand one after another
/// in one buffer and are compared in place (no array per phrase to copy, retain and release); the
/// set itself is shared, not copied.
final class PhraseSet: Sendable {
    let phrases: [String]
    /// Phrase `k` is `buffer[bounds[k]..<bounds[k + 1]]`.
    private let buffer: [Unicode.Scalar]
    private let bounds: [Int]
    /// The phrases that start with a scalar, and those that end with one: a position is compared
    /// only with the phrases that can start there, a text's end only with those that can end it.
    private let starting: ScalarIndex
    private let ending: ScalarIndex
    /// The first empty phrase, if any: it ends every text.
    private let firstEmpty: Int?

    init(_ phrases: [String]) {
        self.phrases = phrases
        var buffer: [Unicode.Scalar] = []
        var bounds = [0]
        bounds.reserveCapacity(phrases.count + 1)
        for phrase in phrases {
            buffer.append(contentsOf: phrase.unicodeScalars)
            bounds.append(buffer.count)
        }
        let nonEmpty = phrases.indices.filter { bounds[$0] < bounds[$0 + 1] }
        self.buffer = buffer
        self.bounds = bounds
        starting = ScalarIndex(nonEmpty.map { ($0, buffer[bounds[$0]]) })
        ending = ScalarIndex(nonEmpty.map { ($0, buffer[bounds[$0 + 1] - 1]) })
        firstEmpty = phrases.indices.first { bounds[$0] == bounds[$0 + 1] }
    }

    /// Phrases grouped by one scalar of theirs (the first, or the last), each group in list order,
    /// all groups in one array.
    private struct ScalarIndex {
        private let scalars: FirstScalars
        /// The `f`-th scalar's phrases are `phrases[bounds[f]..<bounds[f + 1]]`.
        private let phrases: [Int]
        private let bounds: [Int]

        init(_ keyed: [(phrase: Int, scalar: Unicode.Scalar)]) {
            let scalars = FirstScalars(keyed.map(\.scalar))
            var groups: [[Int]] = []
            for (phrase, scalar) in keyed {
                guard let f = scalars.index(of: scalar) else { continue }
                if f == groups.count { groups.append([]) }
                groups[f].append(phrase)
            }
            self.scalars = scalars
            phrases = groups.flatMap { $0 }
            var bounds = [0]
            for group in groups { bounds.append(bounds[bounds.count - 1] + group.count) }
            self.bounds = bounds
        }

        /// Where in `phrases` the phrases of scalar `s` stand (empty when there are none).
        @inline(__always) func positions(_ s: Unicode.Scalar) -> Range<Int> {
            guard let f = scalars.index(of: s) else { return 0..<0 }
            return bounds[f]..<bounds[f + 1]
        }

        @inline(__always) subscript(position: Int) -> Int { phrases[position] }

        /// The phrases of scalar `s`, in list order.
        func phrases(_ s: Unicode.Scalar) -> ArraySlice<Int> { phrases[positions(s)] }
    }

    /// The phrases that end with `s`, in list order.
    func phrases(endingWith s: Unicode.Scalar) -> ArraySlice<Int> { ending.phrases(s) }

    /// How many phrases the list has.
    var count: Int { bounds.count - 1 }

    /// The length of phrase `k`, in scalars.
    @inline(__always) func length(_ k: Int) -> Int { bounds[k + 1] - bounds[k] }

    /// The indices of the phrases that occur anywhere in `scalars` (overlaps included), or within
    /// `range` of them.
    /// `firstOnly`: stop at the first phrase found (enough to know whether any occurs).
    func occurring(in scalars: [Unicode.Scalar], within range: Range<Int>? = nil, firstOnly: Bool = false) -> Set<Int> {
        let range = range ?? scalars.indices
        // An empty phrase occurs everywhere.
        var found = (0..<count).map { length($0) == 0 }
        var left = found.filter { !$0 }.count
        var i = range.lowerBound
        while i < range.upperBound, left > 0 {
            for c in starting.positions(scalars[i]) where !found[starting[c]] && matches(starting[c], scalars, at: i, end: range.upperBound) {
                found[starting[c]] = true
                left = firstOnly ? 0 : left - 1
            }
            i += 1
        }
        return Set(found.indices.filter { found[$0] })
    }

    /// The first phrase of the list that starts at `i` and ends by `end`: its index and length.
    @inline(__always) func match<C: RandomAccessCollection>(_ scalars: C, at i: Int, end: Int) -> (Int, Int)?
    where C.Element == Unicode.Scalar, C.Index == Int {
        for c in starting.positions(scalars[i]) where matches(starting[c], scalars, at: i, end: end) {
            return (starting[c], length(starting[c]))
        }
        return nil
    }

    /// The first phrase of the list (in its order) that occurs anywhere in `text`, and where it
    /// first starts: one pass over the text, not one per phrase.
    func firstOccurring(in text: ArraySlice<Unicode.Scalar>) -> (phrase: Int, at: Int)? {
        var best: (phrase: Int, at: Int)? = nil
        var i = text.startIndex
        while i < text.endIndex {
            // Only a phrase before the best one so far can still take its place.
            for c in starting.positions(text[i]) where starting[c] < (best?.phrase ?? count) && matches(starting[c], text, at: i, end: text.endIndex) {
                best = (starting[c], i)
                break
            }
            i += 1
        }
        return best
    }

    /// The first phrase of the list that ends `text` (and is shorter than it, when `shorter`).
    func firstEnding(_ text: ArraySlice<Unicode.Scalar>, shorter: Bool = false) -> Int? {
        var found: Int? = nil
        if let last = text.last {
            // Only the phrases ending with the text's last scalar, and an empty one, can end it.
            for c in ending.positions(last) where (!shorter || text.count > length(ending[c])) && ends(text, with: ending[c]) {
                found = ending[c]
                break
            }
        }
        if let empty = firstEmpty, !shorter || !text.isEmpty, found.map({ empty < $0 }) ?? true { return empty }
        return found
    }

    /// The first phrase of the list that is `text` (compared only with those starting as it does).
    func firstEqual(_ text: ArraySlice<Unicode.Scalar>) -> Int? {
        guard let first = text.first else { return firstEmpty }
        for c in starting.positions(first) where isPhrase(starting[c], text) { return starting[c] }
        return nil
    }

    /// Whether phrase `k` ends `text`.
    @inline(__always) func ends(_ text: ArraySlice<Unicode.Scalar>, with k: Int) -> Bool {
        text.count >= length(k) && matches(k, text, at: text.endIndex - length(k), end: text.endIndex)
    }

    /// Whether `text` is phrase `k`.
    @inline(__always) func isPhrase(_ k: Int, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
        text.count == length(k) && matches(k, text, at: text.startIndex, end: text.endIndex)
    }

    /// Whether phrase `k` stands at `i` of `scalars` and ends by `end`.
    @inline(__always) private func matches<C: RandomAccessCollection>(_ k: Int, _ scalars: C, at i: Int, end: Int) -> Bool
    where C.Element == Unicode.Scalar, C.Index == Int {
        let start = bounds[k]
        let n = bounds[k + 1] - start
        guard i + n <= end else { return false }
        var j = 0
        while j < n, scalars[i + j] == buffer[start + j] { j += 1 }
        return j == n
    }
}

extension String {
    /// Whether the string ends with `suffix`, compared as UTF-8 bytes: the text is normalised
    /// already, and `hasSuffix` compares by Character with Unicode normalisation (slow here).
    @inline(__always) func endsWith(_ suffix: String) -> Bool {
        var text = self
        var suffix = suffix
        return text.withUTF8 { t in
            suffix.withUTF8 { s in
                guard s.count <= t.count else { return false }
                let offset = t.count - s.count
                var i = 0
                while i < s.count, t[offset + i] == s[i] { i += 1 }
                return i == s.count
            }
        }
    }

    /// Whether `needle` occurs in the string. The text is normalised already, so comparing UTF-8
    /// bytes is comparing scalars (and Foundation's locale-aware `contains` is far too slow on the
    /// hot path). A UTF-8 match always starts at a scalar boundary.
    @inline(__always) func includes(_ needle: String) -> Bool {
        ScalarText.firstUTF8Offset(of: needle, in: self) != nil
    }
}
