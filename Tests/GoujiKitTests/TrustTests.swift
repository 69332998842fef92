import Foundation
import XCTest

@testable import GoujiKit

/// Explanations, waivers and baselines: what an auditor needs to act on findings.
final class TrustTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("gouji-trust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    func write(_ name: String, _ text: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    let raised = "一、收入支出决算总体情况说明\n2024年度收入总计158.99万元，其中：本年收入合计155.08万元，使用非财政拨款结余（含专用结余）0.00万元，年初结转和结余3.86万元。\n"

    func testEveryOperandItsPlaceTheFormulaAndTheGap() throws {
        let finding = try XCTUnwrap(TestSupport.audit(raised).findings.first { $0.rule == "JS-01" })
        XCTAssertEqual(finding.computation, "155.08 + 0.00 + 3.86 = 158.94 ≠ 158.99（相差 0.05 万元）")
        XCTAssertEqual(finding.operands.map { "\($0.role) \($0.text) \($0.line):\($0.column) [\($0.lower), \($0.upper)]" }, [
            "收入总计 158.99万元 2:11 [158.985, 158.995]", "本年收入合计 155.08万元 2:29 [155.075, 155.085]",
            "使用非财政拨款结余 0.00万元 2:54 [-0.005, 0.005]", "年初结转和结余 3.86万元 2:68 [3.855, 3.865]",
        ])
        XCTAssertEqual(finding.operands[1].context, "本年收入合计155.08万元")
        XCTAssertEqual([finding.expectedLower, finding.expectedUpper, finding.actualLower, finding.actualUpper], ["158.925", "158.955", "158.985", "158.995"])
        XCTAssertEqual(finding.gap, "0.05万元")
        let text = TestSupport.run(["audit", try write("raised.txt", raised)]).out
        XCTAssertTrue(text.contains("   - 本年收入合计：155.08万元（2:29，「本年收入合计155.08万元」，代表 [155.075, 155.085]）"), text)
    }

    /// The same on seed 003 itself, in text and JSON.
    func testTheSeedVariantShowsItsDerivation() throws {
        let variant = try write("003-raised.txt", TestSupport.fixtureText(TestSupport.finalAccounts)
            .replacingOccurrences(of: "2024年度收入总计158.94万元", with: "2024年度收入总计158.99万元"))
        let text = TestSupport.run(["audit", variant]).out
        XCTAssertTrue(text.contains("= 155.08 + 0.00 + 3.86 = 158.94 ≠ 158.99（相差 0.05 万元）"), text)
        XCTAssertTrue(text.contains("   - 年初结转和结余：3.86万元（27:68，「年初结转和结余3.86万元」，代表 [3.855, 3.865]）"), text)
        let json = TestSupport.run(["audit", variant, "--format", "json"]).out
        let findings = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["findings"] as? [[String: Any]])
        let js01 = try XCTUnwrap(findings.first { $0["rule"] as? String == "JS-01" })
        XCTAssertEqual(js01["gap"] as? String, "0.05万元")
        XCTAssertEqual((js01["operands"] as? [[String: Any]])?.map { "\($0["line"] ?? ""):\($0["column"] ?? "")" }, ["27:11", "27:29", "27:54", "27:68"])
    }

    func testExplainListsPassingInstances() {
        let (status, out, _) = TestSupport.run(["explain", TestSupport.finalAccounts, "--rule", "JS-01"])
        XCTAssertEqual(status, .clean)
        XCTAssertTrue(out.contains("1 个实例（成立 1，不成立 0）"), out)
        XCTAssertTrue(out.contains("年初结转和结余 = 3.86万元（27:68，标签「年初结转和结余」）"), out)
    }

    func waiverFile(_ fingerprint: String, expires: String = "2099-12-31") throws -> String {
        try write("waivers.txt", """
            # 豁免清单
            waive JS-01 \(fingerprint)
              reason 已与财务科核实：收入总计含一笔待调整的往来款
              by 张三
              expires \(expires)
            """)
    }

    func testAWaivedFindingIsReportedAndCountedButDoesNotFailTheRun() throws {
        let document = try write("raised.txt", raised)
        let fingerprint = try XCTUnwrap(TestSupport.audit(raised).findings.first { $0.rule == "JS-01" }?.fingerprint)
        let (status, out, _) = TestSupport.run(["audit", document, "--waivers", try waiverFile(fingerprint)])
        XCTAssertEqual(status, .clean, out)
        XCTAssertTrue(out.contains("已豁免（张三，至 2099-12-31）"), out)
        XCTAssertTrue(out.contains("豁免：1 个问题已按豁免清单标为已豁免。"), out)
        let json = TestSupport.run(["audit", document, "--waivers", try waiverFile(fingerprint), "--format", "json"]).out
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual((object["summary"] as? [String: Any])?["waived"] as? Int, 1)
        XCTAssertEqual((object["waivers"] as? [String: Any])?["waived"] as? Int, 1)
    }

    func testTheWaiverStillMatchesAfterTheLinesAreRewrapped() throws {
        let fingerprint = try XCTUnwrap(TestSupport.audit(raised).findings.first { $0.rule == "JS-01" }?.fingerprint)
        let rewrapped = raised.replacingOccurrences(of: "使用非财政拨", with: "\n\n使用非财政拨").replacingOccurrences(of: "2024年度收入", with: "\n2024年度收入")
        let (status, out, _) = TestSupport.run(["audit", try write("rewrapped.txt", rewrapped), "--waivers", try waiverFile(fingerprint)])
        XCTAssertEqual(status, .clean, out)
        XCTAssertTrue(out.contains(":3:11: error:"), "the finding moved a line down: \(out)")
        XCTAssertTrue(out.contains("已豁免"), out)
    }

    func testExpiredAndUnmatchedWaiversAreReported() throws {
        let document = try write("raised.txt", raised)
        let fingerprint = try XCTUnwrap(TestSupport.audit(raised).findings.first { $0.rule == "JS-01" }?.fingerprint)
        let expired = TestSupport.run(["audit", document, "--waivers", try waiverFile(fingerprint, expires: "2020-01-01")])
        XCTAssertEqual(expired.status, .findings)
        XCTAssertTrue(expired.out.contains("waivers.txt:2: 豁免已于 2020-01-01 到期"), expired.out)
        let unmatched = TestSupport.run(["audit", document, "--waivers", try waiverFile("0000000000000000")])
        XCTAssertEqual(unmatched.status, .findings)
        XCTAssertTrue(unmatched.out.contains("waivers.txt:2: 豁免没有匹配任何问题"), unmatched.out)
        let broken = try write("broken.txt", "waive JS-01 abc\n  reasn 拼错\n")
        XCTAssertEqual(TestSupport.run(["audit", document, "--waivers", broken]).status, .unusable)
    }

    func testBaselineReportsNewStillAndResolved() throws {
        let original = TestSupport.fixtureText(TestSupport.finalAccounts)
        let draft = try write("draft.txt", original.replacingOccurrences(of: "2024年度收入总计158.94万元", with: "2024年度收入总计158.99万元"))
        let published = try write("published.txt", original)
        let draftJSON = try write("draft.json", TestSupport.run(["audit", draft, "--format", "json"]).out)
        let compared = TestSupport.run(["audit", published, "--baseline", draftJSON]).out
        XCTAssertTrue(compared.contains("与基线相比：新增 0，仍在 7，已解决 3。"), compared)
        let publishedJSON = try write("published.json", TestSupport.run(["audit", published, "--format", "json"]).out)
        let back = TestSupport.run(["audit", draft, "--baseline", publishedJSON]).out
        XCTAssertTrue(back.contains("与基线相比：新增 3，仍在 7，已解决 0。"), back)
        XCTAssertTrue(back.contains("新增 ") && back.contains("[JS-01]"), back)
    }
}
