import Foundation

/// Renders a number stored in an Excel cell as the cell displays it, from the cell's number
/// format: built-in formats by id (0 General, 1 "0", 2 "0.00", 3 "#,##0", 4 "#,##0.00", 9 "0%",
/// 10 "0.00%", dates …) and custom format codes ("0.0", "#,##0.00_ ", "0.00%", `0.00"元"`).
/// The stored binary value is first read to 15 significant digits (as Excel does), then rounded
/// half away from zero to the format's decimals, so 158.93999999 in "0.00" is "158.94".
///
/// Choices: digits are written plain, without the thousands separators the format may ask for
/// (the figure scanner reads plain digits); only the first section of a format is used, and a
/// negative number gets a leading "-" (an accounting format's "(1.00)" is written "-1.00", its "-"
/// for zero is written "0.00"); padding (`_x`) and fill (`*x`) write nothing; quoted text and "%"
/// are written where the format puts them; dates are written as 2024-12-31 (and 13:05:00);
/// scientific and fraction formats fall back to General.
enum XlsxNumberFormat {
    /// The format code of a built-in number format id, nil for General or an unknown id.
    static func builtin(_ id: Int) -> String? {
        switch id {
        case 1: return "0"
        case 2: return "0.00"
        case 3, 5, 6, 37, 38, 41, 42: return "#,##0"
        case 4, 7, 8, 39, 40, 43, 44: return "#,##0.00"
        case 9: return "0%"
        case 10: return "0.00%"
        case 14...17, 27...31, 34...36, 50...58: return "yyyy-mm-dd"
        case 18...21, 32, 33, 45, 46: return "hh:mm:ss"
        case 22: return "yyyy-mm-dd hh:mm"
        default: return nil
        }
    }

    /// `raw` (the cell's `<v>`) displayed through `code` (nil: General).
    static func display(_ raw: String, code: String?, date1904: Bool = false) -> String {
        guard let value = Double(raw.trimmingCharacters(in: .whitespaces)), value.isFinite else { return raw }
        guard let code, !code.isEmpty, code.lowercased() != "general", code != "@" else { return general(value, raw: raw) }
        let section = firstSection(code)
        let tokens = tokenize(section)
        if tokens.contains(where: { if case .date = $0 { return true } else { return false } }) {
            return date(value, tokens: tokens, date1904: date1904) ?? general(value, raw: raw)
        }
        var seenPoint = false
        var minimumDecimals = 0
        var maximumDecimals = 0
        var percent = 0
        var scaling = 0
        var placeholders = 0
        var pendingCommas = 0
        for token in tokens {
            switch token {
            case .digit(let c):
                placeholders += 1
                pendingCommas = 0
                if seenPoint {
                    maximumDecimals += 1
                    if c == "0" { minimumDecimals = maximumDecimals }
                }
            case .comma:
                if placeholders > 0 { pendingCommas += 1 }
            case .unsupported:
                return general(value, raw: raw)
            case .point, .percent, .literal, .date:
                // Commas after the last integer digit divide by 1000 each ("0.0,," shows millions).
                scaling += pendingCommas
                pendingCommas = 0
                if token == .point { seenPoint = true }
                if token == .percent { percent += 1 }
            }
        }
        scaling += pendingCommas
        guard placeholders > 0 else {
            // A format of text only ("-", "合计"): Excel shows the text.
            return tokens.map { if case .literal(let s) = $0 { return s } else if case .percent = $0 { return "%" } else { return "" } }.joined()
        }
        var number = decimal(value < 0 ? -value : value)
        for _ in 0..<percent { number *= 100 }
        for _ in 0..<scaling { number /= 1000 }
        var digits = fixed(number, places: maximumDecimals)
        while maximumDecimals > minimumDecimals, digits.hasSuffix("0") {
            digits.removeLast()
            maximumDecimals -= 1
        }
        if digits.hasSuffix(".") { digits.removeLast() }
        let isZero = !digits.contains { $0 != "0" && $0 != "." }
        var out = value < 0 && !isZero ? "-" : ""
        var wroteNumber = false
        for token in tokens {
            switch token {
            case .literal(let s): out += s
            case .percent: out += "%"
            case .digit, .point, .comma:
                if !wroteNumber {
                    out += digits
                    wroteNumber = true
                }
            default: break
            }
        }
        return out
    }

