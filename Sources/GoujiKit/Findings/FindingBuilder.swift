import Foundation

/// Turns a failed comparison into a finding that explains itself: the stated figure and where it
/// stands, what the other figures imply (rounded to the stated precision, and as an interval), the
/// gap, the computation with the published numbers, and every operand's location.
enum FindingBuilder {
    static func build(
        rule: CompiledRule, severity: Severity, failure: FailedComparison, roles: FigureRoles, claim: Claim?,
        extraction: Extraction, file: String, note: String?, roundingOnly: Bool = false
    ) -> Finding {
        let figures = extraction.figures
        let text = extraction.text
        let stated = failure.stated
        let implied = failure.implied
        let mainID = stated.figures.first ?? claim?.anchor ?? implied.figures.first ?? 0
        let main = figures.indices.contains(mainID) ? figures[mainID] : nil
        let start = main.map { text.location(of: $0.numberRange.lowerBound) } ?? SourceLocation(line: 1, column: 1, byteOffset: 0)
        let endLocation = main.map { text.location(of: max($0.range.lowerBound, $0.range.upperBound - 1)) }
        let endColumn = endLocation.map { $0.line == start.line ? $0.column + 1 : start.column + 1 } ?? start.column + 1

        let unit = stated.unit ?? implied.unit
        let power = unit?.amountPower ?? 0
        let decimals = stated.decimals ?? implied.decimals ?? 2
        let unitSymbol = unit?.symbol ?? ""
        let impliedMid = implied.interval.midpoint.shifted(by: -power)
        let statedMid = stated.interval.midpoint.shifted(by: -power)
        let impliedText = implied.interval.isUnbounded
            ? (implied.interval.upper >= Interval.unbounded ? "≥" + implied.interval.lower.shifted(by: -power).formatted(places: decimals)
                : "≤" + implied.interval.upper.shifted(by: -power).formatted(places: decimals))
            : impliedMid.formatted(places: decimals)
        let statedText = stated.figures.count == 1 && stated.decimals != nil ? stated.rendering : statedMid.formatted(places: decimals)
        let sameKind = stated.dimension == implied.dimension || stated.dimension == nil || implied.dimension == nil
        let gapValue = statedMid - impliedMid
        let gapUnit = unit?.dimension == .percent ? "个百分点" : unitSymbol
        let gapText = sameKind && !implied.interval.isUnbounded ? (gapValue < 0 ? -gapValue : gapValue).formatted(places: decimals) : ""
        let isComputed = implied.precedence != 0 || implied.figures.count > 1

        var computation: String
        switch failure.op {
        case .equal where rule.syntax.check.kind.isCall(named: "possible_fraction"):
            computation = "\(implied.rendering) 的任何整数部分 k 都不能使 k ÷ \(implied.rendering) × 100 落在 \(stated.rendering)% 所代表的区间"
                + "［\((stated.interval.lower).formatted(places: decimals + 1)), \((stated.interval.upper).formatted(places: decimals + 1))］内"
        case .equal:
            let relation = impliedText.hasPrefix("≥") || impliedText.hasPrefix("≤") ? " " : " = "
            computation = isComputed ? "\(implied.rendering)\(relation)\(impliedText) ≠ \(statedText)" : "\(statedText) ≠ \(implied.rendering)"
            if sameKind && !gapText.isEmpty { computation += "（相差 \(gapText) \(gapUnit)）" }
        case .lessOrEqual, .less:
            computation = "\(statedText) > \(isComputed ? "\(implied.rendering) = \(impliedText)" : implied.rendering)"
        case .greaterOrEqual, .greater:
            computation = "\(statedText) < \(isComputed ? "\(implied.rendering) = \(impliedText)" : implied.rendering)"
        case .notEqual:
            computation = "\(statedText) = \(implied.rendering)"
        case .and:
            computation = "不满足：\(RulePrinter.print(rule.syntax.check))"
        default:
            computation = "\(statedText) \(failure.op.rawValue) \(implied.rendering)"
        }

        var operandIDs: [Int] = []
        for id in stated.figures + implied.figures + roles.figures.sorted() where !operandIDs.contains(id) { operandIDs.append(id) }
        let operands = operandIDs.filter { figures.indices.contains($0) }.map { id -> Finding.Operand in
            let f = figures[id]
            let location = text.location(of: f.numberRange.lowerBound)
            let interval = f.interval
            let s = f.unit.amountPower
            let clauseStart = FigureScanner.labelStart(before: f.range.lowerBound, lineStart: extraction.structure.lines[f.line].range.lowerBound, in: text.scalars)
            var clauseEnd = f.range.upperBound
            while clauseEnd < text.scalars.count, !ScalarText.isClauseBreak(text.scalars[clauseEnd]), !ScalarText.isSentenceEnd(text.scalars[clauseEnd]),
                text.scalars[clauseEnd] != "\n", clauseEnd - f.range.upperBound < 30
            {
                clauseEnd += 1
            }
            return Finding.Operand(
                role: roles[id]?.description ?? f.concept ?? f.label, text: f.text, label: f.label,
                context: ScalarText.string(text.scalars[clauseStart..<clauseEnd]), line: location.line, column: location.column,
                lower: interval.lower.shifted(by: -s).formatted(places: f.decimals + 1), upper: interval.upper.shifted(by: -s).formatted(places: f.decimals + 1),
                place: location.place)
        }

        let statedWithUnit = stated.figures.count == 1 && stated.decimals != nil ? (main?.text ?? statedText) : statedText + unitSymbol
        let impliedWithUnit = impliedText + unitSymbol
        var placeholders: [String: String] = [
            "stated": statedWithUnit, "actual": statedWithUnit, "implied": impliedWithUnit, "expected": impliedWithUnit,
            "gap": gapText.isEmpty ? "" : gapText + gapUnit, "computation": computation,
        ]
        if let claim, let variable = rule.syntax.each?.variable {
            for (name, field) in claim.fields {
                placeholders["\(variable).\(name)"] = render(field, figures: figures)
            }
        }
        // A concept the rule names (a field's placeholder, `c.amount`, is the field's rendering above).
        for (id, role) in roles.byFigure where role.field == nil && !role.name.includes(".") { placeholders[role.name] = figures[id].text }
        let message: String
        if roundingOnly {
            message = "\(rule.syntax.title)：按所列数字计算为\(impliedWithUnit)，文中为\(statedWithUnit)，差异在四舍五入的误差之内"
        } else if let template = rule.syntax.message {
            message = fill(template.text, with: placeholders)
        } else {
            message = "\(rule.syntax.title)：\(computation)"
        }
        let quote = main.map { extraction.sentenceText($0.sentence) } ?? ""
        return Finding(
            rule: rule.id, title: rule.syntax.title, severity: severity, message: message, file: file, line: start.line,
            column: start.column, endColumn: endColumn, quote: quote, actual: statedWithUnit, expected: impliedWithUnit,
            expectedLower: implied.interval.lower <= -Interval.unbounded ? "-∞" : implied.interval.lower.shifted(by: -power).formatted(places: decimals + 1),
            expectedUpper: implied.interval.upper >= Interval.unbounded ? "∞" : implied.interval.upper.shifted(by: -power).formatted(places: decimals + 1),
            actualLower: stated.interval.lower.shifted(by: -power).formatted(places: decimals + 1),
            actualUpper: stated.interval.upper.shifted(by: -power).formatted(places: decimals + 1), gap: placeholders["gap"] ?? "",
            computation: computation, operands: operands, note: note, place: start.place)
    }

