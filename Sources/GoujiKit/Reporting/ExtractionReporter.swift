import Foundation

/// Shows what the extractor found — sections, figures with label, concept and interval, claims with
/// their bound figures — the first thing a rule author needs.
public enum ExtractionReporter {
    struct FigureItem: Encodable {
        var id: Int
        var text: String
        var line: Int
        var column: Int
        var label: String
        var concept: String?
        var measure: String
        var section: String?
        var lower: String
        var upper: String
    }

    struct ClaimItem: Encodable {
        var id: Int
        var kind: String
        var line: Int
        var column: Int
        var fields: [String: String]
    }

    struct SectionItem: Encodable {
        var level: Int
        var marker: String
        var title: String
        var line: Int
    }

    struct TableItem: Encodable {
        var layout: String
        var title: String
        var line: Int
        /// Each row's cells as text; a header row is marked by its index.
        var rows: [[String]]
    }

    struct Output: Encodable {
        var file: String
        var kinds: [String]
        var sections: [SectionItem]
        var tables: [TableItem]
        var figures: [FigureItem]
        var claims: [ClaimItem]
    }

    static func output(_ extraction: Extraction) -> Output {
        let text = extraction.text
        let structure = extraction.structure
        let figures = extraction.figures.map { f -> FigureItem in
            let location = text.location(of: f.numberRange.lowerBound)
            let power = f.unit.amountPower
            return FigureItem(
                id: f.id, text: f.text, line: location.line, column: location.column, label: f.label, concept: f.concept,
                measure: f.measure, section: f.section.map { structure.sections[$0].title },
                lower: f.interval.lower.shifted(by: -power).formatted(places: f.decimals + 1),
                upper: f.interval.upper.shifted(by: -power).formatted(places: f.decimals + 1))
        }
        let claims = extraction.claims.map { c -> ClaimItem in
            let start = extraction.figures.indices.contains(c.anchor) ? extraction.figures[c.anchor].numberRange.lowerBound : c.place?.lowerBound ?? 0
            let location = text.location(of: start)
            var fields: [String: String] = [:]
            for (name, field) in c.fields {
                switch field {
                case .figure(let id, let sign): fields[name] = (sign < 0 ? "−" : "") + "#\(id) \(extraction.figures[id].text)"
                case .exact(let id): fields[name] = "#\(id) \(extraction.figures[id].text)（精确）"
                case .constant(let value): fields[name] = "\(value)"
                case .figures(let ids): fields[name] = ids.map { "#\($0) \(extraction.figures[$0].text)" }.joined(separator: ", ")
                case .sum(let terms):
                    fields[name] = terms.map { ($0.sign < 0 ? "− " : "+ ") + "#\($0.figure) \(extraction.figures[$0.figure].text)" }
                        .joined(separator: " ")
                case .sums(let lists):
                    fields[name] = lists.map { $0.map { ($0.sign < 0 ? "−" : "+") + "#\($0.figure)" }.joined() }.joined(separator: ", ")
                case .text(let t): fields[name] = t
                case .flag(let b): fields[name] = b ? "true" : "false"
                case .number(let n): fields[name] = "\(n)"
                }
            }
            return ClaimItem(id: c.id, kind: c.kind.rawValue, line: location.line, column: location.column, fields: fields)
        }
        let sections = structure.sections.map { s in
            SectionItem(level: s.level, marker: s.marker, title: s.title, line: text.location(of: structure.lines[s.line].range.lowerBound).line)
        }
        let tables = structure.tables.map { t in
            TableItem(
                layout: t.layout.rawValue, title: t.title, line: text.location(of: structure.lines[t.lines.lowerBound].range.lowerBound).line,
                rows: t.rows.map { $0.map(\.text) })
        }
        return Output(file: text.source.path, kinds: structure.kinds, sections: sections, tables: tables, figures: figures, claims: claims)
    }

    public static func json(_ extraction: Extraction) -> String { JSONReporter.encode(output(extraction)) }

    public static func text(_ extraction: Extraction) -> String {
        let o = output(extraction)
        var out = "\(o.file)  文档类型：\(o.kinds.isEmpty ? "未识别" : o.kinds.joined(separator: "、"))\n\n节：\n"
        for s in o.sections {
            out += "  \(String(repeating: "  ", count: max(0, s.level - 1)))\(s.line): \(s.marker)\(s.title)\n"
        }
        out += "\n表（\(o.tables.count) 个）：\n"
        for t in o.tables {
            out += "  第\(t.line)行起 \(t.layout)「\(t.title)」\n"
            for row in t.rows { out += "    | " + row.joined(separator: " | ") + " |\n" }
        }
        out += "\n数字（\(o.figures.count) 个）：\n"
        for f in o.figures {
            out += "  #\(f.id) \(f.line):\(f.column) \(f.text)  标签「\(f.label)」"
            if let c = f.concept { out += " → \(c)" }
            if f.measure != Lexicon.defaultMeasure { out += "@\(f.measure)" }
            out += "  [\(f.lower), \(f.upper)]\n"
        }
        out += "\n断言（\(o.claims.count) 个）：\n"
        for c in o.claims {
            out += "  \(c.line):\(c.column) \(c.kind)  "
            out += c.fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "；") + "\n"
        }
        return out
    }
}
