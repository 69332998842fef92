import Foundation

/// What the fuzz targets (`Sources/Fuzz/*`) do with one input, in one place so that the test suite
/// runs the committed corpus and every saved crash through exactly the same code. Bad input may be
/// refused with a `Diagnostic` (that is the point of a diagnostic); it must never crash, hang or
/// exhaust memory.
public enum FuzzHarness {
    /// The fuzz targets, named as their executables and their corpus folders (`Fuzz/corpus/NAME`).
    public enum Target: String, Sendable, CaseIterable {
        /// Bytes → `TextReader.decode` → `Normaliser.normalise`.
        case reader = "fuzz-reader"
        /// Bytes → decode → normalise → `Extraction.extract` with the bundled lexicon → `Auditor.audit`
        /// with the bundled rules → every report format.
        case extractor = "fuzz-extractor"
        /// Bytes as the UTF-8 text of a rule file → `RuleSet.compile` with the bundled lexicon; a rule
        /// set that compiles is printed back and its examples are run.
        case rules = "fuzz-rules"
    }

    /// The bundled rules, loaded once on the first input that needs them (`$GOUJI_RULES`, or found
    /// up from the executable).
    static let bundledRules: BundledRules = {
        do throws(RuleSetError) {
            return try BundledRules.load(executablePath: Bundle.main.executablePath)
        } catch {
            fatalError("规则无法加载：\(error.diagnostics.map { $0.rendered() }.joined(separator: "\n"))；请设置 GOUJI_RULES")
        }
    }()

    /// What a fuzz target's `LLVMFuzzerTestOneInput` does: one input through the target.
    public static func testOneInput(_ target: Target, _ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        run(target, Array(UnsafeBufferPointer(start: data, count: size)), rules: { bundledRules })
        return 0
    }

    /// A fuzz target's program. Built with `-sanitize=fuzzer -DGOUJI_FUZZING` (Scripts/fuzz.sh):
    /// libFuzzer's driver runs, calling `testOneInput` — whichever `main` the linker kept. Built
    /// without: a regression runner over the files given on the command line.
    public static func main(_ target: Target, _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        #if GOUJI_FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
        #else
        exit(runFiles(Array(CommandLine.arguments.dropFirst()), target: target, executablePath: Bundle.main.executablePath))
        #endif
    }

    /// Runs one input through a target. `rules` gives the bundled rules (the `reader` target does
    /// not ask for them; the `rules` target uses only the lexicon's text).
    public static func run(_ target: Target, _ bytes: [UInt8], rules: () -> BundledRules) {
        switch target {
        case .reader: reader(bytes)
        case .extractor: extractor(bytes, rules: rules().ruleSet)
        case .rules: ruleFile(bytes, lexicon: rules().lexicon)
        }
    }

    /// Decodes and normalises; a refusal is rendered (that code runs on user input too).
    public static func reader(_ bytes: [UInt8]) {
        do {
            let source = try TextReader.decode(bytes, path: "fuzz.txt")
            let normalised = Normaliser.normalise(source)
            _ = normalised.scalars.count
        } catch let diagnostic as Diagnostic {
            _ = diagnostic.rendered()
        } catch {
            _ = "\(error)"
        }
    }

    /// Decodes, extracts and audits with the bundled rules, and renders every report format.
    public static func extractor(_ bytes: [UInt8], rules: RuleSet) {
        let source: SourceText
        do {
            source = try TextReader.decode(bytes, path: "fuzz.txt")
        } catch let diagnostic as Diagnostic {
            _ = diagnostic.rendered()
            return
        } catch {
            return
        }
        // Auditor.audit is Extraction.extract(Normaliser.normalise(source), lexicon:) and then the rules.
        let report = Auditor(rules: rules).audit(source)
        for format in ReportFormat.allCases {
            _ = format.render([report], failures: [], rules: rules.rules)
        }
    }

    /// Compiles the bytes as a rule file with the bundled lexicon; errors are rendered. A rule set
    /// that compiles is printed back, parsed again, and its examples are run.
    public static func ruleFile(_ bytes: [UInt8], lexicon: (path: String, text: String)) {
        let text = String(decoding: bytes, as: UTF8.self)
        do throws(RuleSetError) {
            let set = try RuleSet.compile(lexicon: lexicon, files: [("fuzz.rules", text)])
            for rule in set.rules {
                _ = RulePrinter.print(rule.syntax)
            }
            _ = set.warnings.map { $0.rendered() }
            _ = RuleExamples.run(set)
        } catch {
            _ = error.diagnostics.map { $0.rendered() }
        }
    }

    /// Runs the files named (or every file inside the folders named) through a target, one by one,
    /// printing each name first so that a crash names its input. What a fuzz target's executable
    /// does when it was built without the fuzzer: a regression runner. Returns the exit status.
    public static func runFiles(_ paths: [String], target: Target, executablePath: String?) -> Int32 {
        guard !paths.isEmpty else {
            FileHandle.standardError.write(Data("用法：\(target.rawValue) 文件或目录…（逐个运行输入，不崩溃即通过；用 Scripts/fuzz.sh 做模糊测试）\n".utf8))
            return 2
        }
        var rules: BundledRules? = nil
        if target != .reader {
            do {
                rules = try BundledRules.load(executablePath: executablePath)
            } catch {
                FileHandle.standardError.write(Data((error.diagnostics.map { $0.rendered() }.joined(separator: "\n") + "\n").utf8))
                return 2
            }
        }
        var count = 0
        for path in inputFiles(paths) {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("\(path): 无法读取\n".utf8))
                return 2
            }
            print(path)
            run(target, Array(data), rules: { rules! })
            count += 1
        }
        print("\(target.rawValue): \(count) 个输入运行完毕，无崩溃")
        return 0
    }

    /// The files named, with folders replaced by the files they hold (recursively, sorted, hidden
    /// files left out).
    public static func inputFiles(_ paths: [String]) -> [String] {
        let fm = FileManager.default
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                files.append(path)
                continue
            }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            let inside = (fm.enumerator(atPath: path)?.allObjects as? [String] ?? []).sorted()
            for relative in inside where !(relative as NSString).lastPathComponent.hasPrefix(".") {
                let full = (path as NSString).appendingPathComponent(relative)
                var dir: ObjCBool = false
                if fm.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue { files.append(full) }
            }
        }
        return files
    }
}

#if GOUJI_FUZZING
/// libFuzzer's entry point, linked in only when building with the fuzzer.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif

/// The bundled rules as the fuzz targets use them: the compiled rule set and the lexicon's text.
public struct BundledRules: Sendable {
    public let ruleSet: RuleSet
    public let lexicon: (path: String, text: String)

    public init(ruleSet: RuleSet, lexicon: (path: String, text: String)) {
        self.ruleSet = ruleSet
        self.lexicon = lexicon
    }

    /// Loads `Rules/` as the command line finds it (`$GOUJI_RULES`, then up from the executable,
    /// then `./Rules`).
    public static func load(executablePath: String?) throws(RuleSetError) -> BundledRules {
        try load(directory: RulesLocator.defaultDirectory(executablePath: executablePath))
    }

    /// Loads the rules folder at `directory`.
    public static func load(directory: String) throws(RuleSetError) -> BundledRules {
        let ruleSet = try RuleSet.load(directory: directory)
        let path = (directory as NSString).appendingPathComponent(RuleSet.lexiconFileName)
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return BundledRules(ruleSet: ruleSet, lexicon: (path, text))
    }
}
