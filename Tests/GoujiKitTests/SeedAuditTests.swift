import Foundation
import XCTest

@testable import GoujiKit

/// The real published documents: their findings are exactly what was checked by hand.
final class SeedAuditTests: XCTestCase {
    /// Audits a fixture under its path relative to the checkout, so outputs do not depend on where it lives.
    func audit(_ relative: String) throws -> AuditReport {
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: TestSupport.path(relative)))
        return TestSupport.auditor.audit(try TextReader.decode(Array(bytes), path: relative))
    }

    func testFinalAccountsFindingsMatchTheCommittedExpectation() throws {
        let relative = "Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt"
        let json = JSONReporter.render([try audit(relative)]) + "\n"
        let expectedPath = TestSupport.path("Fixtures/expected/final-accounts-2024-shuimogou-petition-bureau.json")
        if ProcessInfo.processInfo.environment["GOUJI_RECORD"] != nil {
            try json.write(toFile: expectedPath, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
        XCTAssertEqual(json, expected, "rerun with GOUJI_RECORD=1 to re-record after checking the difference")
    }

    func testFinalAccountsHasExactlyTheKnownErrorAndWarnings() throws {
        let report = try audit("Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt")
        let summary = report.findings.map { "\($0.severity.rawValue) \($0.rule) \($0.line):\($0.column)" }
        XCTAssertEqual(
            summary,
            [
                "warning GEN-02 46:60",
                // "[bookmark: _GoBack]" left by the Word → text conversion: residue, an info.
                "info C-10E 133:2",
                "error GEN-05 135:175",
                "warning GEN-03K 135:221",
                "warning GEN-03K 135:239",
                "warning GEN-03K 135:255",
                // The 自评表's cell numbers its items 一、 一、 二是 三、: 三 where 二 was due.
                "warning C-12 137:1",
            ])
        let error = try XCTUnwrap(report.findings.first { $0.severity == .error })
        XCTAssertEqual(error.actual, "296人")
        XCTAssertEqual(error.expected, "391人")
        XCTAssertEqual(error.computation, "66 + 325 = 391 ≠ 296（相差 95 人）")
        XCTAssertEqual(error.operands.map(\.text), ["296人", "66人", "325人"])
        XCTAssertEqual(error.operands.map(\.line), [135, 135, 135])
    }

    /// "比上年增加0.00万元，增长0.00%": nothing changed, nothing to say.
    func testUnchangedZeroStatementsRaiseNothing() throws {
        let report = try audit("Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt")
        for line in [57] {
            XCTAssertEqual(report.findings.filter { $0.line == line }.map(\.rule), [])
        }
    }

    func testPerformanceReportsHaveNoError() throws {
        for relative in [
            "Fixtures/perf-report-2023-gaoxin-petition-bureau.txt", "Fixtures/perf-report-2024-gaoxin-government-office.txt",
            "Fixtures/perf-report-2024-shiyouxincun-subdistrict.txt",
        ] {
            let report = try audit(relative)
            XCTAssertEqual(report.findings.filter { $0.severity == .error }.map(\.message), [], relative)
        }
    }

    func testTheFinalAccountsFigureCoverageIsReported() throws {
        let report = try audit("Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt")
        XCTAssertGreaterThan(report.summary.figures, 150)
        XCTAssertGreaterThan(report.summary.figuresChecked * 100 / report.summary.figures, 60)
        XCTAssertTrue(report.kinds.contains("决算公开说明"))
    }
}
