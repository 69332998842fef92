import Foundation

/// An interval of exact decimals, each end open or closed: what a published figure stands for.
/// `158.94万元` is [158.935, 158.945) 万元 (rounding half away from zero), `-2.03%` is
/// (-2.035, -2.025], `100%` is [99.5, 100.5), `9人` is exactly [9, 9]. All comparisons in rules
/// are between intervals ("the intervals meet"), never with a fixed epsilon. This is the one
/// interval arithmetic of the project.
public struct Interval: Sendable, Hashable, Codable, CustomStringConvertible {
    public var lower: Decimal
    public var upper: Decimal
    public var lowerOpen: Bool
    public var upperOpen: Bool

    public init(lower: Decimal, upper: Decimal, lowerOpen: Bool = false, upperOpen: Bool = false) {
        if lower <= upper {
            self.lower = lower
            self.upper = upper
            self.lowerOpen = lowerOpen
            self.upperOpen = upperOpen
        } else {
            self.lower = upper
            self.upper = lower
            self.lowerOpen = upperOpen
            self.upperOpen = lowerOpen
        }
    }

    public init(_ exact: Decimal) {
        self.init(lower: exact, upper: exact)
    }

    /// The value written with `decimals` digits after the point, rounded half away from zero, in
    /// a unit of 10^scalePower (万元: 4): built with exponent shifts only (this is on the hot path).
    public init(rounded value: Decimal, decimals: Int, scalePower: Int = 0) {
        let half = Decimal(sign: .plus, exponent: scalePower - max(0, decimals) - 1, significand: 5)
        let v = value.shifted(by: scalePower)
        self.init(lower: v - half, upper: v + half, lowerOpen: value <= 0, upperOpen: value >= 0)
    }

    /// The value written with `decimals` digits after the point, truncated (cut, not rounded):
    /// 38.288% written 38.28% stands for [38.28, 38.29).
    public init(truncated value: Decimal, decimals: Int, scalePower: Int = 0) {
        let unit = Decimal(sign: .plus, exponent: scalePower - max(0, decimals), significand: 1)
        let base = value.shifted(by: scalePower)
        if value < 0 {
            self.init(lower: base - unit, upper: base, lowerOpen: true)
        } else {
            self.init(lower: base, upper: base + unit, upperOpen: true)
        }
    }

    public static let zero = Interval(0)

    /// Stands for infinity at the open end of an unbounded quotient.
    public static let unbounded = Decimal(sign: .plus, exponent: 30, significand: 1)

    /// Whether one end is unbounded.
    public var isUnbounded: Bool { upper >= Interval.unbounded || lower <= -Interval.unbounded }

    public var width: Decimal { upper - lower }
    /// (lower + upper) × 0.5: a product, exact, where Decimal's division is slow.
    public var midpoint: Decimal { (lower + upper) * Interval.oneHalf }

    static let oneHalf = Decimal(sign: .plus, exponent: -1, significand: 5)
    public var isExact: Bool { lower == upper }

    public func contains(_ value: Decimal) -> Bool {
        (lower < value || (lower == value && !lowerOpen)) && (value < upper || (value == upper && !upperOpen))
    }

    public var containsZero: Bool { contains(0) }

    /// Some value of `self` is at most some value of `other` ("<=" is possible).
    public func possiblyAtMost(_ other: Interval) -> Bool {
        lower < other.upper || (lower == other.upper && !lowerOpen && !other.upperOpen)
    }

    /// The intervals have a point in common: "=" in a rule.
    public func meets(_ other: Interval) -> Bool { possiblyAtMost(other) && other.possiblyAtMost(self) }

    /// The distance between the intervals (0 when they meet).
    public func gap(to other: Interval) -> Decimal {
        if meets(other) { return 0 }
        return upper <= other.lower ? other.lower - upper : lower - other.upper
    }

    public static func + (a: Interval, b: Interval) -> Interval {
        Interval(
            lower: a.lower + b.lower, upper: a.upper + b.upper, lowerOpen: a.lowerOpen || b.lowerOpen,
            upperOpen: a.upperOpen || b.upperOpen)
    }

