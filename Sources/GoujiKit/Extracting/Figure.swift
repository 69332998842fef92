import Foundation

/// A number as published: its exact value and unit, how many decimals were written, where it
/// stands, the label the text gives it and the concept that label names. A figure stands for the
/// interval its digits imply (`interval`, in the base unit of its dimension: 元 for money).
public struct Figure: Sendable, Identifiable {
    /// The fields, held by reference and copied only when a shared figure is changed: figures are
    /// read (and so copied) all through extraction and rule evaluation, and a struct of this many
    /// strings cost a retain and a release per string on every copy.
    private struct Fields: Sendable {
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
    }

    private final class Storage: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    /// Changes one field: the figure gets storage of its own (fields are set while the figures are
    /// built, read far more often after).
    private mutating func update<T>(_ field: WritableKeyPath<Fields, T>, _ value: T) {
        var fields = storage.fields
        fields[keyPath: field] = value
        storage = Storage(fields)
    }

    public private(set) var id: Int {
        get { storage.fields.id }
        set { update(\.id, newValue) }
    }
    /// The number as written, normalised ("158.94", "-2.03").
    public var numberText: String { storage.fields.numberText }
    /// The value in the unit as written (158.94 for 158.94万元).
    public var value: ExactDecimal { storage.fields.value }
    public var decimals: Int { storage.fields.decimals }
    public var unit: Unit { storage.fields.unit }
    /// Range of number and unit in the normalised text.
    public var range: Range<Int> { storage.fields.range }
    /// Range of the digits (and sign) alone.
    public var numberRange: Range<Int> { storage.fields.numberRange }
    /// A comparator written before the number: "≥", "≤", "=", ">", "<" (targets of indicators).
    public var comparator: String? { storage.fields.comparator }
    /// The text that names the figure ("本年收入合计"), cleaned of connectives.
    public var label: String {
        get { storage.fields.label }
        set { update(\.label, newValue) }
    }
    /// The text between the previous figure (or the clause start) and this one, as written.
    public var lead: String {
        get { storage.fields.lead }
        set { update(\.lead, newValue) }
    }
    public var concept: String? {
        get { storage.fields.concept }
        set { update(\.concept, newValue) }
    }
    /// What the label says before the concept's name ("基本支出" in "基本支出预算执行率"): two figures
    /// are the same quantity only if their qualifiers agree.
    public var qualifier: String {
        get { storage.fields.qualifier }
        set { update(\.qualifier, newValue) }
    }
    /// Which number of the concept: 本年 (default), 年初预算数, 全年预算数 …
    public var measure: String {
        get { storage.fields.measure }
        set { update(\.measure, newValue) }
    }
    public var line: Int { storage.fields.line }
    public var sentence: Int { storage.fields.sentence }
    public var section: Int? { storage.fields.section }
    /// Figures written back to back ("169批296人") share a group id: the id of the first.
    public var group: Int {
        get { storage.fields.group }
        set { update(\.group, newValue) }
    }
    /// The table the figure is a cell of (index into the document's tables), nil in prose.
    public var table: Int? {
        get { storage.fields.table }
        set { update(\.table, newValue) }
    }
    /// The interval the published digits stand for, in the dimension's base unit (computed once:
    /// rules ask for it again and again).
    public var interval: Interval { storage.fields.interval }

    init(
        id: Int, numberText: String, value: ExactDecimal, decimals: Int, unit: Unit, range: Range<Int>, numberRange: Range<Int>,
        comparator: String?, label: String, lead: String, concept: String?, qualifier: String, measure: String, line: Int,
        sentence: Int, section: Int?, group: Int, table: Int?
    ) {
        let interval = unit.isExact ? Interval(value.shifted(by: unit.scalePower)) : Interval(rounded: value, decimals: decimals, scalePower: unit.scalePower)
        storage = Storage(Fields(
            id: id, numberText: numberText, value: value, decimals: decimals, unit: unit, range: range, numberRange: numberRange,
            comparator: comparator, label: label, lead: lead, concept: concept, qualifier: qualifier, measure: measure, line: line,
            sentence: sentence, section: section, group: group, table: table, interval: interval))
    }

    /// Gives the figure its place in the document's order.
    /// The storage is replaced once, and only when a number changes.
    mutating func renumber(id: Int, group: Int) {
        guard id != storage.fields.id || group != storage.fields.group else { return }
        var fields = storage.fields
        fields.id = id
        fields.group = group
        storage = Storage(fields)
    }

    /// The interval if the publisher cut the digits instead of rounding them.
    public var truncatedInterval: Interval {
        unit.isExact ? interval : Interval(truncated: value, decimals: decimals, scalePower: unit.scalePower)
    }

    /// The figure as written with its unit ("158.94万元").
    public var text: String { numberText + unit.symbol }
}
