import Foundation
import XCTest

@testable import GoujiKit

/// A batch of several documents audits each in a worker process, whatever the format: a document on
/// which Gouji crashes (made to with `GOUJI_FAULT_INJECTION`) becomes one `audit.crashed` failure
/// and the batch goes on. These run the built executable, since the workers are that executable.
final class CrashIsolationTests: XCTestCase {
    var directory: String = ""
    let marker = "【故障注入标记】"

    override func setUpWithError() throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("gouji-isolation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Writes `source`'s text, plus `extra` at its end, as `name` in the test's folder.
    @discardableResult
    func document(_ name: String, from source: String, extra: String = "") throws -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        try Data((TestSupport.fixtureText(source) + extra).utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func records(_ out: String) throws -> [[String: Any]] {
        try out.split(separator: "\n").map { line in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
        }
    }

    func audit(_ extra: [String], format: String = "jsonl", fault: String? = nil) throws -> (status: Int32, out: String, err: String) {
        try TestSupport.runBinary(
            ["audit", "--format", format, "--rules", TestSupport.rulesDirectory] + extra,
            environment: fault.map { ["GOUJI_FAULT_INJECTION": $0] } ?? [:])
    }

    /// Six good documents and, fourth in the folder, the culprit (holding the marker); `list` names
    /// the good ones only (`--files-from`).
    func batchWithACulprit() throws -> (good: [String], culprit: String, list: String) {
        let sources = [TestSupport.finalAccounts] + TestSupport.performanceReports
        let good = try (0..<6).map { try document(String(format: "doc-%d.txt", $0 < 3 ? $0 : $0 + 1), from: sources[$0 % sources.count]) }
        let culprit = try document("doc-3.txt", from: TestSupport.finalAccounts, extra: "\n" + marker + "\n")
        let list = (directory as NSString).appendingPathComponent("good.lst")
        try good.joined(separator: "\n").write(toFile: list, atomically: true, encoding: .utf8)
        return (good, culprit, list)
    }

    /// The lines of standard error that report a failure with this id.
    func failures(_ id: String, in err: String) -> [String] {
        err.split(separator: "\n").map(String.init).filter { $0.hasSuffix("[\(id)]") }
    }

    func object(_ json: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], json)
    }

