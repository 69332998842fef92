import Foundation

/// The `gouji` command line: parses arguments and calls the library's pipeline. Each subcommand
/// is one function here; the work is done by `Auditor`, `RuleSet`, the reporters.
public enum GoujiCommand {
    public static let usage = """
        gouji — 部门决算公开说明与绩效自评报告的勾稽核对

        用法：
          gouji audit 文件或目录… [--format text|json|jsonl|csv|markdown|sarif|html] [--output 格式:路径]… [--files-from 清单|-] [--sorted] [--waivers 豁免清单] [--baseline 上次的JSON] [--previous 上一年度的文档] [--rules 目录] [--fail-on error|warning|info] [--max-bytes 字节数] [--timeout 秒] [--jobs 并行数]
          gouji extract 文件 [--format text|json] [--rules 目录]
          gouji explain 文件 --rule 规则编号 [--rules 目录]
          gouji rules list [--rules 目录]
          gouji rules show 规则编号 [--rules 目录]
          gouji rules test [--rules 目录]
          gouji rules doc [--output Documentation/Rules.md] [--rules 目录]

        退出状态：0 没有达到 --fail-on 级别的问题；1 有；2 输入或规则无法使用。
        """

    /// Runs the command line and returns the exit status.
    public static func run(_ arguments: [String], console: Console, executablePath: String? = nil) -> ExitStatus {
        guard let command = arguments.first else {
            console.err(usage + "\n")
            return .unusable
        }
        let rest = Array(arguments.dropFirst())
        do {
            switch command {
            case "audit": return try audit(rest, console: console, executablePath: executablePath)
            case "extract": return try extract(rest, console: console, executablePath: executablePath)
            case "rules": return try rules(rest, console: console, executablePath: executablePath)
            case "explain": return try explain(rest, console: console, executablePath: executablePath)
            case "audit-worker": return try auditWorker(rest, console: console, executablePath: executablePath)
            case "help", "--help", "-h":
                console.out(usage + "\n")
                return .clean
            default:
                let hint = Suggestion.nearest(to: command, among: ["audit", "extract", "rules", "help"]).map { "；是否指「\($0)」？" } ?? ""
                console.err("gouji: 未知命令「\(command)」\(hint)\n\n" + usage + "\n")
                return .unusable
            }
        } catch let error as Arguments.UsageError {
            console.err("gouji: \(error.message)\n")
            return .unusable
        } catch let error as RuleSetError {
            for d in error.diagnostics { console.err(d.rendered() + "\n") }
            console.err("gouji: 规则无法使用（\(error.diagnostics.filter { $0.level == .error }.count) 个错误），未读取任何文档。\n")
            return .unusable
        } catch let d as Diagnostic {
            console.err(d.rendered() + "\n")
            return .unusable
        } catch {
            console.err("gouji: \(error)\n")
            return .unusable
        }
    }

    // MARK: - audit

