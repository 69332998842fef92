import Foundation
import XCTest

@testable import GoujiKit

/// Issue 8: completeness, template residue, numbering, years, and the same unit across years —
/// on the seed, on the blank template's text layer and on fixtures derived from the seed by
/// `Scripts/make-derived-fixtures.py`.
final class CompletenessTests: XCTestCase {
    static let completenessRules = ["C-02", "C-03", "C-05", "C-06", "C-07", "C-08", "C-09"]

    func audit(_ relative: String, previous: String? = nil) -> AuditReport {
        let auditor = TestSupport.auditor
        let last = previous.map { path -> PreviousDocument in
            let source = SourceText(path: path, string: TestSupport.fixtureText(TestSupport.path(path)))
            return PreviousDocument(extraction: auditor.extract(source), file: path)
        }
        return auditor.audit(SourceText(path: relative, string: TestSupport.fixtureText(TestSupport.path(relative))), previous: last)
    }

    func places(_ report: AuditReport, _ prefix: String) -> [String] {
        report.findings.filter { $0.rule.hasPrefix(prefix) }.map { "\($0.rule) \($0.line):\($0.column)" }
    }

    /// Seed 003 is a complete Xinjiang-template 决算: every section, all nine tables, the 三公
    /// details, every change with its reason. Its only residue is the bookmark, an info.
    func testTheCompleteSeedRaisesNoCompletenessWarning() {
        let report = audit("Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt")
        for prefix in CompletenessTests.completenessRules {
            XCTAssertEqual(places(report, prefix), [], prefix)
        }
        XCTAssertEqual(places(report, "C-10"), ["C-10E 133:2"])
        XCTAssertEqual(report.findings.first { $0.rule == "C-10E" }?.severity, .info)
        // Every section rule and table rule applied (and held): the document has what they look for.
        for rule in TestSupport.ruleSet.rules where rule.id.hasPrefix("C-02") || rule.id.hasPrefix("C-03") {
            XCTAssertNil(report.summary.notApplied[rule.id], rule.id)
        }
    }

    /// The blank template (its PDF's text layer): unfinished, one grouped finding per kind of
    /// residue, however many placeholders.
    func testTheBlankTemplateIsReportedAsUnfinishedOnceForEachKind() throws {
        let report = audit("Fixtures/real/final-accounts-disclosure-template.txt")
        let placeholders = try XCTUnwrap(report.findings.first { $0.rule == "C-10A" })
        XCTAssertEqual(report.findings.filter { $0.rule == "C-10A" }.count, 1)
        XCTAssertGreaterThanOrEqual(placeholders.operands.count, 100, "every XX is listed in the one finding")
        XCTAssertTrue(placeholders.message.contains("（共\(placeholders.operands.count)处"), placeholders.message)
        XCTAssertEqual(placeholders.severity, .warning)
        let instructions = try XCTUnwrap(report.findings.first { $0.rule == "C-10D" })
        XCTAssertGreaterThanOrEqual(instructions.operands.count, 10)
        for rule in Set(report.findings.map(\.rule)) {
            XCTAssertEqual(report.findings.filter { $0.rule == rule }.count, 1, "\(rule) is grouped")
        }
        XCTAssertEqual(report.summary.errors, 0)
    }

    /// Seed 003 with its 三公 reasons removed, a "占 %" blank and "202 年度" in a heading.
    func testRemovedReasonsABlankShareAndAnUnfinishedYearAreEachFound() {
        let report = audit("Fixtures/derived/final-accounts-2024-shuimogou-residue.txt")
        XCTAssertEqual(places(report, "C-06A"), ["C-06A 57:40", "C-06A 57:135"])
        XCTAssertEqual(places(report, "C-10B"), ["C-10B 57:67"])
        XCTAssertEqual(places(report, "C-10C"), ["C-10C 25:6"])
        // The zero changes (因公出国, 公务接待 +0.00) need no reason.
        XCTAssertEqual(report.findings.filter { $0.rule == "C-06A" }.count, 2)
    }

    /// Seed 001 numbers its sections 1、 （一） （二） （3） 二、 … 六、 七、 8、 十、.
    func testMixedHeadingNumberingIsOneGroupedFinding() throws {
        let report = audit("Fixtures/perf-report-2023-junshan-petition-bureau-with-tables.txt")
        let numbering = try XCTUnwrap(report.findings.first { $0.rule == "C-12" })
        XCTAssertEqual(numbering.severity, .warning)
        XCTAssertEqual(numbering.operands.map(\.line), [17, 20, 25, 27, 42, 49, 52])
        for path in TestSupport.performanceReports {
            let clean = TestSupport.audit(TestSupport.fixtureText(path), path: path)
            XCTAssertEqual(clean.findings.filter { $0.rule.hasPrefix("C-") && $0.severity != .info }.map(\.rule), [], path)
        }
    }

