import Foundation

/// Findings for code-review pipelines: SARIF 2.1.0, one run, the rules that ran with their titles
/// and help, each finding with its physical location (columns counted in Unicode code points, as
/// `columnKind` says), its operands as related locations, and its derivation as properties.
public enum SARIFReporter {
    public static func render(_ reports: [AuditReport], rules: [CompiledRule]) -> String {
        var ruleIndex: [String: Int] = [:]
        var descriptors: [[String: Any]] = []
        for rule in rules {
            ruleIndex[rule.id] = descriptors.count
            let s = rule.syntax
            var help = s.title
            if let example = s.examples.first(where: { $0.expectation == .fail }) {
                help += "\n不通过的例子：" + example.text.replacingOccurrences(of: "↓", with: "")
            }
            descriptors.append([
                "id": s.id, "name": s.id.replacingOccurrences(of: "-", with: ""),
                "shortDescription": ["text": s.title], "fullDescription": ["text": s.title],
                "help": ["text": help], "defaultConfiguration": ["level": level(s.severity)],
                "properties": ["file": "\((rule.source.path as NSString).lastPathComponent):\(rule.location.line)"],
            ])
        }
        var results: [[String: Any]] = []
        for report in reports {
            for f in report.findings {
                var result: [String: Any] = [
                    "ruleId": f.rule, "level": level(f.severity), "message": ["text": f.message + "（" + f.computation + "）"],
                    "locations": [location(f.file, line: f.line, column: f.column, endColumn: f.endColumn, snippet: f.quote)],
                    "properties": ["expected": f.expected, "actual": f.actual, "gap": f.gap, "computation": f.computation] as [String: Any],
                    "partialFingerprints": ["goujiFinding/v1": f.fingerprint],
                ]
                if let index = ruleIndex[f.rule] { result["ruleIndex"] = index }
                if let place = f.place, var properties = result["properties"] as? [String: Any] {
                    properties["place"] = place
                    result["properties"] = properties
                }
                if let waiver = f.waiver {
                    result["suppressions"] = [["kind": "external", "status": "accepted", "justification": "\(waiver.reason)（\(waiver.by)，至 \(waiver.expires)）"]]
                }
                let related = f.operands.enumerated().map { i, o -> [String: Any] in
                    var l = location(f.file, line: o.line, column: o.column, endColumn: nil, snippet: nil)
                    l["id"] = i
                    l["message"] = ["text": "\(o.role)：\(o.text)（\(o.lower)～\(o.upper)）"]
                    return l
                }
                if !related.isEmpty { result["relatedLocations"] = related }
                results.append(result)
            }
        }
        let log: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [[
                "tool": ["driver": ["name": "gouji", "informationUri": "https://example.invalid/gouji", "rules": descriptors]],
                "columnKind": "unicodeCodePoints", "results": results,
                "artifacts": reports.map { ["location": ["uri": uri($0.file)], "encoding": "utf-8"] },
            ]],
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
            let text = String(data: data, encoding: .utf8)
        else { return "{}" }
        return text + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    static func uri(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }

    static func location(_ file: String, line: Int, column: Int, endColumn: Int?, snippet: String?) -> [String: Any] {
        var region: [String: Any] = ["startLine": line, "startColumn": column]
        if let end = endColumn, end > column { region["endColumn"] = end }
        if let snippet { region["snippet"] = ["text": snippet] }
        return ["physicalLocation": ["artifactLocation": ["uri": uri(file)], "region": region]]
    }

    /// The finding's fingerprint (see `Finding.fingerprint`).
    public static func fingerprint(_ f: Finding) -> String {
        Finding.fingerprint(rule: f.rule, figures: f.operands.map(\.text), quote: f.quote)
    }
}
