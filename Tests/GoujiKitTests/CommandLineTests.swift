import Foundation
import XCTest

@testable import GoujiKit

/// The command line: exit statuses, outputs, and what it does with input it cannot use.
final class CommandLineTests: XCTestCase {
    var directory: String = ""

    override func setUpWithError() throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("gouji-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testAuditOfTheFinalAccountsFixtureExitsOneWithTheFinding() {
        let (status, out, _) = TestSupport.run(["audit", TestSupport.finalAccounts])
        XCTAssertEqual(status, .findings)
        XCTAssertTrue(out.contains(":135:175: error: 越级访296人与其中各项之和391人不符 [GEN-05]"), out)
        XCTAssertTrue(out.contains("= 66 + 325 = 391 ≠ 296（相差 95 人）"), out)
        XCTAssertFalse(out.contains("\u{1B}["), "no escape codes when not on a terminal")
    }

    func testFailOnWarningAndJSON() throws {
        let clean = try file("clean.txt", Array("2024年度收入总计158.94万元。2024年度支出总计158.94万元。".utf8))
        XCTAssertEqual(TestSupport.run(["audit", clean]).status, .clean)
        let (status, out, _) = TestSupport.run(["audit", "--format", "json", "--fail-on", "warning", TestSupport.finalAccounts])
        XCTAssertEqual(status, .findings)
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        let findings = try XCTUnwrap(object?["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.count, 7, "GEN-02, GEN-05, GEN-03K ×3, the bookmark residue (C-10E) and the numbering inside the 自评表 (C-12)")
        for key in ["rule", "severity", "message", "file", "line", "column", "expected", "actual", "operands"] {
            XCTAssertNotNil(findings[0][key], key)
        }
        XCTAssertNotNil(object?["summary"])
    }

    func testBinaryInputIsAClearErrorWithStatusTwo() throws {
        let path = try file("binary.txt", [0x00, 0xFF, 0x10, 0x00, 0x89, 0x50, 0x4E, 0x47] + Array(repeating: 0, count: 100))
        let (status, _, err) = TestSupport.run(["audit", path])
        XCTAssertEqual(status, .unusable)
        XCTAssertTrue(err.contains("[read."), err)
    }

    func testEmptyFileIsAClearResult() throws {
        let path = try file("empty.txt", [])
        let (status, out, err) = TestSupport.run(["audit", path])
        XCTAssertTrue(status == .unusable || status == .clean, "\(status)")
        XCTAssertFalse((out + err).isEmpty)
    }

    func testAFileOverTheSizeLimitIsRefusedWithoutReadingIt() throws {
        let path = (directory as NSString).appendingPathComponent("huge.txt")
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 50 * 1024 * 1024)
        try handle.close()
        let (status, _, err) = TestSupport.run(["audit", path])
        XCTAssertEqual(status, .unusable)
        XCTAssertTrue(err.contains("read.too-large") || err.contains("read.binary"), err)
    }

    func testGB18030TextIsReadAndAudited() throws {
        let text = "2024年度收入总计160.00万元，其中：本年收入合计155.08万元，使用非财政拨款结余0.00万元，年初结转和结余3.86万元。"
        let encoded = try XCTUnwrap(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
        let path = try file("gb18030.txt", Array(encoded))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let (status, out, err) = TestSupport.run(["audit", path])
        XCTAssertEqual(status, .findings, err)
        XCTAssertTrue(out.contains(":1:11: error:"), out)
        XCTAssertTrue(out.contains("[JS-01]"), out)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "the input is never written")
        XCTAssertEqual(
            try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date,
            attributes[.modificationDate] as? Date)
    }

    func testAMissingFileAndAnUnknownOptionAreUsageErrors() {
        XCTAssertEqual(TestSupport.run(["audit", "/nonexistent/x.txt"]).status, .unusable)
        let (status, _, err) = TestSupport.run(["audit", "--formt", "json", TestSupport.finalAccounts])
        XCTAssertEqual(status, .unusable)
        XCTAssertTrue(err.contains("是否指「--format」？"), err)
    }

    func testABrokenRulesFolderStopsBeforeAnyDocumentIsRead() throws {
        let rules = (directory as NSString).appendingPathComponent("Rules")
        try FileManager.default.createDirectory(atPath: rules, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestSupport.path("Rules/lexicon.txt"), toPath: rules + "/lexicon.txt")
        try """
        rule T-1 错字
          severity error
          check 收入总记 = 支出总计
          pass "a"
          fail "b"
        """.write(toFile: rules + "/typo.rules", atomically: true, encoding: .utf8)
        let console = Console(out: { _ in }, err: { _ in }, isTerminal: false, environment: [:])
        XCTAssertEqual(GoujiCommand.run(["audit", TestSupport.finalAccounts, "--rules", rules], console: console), .unusable)
        final class Box: @unchecked Sendable { var text = "" }
        let box = Box()
        let capture = Console(out: { _ in }, err: { box.text += $0 }, isTerminal: false, environment: [:])
        _ = GoujiCommand.run(["rules", "list", "--rules", rules], console: capture)
        XCTAssertTrue(box.text.contains("typo.rules:3:9: error: 未知概念「收入总记」；是否指「收入总计」？"), box.text)
        XCTAssertTrue(box.text.contains("^^^^"), box.text)
    }

    func testExtractAndRulesCommands() {
        let (status, out, _) = TestSupport.run(["extract", "--format", "json", TestSupport.finalAccounts])
        XCTAssertEqual(status, .clean)
        XCTAssertTrue(out.contains("\"concept\" : \"收入总计\""), String(out.prefix(500)))
        let list = TestSupport.run(["rules", "list"])
        XCTAssertTrue(list.out.contains("JS-01\terror\t收入总计等于"), list.out)
        let show = TestSupport.run(["rules", "show", "JS-01"])
        XCTAssertTrue(show.out.contains("check 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余"), show.out)
        let test = TestSupport.run(["rules", "test"])
        XCTAssertEqual(test.status, .clean)
        XCTAssertTrue(test.out.hasSuffix(" passed, 0 failed\n"), test.out)
    }

    /// The built executable, run as a user would (skipped only when the product was not built).
    func testTheBuiltBinaryAuditsTheFixture() throws {
        let (status, out, _) = try TestSupport.runBinary(["audit", "--format", "json", TestSupport.finalAccounts])
        XCTAssertEqual(status, 1)
        XCTAssertTrue(out.contains("\"rule\" : \"GEN-05\""))
    }
}

/// Folders and file lists: every document audited, every unreadable one reported, exit 2.
final class BatchTests: XCTestCase {
    func testAFolderWithGoodAndBadFiles() throws {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("gouji-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: TestSupport.finalAccounts, toPath: dir + "/sub/a.txt")
        try Data([0, 1, 2, 3]).write(to: URL(fileURLWithPath: dir + "/binary.txt"))
        try Data().write(to: URL(fileURLWithPath: dir + "/empty.md"))
        try Data("说明".utf8).write(to: URL(fileURLWithPath: dir + "/not-really.docx"))
        try Data("notes".utf8).write(to: URL(fileURLWithPath: dir + "/ignored.rtf"))
        XCTAssertEqual(
            DocumentPaths.expand([dir]).map { ($0 as NSString).lastPathComponent }, ["binary.txt", "empty.md", "not-really.docx", "a.txt"])
        let (status, out, err) = TestSupport.run(["audit", dir, "--format", "json"])
        XCTAssertEqual(status, .unusable, "a file that could not be read makes the run unusable")
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        XCTAssertEqual((object["summary"] as? [String: Any])?["files"] as? Int, 4)
        // A .docx that is text inside is read by its content, as text.
        XCTAssertEqual((object["summary"] as? [String: Any])?["failed"] as? Int, 2)
        XCTAssertEqual((object["documents"] as? [Any])?.count, 2)
        XCTAssertTrue(err.contains("[read.binary]") && err.contains("[read.empty]"), err)
    }
}
