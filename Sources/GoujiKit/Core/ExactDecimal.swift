import Foundation

/// An exact decimal number, `mantissa` × 10^`exponent` with a 128-bit mantissa (38 digits): the
/// number type of figures and of `Interval`. Foundation's `Decimal` does the same job, but on Linux
/// one operation costs microseconds (a division about 20 µs) and an audit does tens of thousands
/// per document.
///
/// Sums, differences and products are exact; in the rare case that one needs more than 38 digits it
/// is worked out with Foundation's `Decimal` (rounded to nearest, as before). A quotient that does
/// not terminate is cut at about 19 significant digits, in the direction the caller asks
/// (`Interval` rounds its lower bound down and its upper bound up, so an interval only widens).
public struct ExactDecimal: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public private(set) var mantissa: Int128
    public private(set) var exponent: Int

    public init(mantissa: Int128, exponent: Int) {
        self.mantissa = mantissa
        self.exponent = mantissa == 0 ? 0 : exponent
    }

    public init(_ value: Int) { self.init(mantissa: Int128(value), exponent: 0) }

    public init(integerLiteral value: Int) { self.init(value) }

    public static let zero = ExactDecimal(0)

    /// Parses a plain decimal ("158.94", "-2.03", "+5", "0.5", "1e3") from its start, as
    /// Foundation's `Decimal(string:)` does: what follows the number is ignored; nil without digits.
    public init?(string: String) {
        var bytes = Array(string.utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var mantissa: Int128 = 0
        var exponent = 0
        var digits = 0
        var fraction = false
        var significant = 0
        while let b = bytes.first {
            if b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
                digits += 1
                if significant < 38 {
                    mantissa = mantissa * 10 + Int128(b - UInt8(ascii: "0"))
                    if mantissa != 0 { significant += 1 }
                    if fraction { exponent -= 1 }
                } else if !fraction {
                    exponent += 1
                }
            } else if b == UInt8(ascii: "."), !fraction {
                fraction = true
            } else {
                break
            }
            bytes = bytes.dropFirst()
        }
        guard digits > 0 else { return nil }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var rest = bytes.dropFirst()
            var exponentNegative = false
            if let s = rest.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") {
                exponentNegative = s == UInt8(ascii: "-")
                rest = rest.dropFirst()
            }
            var written = 0
            var exponentDigits = 0
            while let b = rest.first, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9"), exponentDigits < 4 {
                written = written * 10 + Int(b - UInt8(ascii: "0"))
                exponentDigits += 1
                rest = rest.dropFirst()
            }
            if exponentDigits > 0 { exponent += exponentNegative ? -written : written }
        }
        self.init(mantissa: negative ? -mantissa : mantissa, exponent: exponent)
    }

    // MARK: - Powers of ten and digits

    static let powersOfTen: [UInt128] = {
        var powers: [UInt128] = [1]
        for _ in 1...38 { powers.append(powers.last! * 10) }
        return powers
    }()

    /// How many decimal digits `m` has (0 has none).
    @inline(__always) static func digitCount(_ m: UInt128) -> Int {
        if m == 0 { return 0 }
        let bits = 128 - m.leadingZeroBitCount
        var d = (bits * 1233) >> 12
        if d < 38, m >= powersOfTen[d] { d += 1 }
        return max(d, 1)
    }

    /// `m` × 10^k, nil when it does not fit.
    @inline(__always) static func scaled(_ m: Int128, by k: Int) -> Int128? {
        if k == 0 || m == 0 { return m }
        guard k <= 38, k > 0 else { return nil }
        let (product, overflow) = m.multipliedReportingOverflow(by: Int128(powersOfTen[k]))
        return overflow ? nil : product
    }

    /// The same value with the trailing zeros of the mantissa taken into the exponent.
    var normalised: ExactDecimal {
        guard mantissa != 0 else { return .zero }
        var m = mantissa
        var e = exponent
        while m % 10 == 0 {
            m /= 10
            e += 1
        }
        return ExactDecimal(mantissa: m, exponent: e)
    }

    // MARK: - Foundation's Decimal, for what needs more than 38 digits

    /// The value as a Foundation `Decimal`.
    public var decimal: Decimal { Decimal(string: "\(mantissa)E\(exponent)") ?? 0 }

    /// A Foundation `Decimal` as an exact decimal (its 38 digits fit).
    public init(_ decimal: Decimal) {
        self = ExactDecimal(string: "\(decimal)") ?? .zero
    }

    // MARK: - Arithmetic

    public static prefix func - (a: ExactDecimal) -> ExactDecimal {
        ExactDecimal(mantissa: -a.mantissa, exponent: a.exponent)
    }

    public static func + (a: ExactDecimal, b: ExactDecimal) -> ExactDecimal {
        if a.mantissa == 0 { return b }
        if b.mantissa == 0 { return a }
        let e = min(a.exponent, b.exponent)
        if let x = scaled(a.mantissa, by: a.exponent - e), let y = scaled(b.mantissa, by: b.exponent - e) {
            let (sum, overflow) = x.addingReportingOverflow(y)
            if !overflow { return ExactDecimal(mantissa: sum, exponent: e) }
        }
        return ExactDecimal(a.decimal + b.decimal)
    }

    public static func - (a: ExactDecimal, b: ExactDecimal) -> ExactDecimal { a + (-b) }

    public static func * (a: ExactDecimal, b: ExactDecimal) -> ExactDecimal {
        if a.mantissa == 0 || b.mantissa == 0 { return .zero }
        let (product, overflow) = a.mantissa.multipliedReportingOverflow(by: b.mantissa)
        if !overflow { return ExactDecimal(mantissa: product, exponent: a.exponent + b.exponent) }
        let (x, y) = (a.normalised, b.normalised)
        let (again, stillOverflow) = x.mantissa.multipliedReportingOverflow(by: y.mantissa)
        if !stillOverflow { return ExactDecimal(mantissa: again, exponent: x.exponent + y.exponent) }
        return ExactDecimal(a.decimal * b.decimal)
    }

    public static func += (a: inout ExactDecimal, b: ExactDecimal) { a = a + b }
    public static func -= (a: inout ExactDecimal, b: ExactDecimal) { a = a - b }
    public static func *= (a: inout ExactDecimal, b: ExactDecimal) { a = a * b }

    /// `self` × 10^power: an exponent shift.
    public func shifted(by power: Int) -> ExactDecimal { ExactDecimal(mantissa: mantissa, exponent: exponent + power) }

    /// Which way a quotient that does not terminate is cut.
    public enum Rounding: Sendable {
        /// Toward −∞.
        case down
        /// Toward +∞.
        case up
        /// Toward zero.
        case towardZero
    }

    /// The quotient, cut at about 19 significant digits in the direction asked; nil for a zero
    /// divisor. Exact when it terminates within those digits.
    public func divided(by divisor: ExactDecimal, rounding: Rounding) -> ExactDecimal? {
        quotient(by: divisor).rounded(rounding)
    }

    /// The quotient rounded down and rounded up (equal when it terminates), worked out once.
    public func dividedBothWays(by divisor: ExactDecimal) -> (down: ExactDecimal, up: ExactDecimal)? {
        let q = quotient(by: divisor)
        guard let down = q.rounded(.down), let up = q.rounded(.up) else { return nil }
        return (down, up)
    }

    /// A quotient before it is rounded: at most 19 significant digits, and whether digits were cut.
    private enum Quotient {
        case zeroDivisor
        /// Worked out with Foundation's `Decimal` (a divisor of more than 19 digits), already rounded.
        case decimal(ExactDecimal)
        case digits(magnitude: UInt128, exponent: Int, negative: Bool, inexact: Bool)

        func rounded(_ rounding: Rounding) -> ExactDecimal? {
            switch self {
            case .zeroDivisor: return nil
            case .decimal(let value): return value
            case .digits(var quotient, let e, let negative, let inexact):
                let awayFromZero: Bool
                switch rounding {
                case .down: awayFromZero = negative
                case .up: awayFromZero = !negative
                case .towardZero: awayFromZero = false
                }
                if inexact, awayFromZero { quotient += 1 }
                let signed = Int128(quotient)
                var result = ExactDecimal(mantissa: negative ? -signed : signed, exponent: e)
                if !inexact { result = result.normalised }
                return result
            }
        }
    }

    private func quotient(by divisor: ExactDecimal) -> Quotient {
        guard divisor.mantissa != 0 else { return .zeroDivisor }
        if mantissa == 0 { return .decimal(.zero) }
        let negative = (mantissa < 0) != (divisor.mantissa < 0)
        var denominator = divisor.mantissa.magnitude
        var denominatorExponent = divisor.exponent
        while denominator % 10 == 0 {
            denominator /= 10
            denominatorExponent += 1
        }
        guard ExactDecimal.digitCount(denominator) <= 19 else {
            return .decimal(ExactDecimal((decimal / divisor.decimal)))
        }
        var numerator = mantissa.magnitude
        // The numerator widened to 38 digits: the quotient keeps at least 19.
        let k = max(0, 38 - ExactDecimal.digitCount(numerator))
        numerator *= ExactDecimal.powersOfTen[k]
        var (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        var e = exponent - denominatorExponent - k
        var inexact = remainder != 0
        // At most 19 significant digits, so that products of quotients still fit.
        let excess = ExactDecimal.digitCount(quotient) - 19
        if excess > 0 {
            let (q, r) = quotient.quotientAndRemainder(dividingBy: ExactDecimal.powersOfTen[excess])
            quotient = q
            e += excess
            inexact = inexact || r != 0
        }
        return .digits(magnitude: quotient, exponent: e, negative: negative, inexact: inexact)
    }

    /// Division cut toward zero (see `divided(by:rounding:)`); a zero divisor gives zero.
    public static func / (a: ExactDecimal, b: ExactDecimal) -> ExactDecimal {
        a.divided(by: b, rounding: .towardZero) ?? .zero
    }

    // MARK: - Comparison

    @inline(__always) static func compare(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        let sa = a.mantissa.signum()
        let sb = b.mantissa.signum()
        if sa != sb { return sa < sb ? -1 : 1 }
        if sa == 0 { return 0 }
        if a.exponent == b.exponent { return a.mantissa < b.mantissa ? -1 : (a.mantissa == b.mantissa ? 0 : 1) }
        if a.exponent > b.exponent {
            // A mantissa that overflows when aligned is larger in magnitude than any that fits.
            guard let x = scaled(a.mantissa, by: a.exponent - b.exponent) else { return Int(sa) }
            return x < b.mantissa ? -1 : (x == b.mantissa ? 0 : 1)
        }
        guard let y = scaled(b.mantissa, by: b.exponent - a.exponent) else { return -Int(sb) }
        return a.mantissa < y ? -1 : (a.mantissa == y ? 0 : 1)
    }

    public static func < (a: ExactDecimal, b: ExactDecimal) -> Bool { compare(a, b) < 0 }
    public static func == (a: ExactDecimal, b: ExactDecimal) -> Bool { compare(a, b) == 0 }

    public func hash(into hasher: inout Hasher) {
        let n = normalised
        hasher.combine(n.mantissa)
        hasher.combine(n.exponent)
    }

    public var isZero: Bool { mantissa == 0 }
    public var magnitude: ExactDecimal { mantissa < 0 ? -self : self }

    // MARK: - Rounding and text

    /// How `rounded(places:_:)` rounds.
    public enum RoundingRule: Sendable {
        /// Half away from zero (how figures are published).
        case halfAwayFromZero
        /// Toward +∞.
        case up
    }

    /// The value rounded to `places` decimals.
    public func rounded(places: Int, _ rule: RoundingRule = .halfAwayFromZero) -> ExactDecimal {
        let drop = -exponent - places
        guard drop > 0, mantissa != 0 else { return self }
        let magnitude = mantissa.magnitude
        var kept: UInt128
        var remainder: UInt128
        var unit: UInt128
        if drop > 38 {
            (kept, remainder, unit) = (0, magnitude, 0)
        } else {
            unit = ExactDecimal.powersOfTen[drop]
            (kept, remainder) = magnitude.quotientAndRemainder(dividingBy: unit)
        }
        switch rule {
        case .halfAwayFromZero:
            // remainder ≥ unit / 2, without overflow (unit = 0 stands for more than 10^38).
            if unit != 0, remainder >= unit - remainder { kept += 1 }
        case .up:
            if remainder != 0, mantissa > 0 { kept += 1 }
        }
        let signed = Int128(kept)
        return ExactDecimal(mantissa: mantissa < 0 ? -signed : signed, exponent: -places)
    }

    /// The value rounded half away from zero to `places` decimals, as a plain string ("158.94",
    /// "-2.03", "9.00"); a value that rounds to zero has no minus sign.
    public func formatted(places: Int) -> String {
        let r = places >= 0 ? rounded(places: places) : self
        guard r.mantissa != 0 else { return places > 0 ? "0." + String(repeating: "0", count: places) : "0" }
        // Digits for exactly `places` decimals, written as bytes (the string operations of joining
        // slices cost more than the arithmetic).
        // Through 64 bits when the digits fit (printing a 128-bit integer is far slower).
        let magnitude = r.mantissa.magnitude
        var digits = Array((magnitude <= UInt128(UInt64.max) ? String(UInt64(magnitude)) : String(magnitude)).utf8)
        let zero = UInt8(ascii: "0")
        var decimals = -r.exponent
        if decimals < 0 {
            digits.append(contentsOf: repeatElement(zero, count: -decimals))
            decimals = 0
        }
        if decimals < max(places, 0) {
            digits.append(contentsOf: repeatElement(zero, count: places - decimals))
            decimals = places
        }
        if digits.count <= decimals { digits.insert(contentsOf: repeatElement(zero, count: decimals - digits.count + 1), at: 0) }
        let negative = r.mantissa < 0
        let length = digits.count + (negative ? 1 : 0) + (decimals > 0 ? 1 : 0)
        return String(unsafeUninitializedCapacity: length) { buffer in
            var n = 0
            if negative {
                buffer[n] = UInt8(ascii: "-")
                n += 1
            }
            for (k, digit) in digits.enumerated() {
                if decimals > 0, k == digits.count - decimals {
                    buffer[n] = UInt8(ascii: ".")
                    n += 1
                }
                buffer[n] = digit
                n += 1
            }
            return n
        }
    }

    /// A plain decimal without exponent or trailing zeros ("0.5", "1000", "-2.03").
    public var description: String {
        let n = normalised
        return n.formatted(places: max(0, -n.exponent))
    }

    // MARK: - Codable, as a string of the plain decimal

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = ExactDecimal(string: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "不是数字：\(text)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
