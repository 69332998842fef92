import Foundation

/// A rule file as parsed: the rules in the order written. Every node keeps its span (scalar
/// offsets into the rule file's `SourceText`), so diagnostics can point at it.
public struct RuleFileSyntax: Sendable, Equatable {
    public var path: String
    public var rules: [RuleSyntax]

    public init(path: String, rules: [RuleSyntax]) {
        self.path = path
        self.rules = rules
    }
}

/// How bad a broken rule instance is.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info, warning, error

    private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One `rule` block.
public struct RuleSyntax: Sendable, Equatable {
    /// `JS-01`, `GEN-CHG-001`: letters, digits and dashes.
    public var id: String
    /// The short Chinese title after the id.
    public var title: String
    public var severity: Severity
    /// `applies-to 决算公开说明, 绩效自评报告`: the document kinds it applies to; empty = any.
    public var documentKinds: [String]
    /// `section 收入支出决算总体情况, 财政拨款`: the figures must stand in a section whose title
    /// contains one of these; empty = anywhere.
    public var sections: [String]
    /// `each change c where …`: the rule is checked once per claim of that kind.
    public var each: EachClause?
    /// `when …`: the rule applies only where this holds.
    public var when: Expr?
    /// `check …`: what must hold.
    public var check: Expr
    /// `find "XX+", "占 %"`: a text rule instead of a `check` — every place the text matches one of
    /// these patterns is a finding (see `TextPattern` for the pattern syntax).
    public var patterns: [String]
    /// `group`: every failing instance of the rule in one document is reported as one finding
    /// listing the places (residue, numbering), not as hundreds. `find` rules are always grouped.
    public var grouped: Bool
    /// `message "…{stated}…{c.percent}…"`; nil = a message built from the title.
    public var message: MessageTemplate?
    public var examples: [RuleExample]
    /// The span of the `rule` keyword through the title, and of the id alone.
    public var span: SourceSpan
    public var idSpan: SourceSpan

    public init(
        id: String, title: String, severity: Severity, documentKinds: [String] = [], sections: [String] = [],
        each: EachClause? = nil, when: Expr? = nil, check: Expr, message: MessageTemplate? = nil,
        examples: [RuleExample] = [], span: SourceSpan = .empty, idSpan: SourceSpan = .empty,
        patterns: [String] = [], grouped: Bool = false
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.documentKinds = documentKinds
        self.sections = sections
        self.each = each
        self.when = when
        self.check = check
        self.patterns = patterns
        self.grouped = grouped
        self.message = message
        self.examples = examples
        self.span = span
        self.idSpan = idSpan
    }
}

/// `each KIND VAR [where FILTER]`.
public struct EachClause: Sendable, Equatable {
    /// A claim kind: `total`, `change`, `share`, `budget`, `rate`, `adjustment` …
    public var claimKind: String
    public var variable: String
    public var filter: Expr?
    public var span: SourceSpan

    public init(claimKind: String, variable: String, filter: Expr? = nil, span: SourceSpan = .empty) {
        self.claimKind = claimKind
        self.variable = variable
        self.filter = filter
        self.span = span
    }
}

/// A `message` string with its `{placeholder}`s, each with its span for diagnostics.
public struct MessageTemplate: Sendable, Equatable {
    /// The text as written between the quotes, escapes resolved.
    public var text: String
    public var span: SourceSpan
    /// The placeholders in order: the text between braces (`stated`, `c.percent`, `收入总计`).
    public var placeholders: [Placeholder]

    public struct Placeholder: Sendable, Equatable {
        public var name: String
        public var span: SourceSpan
        public init(name: String, span: SourceSpan) {
            self.name = name
            self.span = span
        }
    }

    public init(text: String, span: SourceSpan = .empty, placeholders: [Placeholder] = []) {
        self.text = text
        self.span = span
        self.placeholders = placeholders
    }
}

/// A `pass "…"` or `fail "…"` example: a piece of document text the rule must accept or reject.
/// In a failing example, `↓` may stand right before the figure the finding must point at.
public struct RuleExample: Sendable, Equatable {
    public enum Expectation: String, Sendable, Equatable { case pass, fail }
    public var expectation: Expectation
    public var text: String
    public var span: SourceSpan

    public init(expectation: Expectation, text: String, span: SourceSpan = .empty) {
        self.expectation = expectation
        self.text = text
        self.span = span
    }
}

/// An expression in a `check`, `when` or `where`.
public struct Expr: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        /// `100`, `0.5`; with a unit: `100%`, `0.5万元`, `10分`, `1人` (value as written).
        case number(ExactDecimal, unit: String?)
        /// A concept from the lexicon, optionally at a measure: `收入总计`, `因公出国（境）费@全年预算数`.
        case concept(name: String, measure: String?)
        /// A claim variable bound by `each`: `c`.
        case variable(String)
        /// `c.percent`
        case field(base: Expr, name: String)
        /// `sum(t.parts)`, `has(c.percent)`
        case call(name: String, arguments: [Expr])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
    }

    public var kind: Kind
    public var span: SourceSpan

    public init(_ kind: Kind, span: SourceSpan = .empty) {
        self.kind = kind
        self.span = span
    }

    /// Equality of structure, ignoring spans (for `parse(print(ast)) == ast`).
    public func sameStructure(as other: Expr) -> Bool {
        switch (kind, other.kind) {
        case let (.number(a, u), .number(b, v)): return a == b && u == v
        case let (.concept(a, m), .concept(b, n)): return a == b && m == n
        case let (.variable(a), .variable(b)): return a == b
        case let (.field(a, x), .field(b, y)): return x == y && a.sameStructure(as: b)
        case let (.call(a, xs), .call(b, ys)):
            return a == b && xs.count == ys.count && zip(xs, ys).allSatisfy { $0.sameStructure(as: $1) }
        case let (.unary(o, a), .unary(p, b)): return o == p && a.sameStructure(as: b)
        case let (.binary(o, a1, a2), .binary(p, b1, b2)):
            return o == p && a1.sameStructure(as: b1) && a2.sameStructure(as: b2)
        default: return false
        }
    }
}

public enum UnaryOperator: String, Sendable, Equatable {
    case negate = "-"
    case not = "not"
}

/// Binary operators. Comparisons have interval semantics: `=`, `<=`, `>=` hold when they are
/// *possible* for some values inside the intervals; `!=`, `<`, `>` hold when they are *certain*
/// (so `not (a = b)` is `a != b`, and `not (a <= b)` is `a > b`).
public enum BinaryOperator: String, Sendable, Equatable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case and = "and", or = "or"

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return true
        default: return false
        }
    }

    public var isArithmetic: Bool { self == .add || self == .subtract || self == .multiply || self == .divide }

    /// Binding strength: or < and < comparison < additive < multiplicative.
    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 3
        case .add, .subtract: return 4
        case .multiply, .divide: return 5
        }
    }
}
