import Foundation

/// The kinds of assertion the extractor recognises in a sentence. Rules are written over them.
public enum ClaimKind: String, Sendable, Codable, CaseIterable {
    /// 总额及其组成：收入总计X万元，其中：本年收入合计…
    case total
    /// 比上年增减：比上年增加X万元，增长Y%
    case change
    /// 占比：X万元，占Y% · 占信访总量Z%
    case share
    /// 同一总额的各项占比：占信访总量41.07%、33.93%、10.59%
    case shares
    /// 预决算对比：年初预算数X万元，决算数Y万元，预决算差异率Z%
    case budget
    /// 比率：全年预算数X万元，实际支出Y万元，预算执行率Z%
    case rate
    /// 预算调整：年初预算X万元，年中调减Y万元，调整后全年预算数Z万元，预算调整率W%
    case adjustment
    /// 同一数字再次出现：同一概念、同一口径在文中（或表中）另一处的数
    case restatement
    /// 绩效指标：预期指标值、实际完成值、完成率、权重分值、自评得分
    case indicator
    /// 执行率得分：执行率为X%，得Y分（表中还有分值权重）
    case ratescore
    /// 评分汇总：各项得分、分值与综合得分（总分），及其中各组（“效益指标（30分）”）
    case scoresheet
    /// 评价等级：综合得分X分，评价结果为“优”
    case grade
    /// 项目数及其金额：共计N个项目，预算金额X万元，执行金额Y万元
    case projects
    /// 标题编号：“六、”在“二、”之后（应为“三、”）
    case heading
    /// 年份：标题、各节标题中的年度，“与2023年相比”中的上年
    case year
    /// 空表说明：“……无政府性基金预算财政拨款收入、支出……为空表”
    case emptytable
    /// 表内公式：同一行各列之间的恒等式（年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出）
    case rowformula

    /// 中文名称。
    public var title: String {
        switch self {
        case .total: return "总额及其组成"
        case .change: return "比上年增减"
        case .share: return "占比"
        case .shares: return "同一总额的各项占比"
        case .budget: return "预决算对比"
        case .rate: return "比率"
        case .adjustment: return "预算调整"
        case .restatement: return "同一数字再次出现"
        case .indicator: return "绩效指标"
        case .ratescore: return "执行率得分"
        case .scoresheet: return "评分汇总"
        case .grade: return "评价等级"
        case .projects: return "项目数及其金额"
        case .heading: return "标题编号"
        case .year: return "年份"
        case .emptytable: return "空表说明"
        case .rowformula: return "表内公式"
        }
    }
}

/// The value of one field of a claim.
public enum ClaimField: Sendable {
    /// A published figure, with the sign the text gives it (减少 → −1).
    case figure(Int, sign: Int)
    /// A published figure that is exact by its role, whatever its digits (a weight "8分" is 8).
    case exact(Int)
    /// A number the text implies without a figure (a grade's lower bound).
    case constant(ExactDecimal)
    /// Several figures (the parts of a total).
    case figures([Int])
    /// A value the text implies: the signed sum of figures (上年 = 本年 − 增减额).
    case sum([(figure: Int, sign: Int)])
    /// Several implied values (the 上年 of every item of a list).
    case sums([[(figure: Int, sign: Int)]])
    case text(String)
    case flag(Bool)
    case number(ExactDecimal)
}

/// A claim's fields by name (`amount`, `percent`, `parts` …). A claim has a handful, so they are
/// kept in a list and found by comparing names — short ASCII names compare as machine words, where
/// hashing them was a share of every rule evaluation. Iterated in the order they were set.
public struct ClaimFields: Sendable, ExpressibleByDictionaryLiteral, Sequence {
    private var entries: [(key: String, value: ClaimField)] = []

    public init(dictionaryLiteral elements: (String, ClaimField)...) {
        entries.reserveCapacity(elements.count)
        for (key, value) in elements { self[key] = value }
    }

