import Foundation

/// An interval of exact decimals, each end open or closed: what a published figure stands for.
/// `158.94万元` is [158.935, 158.945) 万元 (rounding half away from zero), `-2.03%` is
/// (-2.035, -2.025], `100%` is [99.5, 100.5), `9人` is exactly [9, 9]. All comparisons in rules
/// are between intervals ("the intervals meet"), never with a fixed epsilon. This is the one
/// interval arithmetic of the project; its numbers are `ExactDecimal`s.
public struct Interval: Sendable, Hashable, Codable, CustomStringConvertible {
    public var lower: ExactDecimal
    public var upper: ExactDecimal
    public var lowerOpen: Bool
    public var upperOpen: Bool

    public init(lower: ExactDecimal, upper: ExactDecimal, lowerOpen: Bool = false, upperOpen: Bool = false) {
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

    public init(_ exact: ExactDecimal) {
        self.init(lower: exact, upper: exact)
    }

    /// The value written with `decimals` digits after the point, rounded half away from zero, in
    /// a unit of 10^scalePower (万元: 4): built with exponent shifts only (this is on the hot path).
    public init(rounded value: ExactDecimal, decimals: Int, scalePower: Int = 0) {
        let half = ExactDecimal(mantissa: 5, exponent: scalePower - max(0, decimals) - 1)
        let v = value.shifted(by: scalePower)
        self.init(lower: v - half, upper: v + half, lowerOpen: value <= 0, upperOpen: value >= 0)
    }

    /// The value written with `decimals` digits after the point, truncated (cut, not rounded):
    /// 38.288% written 38.28% stands for [38.28, 38.29).
    public init(truncated value: ExactDecimal, decimals: Int, scalePower: Int = 0) {
        let unit = ExactDecimal(mantissa: 1, exponent: scalePower - max(0, decimals))
        let base = value.shifted(by: scalePower)
        if value < 0 {
            self.init(lower: base - unit, upper: base, lowerOpen: true)
        } else {
            self.init(lower: base, upper: base + unit, upperOpen: true)
        }
    }

    public static let zero = Interval(0)

    /// Stands for infinity at the open end of an unbounded quotient.
    public static let unbounded = ExactDecimal(mantissa: 1, exponent: 30)

    /// Whether one end is unbounded.
    public var isUnbounded: Bool { upper >= Interval.unbounded || lower <= -Interval.unbounded }

    public var width: ExactDecimal { upper - lower }
    /// (lower + upper) × 0.5: a product, always exact.
    public var midpoint: ExactDecimal { (lower + upper) * Interval.oneHalf }

    static let oneHalf = ExactDecimal(mantissa: 5, exponent: -1)
    public var isExact: Bool { lower == upper }

    public func contains(_ value: ExactDecimal) -> Bool {
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
    public func gap(to other: Interval) -> ExactDecimal {
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

    /// The end points of a product or quotient: each candidate end with its value rounded down and
    /// up (equal when exact) and whether it is excluded; the lowest and highest are kept (on a tie,
    /// a closed end over an open one, else the first). Candidates are added one by one, without an
    /// array: products and quotients are on the hot path of every rule.
    private struct Hull {
        typealias Candidate = (low: ExactDecimal, high: ExactDecimal, open: Bool)
        var low: Candidate
        var high: Candidate

        init(_ first: Candidate) {
            low = first
            high = first
        }

        mutating func add(_ c: Candidate) {
            if c.low < low.low || (c.low == low.low && !c.open) { low = c }
            if c.high > high.high || (c.high == high.high && !c.open) { high = c }
        }

        var interval: Interval { Interval(lower: low.low, upper: high.high, lowerOpen: low.open, upperOpen: high.open) }
    }

    public static func * (a: Interval, b: Interval) -> Interval {
        if a.isExact, b.isExact, !a.lowerOpen, !a.upperOpen, !b.lowerOpen, !b.upperOpen { return Interval(a.lower * b.lower) }
        func product(_ x: ExactDecimal, _ xOpen: Bool, _ y: ExactDecimal, _ yOpen: Bool) -> Hull.Candidate {
            let p = x * y
            return (p, p, (xOpen && !y.isZero) || (yOpen && !x.isZero))
        }
        var hull = Hull(product(a.lower, a.lowerOpen, b.lower, b.lowerOpen))
        hull.add(product(a.lower, a.lowerOpen, b.upper, b.upperOpen))
        hull.add(product(a.upper, a.upperOpen, b.lower, b.lowerOpen))
        hull.add(product(a.upper, a.upperOpen, b.upper, b.upperOpen))
        return hull.interval
    }

    /// Division; `nil` when the divisor may be zero (the quotient is unbounded: a growth rate
    /// from a zero base, a share of nothing). A quotient that does not terminate is cut outwards.
    public static func / (a: Interval, b: Interval) -> Interval? {
        if b.containsZero || (b.lower.isZero && b.upper.isZero) { return nil }
        if b.lower.isZero || b.upper.isZero {
            // A divisor that approaches zero from one side: the quotient is unbounded on one side
            // (a growth rate from a base of "more than 0 but under 0.02" is at least a/0.02).
            guard !a.containsZero else { return nil }
            let nearest = b.lower.isZero ? b.upper : b.lower
            let smallest = Swift.min(a.lower.magnitude, a.upper.magnitude)
            let positive = (a.lower > 0) == (nearest > 0)
            return positive
                ? Interval(lower: smallest.divided(by: nearest.magnitude, rounding: .down) ?? 0, upper: Interval.unbounded, upperOpen: true)
                : Interval(lower: -Interval.unbounded, upper: -(smallest.divided(by: nearest.magnitude, rounding: .down) ?? 0), lowerOpen: true)
        }
        func quotient(_ x: ExactDecimal, _ xOpen: Bool, _ y: ExactDecimal, _ yOpen: Bool) -> Hull.Candidate {
            let (low, high) = x.dividedBothWays(by: y) ?? (0, 0)
            return (low, high, (xOpen && !x.isZero) || yOpen)
        }
        var hull = Hull(quotient(a.lower, a.lowerOpen, b.lower, b.lowerOpen))
        hull.add(quotient(a.lower, a.lowerOpen, b.upper, b.upperOpen))
        hull.add(quotient(a.upper, a.upperOpen, b.lower, b.lowerOpen))
        hull.add(quotient(a.upper, a.upperOpen, b.upper, b.upperOpen))
        return hull.interval
    }

    public func abs() -> Interval {
        if lower >= 0 { return self }
        if upper <= 0 { return -self }
        let top = Swift.max(-lower, upper)
        return Interval(lower: 0, upper: top, upperOpen: top == upper ? upperOpen : lowerOpen)
    }

    public func union(_ other: Interval) -> Interval {
        var hull = Hull((lower, lower, lowerOpen))
        hull.add((upper, upper, upperOpen))
        hull.add((other.lower, other.lower, other.lowerOpen))
        hull.add((other.upper, other.upper, other.upperOpen))
        return hull.interval
    }

    public var description: String {
        isExact ? "\(lower)" : "\(lowerOpen ? "(" : "[")\(lower), \(upper)\(upperOpen ? ")" : "]")"
    }
}
