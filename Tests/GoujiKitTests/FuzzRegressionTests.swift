import Foundation
import XCTest

@testable import GoujiKit

/// Every input that once crashed a fuzz target (`Fuzz/regressions/TARGET`), and inputs of the
/// committed fuzz corpus (`Fuzz/corpus/TARGET`), go through the same function as the fuzz target,
/// so a crash fixed stays fixed. Passing means: no crash. The corpus grows with every merged fuzzing
/// run (Scripts/fuzz.sh --merge); the tests take every regression and an even sample of at most
/// `corpusSample` corpus inputs per target, so that `swift test` stays quick — the whole corpus
/// runs with `swift run fuzz-TARGET Fuzz/corpus/fuzz-TARGET`.
final class FuzzRegressionTests: XCTestCase {
    static let corpusSample = 150

    static let bundled = BundledRules(
        ruleSet: TestSupport.ruleSet,
        lexicon: (
            TestSupport.path("Rules/lexicon.txt"), TestSupport.fixtureText(TestSupport.path("Rules/lexicon.txt"))
        ))

    func inputs(_ target: FuzzHarness.Target) -> [String] {
        func files(_ folder: String) -> [String] {
            FuzzHarness.inputFiles([TestSupport.path(folder)]).filter { FileManager.default.fileExists(atPath: $0) && !$0.hasSuffix("README.md") }
        }
        let corpus = files("Fuzz/corpus/\(target.rawValue)").sorted()
        let step = max(1, (corpus.count + Self.corpusSample - 1) / Self.corpusSample)
        let sample = stride(from: 0, to: corpus.count, by: step).map { corpus[$0] }
        return sample + files("Fuzz/regressions/\(target.rawValue)")
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
