/// The type of a value in a rule expression. Percent values are numbers of percent (79.64 for
/// 79.64%), so a percent may be compared with a plain number; an amount may not be compared
/// with a percent.
public indirect enum ValueType: Sendable, Equatable, CustomStringConvertible {
    /// 金额
    case amount
    /// 百分比
    case percent
    /// 数量 (人, 件, 批 …)
    case count
    /// 分
    case score
    /// A plain number (a ratio, a constant).
    case number
    /// Any numeric quantity whose unit is known only at run time (the whole of a 其中 list may
    /// be an amount or a count).
    case quantity
    case boolean
    case text
    case list(ValueType)

    public var description: String {
        switch self {
        case .amount: return "金额"
        case .percent: return "百分比"
        case .count: return "数量"
        case .score: return "分值"
        case .number: return "数值"
        case .quantity: return "数量或金额"
        case .boolean: return "真假值"
        case .text: return "文字"
        case .list(let element): return "\(element)列表"
        }
    }

    public var isNumeric: Bool {
        switch self {
        case .amount, .percent, .count, .score, .number, .quantity: return true
        default: return false
        }
    }
}

/// What the rule checker knows: the concepts of the lexicon with their types, the claim kinds with
/// their fields, the measures a concept can be qualified with, the built-in functions, and the
/// document kinds. Built once from the lexicon and the extractor's vocabulary.
public struct RuleSchema: Sendable {
    public struct ClaimKind: Sendable {
        public var name: String
        /// 中文说明, for `rules doc` and suggestions.
        public var title: String
        public var fields: [String: ValueType]
        public init(name: String, title: String, fields: [String: ValueType]) {
            self.name = name
            self.title = title
            self.fields = fields
        }
    }

    public struct Function: Sendable {
        public var name: String
        public var parameters: [ValueType]
        public var result: ValueType
        /// `nil`: the result has the type of the first argument (or of its elements for a list).
        public var resultFollowsArgument: Bool
        public var title: String
        public init(
            name: String, parameters: [ValueType], result: ValueType, resultFollowsArgument: Bool = false,
            title: String
        ) {
            self.name = name
            self.parameters = parameters
            self.result = result
            self.resultFollowsArgument = resultFollowsArgument
            self.title = title
        }
    }

    /// Concept name → its type (amount, percent, count, score).
    public var concepts: [String: ValueType]
    public var claimKinds: [String: ClaimKind]
    public var measures: [String]
    public var functions: [String: Function]
    public var documentKinds: [String]
    /// Placeholders a message may always use: `stated`, `implied`, `gap`, `computation`.
    public var messagePlaceholders: [String]
    /// Names of the lexicon's section lists (`@章节`), for `section(…)`.
    public var sectionNames: [String] = []
    /// Names of the lexicon's phrase lists (`@词组`), for `mentions(…)`.
    public var phraseNames: [String] = []

    public init(
        concepts: [String: ValueType], claimKinds: [String: ClaimKind], measures: [String],
        functions: [String: Function], documentKinds: [String], messagePlaceholders: [String]
    ) {
        self.concepts = concepts
        self.claimKinds = claimKinds
        self.measures = measures
        self.functions = functions
        self.documentKinds = documentKinds
        self.messagePlaceholders = messagePlaceholders
    }
}
