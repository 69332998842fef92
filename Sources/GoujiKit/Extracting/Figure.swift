import Foundation

/// A number as published: its exact value and unit, how many decimals were written, where it
/// stands, the label the text gives it and the concept that label names. A figure stands for the
/// interval its digits imply (`interval`, in the base unit of its dimension: 元 for money).
public struct Figure: Sendable, Identifiable {
    /// The fields, held by reference and copied only when a shared figure is changed: figures are
    /// read (and so copied) all through extraction and rule evaluation, and a struct of this many
    /// strings cost a retain and a release per string on every copy.
    private final class Storage: @unchecked Sendable {
        var id: Int
        var numberText: String
        var value: ExactDecimal
        var decimals: Int
        var unit: Unit
        var range: Range<Int>
        var numberRange: Range<Int>
        var comparator: String?
        var label: String
        var lead: String
        var concept: String?
        var qualifier: String
        var measure: String
        var line: Int
        var sentence: Int
        var section: Int?
        var group: Int
        var table: Int?
        var interval: Interval

        init(
            id: Int, numberText: String, value: ExactDecimal, decimals: Int, unit: Unit, range: Range<Int>, numberRange: Range<Int>,
            comparator: String?, label: String, lead: String, concept: String?, qualifier: String, measure: String, line: Int,
            sentence: Int, section: Int?, group: Int, table: Int?, interval: Interval
        ) {
            self.id = id
            self.numberText = numberText
            self.value = value
            self.decimals = decimals
            self.unit = unit
            self.range = range
            self.numberRange = numberRange
            self.comparator = comparator
            self.label = label
            self.lead = lead
            self.concept = concept
            self.qualifier = qualifier
            self.measure = measure
            self.line = line
            self.sentence = sentence
            self.section = section
            self.group = group
            self.table = table
            self.interval = interval
        }

        func copy() -> Storage {
            Storage(
                id: id, numberText: numberText, value: value, decimals: decimals, unit: unit, range: range, numberRange: numberRange,
                comparator: comparator, label: label, lead: lead, concept: concept, qualifier: qualifier, measure: measure, line: line,
                sentence: sentence, section: section, group: group, table: table, interval: interval)
        }
    }

    private var storage: Storage

    private mutating func unique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    public private(set) var id: Int {
        get { storage.id }
        set {
            unique()
            storage.id = newValue
        }
    }
    /// The number as written, normalised ("158.94", "-2.03").
    public var numberText: String { storage.numberText }
    /// The value in the unit as written (158.94 for 158.94万元).
    public var value: ExactDecimal { storage.value }
    public var decimals: Int { storage.decimals }
    public var unit: Unit { storage.unit }
    /// Range of number and unit in the normalised text.
    public var range: Range<Int> { storage.range }
    /// Range of the digits (and sign) alone.
    public var numberRange: Range<Int> { storage.numberRange }
    /// A comparator written before the number: "≥", "≤", "=", ">", "<" (targets of indicators).
    public var comparator: String? { storage.comparator }
    /// The text that names the figure ("本年收入合计"), cleaned of connectives.
    public var label: String {
        get { storage.label }
        set {
            unique()
            storage.label = newValue
        }
    }
    /// The text between the previous figure (or the clause start) and this one, as written.
    public var lead: String {
        get { storage.lead }
        set {
            unique()
            storage.lead = newValue
        }
    }
    public var concept: String? {
        get { storage.concept }
        set {
            unique()
            storage.concept = newValue
        }
    }
    /// What the label says before the concept's name ("基本支出" in "基本支出预算执行率"): two figures
    /// are the same quantity only if their qualifiers agree.
    public var qualifier: String {
        get { storage.qualifier }
        set {
            unique()
            storage.qualifier = newValue
        }
    }
    /// Which number of the concept: 本年 (default), 年初预算数, 全年预算数 …
    public var measure: String {
        get { storage.measure }
        set {
            unique()
            storage.measure = newValue
        }
    }
    public var line: Int { storage.line }
    public var sentence: Int { storage.sentence }
    public var section: Int? { storage.section }
    /// Figures written back to back ("169批296人") share a group id: the id of the first.
    public var group: Int {
        get { storage.group }
        set {
            unique()
            storage.group = newValue
        }
    }
    /// The table the figure is a cell of (index into the document's tables), nil in prose.
    public var table: Int? {
        get { storage.table }
        set {
            unique()
            storage.table = newValue
        }
    }
    /// The interval the published digits stand for, in the dimension's base unit (computed once:
    /// rules ask for it again and again).
    public var interval: Interval { storage.interval }

    init(
        id: Int, numberText: String, value: ExactDecimal, decimals: Int, unit: Unit, range: Range<Int>, numberRange: Range<Int>,
        comparator: String?, label: String, lead: String, concept: String?, qualifier: String, measure: String, line: Int,
        sentence: Int, section: Int?, group: Int, table: Int?
    ) {
        let interval = unit.isExact ? Interval(value.shifted(by: unit.scalePower)) : Interval(rounded: value, decimals: decimals, scalePower: unit.scalePower)
        storage = Storage(
            id: id, numberText: numberText, value: value, decimals: decimals, unit: unit, range: range, numberRange: numberRange,
            comparator: comparator, label: label, lead: lead, concept: concept, qualifier: qualifier, measure: measure, line: line,
            sentence: sentence, section: section, group: group, table: table, interval: interval)
    }

    /// Gives the figure its place in the document's order.
    mutating func renumber(id: Int, group: Int) {
        self.id = id
        self.group = group
    }

    /// The interval if the publisher cut the digits instead of rounding them.
    public var truncatedInterval: Interval {
        unit.isExact ? interval : Interval(truncated: value, decimals: decimals, scalePower: unit.scalePower)
    }

    /// The figure as written with its unit ("158.94万元").
    public var text: String { numberText + unit.symbol }
}
