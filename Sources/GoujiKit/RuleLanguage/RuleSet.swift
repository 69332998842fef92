import Foundation

/// A rule compiled and ready to run: its syntax, and the file it came from (for locations).
public final class CompiledRule: Sendable {
    public let syntax: RuleSyntax
    public let source: SourceText
    /// The patterns of a `find` rule, compiled once.
    public let patterns: TextPatternSet
    /// The concepts its `check`, `when` and `where` bind to figures, each once, in the order named.
    let references: [ConceptBindings.Name]

    public init(syntax: RuleSyntax, source: SourceText) {
        self.syntax = syntax
        self.source = source
        patterns = TextPatternSet(syntax.patterns)
        var names: [(name: String, measure: String?)] = []
        RuleEngine.collectConcepts(syntax.check, into: &names)
        if let when = syntax.when { RuleEngine.collectConcepts(when, into: &names) }
        if let filter = syntax.each?.filter { RuleEngine.collectConcepts(filter, into: &names) }
        references = names.map { ConceptBindings.Name(concept: $0.name, measure: $0.measure) }
    }

    public var id: String { syntax.id }
    /// The rule file and line of the `rule` keyword.
    public var location: SourceLocation { source.location(ofScalar: syntax.span.start) }
}

/// The rules of a run: the lexicon and every rule file of a folder, parsed and checked once, all
/// errors of all files collected before any document is read.
public struct RuleSet: Sendable {
    public let lexicon: Lexicon
    public let rules: [CompiledRule]
    public let schema: RuleSchema
    /// What the compiler noticed without refusing the rules (lexicon entries nothing uses).
    public var warnings: [Diagnostic] = []

    public init(lexicon: Lexicon, rules: [CompiledRule], schema: RuleSchema, warnings: [Diagnostic] = []) {
        self.lexicon = lexicon
        self.rules = rules
        self.schema = schema
        self.warnings = warnings
    }

    /// The file holding the lexicon inside a rules folder.
    public static let lexiconFileName = "lexicon.txt"

    /// The largest rule file (and lexicon) accepted, in bytes (`rules.file-too-large`).
    public static let maximumFileBytes = 1024 * 1024
    /// The most rules a rule set may hold (`rules.too-many`).
    public static let maximumRules = 10_000

    /// `rules.file-too-large` when a rule file or lexicon of `bytes` bytes is over the limit.
    static func sizeProblem(bytes: Int, path: String) -> Diagnostic? {
        guard bytes > maximumFileBytes else { return nil }
        let kind = (path as NSString).lastPathComponent == lexiconFileName ? "词表" : "规则文件"
        return Diagnostic(
            id: "rules.file-too-large",
            message: "\(kind)过大（\(bytes) 字节），超过上限 \(maximumFileBytes) 字节；请把规则拆到几个 .rules 文件中，或删去不用的内容。",
            path: path)
    }

    /// Loads `lexicon.txt` and every `*.rules` file of `directory` (sorted by name). Throws every
    /// diagnostic found when anything is wrong.
    public static func load(directory: String) throws(RuleSetError) -> RuleSet {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuleSetError(diagnostics: [
                Diagnostic(id: "rules.missing-directory", message: "找不到规则目录；请用 --rules 指定含 lexicon.txt 和 *.rules 的目录。", path: directory)
            ])
        }
        let lexiconPath = (directory as NSString).appendingPathComponent(lexiconFileName)
        func size(_ path: String) -> Int { ((try? fm.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0 }
        if let problem = sizeProblem(bytes: size(lexiconPath), path: lexiconPath) { throw RuleSetError(diagnostics: [problem]) }
        guard let lexiconData = fm.contents(atPath: lexiconPath), let lexiconText = String(data: lexiconData, encoding: .utf8) else {
            throw RuleSetError(diagnostics: [
                Diagnostic(id: "rules.missing-lexicon", message: "规则目录中缺少词表 lexicon.txt（UTF-8）。", path: lexiconPath)
            ])
        }
        let names = ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".rules") }.sorted()
        var files: [(path: String, text: String)] = []
        var diagnostics: [Diagnostic] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            if let problem = sizeProblem(bytes: size(path), path: path) {
                diagnostics.append(problem)
                continue
            }
            guard let data = fm.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(Diagnostic(id: "rules.unreadable", message: "无法以 UTF-8 读取规则文件。", path: path))
                continue
            }
            files.append((path, text))
        }
        let set: RuleSet
        do throws(RuleSetError) {
            set = try compile(lexicon: (lexiconPath, lexiconText), files: files)
        } catch {
            throw RuleSetError(diagnostics: diagnostics + error.diagnostics)
        }
        if !diagnostics.isEmpty { throw RuleSetError(diagnostics: diagnostics) }
        return set
    }

    /// Compiles a lexicon and rule files given as text.
    public static func compile(lexicon: (path: String, text: String), files: [(path: String, text: String)]) throws(RuleSetError) -> RuleSet {
        let tooLarge = ([lexicon] + files).compactMap { sizeProblem(bytes: $0.text.utf8.count, path: $0.path) }
        if !tooLarge.isEmpty { throw RuleSetError(diagnostics: tooLarge) }
        let (parsedLexicon, lexiconDiagnostics) = Lexicon.parse(SourceText(path: lexicon.path, string: lexicon.text))
        let schema = RuleSchema.standard(lexicon: parsedLexicon)
        var diagnostics = lexiconDiagnostics
        var parsed: [(RuleFileSyntax, SourceText)] = []
        for file in files {
            let source = SourceText(path: file.path, string: file.text)
            let (syntax, syntaxDiagnostics) = RuleParser.parse(source)
            diagnostics += syntaxDiagnostics
            parsed.append((syntax, source))
        }
        var ruleCount = 0
        for (syntax, source) in parsed {
            if ruleCount + syntax.rules.count > maximumRules {
                let rule = syntax.rules[maximumRules - ruleCount]
                throw RuleSetError(diagnostics: [
                    source.diagnostic(
                        id: "rules.too-many", message: "规则过多：超过上限 \(maximumRules) 条（从这一条起）；请删去重复或不用的规则", at: rule.idSpan)
                ])
            }
            ruleCount += syntax.rules.count
        }
        diagnostics += RuleChecker.check(parsed, schema: schema)
        let errors = diagnostics.filter { $0.level == .error }
        if !errors.isEmpty { throw RuleSetError(diagnostics: diagnostics) }
        let rules = parsed.flatMap { file, source in file.rules.map { CompiledRule(syntax: $0, source: source) } }
        // Lexicon entries nothing refers to: no rule names the concept, no phrase list mentions it.
        var referenced = Set<String>()
        for rule in rules {
            var names: [(name: String, measure: String?)] = []
            RuleEngine.collectConcepts(rule.syntax.check, into: &names, binding: false)
            if let when = rule.syntax.when { RuleEngine.collectConcepts(when, into: &names, binding: false) }
            referenced.formUnion(names.map(\.name))
        }
        let phrases = parsedLexicon.phrases.values.flatMap { $0 }.joined(separator: " ")
        let lexiconSource = SourceText(path: lexicon.path, string: lexicon.text)
        var warnings = diagnostics.filter { $0.level != .error }
        for name in parsedLexicon.conceptOrder where !referenced.contains(name) && !phrases.contains(name) {
            guard let line = parsedLexicon.concepts[name]?.line else { continue }
            let range = lexiconSource.lineRange(line)
            warnings.append(lexiconSource.diagnostic(
                id: "lexicon.unused", message: "概念「\(name)」没有被任何规则引用（它仍参与同一数字一致性检查 GEN-09）",
                at: SourceSpan(start: range.lowerBound, end: range.upperBound), level: .warning,
                suggestion: "若不再需要可删除这一行，或写一条用到它的规则"))
        }
        return RuleSet(lexicon: parsedLexicon, rules: rules, schema: schema, warnings: warnings)
    }
}