    /// A finding about text rather than figures — residue, a missing section, a heading out of
    /// sequence: it points at the first of `places` (normalised ranges) and lists every place as
    /// an operand, so a grouped finding still says where each one is.
    static func buildText(
        rule: CompiledRule, severity: Severity, places: [Range<Int>], extraction: Extraction, file: String,
        computation: String, stated: String? = nil, expected: String = "", claim: Claim? = nil, note: String? = nil
    ) -> Finding {
        let text = extraction.text
        let scalars = text.scalars
        let first = places.first ?? 0..<0
        let start = text.location(of: first.lowerBound)
        let end = text.location(of: max(first.lowerBound, first.upperBound - 1))
        let structure = extraction.structure
        func quote(_ index: Int) -> String {
            guard !structure.sentences.isEmpty, index < scalars.count else { return "" }
            return extraction.sentenceText(structure.sentence(containing: index))
        }
        let shown = stated ?? ScalarText.string(scalars[first.clamped(to: 0..<scalars.count)])
        let operands = places.enumerated().map { k, place -> Finding.Operand in
            let location = text.location(of: place.lowerBound)
            let written = ScalarText.string(scalars[place.clamped(to: 0..<scalars.count)])
            return Finding.Operand(
                role: "第\(k + 1)处", text: written, label: "", context: quote(place.lowerBound), line: location.line,
                column: location.column, lower: "", upper: "", place: location.place)
        }
        var placeholders: [String: String] = [
            "stated": shown, "actual": shown, "implied": expected, "expected": expected, "gap": "", "computation": computation,
        ]
        if let claim, let variable = rule.syntax.each?.variable {
            for (name, field) in claim.fields { placeholders["\(variable).\(name)"] = render(field, figures: extraction.figures) }
        }
        let message = rule.syntax.message.map { fill($0.text, with: placeholders) } ?? "\(rule.syntax.title)：\(computation)"
        return Finding(
            rule: rule.id, title: rule.syntax.title, severity: severity, message: message, file: file, line: start.line,
            column: start.column, endColumn: end.line == start.line ? end.column + 1 : start.column + 1, quote: quote(first.lowerBound),
            actual: shown, expected: expected, expectedLower: "", expectedUpper: "", gap: "", computation: computation,
            operands: operands, note: note, place: start.place)
    }