    /// A part of a JSON object, written again with sorted keys, to compare.
    func canonical(_ value: Any?) throws -> String {
        let value = try XCTUnwrap(value)
        return String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    func testADocumentThatCrashesGoujiIsOneErrorRecordAndTheBatchGoesOn() throws {
        let (good, culprit, list) = try batchWithACulprit()
        for jobs in [[], ["--jobs", "1"]] {
            let crashed = try audit([directory, "--sorted"] + jobs, fault: marker)
            let without = try audit(["--files-from", list, "--sorted"] + jobs, fault: marker)
            XCTAssertEqual(without.status, 1, "the other documents alone: findings, nothing failed")
            XCTAssertEqual(crashed.status, 2, "a crashed document fails the run like an unreadable one")
            let lines = crashed.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let crashRecords = try records(crashed.out).filter { ($0["error"] as? [String: Any])?["id"] as? String == "audit.crashed" }
            XCTAssertEqual(crashRecords.count, 1, crashed.out)
            XCTAssertEqual(crashRecords.first?["file"] as? String, culprit)
            let message = (crashRecords.first?["error"] as? [String: Any])?["message"] as? String ?? ""
            XCTAssertTrue(message.contains("内部错误") && message.contains("报告"), message)
            // Input order (--sorted): the culprit's record where its document stands.
            XCTAssertEqual(try records(crashed.out).dropLast().compactMap { $0["file"] as? String }, Array(good[..<3]) + [culprit] + good[3...])
            // Every other document's line as when the culprit is not in the batch.
            let others = lines.filter { !$0.contains("\"audit.crashed\"") }.dropLast(2)
            XCTAssertEqual(Array(others), without.out.split(separator: "\n").dropLast().map(String.init))
            let count = try XCTUnwrap(try records(crashed.out).last)
            let expected = try XCTUnwrap(try records(without.out).last)
            XCTAssertEqual(count["documents"] as? Int, 7)
            XCTAssertEqual(count["audited"] as? Int, 6)
            XCTAssertEqual(count["failed"] as? Int, 1)
            for key in ["clean", "errors", "warnings", "infos"] { XCTAssertEqual(count[key] as? Int, expected[key] as? Int, key) }
            XCTAssertTrue(crashed.err.contains("\(culprit): error: ") && crashed.err.contains("[audit.crashed]"), crashed.err)
        }
        // As documents finish: the same lines in some order.
        let unsorted = try audit([directory], fault: marker)
        let sorted = try audit([directory, "--sorted"], fault: marker)
        XCTAssertEqual(unsorted.status, 2)
        XCTAssertEqual(Set(unsorted.out.split(separator: "\n")), Set(sorted.out.split(separator: "\n")))
        // Without the fault the culprit is an ordinary document.
        let healthy = try audit([directory, "--sorted"])
        XCTAssertEqual(healthy.status, 1)
        XCTAssertEqual(try records(healthy.out).last?["failed"] as? Int, 0)
    }

    func testInTheFormatsThatRenderAtTheEndACrashIsOneFailureAndTheOthersAreAsWithoutIt() throws {
        let (good, culprit, list) = try batchWithACulprit()
        for format in ["json", "text", "csv", "sarif", "html"] {
            let crashed = try audit([directory], format: format, fault: marker)
            let without = try audit(["--files-from", list], format: format, fault: marker)
            XCTAssertEqual(without.status, 1, "\(format): the other documents alone: findings, nothing failed")
            XCTAssertEqual(crashed.status, 2, "\(format): a crashed document fails the run like an unreadable one")
            XCTAssertEqual(failures("audit.crashed", in: crashed.err).count, 1, crashed.err)
            XCTAssertTrue(failures("audit.crashed", in: crashed.err).first?.hasPrefix("\(culprit): error: ") ?? false, crashed.err)
            XCTAssertEqual(failures("audit.crashed", in: without.err), [])
            switch format {
            case "json":
                let all = try object(crashed.out)
                let expected = try object(without.out)
                let errors = try XCTUnwrap(all["errors"] as? [[String: Any]])
                XCTAssertEqual(errors.count, 1)
                XCTAssertEqual(errors.first?["id"] as? String, "audit.crashed")
                XCTAssertEqual(errors.first?["path"] as? String, culprit)
                XCTAssertEqual((expected["errors"] as? [Any])?.count, 0)
                XCTAssertEqual(try XCTUnwrap(all["documents"] as? [[String: Any]]).compactMap { $0["file"] as? String }, good)
                XCTAssertEqual(try canonical(all["documents"]), try canonical(expected["documents"]))
                XCTAssertEqual(try canonical(all["findings"]), try canonical(expected["findings"]))
                var summary = try XCTUnwrap(all["summary"] as? [String: Any])
                XCTAssertEqual(summary["files"] as? Int, 7)
                XCTAssertEqual(summary["failed"] as? Int, 1)
                summary["files"] = 6
                summary["failed"] = 0
                XCTAssertEqual(try canonical(summary), try canonical(expected["summary"]))
            case "text":
                // The failure goes to standard error; only the closing count line tells of it.
                XCTAssertTrue(without.out.contains("共 6 个文件（无法读取 0 个）："), without.out)
                XCTAssertEqual(crashed.out, without.out.replacingOccurrences(of: "共 6 个文件（无法读取 0 个）：", with: "共 7 个文件（无法读取 1 个）："))
            default:
                // CSV, SARIF and HTML list the audited documents only.
                XCTAssertTrue(without.out.contains(good[0]), "\(format): the documents' findings are there")
                XCTAssertEqual(crashed.out, without.out, format)
            }
        }
    }

    func testWithAnOutputFileACrashIsOneFailureAndTheFileHoldsTheOthers() throws {
        let (good, culprit, list) = try batchWithACulprit()
        let crashedCSV = (directory as NSString).appendingPathComponent("crashed.csv")
        let withoutCSV = (directory as NSString).appendingPathComponent("without.csv")
        let crashed = try audit([directory, "--sorted", "--output", "csv:" + crashedCSV], fault: marker)
        let without = try audit(["--files-from", list, "--sorted", "--output", "csv:" + withoutCSV], fault: marker)
        XCTAssertEqual(without.status, 1)
        XCTAssertEqual(crashed.status, 2)
        let crashRecords = try records(crashed.out).filter { ($0["error"] as? [String: Any])?["id"] as? String == "audit.crashed" }
        XCTAssertEqual(crashRecords.count, 1, crashed.out)
        XCTAssertEqual(crashRecords.first?["file"] as? String, culprit)
        let others = crashed.out.split(separator: "\n").map(String.init).filter { !$0.contains("\"audit.crashed\"") }.dropLast()
        XCTAssertEqual(Array(others), without.out.split(separator: "\n").dropLast().map(String.init))
        let csv = try String(contentsOfFile: crashedCSV, encoding: .utf8)
        XCTAssertEqual(csv, try String(contentsOfFile: withoutCSV, encoding: .utf8))
        XCTAssertFalse(csv.contains(culprit))
        // A row per finding: every good document with findings is there.
        let withFindings = try records(without.out).filter { !($0["findings"] as? [Any] ?? []).isEmpty }.compactMap { $0["file"] as? String }
        XCTAssertEqual(withFindings, [good[0], good[2], good[3], good[4]], "all but the copies of the 2023 performance report")
        for path in withFindings { XCTAssertTrue(csv.contains("\(path),"), path) }
    }

    func testInAFormatThatRendersAtTheEndAWorkerThatNeverAnswersIsATimeout() throws {
        let good = try (0..<2).map { try document("doc-\($0).txt", from: TestSupport.performanceReports[$0]) }
        let stuck = try document("doc-2.txt", from: TestSupport.finalAccounts, extra: "\n" + marker + "\n")
        let started = Date()
        let (status, out, err) = try audit([directory, "--timeout", "1"], format: "json", fault: "hang:" + marker)
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "the batch did not wait for ever")
        XCTAssertEqual(status, 2)
        let all = try object(out)
        let errors = try XCTUnwrap(all["errors"] as? [[String: Any]])
        XCTAssertEqual(errors.count, 1)
        XCTAssertEqual(errors.first?["id"] as? String, "audit.timeout")
        XCTAssertEqual(errors.first?["path"] as? String, stuck)
        XCTAssertTrue((errors.first?["message"] as? String ?? "").contains("超过 7 秒"), out)
        XCTAssertEqual(try XCTUnwrap(all["documents"] as? [[String: Any]]).compactMap { $0["file"] as? String }, good)
        XCTAssertEqual((all["summary"] as? [String: Any])?["failed"] as? Int, 1)
        XCTAssertEqual(failures("audit.timeout", in: err).count, 1, err)
    }