    static func audit(_ arguments: [String], console: Console, executablePath: String?) throws -> ExitStatus {
        let args = try Arguments(
            arguments, valued: ["format", "output", "rules", "fail-on", "max-bytes", "waivers", "baseline", "files-from", "previous", "timeout", "jobs"],
            switches: ["sorted"])
        var paths = DocumentPaths.expand(args.positionals)
        if let list = args.value("files-from") {
            let text: String
            if list == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                guard let data = FileManager.default.contents(atPath: list) else {
                    throw Diagnostic(id: "read.unreadable", message: "无法读取文件清单；请检查路径。", path: list)
                }
                text = String(decoding: data, as: UTF8.self)
            }
            paths += DocumentPaths.expand(text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty })
        }
        guard !paths.isEmpty else { throw Arguments.UsageError(message: "audit 需要至少一个文件或目录") }
        let formats = ReportFormat.allCases.map(\.rawValue).joined(separator: "、")
        let formatName = args.value("format") ?? "text"
        guard let format = ReportFormat(rawValue: formatName) else {
            throw Arguments.UsageError(message: "未知的输出格式「\(formatName)」；可用：\(formats)")
        }
        var outputs: [(ReportFormat, String)] = []
        for spec in args.options["output"] ?? [] {
            guard let colon = spec.firstIndex(of: ":"), let f = ReportFormat(rawValue: String(spec[..<colon])),
                !spec[spec.index(after: colon)...].isEmpty
            else {
                throw Arguments.UsageError(message: "--output 应为「格式:路径」，如 csv:结果.csv；格式可用：\(formats)")
            }
            outputs.append((f, String(spec[spec.index(after: colon)...])))
        }
        let failOnName = args.value("fail-on") ?? "error"
        guard let failOn = Severity(rawValue: failOnName) else {
            throw Arguments.UsageError(message: "--fail-on 只能是 error、warning 或 info")
        }
        var maximumBytes = TextReader.defaultMaximumBytes
        if let text = args.value("max-bytes") {
            guard let n = Int(text), n > 0 else { throw Arguments.UsageError(message: "--max-bytes 需要正整数") }
            maximumBytes = n
        }
        var timeout: Double? = defaultTimeout
        if let text = args.value("timeout") {
            guard let seconds = Double(text), seconds >= 0, seconds.isFinite else {
                throw Arguments.UsageError(message: "--timeout 需要秒数（如 20 或 0.5；0 表示不限时）")
            }
            timeout = seconds > 0 ? seconds : nil
        }
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        if let text = args.value("jobs") {
            guard let n = Int(text), n > 0 else { throw Arguments.UsageError(message: "--jobs 需要正整数（同时审核的文档数；默认为处理器核数）") }
            jobs = n
        }
        let ruleSet = try loadRules(args, executablePath: executablePath)
        let auditor = Auditor(rules: ruleSet)
        var run = RunNotes()
        run.failOn = failOn
        var waivers: WaiverFile? = nil
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        let today = console.environment["GOUJI_TODAY"] ?? formatter.string(from: Date())
        if let path = args.value("waivers") {
            let source = try TextReader.read(path: path)
            let (file, problems) = WaiverFile.parse(source)
            if let first = problems.first {
                for d in problems.dropFirst() { console.err(d.rendered() + "\n") }
                throw first
            }
            waivers = file
            run.waiverPath = path
        }
        let previous = try args.value("previous").map { try auditor.previousDocument(path: $0, maximumBytes: maximumBytes) }
        var batch = BatchAuditor(auditor: auditor, maximumBytes: maximumBytes, timeout: timeout, previous: previous, workers: jobs)

        // JSON Lines stream to standard output as documents finish; the other formats render at the end.
        let streaming = format == .jsonl
        var options = BatchOptions()
        options.inOrder = args.flags.contains("sorted")
        options.collect = !streaming || !outputs.isEmpty || args.value("baseline") != nil
        options.keep = RunNotes.keptLines(for: (streaming ? [] : [format]) + outputs.map(\.0))
        options.failOn = failOn
        if streaming {
            let out = console.out
            options.lines = { out($0) }
            if let waivers { options.waivers = (waivers, today) }
        }
        // A batch of several documents, whatever the format, audits in worker processes, so that a
        // crash costs one document. One document is audited here (no worker to start for the most
        // common run), and so is a batch run in-process without an executable (the tests).
        if paths.count > 1, let executablePath {
            var worker = ["audit-worker", "--rules", rulesDirectory(args, executablePath: executablePath), "--max-bytes", String(maximumBytes)]
            if let timeout { worker += ["--timeout", String(timeout)] }
            if let path = args.value("previous") { worker += ["--previous", path] }
            // What each document is prepared into, as this run's options say.
            if options.waivers != nil, let path = args.value("waivers") { worker += ["--waivers", path, "--today", today] }
            if options.lines != nil { worker.append("--lines") }
            if options.collect { worker += ["--collect", options.keep.rawValue] }
            batch.isolation = WorkerCommand(executable: executablePath, arguments: worker, timeout: timeout, warn: console.err)
        }
        if console.isErrorTerminal && paths.count > 1 {
            let err = console.err
            let total = paths.count
            options.progress = { done, path in err("\r\u{1B}[K[\(done)/\(total)] \(path)") }
        }
        let outcome = batch.auditAll(paths, options: options)
        if options.progress != nil { console.err("\r\u{1B}[K") }
        var reports = outcome.reports
        let failures = outcome.failures
        if let waivers {
            run.waivers = streaming ? outcome.waivers : waivers.apply(to: &reports, today: today)
        }
        if let path = args.value("baseline") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Diagnostic(id: "baseline.unreadable", message: "无法读取基线文件；请检查路径。", path: path)
            }
            do {
                run.baseline = try BaselineComparison.compare(reports, baselineJSON: data)
            } catch var d as Diagnostic {
                d.path = path
                throw d
            }
        }
        for d in failures { console.err(d.rendered() + "\n") }
        if streaming {
            var totals = outcome.totals
            run.annotate(&totals)
            console.out(JSONLinesReporter.line(totals) + "\n")
        } else {
            console.out(format.render(reports, failures: format == .text ? [] : failures, colour: console.useColour, rules: ruleSet.rules, run: run))
        }
        if format == .text, reports.count + failures.count > 1 {
            let all = reports.flatMap(\.findings)
            console.out("共 \(reports.count + failures.count) 个文件（无法读取 \(failures.count) 个）：错误 \(all.filter { $0.severity == .error }.count)，"
                + "警告 \(all.filter { $0.severity == .warning }.count)，提示 \(all.filter { $0.severity == .info }.count)。\n")
        }
        for (f, path) in outputs {
            // Written whole to a temporary file, then renamed into place.
            do {
                try Data(f.render(reports, failures: failures, rules: ruleSet.rules, run: run).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw Diagnostic(id: "output.unwritable", message: "无法写入输出文件；请检查目录是否存在、是否有写权限。", path: path)
            }
        }
        if !failures.isEmpty { return .unusable }
        if streaming { return outcome.status }
        return reports.contains { $0.summary.count(atLeast: failOn) > 0 } ? .findings : .clean
    }

    /// Seconds a document may take before it is given up as `audit.timeout` (`--timeout`).
    public static let defaultTimeout: Double = 20

    /// The hidden `audit-worker` subcommand: a worker process of a batch `audit` (`WorkerCommand`),
    /// started by the batch with its standard input and output on a socket; refused otherwise. It
    /// prepares each document as the batch's options say: `--lines` its JSON line, `--collect
    /// none|findings|all` its released report with those lines kept, `--waivers` applied to it.
    /// `GOUJI_FAULT_INJECTION` makes it trap (`FaultInjection`), for the tests.
    static func auditWorker(_ arguments: [String], console: Console, executablePath: String?) throws -> ExitStatus {
        guard WorkerProcess.standardInputIsSocket else { throw Arguments.UsageError(message: "audit-worker 仅供 gouji audit 内部使用") }
        let args = try Arguments(
            arguments, valued: ["rules", "max-bytes", "timeout", "previous", "waivers", "today", "collect"], switches: ["lines"])
        let auditor = Auditor(rules: try loadRules(args, executablePath: executablePath))
        let maximumBytes = args.value("max-bytes").flatMap { Int($0) } ?? TextReader.defaultMaximumBytes
        let previous = try args.value("previous").map { try auditor.previousDocument(path: $0, maximumBytes: maximumBytes) }
        var options = BatchOptions()
        options.collect = false
        if let name = args.value("collect") {
            guard let keep = AuditReport.KeptLines(rawValue: name) else {
                throw Arguments.UsageError(message: "--collect 只能是 none、findings 或 all")
            }
            options.collect = true
            options.keep = keep
        }
        if args.flags.contains("lines") { options.lines = { _ in } }
        if let path = args.value("waivers"), let today = args.value("today") {
            options.waivers = (WaiverFile.parse(try TextReader.read(path: path)).0, today)
        }
        BatchAuditor(auditor: auditor, maximumBytes: maximumBytes, timeout: args.value("timeout").flatMap { Double($0) }, previous: previous)
            .serve(options: options, fault: FaultInjection(console.environment["GOUJI_FAULT_INJECTION"]))
        return .clean
    }

    // MARK: - explain

    /// Every instance of a rule on a document, passed ones included, with what it bound.
    static func explain(_ arguments: [String], console: Console, executablePath: String?) throws -> ExitStatus {
        let args = try Arguments(arguments, valued: ["rule", "rules"])
        guard args.positionals.count == 1, let path = args.positionals.first, let id = args.value("rule") else {
            throw Arguments.UsageError(message: "explain 需要一个文件和 --rule 规则编号")
        }
        let ruleSet = try loadRules(args, executablePath: executablePath)
        guard ruleSet.rules.contains(where: { $0.id == id }) else {
            let hint = Suggestion.nearest(to: id, among: ruleSet.rules.map(\.id)).map { "；是否指「\($0)」？" } ?? ""
            throw Arguments.UsageError(message: "没有规则「\(id)」\(hint)")
        }
        let report = Auditor(rules: ruleSet).audit(try TextReader.read(path: path), onlyRules: [id])
        guard let extraction = report.extraction else { return .unusable }
        let figures = extraction.figures
        let text = extraction.text
        let instances = report.instances.filter { $0.rule == id }
        console.out("\(id) 在 \(path) 中有 \(instances.count) 个实例（成立 \(instances.filter(\.held).count)，不成立 \(instances.filter { !$0.held }.count)）：\n")
        for (n, instance) in instances.enumerated() {
            console.out("\(n + 1). \(instance.held ? "成立" : "不成立")\n")
            for (role, figure) in instance.bindings {
                let f = figures[figure]
                let at = text.location(of: f.numberRange.lowerBound)
                console.out("   \(role) = \(f.text)（\(at.line):\(at.column)，标签「\(f.label)」）\n")
            }
        }
        if instances.isEmpty, let why = report.summary.notApplied[id] { console.out("未能适用：\(why)\n") }
        return .clean
    }

    // MARK: - extract

    static func extract(_ arguments: [String], console: Console, executablePath: String?) throws -> ExitStatus {
        let args = try Arguments(arguments, valued: ["format", "rules", "max-bytes"])
        guard args.positionals.count == 1, let path = args.positionals.first else {
            throw Arguments.UsageError(message: "extract 需要一个文件")
        }
        let ruleSet = try loadRules(args, executablePath: executablePath)
        let source = try TextReader.read(path: path)
        let extraction = Auditor(rules: ruleSet).extract(source)
        console.out(args.value("format") == "json" ? ExtractionReporter.json(extraction) + "\n" : ExtractionReporter.text(extraction))
        return .clean
    }

    // MARK: - rules

    static func rules(_ arguments: [String], console: Console, executablePath: String?) throws -> ExitStatus {
        let args = try Arguments(arguments, valued: ["rules", "output"])
        guard let sub = args.positionals.first else { throw Arguments.UsageError(message: "rules 需要子命令：list、show、test、doc") }
        let ruleSet = try loadRules(args, executablePath: executablePath)
        switch sub {
        case "list":
            for rule in ruleSet.rules {
                let s = rule.syntax
                let location = rule.location
                console.out("\(s.id)\t\(s.severity.rawValue)\t\(s.title)\t\(rule.source.path):\(location.line)\n")
            }
            console.out("共 \(ruleSet.rules.count) 条规则。\n")
            return .clean
        case "show":
            guard args.positionals.count == 2 else { throw Arguments.UsageError(message: "rules show 需要一个规则编号") }
            let id = args.positionals[1]
            guard let rule = ruleSet.rules.first(where: { $0.id == id }) else {
                let hint = Suggestion.nearest(to: id, among: ruleSet.rules.map(\.id)).map { "；是否指「\($0)」？" } ?? ""
                throw Arguments.UsageError(message: "没有规则「\(id)」\(hint)")
            }
            console.out("# \(rule.source.path):\(rule.location.line)\n" + RulePrinter.print(rule.syntax) + "\n")
            return .clean
        case "test":
            for warning in ruleSet.warnings { console.err(warning.rendered() + "\n") }
            let result = RuleExamples.run(ruleSet)
            for failure in result.failures { console.err(failure.diagnostic.rendered() + "\n") }
            console.out("稳健性检查：\(result.robustnessChecked) 个通过示例的被检数字移出取整区间后规则均须报告问题。\n")
            console.out("\(result.examplesRun - result.failures.count) passed, \(result.failures.count) failed\n")
            return result.failures.isEmpty ? .clean : .findings
        case "doc":
            let path = args.value("output") ?? "Documentation/Rules.md"
            do {
                try Data(RuleDocumentation.markdown(ruleSet).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw Diagnostic(id: "output.unwritable", message: "无法写入规则目录；请检查目录是否存在。", path: path)
            }
            console.out("已写入 \(path)（\(ruleSet.rules.count) 条规则）。\n")
            return .clean
        default:
            throw Arguments.UsageError(message: "未知的子命令「\(sub)」；可用：list、show、test、doc")
        }
    }

    // MARK: - rules folder

    static func loadRules(_ args: Arguments, executablePath: String?) throws -> RuleSet {
        try RuleSet.load(directory: rulesDirectory(args, executablePath: executablePath))
    }

    /// `--rules`, else the bundled rules (`RulesLocator`).
    static func rulesDirectory(_ args: Arguments, executablePath: String?) -> String {
        args.value("rules") ?? RulesLocator.defaultDirectory(executablePath: executablePath)
    }
}
