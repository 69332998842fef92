import Foundation
import XCTest

@testable import GoujiKit

/// Rule files that are wrong are rejected before any document is read, with every error of every
/// file at its place, the line, a caret and a suggestion.
final class RuleCompilerTests: XCTestCase {
    let lexicon = (path: "lexicon.txt", text: (try? String(contentsOfFile: TestSupport.path("Rules/lexicon.txt"), encoding: .utf8)) ?? "")

    func diagnostics(_ rules: String) -> [Diagnostic] {
        do throws(RuleSetError) {
            _ = try RuleSet.compile(lexicon: lexicon, files: [("bad.rules", rules)])
            return []
        } catch {
            return error.diagnostics
        }
    }

    func testAMisspeltConceptIsRejectedWithLocationCaretAndSuggestion() throws {
        let found = diagnostics(
            """
            rule X-1 收入总计等于各部分之和
              severity error
              check 收入总计 = 本年收入合记 + 年初结转和结余
              pass "收入总计1.00万元，其中：本年收入合计1.00万元，年初结转和结余0.00万元。"
              fail "收入总计2.00万元，其中：本年收入合计1.00万元，年初结转和结余0.00万元。"
            """)
        XCTAssertEqual(found.count, 1)
        let d = try XCTUnwrap(found.first)
        XCTAssertEqual(d.id, "rule.unknown-concept")
        XCTAssertEqual(d.location?.line, 3)
        XCTAssertEqual(d.location?.column, 16)
        XCTAssertEqual(d.suggestion, "是否指「本年收入合计」？")
        XCTAssertEqual(
            d.rendered(),
            """
            bad.rules:3:16: error: 未知概念「本年收入合记」；是否指「本年收入合计」？ [rule.unknown-concept]
               |   check 收入总计 = 本年收入合记 + 年初结转和结余
               |                    ^^^^^^^^^^^^
            """)
    }

    func testAllErrorsOfAFileComeInOnePass() {
        let found = diagnostics(
            """
            rule X-1 增减率
              severity error
              each change c where has(c.percnt)
              check c.percent = c.delta / c.previous * 100
              message "{c.subjet}"
              pass "a"
              fail "b"

            rule X-1 重复
              severity error
              check 收入总计 = 5%
              pass "a"
              fail "b"
            """)
        XCTAssertEqual(
            found.map { "\($0.id)@\($0.location?.line ?? 0):\($0.location?.column ?? 0)" }.sorted(),
            [
                "rule.duplicate-id@9:6", "rule.type-mismatch@11:9", "rule.unknown-field@3:27",
                "rule.unknown-placeholder@5:12",
            ].sorted())
        XCTAssertEqual(found.first { $0.id == "rule.unknown-field" }?.suggestion, "是否指「percent」？")
        XCTAssertEqual(found.first { $0.id == "rule.unknown-placeholder" }?.suggestion, "是否指「{c.subject}」？")
        XCTAssertEqual(found.first { $0.id == "rule.duplicate-id" }?.suggestion, "请改用未用过的编号，如「X-1-2」")
        XCTAssertTrue(found.allSatisfy { $0.suggestion != nil }, "every error says what to do")
    }

    func testSyntaxErrorsAreReportedAndParsingGoesOn() {
        let found = diagnostics(
            """
            rule X-1 括号
              severity error
              check (收入总计 = 支出总计
              pass "a"
              fail "b"
            rule X-2 未知子句
              severty error
              check 收入总计 = 支出总计
              pass "a
              fail "b"
            """)
        XCTAssertEqual(found.map(\.id).filter { $0 == "rule.syntax" }.count, 3)
        XCTAssertTrue(found.contains { $0.message.contains("右括号") })
        XCTAssertTrue(found.contains { $0.suggestion == "是否指「severity」？" })
    }

    func testUnusedLexiconEntriesAreReported() throws {
        let set = try RuleSet.compile(
            lexicon: ("lexicon.txt", lexicon.text + "\n从未使用的概念 [金额] = 从未使用的概念\n"),
            files: [("t.rules", "rule T-1 收入总计等于支出总计\n  severity error\n  check 收入总计 = 支出总计\n  pass \"a\"\n  fail \"b\"\n")])
        let unused = set.warnings.filter { $0.id == "lexicon.unused" }
        XCTAssertTrue(unused.contains { $0.message.contains("「从未使用的概念」") && $0.suggestion != nil })
        XCTAssertFalse(unused.contains { $0.message.contains("「收入总计」") })
    }

    func testGarbageNeverCrashes() {
        let garbage = String(decoding: (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }, as: UTF8.self)
        _ = diagnostics(garbage)
        _ = diagnostics("rule")
        _ = diagnostics("rule A\n  check")
        _ = diagnostics("rule A 标题\n  check ((((((((")
        _ = diagnostics("rule A 标题\n  check \"未结束")
    }

    func testPrintedRulesParseBackToTheSameStructure() throws {
        for rule in TestSupport.ruleSet.rules {
            let printed = RulePrinter.print(rule.syntax)
            let (file, errors) = RuleParser.parse(SourceText(path: "printed.rules", string: printed))
            XCTAssertEqual(errors.map { $0.rendered() }, [], printed)
            let again = try XCTUnwrap(file.rules.first, printed)
            XCTAssertEqual(again.id, rule.syntax.id)
            XCTAssertEqual(again.title, rule.syntax.title)
            XCTAssertEqual(again.severity, rule.syntax.severity)
            XCTAssertTrue(again.check.sameStructure(as: rule.syntax.check), printed)
            XCTAssertEqual(again.examples.map(\.text), rule.syntax.examples.map(\.text))
            XCTAssertEqual(again.message?.text, rule.syntax.message?.text)
        }
    }
}
