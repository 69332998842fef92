import Foundation
import XCTest

@testable import GoujiKit

/// The reporters' JSON writer must write exactly what Foundation's JSONEncoder writes with the
/// same options: every fixture's report, and values built to reach the escaping and nesting rules.
final class JSONTextTests: XCTestCase {
    func foundation<T: Encodable>(_ value: T, pretty: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(data: try! encoder.encode(value), encoding: .utf8)!
    }

    func assertSame<T: Encodable>(_ value: T, file: StaticString = #filePath, line: UInt = #line) {
        for pretty in [false, true] {
            XCTAssertEqual(JSONText.encode(value, pretty: pretty), foundation(value, pretty: pretty), "pretty: \(pretty)", file: file, line: line)
        }
    }

    func testEveryFixtureReportIsWrittenAsFoundationWritesIt() throws {
        let folder = TestSupport.path("Fixtures")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 5)
        var findings = 0
        for name in files {
            let report = TestSupport.auditor.audit(try TextReader.read(path: folder + "/" + name))
            findings += report.findings.count
            assertSame(JSONLinesReporter.DocumentLine(
                file: report.file, kinds: report.kinds, info: report.info, summary: report.summary, findings: report.findings, previous: nil))
        }
        XCTAssertGreaterThan(findings, 10, "the fixtures' findings reach every field of a finding")
    }

    struct Sample: Encodable {
        var text: String
        var number: Int
        var negative: Int
        var flag: Bool
        var missing: String?
        var empty: [String]
        var emptyObject: [String: Int]
        var nested: [[String: [Int]]]
        var range: Range<Int>
        var keys: [String: String]
    }

    func testEscapingNestingAndKeyOrder() {
        let text = "引号\"反斜杠\\斜杠/换行\n回车\r制表\t退格\u{8}换页\u{C}控制\u{1}\u{1F}\u{7F}表情😀 万元"
        assertSame(Sample(
            text: text, number: 158, negative: -2, flag: true, missing: nil, empty: [], emptyObject: [:],
            nested: [["b": [1, 2], "a": []], [:]], range: 3..<7,
            keys: ["z": "1", "a": "2", "B": "3", "预算": "4", "_": "5", "a1": "6", "a10": "7", "a2": "8"]))
        assertSame([String]())
        assertSame("只有一个字符串")
        assertSame(42)
    }
}
