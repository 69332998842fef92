import Foundation

/// A number as published: its exact value and unit, how many decimals were written, where it
/// stands, the label the text gives it and the concept that label names. A figure stands for the
/// interval its digits imply (`interval`, in the base unit of its dimension: 元 for money).
public struct Figure: Sendable, Identifiable {
    public private(set) var id: Int
    /// The number as written, normalised ("158.94", "-2.03").
    public let numberText: String
    /// The value in the unit as written (158.94 for 158.94万元).
    public let value: ExactDecimal
    public let decimals: Int
    public let unit: Unit
    /// Range of number and unit in the normalised text.
    public let range: Range<Int>
    /// Range of the digits (and sign) alone.
    public let numberRange: Range<Int>
    /// A comparator written before the number: "≥", "≤", "=", ">", "<" (targets of indicators).
    public let comparator: String?
    /// The text that names the figure ("本年收入合计"), cleaned of connectives.
    public var label: String
    /// The text between the previous figure (or the clause start) and this one, as written.
    public var lead: String
    public var concept: String?
    /// What the label says before the concept's name ("基本支出" in "基本支出预算执行率"): two figures
    /// are the same quantity only if their qualifiers agree.
    public var qualifier: String
    /// Which number of the concept: 本年 (default), 年初预算数, 全年预算数 …
    public var measure: String
    public let line: Int
    public let sentence: Int
    public let section: Int?
    /// Figures written back to back ("169批296人") share a group id: the id of the first.
    public var group: Int
    /// The table the figure is a cell of (index into the document's tables), nil in prose.
    public var table: Int?

    /// The interval the published digits stand for, in the dimension's base unit (computed once:
    /// rules ask for it again and again).
    public let interval: Interval

    init(
        id: Int, numberText: String, value: ExactDecimal, decimals: Int, unit: Unit, range: Range<Int>, numberRange: Range<Int>,
        comparator: String?, label: String, lead: String, concept: String?, qualifier: String, measure: String, line: Int,
        sentence: Int, section: Int?, group: Int, table: Int?
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
        self.interval = unit.isExact ? Interval(value.shifted(by: unit.scalePower)) : Interval(rounded: value, decimals: decimals, scalePower: unit.scalePower)
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
