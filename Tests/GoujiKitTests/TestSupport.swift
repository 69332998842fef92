import Foundation
import XCTest

@testable import GoujiKit

/// Paths of the checkout and the bundled rules, and a rule set loaded once for all tests.
enum TestSupport {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func path(_ relative: String) -> String { (repositoryRoot as NSString).appendingPathComponent(relative) }

    static let rulesDirectory = path("Rules")
    static let finalAccounts = path("Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt")
    static let performanceReports = [
        path("Fixtures/perf-report-2023-gaoxin-petition-bureau.txt"),
        path("Fixtures/perf-report-2024-gaoxin-government-office.txt"),
        path("Fixtures/perf-report-2024-shiyouxincun-subdistrict.txt"),
    ]

    static let ruleSet: RuleSet = {
        do throws(RuleSetError) {
            return try RuleSet.load(directory: rulesDirectory)
        } catch {
            fatalError("bundled rules do not compile: \(error.diagnostics.map { $0.rendered() }.joined(separator: "\n"))")
        }
    }()

    static var auditor: Auditor { Auditor(rules: ruleSet) }

    /// Audits text given in memory.
    static func audit(_ text: String, path: String = "test.txt") -> AuditReport {
        auditor.audit(SourceText(path: path, string: text))
    }

    static func fixtureText(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// Runs the command line in process and captures what it prints.
    static func run(_ arguments: [String], environment: [String: String] = [:]) -> (status: ExitStatus, out: String, err: String) {
        final class Buffer: @unchecked Sendable {
            var out = ""
            var err = ""
            let lock = NSLock()
        }
        let buffer = Buffer()
        let console = Console(
            out: { text in buffer.lock.lock(); buffer.out += text; buffer.lock.unlock() },
            err: { text in buffer.lock.lock(); buffer.err += text; buffer.lock.unlock() },
            isTerminal: false, environment: environment)
        let status = GoujiCommand.run(arguments + ["--rules", rulesDirectory], console: console)
        return (status, buffer.out, buffer.err)
    }

    /// The built executable (`swift build --build-tests` builds it).
    static let binary = path(".build/debug/gouji")

    /// Runs the built executable as a user would, its output captured in files (so that neither
    /// can fill up while the other is read); skips the test when the executable was not built.
    static func runBinary(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "gouji not built")
        let capture = (NSTemporaryDirectory() as NSString).appendingPathComponent("gouji-run-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: capture + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: capture + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: capture + ".out")
            try? FileManager.default.removeItem(atPath: capture + ".err")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: capture + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: capture + ".err"))
        try process.run()
        process.waitUntilExit()
        let read = { (name: String) in String(decoding: FileManager.default.contents(atPath: capture + name) ?? Data(), as: UTF8.self) }
        return (process.terminationStatus, read(".out"), read(".err"))
    }
}
