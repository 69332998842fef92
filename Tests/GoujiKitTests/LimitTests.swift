import Foundation
import XCTest

@testable import GoujiKit

/// The limits that protect the machine: each refuses its input with a clear error and its id,
/// quickly, without deep recursion or quadratic work.
final class LimitTests: XCTestCase {
    let lexicon = (path: "lexicon.txt", text: TestSupport.fixtureText(TestSupport.path("Rules/lexicon.txt")))

    func readError(_ body: () throws -> Void) -> Diagnostic? {
        do {
            try body()
            return nil
        } catch {
            return error as? Diagnostic
        }
    }

    func ruleErrors(_ files: [(path: String, text: String)]) -> [Diagnostic] {
        do throws(RuleSetError) {
            _ = try RuleSet.compile(lexicon: lexicon, files: files)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// One valid rule with the given check (and examples that make it compile).
    func rule(_ id: String, check: String) -> String {
        """
        rule \(id) 限制测试
          severity info
          check \(check)
          pass "收入总计1.00万元。"
          fail "收入总计2.00万元。"

        """
    }

    // MARK: - Documents

    func testA100MBSingleLineFileFailsOnSizeBeforeReading() throws {
        let path = NSTemporaryDirectory() + "gouji-limit-\(UUID().uuidString).txt"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("一".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 100 * 1024 * 1024)  // sparse: nothing is written
        try handle.close()
        let d = readError { _ = try TextReader.read(path: path) }
        XCTAssertEqual(d?.id, "read.too-large")
    }

    func testA10MBSingleLineFileFailsOnLineLengthQuickly() throws {
        let path = NSTemporaryDirectory() + "gouji-limit-\(UUID().uuidString).txt"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(repeating: UInt8(ascii: "1"), count: 10 * 1024 * 1024)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let d = readError { _ = try TextReader.read(path: path) }
        XCTAssertEqual(d?.id, "read.line-too-long")
        XCTAssertTrue(d?.message.contains("1000000") ?? false, d?.message ?? "")
    }

    func testALineJustOverTheLimitIsRefusedAtItsLine() throws {
        // 1,000,001 Chinese characters are 3,000,003 bytes: under the byte pre-check, caught after decoding.
        let long = [UInt8](String(repeating: "收", count: TextReader.defaultMaximumLineLength + 1).utf8)
        let d = readError { _ = try TextReader.decode(Array("标题\n".utf8) + long + Array("\n结尾".utf8), path: "long.txt") }
        XCTAssertEqual(d?.id, "read.line-too-long")
        XCTAssertEqual(d?.location?.line, 2)
        XCTAssertEqual(d?.location?.byteOffset, 7)
    }

    func testTheLineLimitCountsCharactersInEveryEncoding() throws {
        let line = String(repeating: "支出", count: 6)  // 12 characters
        let text = "标题\n" + line
        let utf16: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { (unit: UInt16) -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let gb = [UInt8](try XCTUnwrap(text.data(using: TextReader.gb18030)))
        let utf8: [UInt8] = Array(text.utf8)
        for bytes in [utf8, utf16, gb] {
            XCTAssertEqual(readError { _ = try TextReader.decode(bytes, path: "t.txt", maximumLineLength: 11) }?.id, "read.line-too-long")
            XCTAssertNil(readError { _ = try TextReader.decode(bytes, path: "t.txt", maximumLineLength: 12) })
        }
    }

    // MARK: - Rules

    func testDeeplyNestedExpressionsAreRefusedWithoutOverflowingTheStack() {
        let deep = 100_000
        let cases = [
            String(repeating: "(", count: deep) + "1" + String(repeating: ")", count: deep) + " = 1",
            String(repeating: "(", count: deep),
            String(repeating: "- ", count: deep) + "1 = 1",
            String(repeating: "not ", count: deep) + "1 = 1",
            String(repeating: "abs(", count: deep) + "1" + String(repeating: ")", count: deep) + " = 1",
            Array(repeating: "1", count: deep).joined(separator: " + ") + " = 1",
            "1 = 1" + String(repeating: " and 1 = 1", count: deep),
            "c" + String(repeating: ".percent", count: deep) + " = 1",
        ]
        for check in cases {
            let found = ruleErrors([("deep.rules", rule("DEEP-1", check: check))])
            // (A rule whose check clause is refused is also reported as lacking one.)
            XCTAssertEqual(found.map(\.id), ["rules.too-deep", "rule.missing-check"], String(check.prefix(20)))
            XCTAssertEqual(found.first?.location?.line, 3)
        }
        // A file of nothing but brackets is a syntax error, not a crash.
        XCTAssertEqual(ruleErrors([("brackets.rules", String(repeating: "(", count: deep))]).map(\.id), ["rule.syntax"])
    }

    func testExpressionsUpToTheDepthLimitCompile() {
        let nested = ExpressionParser.maximumDepth - 2
        let check = String(repeating: "(", count: nested) + "收入总计" + String(repeating: ")", count: nested) + " = 1万元"
        XCTAssertEqual(ruleErrors([("ok.rules", rule("OK-1", check: check))]).filter { $0.level == .error }.map(\.id), [])
        let chain = Array(repeating: "收入总计", count: ExpressionParser.maximumDepth - 2).joined(separator: " + ") + " = 1万元"
        XCTAssertEqual(ruleErrors([("ok.rules", rule("OK-2", check: chain))]).filter { $0.level == .error }.map(\.id), [])
    }

    func testTooManyRulesAreRefused() {
        let limit = RuleSet.maximumRules
        let half = (0..<(limit / 2)).map { rule("A-\($0)", check: "收入总计 = 1万元") }.joined()
        let rest = (0...(limit / 2)).map { rule("B-\($0)", check: "收入总计 = 1万元") }.joined()
        let found = ruleErrors([("a.rules", half), ("b.rules", rest)])
        XCTAssertEqual(found.map(\.id), ["rules.too-many"])
        XCTAssertEqual(found.first?.path, "b.rules")
        XCTAssertTrue(found.first?.lineText?.contains("B-\(limit / 2)") ?? false)
    }

    func testOversizedRuleFilesAreRefused() throws {
        let big = String(repeating: "# 注释\n", count: RuleSet.maximumFileBytes / 9 + 1)
        XCTAssertGreaterThan(big.utf8.count, RuleSet.maximumFileBytes)
        XCTAssertEqual(ruleErrors([("big.rules", big)]).map(\.id), ["rules.file-too-large"])

        let folder = NSTemporaryDirectory() + "gouji-rules-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try lexicon.text.write(toFile: folder + "/lexicon.txt", atomically: true, encoding: .utf8)
        try big.write(toFile: folder + "/big.rules", atomically: true, encoding: .utf8)
        do throws(RuleSetError) {
            _ = try RuleSet.load(directory: folder)
            XCTFail("an oversized rule file was loaded")
        } catch {
            XCTAssertEqual(error.diagnostics.map(\.id), ["rules.file-too-large"])
            XCTAssertEqual(error.diagnostics.first?.path, folder + "/big.rules")
        }
    }

    // MARK: - Work that stays linear

    /// 20,000 characters of "收入总计100万元" on one line: 2,000 figures of one concept. Binding each
    /// rule instance scanned every figure for every anchor (debug build: 17.8 s; 80,000 characters:
    /// 250 s); now 2.7 s. Speed is measured by Scripts/bench.sh, not here: this keeps the input working.
    func testManyFiguresOfOneConceptAreBoundWithoutQuadraticWork() {
        let text = String(repeating: "收入总计100万元", count: 2_000)
        let report = TestSupport.audit(text)
        XCTAssertGreaterThan(report.summary.figures, 1_900)
    }

    /// 100 KB of short lines that the normaliser joins into one sentence, each with a change marker:
    /// joining rescanned the whole joined line at every step, and each marker scanned the whole
    /// sentence (debug build: over 25 s); now about 3 s.
    func testALongJoinedSentenceOfChangeMarkersStaysLinear() {
        let line = "本年支出合计比上年增加了100.00万元主要原因是\n"
        let text = String(repeating: line, count: 100_000 / line.utf8.count)
        let report = TestSupport.audit(text)
        XCTAssertGreaterThan(report.summary.figures, 1_500)
    }
}