    /// Several findings of one rule in one document as one: the first, with every place listed.
    static func grouped(_ findings: [Finding]) -> Finding {
        guard var first = findings.first, findings.count > 1 else { return findings[0] }
        let places = findings.flatMap { $0.operands.isEmpty ? [] : [$0.operands[0]] }
        first.operands = places.enumerated().map { k, operand in
            var o = operand
            o.role = "第\(k + 1)处"
            return o
        }
        let listed = findings.prefix(12).map { "\($0.line):\($0.column)「\($0.actual)」" }.joined(separator: "、")
        first.message += "（共\(findings.count)处：\(listed)\(findings.count > 12 ? "……" : "")）"
        first.computation = findings.count > 1 ? "共\(findings.count)处" + "；" + first.computation : first.computation
        first.fingerprint = Finding.fingerprint(rule: first.rule, figures: findings.map(\.actual), quote: first.quote)
        return first
    }

    static func render(_ field: ClaimField, figures: [Figure]) -> String {
        switch field {
        case .figure(let id, _), .exact(let id): return figures[id].text
        case .constant(let value): return "\(value)"
        case .figures(let ids): return ids.map { figures[$0].text }.joined(separator: "、")
        case .sum(let terms):
            guard let first = terms.first else { return "" }
            var total = Interval.zero
            for t in terms { total = t.sign < 0 ? total - figures[t.figure].interval : total + figures[t.figure].interval }
            let unit = figures[first.figure].unit
            let power = unit.amountPower
            return total.midpoint.shifted(by: -power).formatted(places: figures[first.figure].decimals) + unit.symbol
        case .sums(let lists): return lists.map { render(.sum($0), figures: figures) }.joined(separator: "、")
        case .text(let text): return text
        case .flag(let flag): return flag ? "是" : "否"
        case .number(let n): return "\(n)"
        }
    }

    /// Replaces `{name}` by its value; an unknown name is left as written (the checker rejects it).
    static func fill(_ template: String, with values: [String: String]) -> String {
        // "{" and "}" found as scalars, as `RuleParser.placeholders` finds them; the text between
        // placeholders is copied a run at a time (character by character was most of a finding's cost).
        let bytes = template.utf8
        var result = ""
        var rest = bytes.startIndex
        while let open = bytes[rest...].firstIndex(of: UInt8(ascii: "{")),
            let close = bytes[open...].firstIndex(of: UInt8(ascii: "}"))
        {
            result += template[rest..<open]
            let name = String(template[bytes.index(after: open)..<close])
            result += values[name] ?? "{\(name)}"
            rest = bytes.index(after: close)
        }
        result += template[rest...]
        return result
    }
}

extension Expr.Kind {
    func isCall(named name: String) -> Bool {
        switch self {
        case .call(let n, _): return n == name
        case .binary(_, let a, let b): return a.kind.isCall(named: name) || b.kind.isCall(named: name)
        case .unary(_, let a): return a.kind.isCall(named: name)
        default: return false
        }
    }
}
