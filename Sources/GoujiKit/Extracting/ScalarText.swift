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
    /// Chinese numerals 一…十 and 百, as used in headings and counts ("以上三类").
    public static let chineseNumerals: [Unicode.Scalar: Int] = [
        "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
    ]
    @inline(__always) public static func isChineseNumeral(_ s: Unicode.Scalar) -> Bool {
        chineseNumerals[s] != nil || s == "百"
    }
    /// The value of a Chinese numeral up to 99 ("三" → 3, "十二" → 12, "二十" → 20).
    public static func chineseNumberValue(_ scalars: ArraySlice<Unicode.Scalar>) -> Int? {
        guard !scalars.isEmpty else { return nil }
        var total = 0
        var current = 0
        for s in scalars {
            guard let v = chineseNumerals[s] else { return nil }
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

    /// Where `needle` first occurs in `text`, compared scalar by scalar (the text is normalised
    /// already; Foundation's `range(of:)` is far slower).
    public static func firstRange(of needle: String, in text: String) -> Range<String.Index>? {
        let n = ScalarText.scalars(needle)
        guard let first = n.first else { return nil }
        let view = text.unicodeScalars
        var i = view.startIndex
        while i != view.endIndex {
            if view[i] == first {
                var j = i
                var k = 0
                while k < n.count, j != view.endIndex, view[j] == n[k] {
                    view.formIndex(after: &j)
                    k += 1
                }
                if k == n.count { return i..<j }
            }
            view.formIndex(after: &i)
        }
        return nil
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
}

/// A list of phrases decoded once, for finding them scalar by scalar in a text: a position is
/// tried only when some phrase starts with its scalar.
struct PhraseSet {
    let phrases: [String]
    private let decoded: [[Unicode.Scalar]]
    private let firsts: FirstScalars

    init(_ phrases: [String]) {
        self.phrases = phrases
        decoded = phrases.map(ScalarText.scalars)
        firsts = FirstScalars(decoded.compactMap(\.first))
    }

    @inline(__always) private func mayStart(_ s: Unicode.Scalar) -> Bool { firsts.contains(s) }

    /// The indices of the phrases that occur anywhere in `scalars` (overlaps included), or within
    /// `range` of them.
    /// `firstOnly`: stop at the first phrase found (enough to know whether any occurs).
    func occurring(in scalars: [Unicode.Scalar], within range: Range<Int>? = nil, firstOnly: Bool = false) -> Set<Int> {
        let range = range ?? scalars.indices
        // An empty phrase occurs everywhere.
        var found = decoded.map(\.isEmpty)
        var left = found.filter { !$0 }.count
        var i = range.lowerBound
        while i < range.upperBound, left > 0 {
            if mayStart(scalars[i]) {
                for (k, phrase) in decoded.enumerated() where !found[k] && PhraseSet.matches(phrase, scalars, at: i, end: range.upperBound) {
                    found[k] = true
                    left = firstOnly ? 0 : left - 1
                }
            }
            i += 1
        }
        return Set(found.indices.filter { found[$0] })
    }

    /// The first phrase of the list that starts at `i` and ends by `end`: its index and length.
    @inline(__always) func match(_ scalars: [Unicode.Scalar], at i: Int, end: Int) -> (Int, Int)? {
        guard mayStart(scalars[i]) else { return nil }
        for (k, phrase) in decoded.enumerated() where !phrase.isEmpty && PhraseSet.matches(phrase, scalars, at: i, end: end) {
            return (k, phrase.count)
        }
        return nil
    }

    /// Whether `phrase` stands at `i` and ends by `end`.
    @inline(__always) private static func matches(_ phrase: [Unicode.Scalar], _ scalars: [Unicode.Scalar], at i: Int, end: Int) -> Bool {
        guard i + phrase.count <= end else { return false }
        var j = 0
        while j < phrase.count, scalars[i + j] == phrase[j] { j += 1 }
        return j == phrase.count
    }
}

extension String {
    /// Whether the string ends with `suffix`, compared as UTF-8 bytes: the text is normalised
    /// already, and `hasSuffix` compares by Character with Unicode normalisation (slow here).
    @inline(__always) func endsWith(_ suffix: String) -> Bool {
        utf8.count >= suffix.utf8.count && utf8.reversed().starts(with: suffix.utf8.reversed())
    }

    /// Whether `needle` occurs in the string. The text is normalised already, so comparing UTF-8
    /// bytes is comparing scalars (and Foundation's locale-aware `contains` is far too slow on the
    /// hot path). A UTF-8 match always starts at a scalar boundary.
    @inline(__always) func includes(_ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard n.count <= h.count else { return false }
                let first = n[0]
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var k = 1
                        while k < n.count, h[i + k] == n[k] { k += 1 }
                        if k == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
