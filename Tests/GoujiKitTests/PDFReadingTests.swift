import Foundation
import XCTest

@testable import GoujiKit

/// PDFs through poppler's pdftotext: seed 003 printed by LibreOffice audits as its text does, the
/// real Shanghai 决算 yields the findings checked by hand, and every unreadable PDF is a clear error.
final class PDFReadingTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipIf(PDFReader.tool() == nil, "pdftotext is not installed (.ci/run installs poppler-utils)")
    }

    func audit(_ relative: String) throws -> AuditReport {
        try TestSupport.auditor.audit(path: TestSupport.path(relative))
    }

    func summary(_ report: AuditReport) -> [String] {
        report.findings.map { "\($0.severity.rawValue) \($0.rule) \($0.actual) \($0.expected)" }
    }

    /// Same rules, same figures; locations in the PDF's own lines, each with its page.
    func testSeed003AsPDFGivesTheFindingsOfItsText() throws {
        let text = try audit("Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt")
        let pdf = try audit("Fixtures/office/final-accounts-2024-shuimogou-petition-bureau.pdf")
        XCTAssertEqual(summary(pdf), summary(text))
        XCTAssertEqual(pdf.extraction!.text.source.encoding, .pdf)
        let error = try XCTUnwrap(pdf.findings.first { $0.severity == .error })
        XCTAssertEqual(error.rule, "GEN-05")
        XCTAssertEqual(error.computation, "66 + 325 = 391 ≠ 296（相差 95 人）")
        XCTAssertNotNil(error.place?.range(of: #"^第\d+页$"#, options: .regularExpression), error.place ?? "no place")
    }

    /// The 自评表 of seed 003 as an Excel sheet: the claims its text gives, and the findings.
    func testTheSelfEvaluationSheetAsExcelGivesTheClaimsOfItsText() throws {
        let sheet = try audit("Fixtures/office/self-evaluation-sheet-2024-shuimogou-petition-bureau.xlsx")
        let text = try audit("Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt")
        let tableLines = 74..<188
        func kinds(_ report: AuditReport, where keep: (Claim) -> Bool) -> [String] {
            report.extraction!.claims.filter { $0.kind != .heading && $0.kind != .year && $0.kind != .restatement && keep($0) }
                .map(\.kind.rawValue).sorted()
        }
        let inTable = kinds(text) { claim in
            claim.anchor >= 0 && tableLines.contains(text.extraction!.figures[claim.anchor].line)
        }
        // The same kinds of claim; the sheet's one-line row also reads 执行率 as a sentence would (a
        // second rate claim on the same three cells), which the cell-per-line text does not.
        XCTAssertEqual(Set(kinds(sheet) { _ in true }), Set(inTable))
        XCTAssertEqual(kinds(sheet) { $0.kind == .indicator }.count, 4)
        XCTAssertEqual(kinds(sheet) { $0.kind == .total }.count, kinds(text) { $0.kind == .total && $0.anchor >= 0 && tableLines.contains(text.extraction!.figures[$0.anchor].line) }.count)
        XCTAssertEqual(sheet.findings.map(\.rule), ["C-10E", "GEN-05", "GEN-03K", "GEN-03K", "GEN-03K"])
    }

    /// The real 2024 决算 of 上海市普陀区规划和自然资源局 (30 pages), each finding checked by hand:
    /// three rounding infos (sums off by 0.01 that the intervals allow), two truncation infos
    /// (99.868% written 99.86%, 95.457% written 95.45%), the template's 下降（增长） left in, and no
    /// 公务用车购置数 in the 三公 account.
    func testTheRealShanghaiFinalAccounts() throws {
        let report = try audit("Fixtures/real/final-accounts-2024-shanghai-putuo-planning-resources-bureau.pdf")
        XCTAssertEqual(
            report.findings.map { "\($0.severity.rawValue) \($0.rule) \($0.place ?? "") \($0.actual)" },
            [
                "info JS-14 第21页 9746.50万元",
                "info GEN-03 第21页 99.86%",
                "info JS-14 第21页 9746.50万元",
                "info GEN-06C 第21页 95.45%",
                "warning C-05C 第25页 ",
                "warning C-10F 第25页 下降（增长）",
                "info JS-23 第27页 2319.21万元",
            ])
        XCTAssertEqual(report.summary.errors, 0)
    }

    func testUnreadablePDFsAreClearErrors() throws {
        func error(_ bytes: [UInt8], environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
            do {
                _ = try PDFReader.read(bytes, path: "test.pdf", environment: environment)
                return nil
            } catch let d as Diagnostic {
                return d.id
            } catch {
                return "\(error)"
            }
        }
        let template = Array(try Data(contentsOf: URL(fileURLWithPath: TestSupport.path("Fixtures/real/final-accounts-disclosure-template.pdf"))))
        XCTAssertEqual(error(Array(template.prefix(60_000))), "read.pdf-unreadable", "a truncated PDF")
        let scan = Array(try Data(contentsOf: URL(fileURLWithPath: TestSupport.path("Fixtures/hostile/no-text-layer.pdf"))))
        XCTAssertEqual(error(scan), "read.pdf-no-text")
        XCTAssertEqual(error(template, environment: ["GOUJI_PDFTOTEXT": "/nonexistent/pdftotext"]), "read.pdf-tool-missing")
        XCTAssertEqual(error(template, environment: ["PATH": "/nonexistent"]), "read.pdf-tool-missing")
        // Through the command line: a clear message and exit status 2.
        let (status, _, err) = TestSupport.run(["audit", TestSupport.path("Fixtures/hostile/no-text-layer.pdf")])
        XCTAssertEqual(status, .unusable)
        XCTAssertTrue(err.contains("没有文字层"), err)
    }
}