    public static prefix func - (a: Interval) -> Interval {
        Interval(lower: -a.upper, upper: -a.lower, lowerOpen: a.upperOpen, upperOpen: a.lowerOpen)
    }

    public static func - (a: Interval, b: Interval) -> Interval { a + (-b) }

    /// The end points of a product or quotient, each with whether it is excluded.
    private static func hull(_ candidates: [(Decimal, Bool)]) -> Interval {
        var low = candidates[0]
        var high = candidates[0]
        for c in candidates.dropFirst() {
            if c.0 < low.0 || (c.0 == low.0 && !c.1) { low = c }
            if c.0 > high.0 || (c.0 == high.0 && !c.1) { high = c }
        }
        return Interval(lower: low.0, upper: high.0, lowerOpen: low.1, upperOpen: high.1)
    }

    public static func * (a: Interval, b: Interval) -> Interval {
        let ends = [(a.lower, a.lowerOpen), (a.upper, a.upperOpen)]
        let others = [(b.lower, b.lowerOpen), (b.upper, b.upperOpen)]
        var products: [(Decimal, Bool)] = []
        for x in ends {
            for y in others {
                let open = (x.1 && y.0 != 0) || (y.1 && x.0 != 0)
                products.append((x.0 * y.0, open))
            }
        }
        return hull(products)
    }

    /// Division; `nil` when the divisor may be zero (the quotient is unbounded: a growth rate
    /// from a zero base, a share of nothing).
    public static func / (a: Interval, b: Interval) -> Interval? {
        if b.containsZero || (b.lower == 0 && b.upper == 0) { return nil }
        if b.lower == 0 || b.upper == 0 {
            // A divisor that approaches zero from one side: the quotient is unbounded on one side
            // (a growth rate from a base of "more than 0 but under 0.02" is at least a/0.02).
            guard !a.containsZero else { return nil }
            let nearest = b.lower == 0 ? b.upper : b.lower
            let bound = Swift.min(Swift.abs(a.lower), Swift.abs(a.upper)) / Swift.abs(nearest)
            let positive = (a.lower > 0) == (nearest > 0)
            return positive
                ? Interval(lower: bound, upper: Interval.unbounded, upperOpen: true)
                : Interval(lower: -Interval.unbounded, upper: -bound, lowerOpen: true)
        }
        var quotients: [(Decimal, Bool)] = []
        for x in [(a.lower, a.lowerOpen), (a.upper, a.upperOpen)] {
            for y in [(b.lower, b.lowerOpen), (b.upper, b.upperOpen)] {
                quotients.append((x.0 / y.0, (x.1 && x.0 != 0) || y.1))
            }
        }
        return hull(quotients)
    }

    public func abs() -> Interval {
        if lower >= 0 { return self }
        if upper <= 0 { return -self }
        let top = Swift.max(-lower, upper)
        return Interval(lower: 0, upper: top, upperOpen: top == upper ? upperOpen : lowerOpen)
    }

    public func union(_ other: Interval) -> Interval {
        Interval.hull([(lower, lowerOpen), (upper, upperOpen), (other.lower, other.lowerOpen), (other.upper, other.upperOpen)])
    }

    public var description: String {
        isExact ? "\(lower)" : "\(lowerOpen ? "(" : "[")\(lower), \(upper)\(upperOpen ? ")" : "]")"
    }
}

extension Decimal {
    /// `self` × 10^power, exact: an exponent shift (Decimal's division is slow, and dividing by a
    /// unit's scale is the common case).
    public func shifted(by power: Int) -> Decimal {
        power == 0 ? self : Decimal(sign: sign, exponent: exponent + power, significand: significand)
    }

    /// The value rounded half away from zero to `places` decimals, as a plain string ("158.94", "-2.03", "9").
    public func formatted(places: Int) -> String {
        var value = self
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, places, .plain)
        var text = "\(rounded)"
        if places > 0 {
            if !text.includes(".") { text += "." }
            let decimals = text.split(separator: ".", omittingEmptySubsequences: false).last?.count ?? 0
            if decimals < places { text += String(repeating: "0", count: places - decimals) }
        }
        if text.hasPrefix("-"), Decimal(string: text) == 0 { text.removeFirst() }
        return text
    }
}