    /// The field named `name`; setting nil removes it.
    public subscript(name: String) -> ClaimField? {
        get { entries.first { $0.key == name }?.value }
        set {
            if let i = entries.firstIndex(where: { $0.key == name }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((name, newValue))
            }
        }
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: ClaimField)]> { entries.makeIterator() }
}

/// An assertion found in the text, binding figures in named roles (whole and parts, current and
/// delta …). A claim knows where it stands: the sentence and its main figure.
public struct Claim: Sendable {
    public let id: Int
    public let kind: ClaimKind
    public var fields: ClaimFields
    /// The figure a finding about the claim points at first (−1 for a claim about text alone).
    public var anchor: Int
    public var sentence: Int
    /// For a claim about text (a heading's numbering, a year): the normalised range it is about.
    public var place: Range<Int>? = nil

    public init(id: Int, kind: ClaimKind, fields: ClaimFields, anchor: Int, sentence: Int, place: Range<Int>? = nil) {
        self.place = place
        self.id = id
        self.kind = kind
        self.fields = fields
        self.anchor = anchor
        self.sentence = sentence
    }

    /// Every figure the claim binds.
    public var figureIDs: [Int] {
        var ids: [Int] = []
        for (_, field) in fields.sorted(by: { $0.key < $1.key }) {
            switch field {
            case .figure(let id, _), .exact(let id): ids.append(id)
            case .figures(let list): ids += list
            case .sum(let terms): ids += terms.map(\.figure)
            case .sums(let lists): ids += lists.flatMap { $0.map(\.figure) }
            default: break
            }
        }
        var seen = Set<Int>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// The fields each claim kind offers to rules, with their types.
    public static let schema: [ClaimKind: [String: ValueType]] = [
        .total: [
            "whole": .quantity, "parts": .list(.quantity), "exhaustive": .boolean, "subject": .text,
            "classification": .boolean, "previous_whole": .quantity, "previous_parts": .list(.quantity),
            "tabular": .boolean,
        ],
        .change: [
            "explained": .boolean, "says_flat": .boolean,
            "current": .quantity, "previous": .quantity, "delta": .quantity, "percent": .percent,
            "signed_delta": .quantity, "signed_percent": .percent,
            "direction": .number, "percent_direction": .number, "subject": .text, "direction_word": .text,
            "percent_word": .text,
        ],
        .share: [
            "part": .quantity, "whole": .quantity, "percent": .percent, "whole_counts": .list(.count),
            "subject": .text, "whole_name": .text,
        ],
        .shares: ["percents": .list(.percent), "exhaustive": .boolean, "whole_name": .text],
        .budget: [
            "explained": .boolean,
            "budget": .amount, "final": .amount, "rate": .percent, "completion": .percent, "subject": .text,
        ],
        .rate: ["numerator": .amount, "denominator": .amount, "percent": .percent, "name": .text],
        .adjustment: ["initial": .amount, "change": .amount, "final": .amount, "rate": .percent],
        .restatement: ["first": .quantity, "again": .quantity, "concept": .text, "same_digits": .boolean],
        .indicator: [
            "target": .quantity, "actual": .quantity, "completion": .percent, "weight": .score, "score": .score,
            "direction": .number, "explained": .boolean, "name": .text, "midyear_count": .count,
        ],
        .ratescore: ["rate": .percent, "score": .score, "weight": .score],
        .scoresheet: [
            "scores": .list(.score), "weights": .list(.score), "total_score": .score, "total_weight": .score,
            "group_weight": .score, "name": .text, "tabular": .boolean,
        ],
        .grade: ["score": .score, "lower": .score, "upper": .score, "word": .text],
        .projects: ["count": .count, "budget": .amount, "executed": .amount],
        .heading: ["number": .number, "expected": .number, "marker": .text, "level": .number, "is_heading": .boolean],
        .year: ["year": .number, "document_year": .number, "in_comparison": .boolean],
        .rowformula: ["left": .amount, "right": .amount, "formula": .text, "row": .text],
        .emptytable: [
            "fund_matches": .boolean, "fund": .text, "context_fund": .text, "table_found": .boolean, "nonzero_cells": .number,
        ],
    ]
}