    /// Worker processes change no output: every format, with waivers and a baseline, is the same
    /// byte for byte as the batch audited in process.
    func testEveryFormatIsTheSameWithWorkersAsInProcess() throws {
        let (good, _, _) = try batchWithACulprit()
        let fingerprint = try XCTUnwrap(TestSupport.auditor.audit(path: good[0]).findings.first?.fingerprint)
        let waivers = (directory as NSString).appendingPathComponent("waivers.lst")
        try """
            waive \(try XCTUnwrap(TestSupport.auditor.audit(path: good[0]).findings.first?.rule)) \(fingerprint)
              reason 已核实
              by 张三
              expires 2099-12-31
            waive JS-01 0000000000000000
              reason 已更正
              by 李四
              expires 2020-01-01
            """.write(toFile: waivers, atomically: true, encoding: .utf8)
        let first = (directory as NSString).appendingPathComponent("first.lst")
        try good.prefix(3).joined(separator: "\n").write(toFile: first, atomically: true, encoding: .utf8)
        let baseline = (directory as NSString).appendingPathComponent("baseline.json")
        try TestSupport.run(["audit", "--files-from", first, "--format", "json"]).out.write(toFile: baseline, atomically: true, encoding: .utf8)
        let environment = ["GOUJI_TODAY": "2026-12-02"]
        for format in ReportFormat.allCases.map(\.rawValue) {
            let arguments = ["audit", directory, "--format", format, "--sorted", "--waivers", waivers, "--baseline", baseline]
            let workers = try TestSupport.runBinary(arguments + ["--rules", TestSupport.rulesDirectory], environment: environment)
            let inProcess = TestSupport.run(arguments, environment: environment)
            XCTAssertEqual(workers.status, inProcess.status.rawValue, format)
            XCTAssertEqual(workers.status, 1, format)
            XCTAssertEqual(workers.out, inProcess.out, format)
            XCTAssertEqual(workers.err, inProcess.err, format)
            XCTAssertTrue(workers.out.contains(good[0]), format)
            if format == "text" {
                // The three copies of the 决算 fixture (the culprit, harmless here, is one) have the
                // waived finding; three findings are not in the baseline (made of the first three).
                XCTAssertTrue(workers.out.contains("豁免：3 个问题已按豁免清单标为已豁免。"), workers.out)
                XCTAssertTrue(workers.out.contains("waivers.lst:5: 豁免没有匹配任何问题"), workers.out)
                XCTAssertTrue(workers.out.contains("与基线相比：新增 3，仍在 24，已解决 0。"), workers.out)
            }
        }
    }

