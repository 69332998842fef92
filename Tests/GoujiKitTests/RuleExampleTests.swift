import Foundation
import XCTest

@testable import GoujiKit

/// A rule ships with its examples: every `pass` and `fail` of every bundled rule runs here.
final class RuleExampleTests: XCTestCase {
    func testEveryRuleHasAPassingAndAFailingExample() {
        for rule in TestSupport.ruleSet.rules {
            XCTAssertTrue(rule.syntax.examples.contains { $0.expectation == .pass }, "\(rule.id) has no pass example")
            XCTAssertTrue(rule.syntax.examples.contains { $0.expectation == .fail }, "\(rule.id) has no fail example")
        }
    }

    func testEveryExampleBehavesAsDeclared() {
        let result = RuleExamples.run(TestSupport.ruleSet)
        XCTAssertGreaterThanOrEqual(result.examplesRun, 2 * TestSupport.ruleSet.rules.count)
        // The robustness check: passing examples whose checked figure, moved just past what the
        // other figures allow, must make the rule fire.
        XCTAssertGreaterThan(result.robustnessChecked, 40)
        for failure in result.failures {
            XCTFail(failure.diagnostic.rendered())
        }
    }

    func testRuleIdsAreUnique() {
        let ids = TestSupport.ruleSet.rules.map(\.id)
        XCTAssertEqual(ids.count, Set(ids).count)
    }

    /// The rules the core issue asks for are all there.
    func testTheCatalogueIsComplete() {
        let ids = Set(TestSupport.ruleSet.rules.map(\.id))
        for id in [
            "GEN-01", "GEN-01D", "GEN-02", "GEN-03", "GEN-03K", "GEN-04", "GEN-05", "GEN-06", "GEN-06C", "GEN-07", "GEN-08",
            "JS-01", "JS-02", "JS-03", "JS-04", "JS-05", "JS-08A", "JS-08B", "JS-08C", "JS-12", "JS-13", "JS-14", "JS-17",
            "JS-19A", "JS-20", "JS-21", "JS-22", "JS-23", "JS-27",
        ] {
            XCTAssertTrue(ids.contains(id), id)
        }
        XCTAssertEqual(TestSupport.ruleSet.rules.first { $0.id == "JS-22" }?.syntax.severity, .warning)
    }

    /// A failing example whose finding points elsewhere than its ↓ marker is reported at the rule file's line.
    func testAMisplacedMarkerIsReportedAtTheExampleLine() throws {
        let rules = """
            rule T-1 收入总计等于支出总计
              severity error
              check 收入总计 = 支出总计
              pass "收入总计1.00万元。支出总计1.00万元。"
              fail "收入总计1.00万元。支出总计↓2.00万元。"
            """
        let lexicon = try String(contentsOfFile: TestSupport.path("Rules/lexicon.txt"), encoding: .utf8)
        let set = try RuleSet.compile(lexicon: ("lexicon.txt", lexicon), files: [("t.rules", rules)])
        let result = RuleExamples.run(set)
        XCTAssertEqual(result.examplesRun, 2)
        XCTAssertEqual(result.failures.count, 1)
        XCTAssertEqual(result.failures.first?.diagnostic.location?.line, 5)
        XCTAssertTrue(result.failures.first?.diagnostic.message.contains("↓") ?? false)
    }
}
