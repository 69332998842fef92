import Foundation
import XCTest

@testable import GoujiKit

/// One table, as each converter leaves it: the same cells, the same totals checked.
final class TableTests: XCTestCase {
    let layouts: [(file: String, layout: Table.Layout)] = [
        ("tab-separated", .tabSeparated), ("cell-per-line", .cellPerLine), ("markdown", .markdown), ("aligned-columns", .alignedColumns),
    ]

    func text(_ name: String) -> String { TestSupport.fixtureText(TestSupport.path("Fixtures/tables/\(name).txt")) }

    func testEveryLayoutGivesTheSameTable() throws {
        for (file, layout) in layouts {
            let e = TestSupport.auditor.extract(SourceText(path: file, string: text(file)))
            XCTAssertEqual(e.structure.tables.count, 1, file)
            let table = try XCTUnwrap(e.structure.tables.first)
            XCTAssertEqual(table.layout, layout, file)
            XCTAssertEqual(table.rows.map { $0.map(\.text).filter { !$0.isEmpty } }.last, ["社会保障和就业支出", "13.55", "13.55", "0.00"], file)
            XCTAssertEqual(table.rowLabel(1), "合计", file)
            XCTAssertEqual(table.columnHeader(row: 2, column: table.rows[2].count - 3), "本年支出合计", file)
            let cells = e.figures.filter { $0.table != nil }
            XCTAssertEqual(cells.map(\.text), ["148.92万元", "146.09万元", "2.83万元", "135.37万元", "132.54万元", "2.83万元", "13.55万元", "13.55万元", "0.00万元"], file)
            // The 合计 row's cell under 本年支出合计 is that column's total: the concept itself.
            XCTAssertEqual(cells[0].label, "本年支出合计", file)
            XCTAssertEqual(cells[0].concept, "一般公共预算财政拨款支出", "\(file): in the 一般公共预算财政拨款支出决算表 its 合计 is that spending")
            XCTAssertEqual(e.claims.filter { $0.kind == .total }.count, 6, "\(file): three columns summed down, three rows summed across")
        }
    }

    func testAConsistentTableRaisesNothing() {
        for (file, _) in layouts {
            XCTAssertEqual(TestSupport.audit(text(file), path: file).findings.map(\.rule), [], file)
        }
    }

    func testATotalWrongByMoreThanRoundingIsAnError() {
        for (file, _) in layouts {
            let findings = TestSupport.audit(text(file).replacingOccurrences(of: "148.92", with: "149.92"), path: file).findings
            XCTAssertEqual(findings.map { "\($0.severity.rawValue) \($0.rule) \($0.actual) \($0.expected)" }, [
                "error TAB-01 149.92万元 148.92万元", "error TAB-01 149.92万元 148.92万元",
            ], file)
        }
    }

    func testATotalOffOnlyByRoundingPasses() {
        for (file, _) in layouts {
            let shifted = text(file).replacingOccurrences(of: "135.37", with: "135.36").replacingOccurrences(of: "132.54", with: "132.53")
            let findings = TestSupport.audit(shifted, path: file).findings
            XCTAssertEqual(findings.filter { $0.severity != .info }.map(\.rule), [], file)
            XCTAssertEqual(findings.map(\.computation).sorted(), ["132.53 + 13.55 = 146.08 ≠ 146.09（相差 0.01 万元）", "135.36 + 13.55 = 148.91 ≠ 148.92（相差 0.01 万元）"], file)
        }
    }

    /// Seed 001's 自评表 (one cell per line, cells with paragraphs, a column of merged row titles).
    func testTheSelfEvaluationSheetOfSeed001() throws {
        let relative = "Fixtures/perf-report-2023-junshan-petition-bureau-with-tables.txt"
        let report = TestSupport.audit(TestSupport.fixtureText(TestSupport.path(relative)), path: relative)
        XCTAssertEqual(report.findings.filter { $0.severity == .error }.map { "\($0.rule) \($0.line) \($0.computation)" }, [
            "JX-23 351 5 + 5 + 5 + 5 = 20 ≠ 30（相差 10 分）",
            "JX-24 407 10 + 5 + 5 + 5 + 5 + 5 + 10 + 5 + 5 + 5 + 5 + 5 + 5 + 5 + 10 = 90 ≠ 100（相差 10 分）",
            "JX-12 408 10 + 5 + 5 + 5 + 5 + 5 + 10 + 5 + 5 + 5 + 5 + 5 + 2 + 5 + 9 = 86 ≠ 97（相差 11 分）",
        ])
        XCTAssertEqual(
            report.findings.filter { $0.rule != "C-12" }.count, 3, "the 项目支出绩效自评表 (weights 100, scores 98) raises nothing")
        // The report's mixed heading numbering (1、 … 二、 … 2、 … 六、 … 8、 … 十、), as one grouped finding.
        let numbering = try XCTUnwrap(report.findings.first { $0.rule == "C-12" })
        XCTAssertEqual(numbering.operands.map { "\($0.line):\($0.text)" }, ["17:（3）", "20:二、", "25:（2）", "27:2、", "42:六、", "49:8、", "52:十、"])
    }

    /// Seed 003's embedded 自评表: 年度总资金 = the sources, row by row; 93.76% → 9.38.
    func testTheEmbeddedSheetOfTheFinalAccountsIsChecked() {
        let e = TestSupport.auditor.extract(SourceText(path: "003", string: TestSupport.fixtureText(TestSupport.finalAccounts)))
        XCTAssertEqual(e.claims.filter { claim in
            if case .flag(true)? = claim.fields["tabular"], claim.kind == .total { return true }
            return false
        }.count, 3)
        XCTAssertEqual(e.claims.filter { $0.kind == .ratescore }.count, 1)
        XCTAssertEqual(e.claims.filter { $0.kind == .rate }.map { e.figures[$0.anchor].text }, ["93.76%"])
        let mutated = TestSupport.fixtureText(TestSupport.finalAccounts).replacingOccurrences(of: "\t9.38", with: "\t9.83")
        XCTAssertTrue(TestSupport.audit(mutated).findings.contains { $0.rule == "JX-22" && $0.severity == .error })
    }
}