    func testACrashInTheReauditOfAYearPairFailsThatDocumentOnly() throws {
        let this = try document("a-2024.txt", from: TestSupport.finalAccounts, extra: "\n" + marker + "\n")
        let last = try document("b-2023.txt", from: TestSupport.path("Fixtures/derived/final-accounts-2023-shuimogou-previous-year.txt"))
        let other = try document("c.txt", from: TestSupport.performanceReports[0])
        let healthy = try audit([directory, "--sorted"])
        XCTAssertEqual(try records(healthy.out).last { ($0["file"] as? String) == this }?["previous"] as? String, last, "the pair is found")
        let crashed = try audit([directory, "--sorted"], fault: "rerun:" + marker)
        XCTAssertEqual(crashed.status, 2)
        let all = try records(crashed.out)
        // The first audit's line, the others', then the re-audit's crash, which replaces it.
        XCTAssertEqual(all.dropLast().compactMap { $0["file"] as? String }, [this, last, other, this])
        XCTAssertNotNil(all[0]["findings"])
        XCTAssertEqual((all[3]["error"] as? [String: Any])?["id"] as? String, "audit.crashed")
        let healthyLines = healthy.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(crashed.out.split(separator: "\n").prefix(3).map(String.init), Array(healthyLines.prefix(3)))
        let count = try XCTUnwrap(all.last)
        XCTAssertEqual(count["documents"] as? Int, 3)
        XCTAssertEqual(count["audited"] as? Int, 2)
        XCTAssertEqual(count["failed"] as? Int, 1)
        let otherSummaries = [all[1], all[2]].compactMap { $0["summary"] as? [String: Any] }
        for key in ["errors", "warnings", "infos"] {
            XCTAssertEqual(count[key] as? Int, otherSummaries.reduce(0) { $0 + ($1[key] as? Int ?? 0) }, key)
        }
    }