/// The rule files could not be used: every problem found, each at its place.
public struct RuleSetError: Error, Sendable {
    public var diagnostics: [Diagnostic]
}

extension RuleSchema {
    /// The schema rules are checked against: the lexicon's concepts and measures, the extractor's
    /// claim kinds and the built-in functions.
    public static func standard(lexicon: Lexicon) -> RuleSchema {
        var concepts: [String: ValueType] = [:]
        for (name, concept) in lexicon.concepts { concepts[name] = concept.type }
        var kinds: [String: ClaimKind] = [:]
        for kind in GoujiKit.ClaimKind.allCases {
            kinds[kind.rawValue] = ClaimKind(name: kind.rawValue, title: kind.title, fields: Claim.schema[kind] ?? [:])
        }
        let functions: [String: Function] = [
            "sum": Function(name: "sum", parameters: [.list(.quantity)], result: .quantity, resultFollowsArgument: true, title: "各项之和"),
            "max": Function(name: "max", parameters: [.list(.quantity)], result: .quantity, resultFollowsArgument: true, title: "最大的一项"),
            "min": Function(name: "min", parameters: [.list(.quantity)], result: .quantity, resultFollowsArgument: true, title: "最小的一项"),
            "count": Function(name: "count", parameters: [.list(.quantity)], result: .number, title: "项数"),
            "abs": Function(name: "abs", parameters: [.quantity], result: .quantity, resultFollowsArgument: true, title: "绝对值"),
            "all": Function(name: "all", parameters: [.quantity], result: .list(.quantity), title: "与最近一处同节的该概念的全部数字"),
            "has": Function(name: "has", parameters: [.quantity], result: .boolean, title: "文中是否给出"),
            "stated": Function(name: "stated", parameters: [.quantity], result: .boolean, title: "文中（规则的节内）是否写出该概念的数；不写出不使规则失效"),
            "section": Function(name: "section", parameters: [.text], result: .boolean, title: "是否有一节的标题含词表 @章节 的某个说法"),
            "mentions": Function(name: "mentions", parameters: [.text], result: .boolean, title: "规则的节内（或全文）是否写到词表 @词组 的某个说法"),
            "last": Function(
                name: "last", parameters: [.quantity], result: .quantity, resultFollowsArgument: true,
                title: "上一年度文档（audit --previous）中同一概念、同一口径的本年数"),
            "possible_fraction": Function(
                name: "possible_fraction", parameters: [.percent, .list(.count)], result: .boolean,
                title: "百分比能否是整数个数除以总数（k/N）"),
        ]
        var measures = lexicon.measures.map(\.name)
        if !measures.contains(Lexicon.defaultMeasure) { measures.append(Lexicon.defaultMeasure) }
        var schema = RuleSchema(
            concepts: concepts, claimKinds: kinds, measures: measures, functions: functions,
            documentKinds: lexicon.documentKinds.map(\.kind),
            messagePlaceholders: ["stated", "implied", "gap", "computation", "expected", "actual"])
        schema.sectionNames = lexicon.sectionNames.keys.sorted()
        schema.phraseNames = lexicon.phrases.keys.sorted()
        return schema
    }
}