    /// Excel's General: integers as they are, other numbers to 10 significant digits.
    static func general(_ value: Double, raw: String) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let text = String(format: "%.10g", value)
        return text.contains("e") ? raw : text
    }

    enum Token: Equatable {
        case digit(Character)
        case point, comma, percent
        case literal(String)
        case date(Character)
        case unsupported
    }

    /// The format's first section (";" outside quotes and brackets ends it).
    static func firstSection(_ code: String) -> String {
        var quoted = false
        var bracket = false
        var escaped = false
        var out = ""
        for c in code {
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "\"" {
                quoted.toggle()
            } else if !quoted && c == "[" {
                bracket = true
            } else if !quoted && c == "]" {
                bracket = false
            } else if !quoted && !bracket && c == ";" {
                break
            }
            out.append(c)
        }
        return out
    }

    static func tokenize(_ section: String) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(section)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\"":
                var text = ""
                i += 1
                while i < chars.count, chars[i] != "\"" {
                    text.append(chars[i])
                    i += 1
                }
                tokens.append(.literal(text))
            case "\\":
                if i + 1 < chars.count { tokens.append(.literal(String(chars[i + 1]))) }
                i += 1
            case "_", "*":
                i += 1
            case "[":
                var inside = ""
                i += 1
                while i < chars.count, chars[i] != "]" {
                    inside.append(chars[i])
                    i += 1
                }
                let lower = inside.lowercased()
                if lower == "h" || lower == "hh" || lower == "m" || lower == "mm" || lower == "s" || lower == "ss" { tokens.append(.date("h")) }
            case "0", "#", "?": tokens.append(.digit(c))
            case ".": tokens.append(.point)
            case ",": tokens.append(.comma)
            case "%": tokens.append(.percent)
            case "E", "e", "/": tokens.append(.unsupported)
            case "y", "Y", "m", "M", "d", "D", "h", "H", "s", "S": tokens.append(.date(Character(c.lowercased())))
            case "@": tokens.append(.unsupported)
            default: tokens.append(.literal(String(c)))
            }
            i += 1
        }
        return tokens
    }

    /// An Excel date serial as "2024-12-31", with the time when the format shows hours or seconds.
    static func date(_ serial: Double, tokens: [Token], date1904: Bool) -> String? {
        guard serial >= 0, serial < 2_958_466 else { return nil }
        let letters = Set(tokens.compactMap { if case .date(let c) = $0 { return c } else { return nil } })
        var whole = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(whole)) * 86_400).rounded())
        if seconds >= 86_400 {
            whole += 1
            seconds -= 86_400
        }
        // Days from 1970-01-01: the 1900 system counts from 1899-12-30 (its day 60 is the 29 February
        // 1900 that never was), the 1904 system from 1904-01-01.
        let days = date1904 ? whole - 24_107 : (whole < 61 ? whole - 25_568 : whole - 25_569)
        let (year, month, day) = civil(days)
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        let hasDate = letters.contains("y") || letters.contains("d") || (letters.contains("m") && !letters.contains("h") && !letters.contains("s"))
        let hasTime = letters.contains("h") || letters.contains("s")
        var parts: [String] = []
        if hasDate { parts.append("\(year)-\(two(month))-\(two(day))") }
        if hasTime { parts.append("\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))") }
        return parts.joined(separator: " ")
    }

    /// Year, month, day of a count of days from 1970-01-01 (proleptic Gregorian).
    static func civil(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The stored double read to 15 significant digits, as a decimal.
    static func decimal(_ value: Double) -> Decimal {
        let text = String(format: "%.15g", value)
        if !text.contains("e"), let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) { return d }
        return Decimal(value)
    }

    /// Plain digits with exactly `places` decimals, rounded half away from zero.
    static func fixed(_ value: Decimal, places: Int) -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, places, .plain)
        var text = NSDecimalNumber(decimal: rounded).stringValue
        if text.contains("e") || text.contains("E") { text = String(format: "%.\(places)f", NSDecimalNumber(decimal: rounded).doubleValue) }
        guard places > 0 else { return text }
        if let point = text.firstIndex(of: ".") {
            let have = text.distance(from: text.index(after: point), to: text.endIndex)
            return text + String(repeating: "0", count: max(0, places - have))
        }
        return text + "." + String(repeating: "0", count: places)
    }
}