    /// Last year's document written from seed 003's 上年 figures: nothing differs. With one of them
    /// changed, the changed one is reported, with both documents' places.
    func testTwoYearsOfOneUnit() throws {
        let this = "Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt"
        let same = audit(this, previous: "Fixtures/derived/final-accounts-2023-shuimogou-previous-year.txt")
        XCTAssertEqual(places(same, "YR-"), [])
        XCTAssertEqual(same.summary.unmatchedPrevious, ["一般公共服务支出（类）信访事务（款）行政运行（项）：支出决算数为"])
        XCTAssertEqual(same.summary.notApplied["YR-02"], nil, "年初结转和结余 was compared")
        let changed = audit(this, previous: "Fixtures/derived/final-accounts-2023-shuimogou-previous-year-one-changed.txt")
        XCTAssertEqual(places(changed, "YR-"), ["YR-01 65:46"])
        let finding = try XCTUnwrap(changed.findings.first { $0.rule == "YR-01" })
        XCTAssertEqual(finding.severity, .error)
        XCTAssertEqual(finding.computation, "5.80 ≠ 上年文档5.90（相差 0.10 万元）")
        XCTAssertEqual(finding.actual, "5.80万元", "this year's 2.83 + 2.97")
        XCTAssertEqual(finding.note, "上一年度文档：Fixtures/derived/final-accounts-2023-shuimogou-previous-year-one-changed.txt:24:46「乌鲁木齐市水磨沟区信访局（行政单位和参照公务员法管理事业单位）机关运行经费支出5.90万元」")
        XCTAssertEqual(finding.operands.map(\.line), [65, 65])
    }

    /// A folder holding two years of one unit: each year is checked against the one before.
    func testAFolderWithTwoYearsIsMatchedByUnitAndYear() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gouji-years-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: TestSupport.finalAccounts, toPath: folder + "/2024.txt")
        try FileManager.default.copyItem(
            atPath: TestSupport.path("Fixtures/derived/final-accounts-2023-shuimogou-previous-year-one-changed.txt"), toPath: folder + "/2023.txt")
        let (_, out, _) = TestSupport.run(["audit", folder])
        XCTAssertTrue(out.contains("2024.txt:65:46: error:"), out)
        XCTAssertTrue(out.contains("[YR-01]"), out)
        XCTAssertTrue(out.contains("2023.txt:24:46"), out)
    }

    func testTextPatterns() {
        func found(_ pattern: String, _ text: String) -> [String] {
            let scalars = Array(text.unicodeScalars)
            return TextPatternSet([pattern]).matches(in: scalars, within: 0..<scalars.count).map { ScalarText.string(scalars[$0]) }
        }
        XCTAssertEqual(found("XX+", "上海市XX局XXX万元，增长XX%，XL码"), ["XX", "XXX", "XX"])
        XCTAssertEqual(found("X万元", "XX万元与X万元"), ["X万元"])
        XCTAssertEqual(found("占 %", "占%、占 %、占　%、占15%"), ["占%", "占 %", "占　%"])
        XCTAssertEqual(found("202 年", "2024年、202 年、1202年"), ["202 年"])
        XCTAssertEqual(found("[bookmark:", "[bookmark：_GoBack]"), ["[bookmark："], "written as the normaliser writes the text")
        // A rule's patterns together: each finds its own matches, a place found twice is listed once.
        let text = Array("增加（减少）XX万元，XXX%，增加（减少）".unicodeScalars)
        let set = TextPatternSet(["XX+", "增加（减少）", "X%", "XX+"])
        XCTAssertEqual(
            set.matches(in: text, within: 0..<text.count).map { ScalarText.string(text[$0]) }, ["增加（减少）", "XX", "XXX", "增加（减少）"],
            "X% is not found inside XXX% (the text goes on with a letter before it)")
        XCTAssertEqual(set.matches(in: text, within: 6..<9).map { $0.lowerBound }, [6], "only within the range")
        // Several rules' sets combined into one pass: each gets exactly what its own pass finds.
        let sets = [set, TextPatternSet(["X%", "减少"]), TextPatternSet([]), TextPatternSet(["XX+"])]
        let combined = TextPatternSet(combining: sets)
        for range in [0..<text.count, 6..<9, 3..<20] {
            XCTAssertEqual(combined.matchesBySet(in: text, within: range), sets.map { $0.matches(in: text, within: range) }, "\(range)")
        }
        XCTAssertEqual(combined.matchesBySet(in: text, within: 0..<text.count)[1].map { ScalarText.string(text[$0]) }, ["减少", "减少"])
    }
}
