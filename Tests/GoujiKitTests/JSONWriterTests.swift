import Foundation
import XCTest

@testable import GoujiKit

/// The reporters' JSON writer must write what Foundation's JSONEncoder writes (sorted keys, slashes
/// unescaped), byte for byte, compact and pretty: the JSON and JSON Lines outputs are read by
/// programs, and their bytes did not change when the writer replaced JSONEncoder.
final class JSONWriterTests: XCTestCase {
    func foundation<T: Encodable>(_ value: T, pretty: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func assertSameAsFoundation<T: Encodable>(_ value: T, file: StaticString = #filePath, line: UInt = #line) throws {
        for pretty in [false, true] {
            XCTAssertEqual(JSONWriter.string(value, pretty: pretty), try foundation(value, pretty: pretty), "pretty: \(pretty)", file: file, line: line)
        }
    }

    struct Sample: Encodable {
        var empty: [Int] = []
        var emptyObject: [String: Int] = [:]
        var absent: String? = nil
        var present: String? = "有"
        var nested = [[Int](), [1, 2]]
        var lists: [String: [String]] = ["k": [], "l": ["a/b"]]
        var whole = 1.0
        var fraction = 0.1
        var negative = -3
        var flag = true
        var optionals: [Int?] = [nil, 1]
        var severity = Severity.warning
        var decimal = ExactDecimal(string: "158.94")!
    }

    func testValuesOfEveryShape() throws {
        try assertSameAsFoundation(Sample())
        try assertSameAsFoundation([Sample(), Sample()])
        try assertSameAsFoundation(["b": 1, "B": 2, "a": 3, "_": 4, "中": 5, "Z1": 6, "z10": 7, "z9": 8, "expectedUpper": 9, "expectedLower": 10, "expected": 11])
        try assertSameAsFoundation([1: "x", 10: "y", 2: "z"])
        try assertSameAsFoundation([String: [String: Int]]())
    }

    func testEveryCharacterThatNeedsEscapingAndSomeThatDoNot() throws {
        var text = ""
        for value in 0..<0x80 { text.unicodeScalars.append(Unicode.Scalar(value)!) }
        text += "\u{2028}\u{2029}\u{FEFF}\u{85}é😀中\"́"
        try assertSameAsFoundation([text])
        try assertSameAsFoundation([text: text])
    }

    func testRealReportsInBothJSONFormats() throws {
        let reports = ([TestSupport.finalAccounts] + TestSupport.performanceReports).map {
            TestSupport.audit(TestSupport.fixtureText($0), path: $0)
        }
        XCTAssertGreaterThan(reports.flatMap(\.findings).count, 10)
        for report in reports {
            try assertSameAsFoundation(report.findings)
            try assertSameAsFoundation(report.summary)
            try assertSameAsFoundation(report.info)
        }
        let failure = Diagnostic(id: "read.binary", message: "不是文本文件\n请检查", path: "a/b.bin")
        let output = JSONReporter.output(reports, failures: [failure], run: RunNotes())
        XCTAssertEqual(JSONReporter.render(reports, failures: [failure]), try foundation(output, pretty: true))
        for report in reports {
            let expected = JSONLinesReporter.DocumentLine(
                file: report.file, kinds: report.kinds, info: report.info, summary: report.summary, findings: report.findings, previous: "上年.txt")
            XCTAssertEqual(JSONLinesReporter.line(report, previous: "上年.txt"), try foundation(expected, pretty: false))
        }
        XCTAssertEqual(
            JSONLinesReporter.line(failure),
            try foundation(JSONLinesReporter.ErrorLine(file: failure.path, error: .init(id: failure.id, message: failure.message)), pretty: false))
    }
}
