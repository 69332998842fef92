import Foundation

/// What a figure measures: money, a percentage, a count of things, points of a score, an area.
public enum Dimension: String, Sendable, Codable, CaseIterable {
    /// 金额 (元/万元/亿元; stored in 元)
    case amount
    /// 百分比
    case percent
    /// 百分点
    case percentagePoint
    /// 数量 (人, 人次, 件, 批, 个, 辆 …): whole numbers, exact
    case count
    /// 分值/得分
    case score
    /// 面积 (平方米)
    case area
}

/// A unit as published, with the exact factor to its dimension's base (元 for money).
public struct Unit: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The unit as the document writes it, after normalising (万元, %, 人次, 台（套） …).
    public let symbol: String
    public let dimension: Dimension
    /// The factor to the base of the dimension as a power of ten (万元 → 4: 10000 元): scaling is an
    /// exponent shift.
    public let scalePower: Int

    /// `scalePower`: the unit is 10^scalePower of its dimension's base (万元: 4).
    public init(_ symbol: String, _ dimension: Dimension, scalePower: Int = 0) {
        self.symbol = symbol
        self.dimension = dimension
        self.scalePower = scalePower
    }

    /// The power of ten that reports amounts in this unit (its scale for amounts, 0 otherwise).
    public var amountPower: Int { dimension == .amount ? scalePower : 0 }

    public var description: String { symbol }

    /// Counts are whole numbers: "9人" is exactly 9, not [8.5, 9.5).
    public var isExact: Bool { dimension == .count }

    public static let yuan = Unit("元", .amount)
    public static let wanYuan = Unit("万元", .amount, scalePower: 4)
    public static let percent = Unit("%", .percent)
    public static let points = Unit("分", .score)

    /// Every unit the figure scanner knows, longest symbol first so that 万元 wins over 元 and
    /// 人次 over 人. A new count word is one entry here.
    public static let known: [Unit] = {
        let money = [
            Unit("亿元", .amount, scalePower: 8), Unit("万元", .amount, scalePower: 4),
            Unit("千元", .amount, scalePower: 3), Unit("元", .amount),
        ]
        let others = [
            Unit("%", .percent), Unit("个百分点", .percentagePoint), Unit("百分点", .percentagePoint),
            Unit("平方米", .area), Unit("㎡", .area), Unit("分", .score),
        ]
        let counts = [
            "台（套）", "人次", "件次", "批次", "场次", "户次", "架次", "人", "名", "件", "批", "个", "辆", "户", "台", "套",
            "次", "场", "家", "项", "条", "篇", "期", "份", "所", "座", "处", "宗", "起", "例", "床", "张", "部",
        ].map { Unit($0, .count) }
        return (money + others + counts).sorted { $0.symbol.unicodeScalars.count > $1.symbol.unicodeScalars.count }
    }()

    /// The unit with this symbol, if known.
    public static func named(_ symbol: String) -> Unit? { known.first { $0.symbol == symbol } }
}
