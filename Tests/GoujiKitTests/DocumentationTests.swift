import Foundation
import XCTest

@testable import GoujiKit

/// The documentation stays true: the rule catalogue is regenerated, the tutorial works as written.
final class DocumentationTests: XCTestCase {
    func testTheCommittedRuleCatalogueIsCurrent() throws {
        let path = TestSupport.path("Documentation/Rules.md")
        let generated = RuleDocumentation.markdown(TestSupport.ruleSet)
        if ProcessInfo.processInfo.environment["GOUJI_RECORD"] != nil { try generated.write(toFile: path, atomically: true, encoding: .utf8) }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), generated, "Documentation/Rules.md is stale: run `swift run gouji rules doc`")
    }

    /// The tutorial, followed as written: the synonym added to the lexicon, the rule file added.
    func testTheTutorialAddsAWorkingRuleAndSynonym() throws {
        var lexicon = try String(contentsOfFile: TestSupport.path("Rules/lexicon.txt"), encoding: .utf8)
        let line = "公用经费 [金额] = 公用经费, 公用经费支出, 公用经费合计"
        XCTAssertTrue(lexicon.contains(line + "\n"), "the tutorial's step 1 names this line")
        lexicon = lexicon.replacingOccurrences(of: line + "\n", with: line + ", 日常公用经费\n")
        let tutorial = try String(contentsOfFile: TestSupport.path("Documentation/tutorial/my.rules"), encoding: .utf8)
        let doc = try String(contentsOfFile: TestSupport.path("Documentation/RuleLanguage.md"), encoding: .utf8)
        XCTAssertTrue(doc.contains(tutorial.components(separatedBy: "\n").dropFirst().prefix(6).map { "   " + $0 }.joined(separator: "\n")), "the tutorial shows the file as committed")
        var files: [(path: String, text: String)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: TestSupport.rulesDirectory).filter({ $0.hasSuffix(".rules") }).sorted() {
            files.append((name, try String(contentsOfFile: TestSupport.path("Rules/\(name)"), encoding: .utf8)))
        }
        files.append(("my.rules", tutorial))
        let set = try RuleSet.compile(lexicon: ("lexicon.txt", lexicon), files: files)
        let result = RuleExamples.run(RuleSet(lexicon: set.lexicon, rules: set.rules.filter { $0.id == "MY-01" }, schema: set.schema))
        XCTAssertEqual(result.examplesRun, 2)
        XCTAssertEqual(result.failures.map { $0.diagnostic.rendered() }, [])
        // Step 3's typo.
        do throws(RuleSetError) {
            _ = try RuleSet.compile(lexicon: ("lexicon.txt", lexicon), files: [("my.rules", tutorial.replacingOccurrences(of: "check 公用经费", with: "check 公用经废"))])
            XCTFail("the typo must be rejected")
        } catch {
            XCTAssertTrue(error.diagnostics.contains { $0.rendered().hasPrefix("my.rules:4:9: error: 未知概念「公用经废」；是否指「公用经费」？") })
        }
    }
}
