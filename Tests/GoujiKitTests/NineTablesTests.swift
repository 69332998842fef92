import Foundation
import XCTest

@testable import GoujiKit

/// A 决算 with all nine tables (Fixtures/tables/final-accounts-nine-tables*.txt, written by
/// Scripts/make-derived-fixtures.py in the published layout), and its mutated twins: each caught by
/// the right rule, the clean one raising no error.
final class NineTablesTests: XCTestCase {
    func audit(_ name: String) -> AuditReport {
        let relative = "Fixtures/tables/\(name).txt"
        return TestSupport.audit(TestSupport.fixtureText(TestSupport.path(relative)), path: relative)
    }

    func errors(_ report: AuditReport) -> [String] {
        report.findings.filter { $0.severity == .error }.map { "\($0.rule) \($0.line):\($0.column)" }
    }

    func testTheConsistentDocumentRaisesNoError() {
        let report = audit("final-accounts-nine-tables")
        XCTAssertEqual(errors(report), [])
        XCTAssertEqual(report.findings.map(\.rule), ["GEN-02"], "only the seed's zero-base growth convention")
        // The tables are read and bound: the hierarchy of codes, the totals of rows and columns,
        // the cells that restate the 说明's figures.
        let held = report.instances.filter(\.held)
        XCTAssertGreaterThanOrEqual(held.filter { $0.rule == "JS-07" }.count, 100)
        XCTAssertGreaterThanOrEqual(held.filter { $0.rule == "TAB-01" }.count, 50)
        XCTAssertGreaterThanOrEqual(held.filter { $0.rule == "GEN-09" }.count, 40)
        XCTAssertTrue(held.contains { $0.rule == "JS-09A" })
        XCTAssertTrue(held.contains { $0.rule == "JS-25B" })
        // Every table's cells are read: T1 … T9 (T7 and T8 are empty).
        let tables = Set(report.extraction!.figures.compactMap(\.table))
        XCTAssertEqual(tables.count, 7)
        XCTAssertEqual(report.extraction!.structure.tables.count, 9)
    }

    /// 2012501 行政运行 written 75.78 where its 款 20125 信访事务 says 74.78 (in 支出决算表 and 一般公共预算
    /// 财政拨款支出决算表): the 款 against its 项, in each money column.
    func testAnItemThatDoesNotAddUpToItsSection() throws {
        let report = audit("final-accounts-nine-tables-item-off")
        XCTAssertEqual(Set(report.findings.filter { $0.severity == .error }.map(\.rule)), ["JS-07"])
        XCTAssertEqual(errors(report).count, 4)
        let first = try XCTUnwrap(report.findings.first { $0.rule == "JS-07" })
        XCTAssertEqual(first.computation, "74.78 ≠ 75.78（相差 1.00 万元）", "the 款 against its one 项")
        XCTAssertEqual(first.actual, "74.78万元")
    }

    /// The 说明 says 人员经费146.19万元, the 基本支出决算表 146.09.
    func testATextFigureThatDiffersFromItsTableCell() throws {
        let report = audit("final-accounts-nine-tables-text-differs")
        let restated = try XCTUnwrap(report.findings.first { $0.rule == "GEN-09" })
        XCTAssertEqual(restated.severity, .error)
        XCTAssertEqual(restated.actual, "146.09万元")
        XCTAssertEqual(restated.operands.map(\.text).sorted(), ["146.09万元", "146.19万元"])
        XCTAssertEqual(Set(report.findings.filter { $0.severity == .error }.map(\.rule)), ["GEN-09", "JS-12"])
    }

    /// "……为空表" beside a 政府性基金 table that has figures: both places that say so.
    func testAnEmptyTableSentenceNextToATableThatIsNotEmpty() {
        let report = audit("final-accounts-nine-tables-empty-table-not-empty")
        XCTAssertEqual(errors(report).map { String($0.prefix(6)) }, ["JS-25B", "JS-25B"])
    }

    /// A 空表 sentence copied from the other fund's table (“套模”).
    func testAnEmptyTableSentenceNamingTheWrongFund() {
        let text = TestSupport.fixtureText(TestSupport.path("Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt"))
            .replacingOccurrences(of: "本单位本年度无国有资本经营预算财政拨款收入、支出及结转和结余，国有资本经营预算财政拨款收入支出决算表为空表。",
                                  with: "本单位本年度无政府性基金预算财政拨款收入、支出及结转和结余，政府性基金预算财政拨款收入支出决算表为空表。")
        let report = TestSupport.audit(text, path: "copied.txt")
        XCTAssertEqual(report.findings.filter { $0.rule == "JS-25A" }.map { "\($0.line)" }, ["55"])
    }

    /// JS-06: the 支出决算表's 合计 written 149.92 where the 收入支出决算总表 and the 说明 say 148.92.
    func testTablesRestateEachOther() {
        let text = TestSupport.fixtureText(TestSupport.path("Fixtures/tables/final-accounts-nine-tables.txt"))
            .replacingOccurrences(of: "\t合计\t148.92\t148.92\t0.00\t0.00\t0.00\t0.00", with: "\t合计\t149.92\t149.92\t0.00\t0.00\t0.00\t0.00")
        let report = TestSupport.audit(text, path: "t3.txt")
        XCTAssertTrue(report.findings.contains { $0.rule == "GEN-09" && $0.actual == "149.92万元" })
        XCTAssertTrue(report.findings.contains { $0.rule == "JS-07" && $0.actual == "149.92万元" }, "and the 合计 against its 类")
    }

    /// JS-24 in the 政府性基金 table: 年末 = 年初 + 本年收入 − 本年支出, row by row.
    func testAFundTableRowThatDoesNotBalance() {
        let text = TestSupport.fixtureText(TestSupport.path("Fixtures/tables/final-accounts-nine-tables-empty-table-not-empty.txt"))
        let report = TestSupport.audit(text, path: "t7.txt")
        XCTAssertFalse(report.findings.contains { $0.rule == "JS-24" }, "0.00 + 5.00 − 5.00 = 0.00 holds")
        let broken = TestSupport.audit(text.replacingOccurrences(of: "\t合计\t0.00\t5.00\t5.00", with: "\t合计\t1.00\t5.00\t5.00"), path: "t7.txt")
        XCTAssertEqual(broken.findings.filter { $0.rule == "JS-24" }.map(\.computation), ["1.00 + 5.00 - 5.00 = 1.00 ≠ 0.00（相差 1.00 万元）"])
    }
}
