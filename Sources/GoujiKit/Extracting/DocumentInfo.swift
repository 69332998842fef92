/// What a document says about itself: its title, the unit (单位) that publishes it, and the year.
public struct DocumentInfo: Sendable, Codable, Equatable {
    public var title: String
    public var unit: String
    public var year: String

    /// Reads the title (the first lines before the first heading), the year ("2024年度") and the unit
    /// (what the title names before the year, or a "单位名称：…" line).
    public static func read(_ structure: DocumentStructure) -> DocumentInfo {
        let scalars = structure.scalars
        var titleParts: [String] = []
        for line in structure.lines.prefix(12) {
            // "附件4：" before the title is not the title.
            if line.isHeading, titleParts.isEmpty, ScalarText.hasPrefix(scalars[line.range], "附件") { continue }
            if line.isHeading || line.isTableLine { break }
            let text = ScalarText.string(scalars[line.range]).trimmingSpaces()
            if text.isEmpty { continue }
            if text.includes("：") || text.count > 60 { break }
            titleParts.append(text)
            if titleParts.count == 3 { break }
        }
        let title = titleParts.joined()
        var year = ""
        var unit = ""
        let head = structure.lines.prefix(20).map { ScalarText.string(scalars[$0.range]) }
        for text in [title] + head {
            let chars = Array(text)
            var i = 0
            while i + 4 < chars.count {
                // "2024年度", or "2024 年度" as a PDF's text layer spaces it.
                let yearMark = chars[i + 4] == "年" || (chars[i + 4] == " " && i + 5 < chars.count && chars[i + 5] == "年")
                if chars[i..<(i + 4)].allSatisfy(\.isNumber), yearMark, !(i > 0 && chars[i - 1].isNumber) {
                    year = String(chars[i..<(i + 4)])
                    if text == title, unit.isEmpty {
                        unit = String(chars[..<i]).trimmingSpaces()
                        if unit.isEmpty {
                            // "2023年度岳阳市君山区信访局整体支出绩效自评报告": the unit follows the year.
                            var rest = String(chars[(i + 5)...]).trimmingSpaces()
                            if rest.hasPrefix("度") { rest.removeFirst() }
                            for word in ["部门整体支出", "整体支出", "部门决算", "单位决算", "部门单位整体", "绩效自评"] {
                                if let r = ScalarText.firstRange(of: word, in: rest) { rest = String(rest[..<r.lowerBound]) }
                            }
                            unit = rest.trimmingSpaces()
                        }
                    }
                    break
                }
                i += 1
            }
            if !year.isEmpty { break }
        }
        for text in head {
            for marker in ["单位名称（公章）：", "部门单位名称（公章）：", "单位名称：", "部门名称："] {
                if let range = ScalarText.firstRange(of: marker, in: text) {
                    unit = String(text[range.upperBound...]).trimmingSpaces()
                }
            }
        }
        return DocumentInfo(title: title, unit: unit, year: year)
    }

    /// The kind a document is compared across years by: its first kind (a 决算 is compared with a
    /// 决算, a 自评报告 with a 自评报告).
    public func kindKey(_ kinds: [String]) -> String { kinds.first ?? "" }
}
