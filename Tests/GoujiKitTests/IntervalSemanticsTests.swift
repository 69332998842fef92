import Foundation
import XCTest

@testable import GoujiKit

/// Variants of the 决算 fixture: a changed figure is caught exactly when the published precision
/// of the figures bound to it cannot explain the change.
final class IntervalSemanticsTests: XCTestCase {
    let original = TestSupport.fixtureText(TestSupport.finalAccounts)

    func newFindings(replacing old: String, with new: String, file: StaticString = #filePath, line: UInt = #line) -> [Finding] {
        XCTAssertEqual(original.components(separatedBy: old).count, 2, "「\(old)」 must occur exactly once", file: file, line: line)
        let before = TestSupport.audit(original).findings
        let after = TestSupport.audit(original.replacingOccurrences(of: old, with: new)).findings
        let known = Set(before.map { "\($0.rule)@\($0.line)" })
        return after.filter { !known.contains("\($0.rule)@\($0.line)") }
    }

    func testIncomeTotalRaisedByFiveCentsIsCaught() {
        let found = newFindings(replacing: "2024年度收入总计158.94万元", with: "2024年度收入总计158.99万元")
        XCTAssertTrue(found.contains { $0.rule == "JS-01" && $0.line == 27 && $0.severity == .error }, "\(found)")
    }

    /// Three rounded parts allow 158.95: JS-01 says only that the digits differ within rounding (an
    /// info). 收入总计 and 支出总计 are one amount in 元 rounded once, so their digits must be the
    /// same: JS-03 reports 158.95 against 158.94.
    func testIncomeTotalRaisedByOneCentIsWithinRounding() {
        let found = newFindings(replacing: "2024年度收入总计158.94万元", with: "2024年度收入总计158.95万元")
        let sum = found.filter { $0.rule == "JS-01" }
        XCTAssertEqual(sum.map(\.severity), [.info])
        XCTAssertEqual(sum.map(\.computation), ["155.08 + 0.00 + 3.86 = 158.94 ≠ 158.95（相差 0.01 万元）"])
        XCTAssertTrue(sum[0].note?.contains("取整误差之内") ?? false)
        XCTAssertEqual(found.filter { $0.severity != .info }.map(\.rule), ["JS-03"])
    }

    func testDeclineRateChangedByTwoHundredthsIsCaught() {
        for changed in ["79.62", "79.66"] {
            let found = newFindings(replacing: "下降79.64%", with: "下降\(changed)%")
            XCTAssertTrue(found.contains { $0.rule == "GEN-01" && $0.line == 29 && $0.severity == .error }, "\(changed): \(found)")
        }
    }

    func testDeclineRateWithinWhatRoundedInputsAllowIsNotCaught() {
        // 102.405 / 261.36 = 39.18%: the rounded inputs allow 39.18 as well as 39.19.
        let found = newFindings(replacing: "下降39.19%", with: "下降39.18%")
        XCTAssertEqual(found.filter { $0.severity != .info }.map(\.rule), [])
        XCTAssertEqual(found.map(\.severity), [.info])
    }

    /// An instance's roles: the first role a figure gets stays; the same answers before and after
    /// the list grows past the point where a dictionary takes over the look-ups.
    func testFigureRolesKeepTheFirstRoleOfEachFigure() {
        var roles = FigureRoles()
        XCTAssertTrue(roles.isEmpty)
        let ids = (0..<40).map { ($0 * 37) % 101 }
        for (k, id) in ids.enumerated() {
            roles.assign(id, Role("c", field: "part\(k)"))
            roles.assign(id, Role("later"))
            XCTAssertEqual(roles[id]?.description, "c.part\(k)")
            XCTAssertEqual(roles.figures.count, k + 1)
        }
        for (k, id) in ids.enumerated() { XCTAssertEqual(roles[id]?.description, "c.part\(k)") }
        XCTAssertNil(roles[1000])
        XCTAssertEqual(roles.byFigure.map(\.figure), ids.sorted())
        XCTAssertEqual(roles.figures, ids, "in the order bound")
    }
}
