import Foundation

/// Claims of the 决算 tables that follow from their classification codes (科目编码): a 类 is the sum
/// of its 款, a 款 of its 项 (功能分类 201 → 20103 → 2010301; 经济分类 301 → 30101), column by column,
/// and a 合计 row (or 人员经费合计 …) is the sum of the 类 rows of its block.
extension ClaimExtractor {
    mutating func findCodeHierarchy() {
        for (t, table) in structure.tables.enumerated() {
            let rows = table.rows
            func figure(_ r: Int, _ c: Int) -> Int? {
                // Columns are aligned from the right (below): a shorter row can give a negative one.
                guard c >= 0, c < rows[r].count else { return nil }
                let cell = rows[r][c]
                guard let id = self.figure(startingIn: cell, inTables: true), figures[id].table == t,
                    figures[id].unit.dimension == .amount
                else { return nil }
                return id
            }
            // Blocks: a table may hold two classifications side by side (人员经费 | 公用经费); each
            // starts at a column where codes stand.
            var starts = Set<Int>()
            for r in rows.indices { for c in rows[r].indices where table.isCode(row: r, column: c) { starts.insert(c) } }
            guard !starts.isEmpty else { continue }
            let blockStarts = starts.sorted()
            func block(of column: Int) -> Int? { blockStarts.last { $0 <= column } }
            func end(of start: Int) -> Int { blockStarts.first { $0 > start } ?? Int.max }
            struct Item { var row: Int; var code: String; var name: String; var block: Int }
            var items: [Item] = []
            var totals: [(row: Int, label: String, labelColumn: Int, block: Int)] = []
            for r in rows.indices {
                for c in rows[r].indices {
                    if table.isCode(row: r, column: c) {
                        let name = c + 1 < rows[r].count ? rows[r][c + 1].text : ""
                        items.append(Item(row: r, code: rows[r][c].text, name: name, block: c))
                    } else if rows[r][c].text.endsWith("合计") || rows[r][c].text == "总计", !table.numeric[r][c], let b = block(of: c) {
                        totals.append((r, rows[r][c].text, c, b))
                    }
                }
            }
            func header(_ r: Int, _ c: Int) -> String { table.columnHeader(row: r, column: c).map { "的「\($0)」" } ?? "" }
            func addTotal(whole: Int, parts: [Int], subject: String) {
                add(.total, ["whole": .figure(whole, sign: 1), "parts": .figures(parts), "exhaustive": .flag(true),
                             "subject": .text(subject), "classification": .flag(true), "tabular": .flag(true)], anchor: whole)
            }
            // 类 = Σ 款, 款 = Σ 项, in every column of the block.
            for parent in items where parent.code.count < 7 {
                let children = items.filter {
                    $0.block == parent.block && $0.code.count == parent.code.count + 2 && $0.code.hasPrefix(parent.code)
                }
                guard !children.isEmpty else { continue }
                for c in (parent.block + 1)..<min(rows[parent.row].count, end(of: parent.block)) {
                    guard let whole = figure(parent.row, c) else { continue }
                    let parts = children.compactMap { figure($0.row, c) }
                    guard !parts.isEmpty else { continue }
                    addTotal(whole: whole, parts: parts, subject: "「\(parent.code) \(parent.name)」\(header(parent.row, c))（其下各科目之和）")
                }
            }
            // 合计 = Σ 类 of its block.
            for total in totals {
                let top = items.filter { $0.block == total.block && $0.code.count == 3 }
                guard !top.isEmpty else { continue }
                for c in (total.labelColumn + 1)..<min(rows[total.row].count, end(of: total.block)) {
                    guard let whole = figure(total.row, c) else { continue }
                    // Rows are aligned on their right ends: a 合计 row may have lost its empty code cell.
                    let parts = top.compactMap { figure($0.row, c + rows[$0.row].count - rows[total.row].count) }
                    guard !parts.isEmpty else { continue }
                    addTotal(whole: whole, parts: parts, subject: "「\(total.label)」行\(header(total.row, c))（各类之和）")
                }
            }
        }
    }
}

