import XCTest

@testable import GoujiKit

/// How findings are judged: errors beyond rounding, infos for what rounding or truncation explains.
final class JudgementTests: XCTestCase {
    func findings(_ text: String) -> [String] {
        TestSupport.audit(text).findings.map { "\($0.severity.rawValue) \($0.rule)" }
    }

    /// The published digits add to 158.95 against 158.94: within rounding, so an info, not an error.
    func testADifferenceWithinRoundingIsAnInfo() throws {
        let text = "2024年度支出总计158.94万元，其中：本年支出合计148.92万元，结余分配0.01万元，年末结转和结余10.02万元。"
        let report = TestSupport.audit(text)
        let finding = try XCTUnwrap(report.findings.first { $0.rule == "JS-02" })
        XCTAssertEqual(finding.severity, .info)
        XCTAssertEqual(finding.computation, "148.92 + 0.01 + 10.02 = 158.95 ≠ 158.94（相差 0.01 万元）")
        XCTAssertTrue(finding.message.contains("四舍五入的误差之内"), finding.message)
        XCTAssertEqual(findings(text.replacingOccurrences(of: "0.01万元", with: "0.00万元")), [])
    }

    /// 382.88 / 1000.00 = 38.288%, written 38.28%: a publisher that cuts digits gets an info.
    func testATruncatedPercentageIsAnInfo() throws {
        let report = TestSupport.audit("本年支出1000.00万元，其中：基本支出382.88万元，占38.28%；项目支出617.12万元，占61.71%。")
        let truncated = report.findings.filter { $0.rule == "GEN-03" }
        XCTAssertEqual(truncated.map(\.severity), [.info], "61.712% written 61.71% is ordinary rounding")
        XCTAssertTrue(truncated[0].note?.contains("截尾") ?? false)
        XCTAssertEqual(findings("本年支出1000.00万元，其中：基本支出382.88万元，占39.28%；项目支出617.12万元，占60.72%。").filter { $0.hasPrefix("error") }, ["error GEN-03", "error GEN-03"], "a wrong share is an error, cut or rounded")
    }
}