    func testAWorkerThatNeverAnswersIsKilledAndItsDocumentIsATimeout() throws {
        let good = try (0..<2).map { try document("doc-\($0).txt", from: TestSupport.performanceReports[$0]) }
        let stuck = try document("doc-2.txt", from: TestSupport.finalAccounts, extra: "\n" + marker + "\n")
        // --timeout 1: the worker loops without checking it, so the batch kills it after 2 × 1 + 5 s.
        let started = Date()
        let (status, out, err) = try audit([directory, "--sorted", "--timeout", "1"], fault: "hang:" + marker)
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "the batch did not wait for ever")
        XCTAssertEqual(status, 2)
        let all = try records(out)
        XCTAssertEqual(all.dropLast().compactMap { $0["file"] as? String }, good + [stuck])
        XCTAssertEqual((all[2]["error"] as? [String: Any])?["id"] as? String, "audit.timeout")
        XCTAssertTrue(((all[2]["error"] as? [String: Any])?["message"] as? String ?? "").contains("超过 7 秒"), out)
        XCTAssertNotNil(all[0]["findings"])
        XCTAssertNotNil(all[1]["findings"])
        XCTAssertEqual(all.last?["audited"] as? Int, 2)
        XCTAssertEqual(all.last?["failed"] as? Int, 1)
        XCTAssertTrue(err.contains("\(stuck): error: ") && err.contains("[audit.timeout]"), err)
    }

    func testWithoutAWorkerTheBatchAuditsInProcessAfterOneWarning() throws {
        for i in 0..<3 { try document("doc-\(i).txt", from: TestSupport.performanceReports[i]) }
        final class Buffer: @unchecked Sendable {
            let lock = NSLock()
            var out = ""
            var err = ""
        }
        let buffer = Buffer()
        let console = Console(
            out: { text in buffer.lock.withLock { buffer.out += text } }, err: { text in buffer.lock.withLock { buffer.err += text } },
            isTerminal: false, environment: [:])
        let arguments = ["audit", directory, "--format", "jsonl", "--sorted", "--rules", TestSupport.rulesDirectory]
        let status = GoujiCommand.run(arguments, console: console, executablePath: directory + "/no-such-gouji")
        let inProcess = TestSupport.run(["audit", directory, "--format", "jsonl", "--sorted"])
        XCTAssertEqual(status, inProcess.status)
        XCTAssertEqual(buffer.out, inProcess.out)
        XCTAssertEqual(buffer.err, "gouji: 无法启动核对子进程（\(directory)/no-such-gouji），改在本进程内核对；若某个文件使 Gouji 崩溃，整批将停止。\n")
        XCTAssertEqual(inProcess.err, "", "run in process without an executable: no worker tried, no warning")
    }

    func testTheWorkerSubcommandIsOnlyForABatch() throws {
        let (status, out, err) = try TestSupport.runBinary(["audit-worker", "--rules", TestSupport.rulesDirectory])
        XCTAssertEqual(status, 2)
        XCTAssertEqual(out, "")
        XCTAssertTrue(err.contains("仅供 gouji audit 内部使用"), err)
        XCTAssertFalse(GoujiCommand.usage.contains("audit-worker"))
    }
}

/// The parent's side of a worker, driven directly.
final class WorkerProcessTests: XCTestCase {
    func testAWorkerKilledWhileIdleIsReplacedAndTheNextDocumentIsNotBlamed() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: TestSupport.binary), "gouji not built")
        let pool = WorkerPool(command: WorkerCommand(
            executable: TestSupport.binary, arguments: ["audit-worker", "--rules", TestSupport.rulesDirectory, "--lines"],
            warn: { XCTFail("no worker started: \($0)") }))
        defer { pool.stopAll() }
        var options = BatchOptions()
        options.collect = false
        options.lines = { _ in }
        let request = WorkerRequest(path: TestSupport.finalAccounts, predecessor: nil)
        let worker = try XCTUnwrap(pool.checkOut())
        guard case .reply(let first) = worker.audit(request) else { return XCTFail("a live worker replies") }
        XCTAssertEqual(first.line, JSONLinesReporter.line(TestSupport.auditor.audit(try TextReader.read(path: request.path))) + "\n")
        kill(worker.process.processIdentifier, SIGKILL)
        XCTAssertEqual(worker.waitForExit(), SIGKILL)
        pool.checkIn(worker)
        let slot = WorkerSlot(pool: pool)
        defer { slot.finish() }
        let again = try XCTUnwrap(slot.audit(request, options: options), "audited by a fresh worker")
        XCTAssertNil(again.failure, "the document did not kill the worker: no audit.crashed")
        XCTAssertEqual(again.line, first.line)
    }
}
