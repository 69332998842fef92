import Foundation

/// A closed interval of exact decimals: what a published figure stands for. `158.94万元` is
/// [158.935, 158.945] 万元, `100%` is [99.5, 100.5], `9人` is [9, 9]. All comparisons in rules are
/// between intervals ("the intervals meet"), never with a fixed epsilon. This is the one interval
/// arithmetic of the project.
public struct Interval: Sendable, Hashable, Codable, CustomStringConvertible {
    public var lower: Decimal
    public var upper: Decimal

    public init(lower: Decimal, upper: Decimal) {
        self.lower = Swift.min(lower, upper)
        self.upper = Swift.max(lower, upper)
    }

    public init(_ exact: Decimal) {
        self.lower = exact
        self.upper = exact
    }

    /// The value written with `decimals` digits after the point, rounded to nearest.
    public init(rounded value: Decimal, decimals: Int, scale: Decimal = 1) {
        let half = Interval.halfUnit(decimals: decimals) * scale
        self.init(lower: value * scale - half, upper: value * scale + half)
    }

    /// The value written with `decimals` digits after the point, truncated (cut, not rounded):
    /// 38.288% written 38.28% stands for [38.28, 38.29).
    public init(truncated value: Decimal, decimals: Int, scale: Decimal = 1) {
        let unit = Interval.halfUnit(decimals: decimals) * 2 * scale
        let base = value * scale
        if value < 0 {
            self.init(lower: base - unit, upper: base)
        } else {
            self.init(lower: base, upper: base + unit)
        }
    }

    static func halfUnit(decimals: Int) -> Decimal {
        var half = Decimal(5)
        for _ in 0...max(0, decimals) { half /= 10 }
        return half * 10 / 10  // 0.5 × 10^-decimals
    }

    public static let zero = Interval(0)

    public var width: Decimal { upper - lower }
    public var midpoint: Decimal { (lower + upper) / 2 }
    public var isExact: Bool { lower == upper }
    public func contains(_ value: Decimal) -> Bool { lower <= value && value <= upper }
    public var containsZero: Bool { contains(0) }

    /// The intervals have a point in common: "=" in a rule.
    public func meets(_ other: Interval) -> Bool { lower <= other.upper && other.lower <= upper }

    /// The distance between the intervals (0 when they meet).
    public func gap(to other: Interval) -> Decimal {
        if meets(other) { return 0 }
        return upper < other.lower ? other.lower - upper : lower - other.upper
    }

    public static func + (a: Interval, b: Interval) -> Interval {
        Interval(lower: a.lower + b.lower, upper: a.upper + b.upper)
    }

    public static func - (a: Interval, b: Interval) -> Interval {
        Interval(lower: a.lower - b.upper, upper: a.upper - b.lower)
    }

    public static prefix func - (a: Interval) -> Interval { Interval(lower: -a.upper, upper: -a.lower) }

    public static func * (a: Interval, b: Interval) -> Interval {
        let p = [a.lower * b.lower, a.lower * b.upper, a.upper * b.lower, a.upper * b.upper]
        return Interval(lower: p.min()!, upper: p.max()!)
    }

    /// Division; `nil` when the divisor may be zero (the quotient is unbounded: a growth rate
    /// from a zero base, a share of nothing).
    public static func / (a: Interval, b: Interval) -> Interval? {
        if b.containsZero { return nil }
        let q = [a.lower / b.lower, a.lower / b.upper, a.upper / b.lower, a.upper / b.upper]
        return Interval(lower: q.min()!, upper: q.max()!)
    }

    public func abs() -> Interval {
        if lower >= 0 { return self }
        if upper <= 0 { return -self }
        return Interval(lower: 0, upper: Swift.max(-lower, upper))
    }

    public func union(_ other: Interval) -> Interval {
        Interval(lower: Swift.min(lower, other.lower), upper: Swift.max(upper, other.upper))
    }

    public var description: String { isExact ? "\(lower)" : "[\(lower), \(upper)]" }
}

extension Decimal {
    /// The value rounded to `places` decimals, as a plain string ("158.94", "-2.03", "9").
    public func formatted(places: Int) -> String {
        var value = self
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, places, .plain)
        var text = "\(rounded)"
        if places > 0 {
            if !text.contains(".") { text += "." }
            let decimals = text.split(separator: ".", omittingEmptySubsequences: false).last?.count ?? 0
            if decimals < places { text += String(repeating: "0", count: places - decimals) }
        }
        if text.hasPrefix("-"), Decimal(string: text) == 0 { text.removeFirst() }
        return text
    }
}
