import Foundation
import XCTest

@testable import GoujiKit

/// Large batches: JSON Lines as documents finish, input order with --sorted, one error record per
/// file that cannot be audited, the time limit, and reports that keep only what reporters use.
final class StreamingBatchTests: XCTestCase {
    var directory: String = ""

    override func setUpWithError() throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("gouji-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        _ = try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: directory + "/locked.txt")
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Copies of the bundled documents under `directory`, `count` of them.
    func corpus(_ count: Int) throws -> [String] {
        let sources = [TestSupport.finalAccounts] + TestSupport.performanceReports
        return try (0..<count).map { i in
            let path = (directory as NSString).appendingPathComponent(String(format: "doc-%03d.txt", i))
            try FileManager.default.copyItem(atPath: sources[i % sources.count], toPath: path)
            return path
        }
    }

    func lines(_ out: String) throws -> [[String: Any]] {
        try out.split(separator: "\n").map { line in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
        }
    }

    func testJSONLinesOneLinePerDocumentAndACountLineThatAgrees() throws {
        let paths = try corpus(8)
        let (status, out, _) = TestSupport.run(["audit", directory, "--format", "jsonl"])
        XCTAssertEqual(status, .findings, "the 决算 fixture has an error")
        let records = try lines(out)
        XCTAssertEqual(records.count, paths.count + 1)
        let documents = records.dropLast()
        XCTAssertEqual(Set(documents.compactMap { $0["file"] as? String }), Set(paths))
        for d in documents {
            for key in ["file", "kinds", "info", "summary", "findings"] { XCTAssertNotNil(d[key], key) }
        }
        let summaries = documents.compactMap { $0["summary"] as? [String: Any] }
        let sum = { (key: String) in summaries.reduce(0) { $0 + ($1[key] as? Int ?? 0) } }
        let last = try XCTUnwrap(records.last)
        XCTAssertEqual(last["documents"] as? Int, 8)
        XCTAssertEqual(last["audited"] as? Int, 8)
        XCTAssertEqual(last["failed"] as? Int, 0)
        XCTAssertEqual(last["clean"] as? Int, summaries.filter { ($0["errors"] as? Int) == 0 }.count)
        XCTAssertEqual(last["clean"] as? Int, 6, "two copies of the 决算 fixture have an error")
        XCTAssertEqual(last["errors"] as? Int, sum("errors"))
        XCTAssertEqual(last["warnings"] as? Int, sum("warnings"))
        XCTAssertEqual(last["infos"] as? Int, sum("infos"))
        let findings = documents.flatMap { $0["findings"] as? [[String: Any]] ?? [] }
        XCTAssertEqual(findings.count, sum("errors") + sum("warnings") + sum("infos"))
    }

    func testEachLineIsWrittenAsItsDocumentFinishes() throws {
        let paths = try corpus(6)
        final class Events: @unchecked Sendable {
            let lock = NSLock()
            var list: [String] = []
            func add(_ e: String) { lock.lock(); list.append(e); lock.unlock() }
        }
        let events = Events()
        var options = BatchOptions()
        options.collect = false
        options.lines = { line in
            XCTAssertTrue(line.hasSuffix("}\n") && line.dropLast().firstIndex(of: "\n") == nil, "one whole line at a time")
            events.add("line")
        }
        options.progress = { _, _ in events.add("done") }
        let outcome = BatchAuditor(auditor: TestSupport.auditor, workers: 2).auditAll(paths, options: options)
        XCTAssertEqual(events.list.count, 12)
        XCTAssertEqual(events.list.firstIndex(of: "line"), 0, "the first line is out before the next document is done")
        XCTAssertEqual(events.list, Array(repeating: ["line", "done"], count: 6).flatMap { $0 })
        XCTAssertTrue(outcome.reports.isEmpty, "nothing kept when nothing renders at the end")
        XCTAssertEqual(outcome.totals.audited, 6)
    }

    func testSortedKeepsTheInputOrder() throws {
        let paths = try corpus(10)
        // A list in an order of its own (not the folder's): --sorted follows the list.
        let shuffled = [3, 9, 0, 7, 1, 8, 2, 6, 4, 5].map { paths[$0] }
        let list = (directory as NSString).appendingPathComponent("list.lst")
        try shuffled.joined(separator: "\n").write(toFile: list, atomically: true, encoding: .utf8)
        let (_, out, _) = TestSupport.run(["audit", "--files-from", list, "--format", "jsonl", "--sorted"])
        let records = try lines(out)
        XCTAssertEqual(records.dropLast().compactMap { $0["file"] as? String }, shuffled)
        XCTAssertEqual(records.last?["documents"] as? Int, 10)
    }

    func testJobsSetsHowManyDocumentsAreInFlightAndChangesNothingElse() throws {
        _ = try corpus(6)
        let everyCore = TestSupport.run(["audit", directory, "--format", "jsonl", "--sorted"])
        let oneAtATime = TestSupport.run(["audit", directory, "--format", "jsonl", "--sorted", "--jobs", "1"])
        XCTAssertEqual(oneAtATime.status, everyCore.status)
        XCTAssertEqual(oneAtATime.out, everyCore.out)
        XCTAssertEqual(try lines(oneAtATime.out).last?["audited"] as? Int, 6)
        for bad in ["0", "-2", "两个"] {
            let (status, _, err) = TestSupport.run(["audit", directory, "--jobs", bad])
            XCTAssertEqual(status, .unusable, bad)
            XCTAssertTrue(err.contains("--jobs 需要正整数"), err)
        }
    }

    func testGoodAndBadFilesInOneFolder() throws {
        let good = try corpus(3)
        let fm = FileManager.default
        try Data([0x00, 0xFF, 0x10, 0x00, 0x89, 0x50, 0x4E, 0x47] + Array(repeating: 0, count: 100))
            .write(to: URL(fileURLWithPath: directory + "/binary.txt"))
        try Data().write(to: URL(fileURLWithPath: directory + "/empty.txt"))
        try Data(String(repeating: "2024年度收入总计158.94万元。\n", count: 4000).utf8).write(to: URL(fileURLWithPath: directory + "/oversized.txt"))
        try Data("2024年度收入总计158.94万元。".utf8).write(to: URL(fileURLWithPath: directory + "/locked.txt"))
        try fm.setAttributes([.posixPermissions: 0], ofItemAtPath: directory + "/locked.txt")
        var bad = ["binary.txt", "empty.txt", "oversized.txt", "dangling.txt"]
        try fm.createSymbolicLink(atPath: directory + "/dangling.txt", withDestinationPath: directory + "/nowhere")
        if fm.isReadableFile(atPath: directory + "/locked.txt") {
            // Running as root, chmod 000 does not stop reading: a folder named like a document instead.
            try fm.removeItem(atPath: directory + "/locked.txt")
            try fm.createDirectory(atPath: directory + "/folder.txt", withIntermediateDirectories: false)
            bad.append("folder.txt")
        } else {
            bad.append("locked.txt")
        }
        let (status, out, err) = TestSupport.run(["audit", directory, "--format", "jsonl", "--max-bytes", "60000"])
        XCTAssertEqual(status, .unusable, "a file that could not be audited makes the status 2")
        let records = try lines(out)
        let documents = records.filter { $0["findings"] != nil }
        let errors = records.filter { $0["error"] != nil }
        XCTAssertEqual(Set(documents.compactMap { $0["file"] as? String }), Set(good))
        XCTAssertEqual(
            Set(errors.compactMap { ($0["file"] as? String).map { ($0 as NSString).lastPathComponent } }), Set(bad), out)
        for e in errors {
            let error = try XCTUnwrap(e["error"] as? [String: Any])
            XCTAssertTrue((error["id"] as? String)?.hasPrefix("read.") == true, "\(error)")
            XCTAssertFalse((error["message"] as? String ?? "").isEmpty)
        }
        let last = try XCTUnwrap(records.last)
        XCTAssertEqual(last["documents"] as? Int, good.count + bad.count)
        XCTAssertEqual(last["audited"] as? Int, good.count)
        XCTAssertEqual(last["failed"] as? Int, bad.count)
        XCTAssertTrue(err.contains("[read.binary]") && err.contains("[read.empty]") && err.contains("[read.too-large]"), err)
    }

    func testADocumentOverTheTimeLimitIsAnErrorRecordAndTheBatchGoesOn() throws {
        let big = String(repeating: TestSupport.fixtureText(TestSupport.finalAccounts), count: 20)
        for name in ["big-1.txt", "big-2.txt"] {
            try Data(big.utf8).write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(name)))
        }
        let (status, out, err) = TestSupport.run(["audit", directory, "--format", "jsonl", "--timeout", "0.001"])
        XCTAssertEqual(status, .unusable)
        let records = try lines(out)
        let errors = records.compactMap { $0["error"] as? [String: Any] }
        XCTAssertEqual(errors.count, 2, "each document timed out on its own")
        XCTAssertEqual(errors.compactMap { $0["id"] as? String }, ["audit.timeout", "audit.timeout"])
        XCTAssertTrue((errors.first?["message"] as? String ?? "").contains("--timeout"))
        XCTAssertEqual(records.last?["failed"] as? Int, 2)
        XCTAssertTrue(err.contains("[audit.timeout]"), err)
        // The library: a deadline already past throws the same diagnostic.
        XCTAssertThrowsError(
            try TestSupport.auditor.audit(SourceText(path: "x.txt", string: big), deadline: Deadline(seconds: 1e-9))
        ) { error in
            XCTAssertEqual((error as? Diagnostic)?.id, "audit.timeout")
        }
        XCTAssertEqual(TestSupport.run(["audit", TestSupport.finalAccounts, "--timeout", "soon"]).status, .unusable)
    }

    func testAReleasedReportRendersAsTheWholeOne() throws {
        let report = TestSupport.auditor.audit(try TextReader.read(path: TestSupport.finalAccounts))
        let run = RunNotes()
        for (format, keep) in [(ReportFormat.text, AuditReport.KeptLines.findings), (.html, .all), (.json, .none), (.csv, .none), (.markdown, .none)] {
            let released = report.released(keeping: keep)
            XCTAssertNil(released.extraction)
            XCTAssertEqual(
                format.render([released], failures: [], rules: TestSupport.ruleSet.rules, run: run),
                format.render([report], failures: [], rules: TestSupport.ruleSet.rules, run: run), format.rawValue)
        }
        XCTAssertEqual(RunNotes.keptLines(for: [.json, .text]), .findings)
        XCTAssertEqual(RunNotes.keptLines(for: [.csv, .html]), .all)
    }

    /// What a worker process sends its batch: a released report, encoded and decoded, renders
    /// byte for byte as the released report itself, in every format with the lines a run keeps for
    /// it (and with all of them).
    func testAReleasedReportCrossesFromAWorkerUnchanged() throws {
        let previous = try TestSupport.auditor.previousDocument(
            path: TestSupport.path("Fixtures/derived/final-accounts-2023-shuimogou-previous-year.txt"))
        var reports = [
            try TestSupport.auditor.audit(path: TestSupport.finalAccounts, previous: previous),
            try TestSupport.auditor.audit(path: TestSupport.path("Fixtures/office/final-accounts-2024-shuimogou-petition-bureau.docx")),
            try TestSupport.auditor.audit(path: TestSupport.performanceReports[0]),
        ]
        XCTAssertNotNil(reports[0].summary.unmatchedPrevious, "a summary compared with the year before")
        XCTAssertTrue(reports[1].findings.contains { $0.place != nil }, "findings placed in a Word original")
        reports[0].findings[0].waiver = Finding.Waiver(reason: "已更正", by: "审核组", expires: "2027-01-01")
        reports[0].summary.recount(reports[0].findings)
        let run = RunNotes()
        for format in ReportFormat.allCases {
            for keep in [RunNotes.keptLines(for: [format]), .all] {
                let released = reports.map { $0.released(keeping: keep) }
                let decoded = try JSONDecoder().decode([AuditReport].self, from: JSONEncoder().encode(released))
                XCTAssertEqual(decoded.map(\.keptLines), released.map(\.keptLines))
                XCTAssertEqual(decoded.map(\.keptLineCount), released.map(\.keptLineCount))
                XCTAssertEqual(decoded.map(\.findings), released.map(\.findings))
                XCTAssertEqual(decoded.map(\.summary), released.map(\.summary))
                XCTAssertEqual(decoded.map(\.info), released.map(\.info))
                XCTAssertEqual(decoded.map(\.kinds), released.map(\.kinds))
                XCTAssertEqual(decoded.map(\.file), released.map(\.file))
                XCTAssertTrue(decoded.allSatisfy { $0.instances.isEmpty && $0.extraction == nil })
                XCTAssertEqual(
                    format.render(decoded, failures: [], rules: TestSupport.ruleSet.rules, run: run),
                    format.render(released, failures: [], rules: TestSupport.ruleSet.rules, run: run), "\(format.rawValue), \(keep)")
            }
        }
    }

    func testYearsOfOneUnitAreComparedInAStreamToo() throws {
        let this = (directory as NSString).appendingPathComponent("a-2024.txt")
        let last = (directory as NSString).appendingPathComponent("b-2023.txt")
        try FileManager.default.copyItem(atPath: TestSupport.finalAccounts, toPath: this)
        try FileManager.default.copyItem(atPath: TestSupport.path("Fixtures/derived/final-accounts-2023-shuimogou-previous-year.txt"), toPath: last)
        let (_, out, _) = TestSupport.run(["audit", directory, "--format", "jsonl", "--sorted"])
        let records = try lines(out)
        let again = try XCTUnwrap(records.last { ($0["file"] as? String) == this })
        XCTAssertEqual(again["previous"] as? String, last, "audited again against last year's document of the batch")
        XCTAssertNotNil((again["summary"] as? [String: Any])?["unmatchedPrevious"])
        XCTAssertEqual(records.last?["documents"] as? Int, 2)
        XCTAssertEqual(records.last?["audited"] as? Int, 2)
        // The same pairs as the whole-batch JSON output, which compares them as before.
        let (_, json, _) = TestSupport.run(["audit", directory, "--format", "json"])
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let documents = try XCTUnwrap(object["documents"] as? [[String: Any]])
        let summary = try XCTUnwrap(documents.first { ($0["file"] as? String) == this }?["summary"] as? [String: Any])
        XCTAssertEqual(summary["instancesChecked"] as? Int, (again["summary"] as? [String: Any])?["instancesChecked"] as? Int)
    }
}
