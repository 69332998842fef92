import Foundation
import XCTest

@testable import GoujiKit

/// Every input of the committed fuzz corpus (`Fuzz/corpus/TARGET`) and every input that once
/// crashed a fuzz target (`Fuzz/regressions/TARGET`) goes through the same function as the fuzz
/// target, so a crash fixed stays fixed. Passing means: no crash.
final class FuzzRegressionTests: XCTestCase {
    static let bundled = BundledRules(
        ruleSet: TestSupport.ruleSet,
        lexicon: (
            TestSupport.path("Rules/lexicon.txt"), TestSupport.fixtureText(TestSupport.path("Rules/lexicon.txt"))
        ))

    func inputs(_ target: FuzzHarness.Target) -> [String] {
        FuzzHarness.inputFiles([
            TestSupport.path("Fuzz/corpus/\(target.rawValue)"), TestSupport.path("Fuzz/regressions/\(target.rawValue)"),
        ]).filter { FileManager.default.fileExists(atPath: $0) && !$0.hasSuffix("README.md") }
    }

    func runAll(_ target: FuzzHarness.Target) throws {
        let files = inputs(target)
        XCTAssertFalse(files.isEmpty, "Fuzz/corpus/\(target.rawValue) 为空")
        for path in files {
            let data = try XCTUnwrap(FileManager.default.contents(atPath: path), path)
            FuzzHarness.run(target, Array(data), rules: { Self.bundled })
        }
    }

    func testReaderCorpusAndRegressions() throws { try runAll(.reader) }
    func testExtractorCorpusAndRegressions() throws { try runAll(.extractor) }
    func testRulesCorpusAndRegressions() throws { try runAll(.rules) }

    /// The three targets exist as executables, each with its corpus folder.
    func testEveryTargetHasACorpus() {
        for target in FuzzHarness.Target.allCases {
            XCTAssertTrue(FileManager.default.fileExists(atPath: TestSupport.path("Sources/Fuzz/\(target.rawValue)/main.swift")))
            XCTAssertFalse(inputs(target).isEmpty)
        }
    }
}
