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

    static func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\u{3000}" || s == "\u{A0}" }

    /// The class a boundary is checked for: 1 Latin letter, 2 digit, 0 anything else.
    static func boundaryClass(_ s: Unicode.Scalar) -> Int {
        if ScalarText.isASCIILetter(s) { return 1 }
        if ScalarText.isDigit(s) { return 2 }
        return 0
    }

    /// Every non-overlapping match in `scalars`, in order.
    public func matches(in scalars: [Unicode.Scalar], within range: Range<Int>? = nil) -> [Range<Int>] {
        guard case .scalar(let first, _)? = elements.first else { return [] }
        let bounds = range ?? 0..<scalars.count
        var result: [Range<Int>] = []
        var i = bounds.lowerBound
        while i < bounds.upperBound {
            if scalars[i] == first, let end = match(at: i, in: scalars, limit: bounds.upperBound) {
                result.append(i..<end)
                i = end
            } else {
                i += 1
            }
        }
        return result
    }

    func match(at start: Int, in scalars: [Unicode.Scalar], limit: Int) -> Int? {
        var i = start
        for element in elements {
            switch element {
            case .space:
                while i < limit, TextPattern.isSpace(scalars[i]) { i += 1 }
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