extension ClaimExtractor {
    /// "本单位本年度无政府性基金预算财政拨款收入、支出及结转和结余，……为空表。": one `emptytable`
    /// claim per such sentence — whether the fund it names is the fund of its section or of the
    /// table just above it (a sentence copied from another table names the wrong one), and how
    /// many non-zero cells the table of that fund holds.
    mutating func findEmptyTableStatements() {
        let markers = lexicon.phraseSet("空表说法")
        let funds = lexicon.phraseList("资金类别")
        guard !markers.phrases.isEmpty, !funds.isEmpty else { return }
        func fund(in text: String) -> String? { funds.first { text.includes($0) } }
        // Worked out at the first 空表 sentence, once: each table's fund, and its non-zero amounts.
        var tables: (funds: [String?], nonzeroAmounts: [Int: Int])? = nil
        for (s, sentence) in structure.sentences.enumerated() {
            let range = sentence.range
            guard !occurrences(of: markers, in: range).isEmpty else { continue }
            let text = ScalarText.string(scalars[range])
            guard let named = fund(in: text) else { continue }
            // The context: the nearest line above that names a fund and is a heading or speaks of a
            // table (the table's title, its 注), not being another 空表 sentence.
            let line = sentence.line
            var context: String? = nil
            var k = line - 1
            while k >= 0, line - k <= 40, context == nil {
                let l = structure.lines[k]
                let above = ScalarText.string(scalars[l.range])
                if let f = fund(in: above), l.isHeading || above.includes("表"), occurrences(of: markers, in: l.range).isEmpty {
                    context = f
                }
                k -= 1
            }
            var fields: ClaimFields = [
                "fund_matches": .flag(context.map { $0 == named } ?? true), "fund": .text(named),
                "context_fund": .text(context ?? ""),
            ]
            let known = tables ?? {
                var nonzero: [Int: Int] = [:]
                for f in figures where f.value != 0 && f.unit.dimension == .amount {
                    if let t = f.table { nonzero[t, default: 0] += 1 }
                }
                return (structure.tables.map { fund(in: $0.title) }, nonzero)
            }()
            tables = known
            if let t = known.funds.firstIndex(where: { $0 == named }) {
                let nonzero = known.nonzeroAmounts[t] ?? 0
                fields["table_found"] = .flag(true)
                fields["nonzero_cells"] = .number(ExactDecimal(nonzero))
            } else {
                fields["table_found"] = .flag(false)
            }
            claims.append(Claim(id: claims.count, kind: .emptytable, fields: fields, anchor: -1, sentence: s, place: range))
        }
    }
}

extension ClaimExtractor {
    /// Identities between the columns of one row that the lexicon states (`@词组 表内公式`, e.g.
    /// "年末结转和结余 = 年初结转和结余 + 本年收入 - 本年支出"): one `rowformula` claim per row that has
    /// a figure under every column the formula names (matched by the end of the column header).
    mutating func findRowFormulas() {
        let formulas = lexicon.rowFormulas
        guard !formulas.isEmpty else { return }
        for (t, table) in structure.tables.enumerated() {
            for (r, row) in table.rows.enumerated() {
                var byHeader: [(header: String, figure: Int)] = []
                for (c, cell) in row.enumerated() {
                    guard let header = table.columnHeader(row: r, column: c),
                        let id = self.figure(startingIn: cell, inTables: true), figures[id].table == t
                    else { continue }
                    byHeader.append((header, id))
                }
                func column(_ name: String) -> Int? { byHeader.first { $0.header.endsWith(name) }?.figure }
                for formula in formulas {
                    guard let left = column(formula.left) else { continue }
                    let terms = formula.terms.compactMap { term in column(term.name).map { (figure: $0, sign: term.sign) } }
                    guard terms.count == formula.terms.count else { continue }
                    add(.rowformula, ["left": .figure(left, sign: 1), "right": .sum(terms), "formula": .text(formula.text),
                                      "row": .text(table.rowLabel(r) ?? "")], anchor: left)
                }
            }
        }
    }
}
