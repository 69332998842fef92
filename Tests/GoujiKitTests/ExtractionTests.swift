import Foundation
import XCTest

@testable import GoujiKit

/// Figures, sections and claims found in sentences as published.
final class ExtractionTests: XCTestCase {
    func extract(_ text: String) -> Extraction {
        TestSupport.auditor.extract(SourceText(path: "t.txt", string: text))
    }

    func describe(_ claim: Claim, in e: Extraction) -> [String: String] {
        var out: [String: String] = [:]
        for (name, field) in claim.fields {
            switch field {
            case .figure(let id, let sign): out[name] = (sign < 0 ? "-" : "") + e.figures[id].text
            case .exact(let id): out[name] = e.figures[id].text
            case .constant(let value): out[name] = "\(value)"
            case .figures(let ids): out[name] = ids.map { e.figures[$0].text }.joined(separator: ",")
            case .sum(let terms): out[name] = terms.map { ($0.sign < 0 ? "-" : "+") + e.figures[$0.figure].text }.joined()
            case .sums(let lists): out[name] = lists.map { $0.map { ($0.sign < 0 ? "-" : "+") + e.figures[$0.figure].text }.joined() }.joined(separator: ",")
            case .text(let t): out[name] = t
            case .flag(let b): out[name] = b ? "true" : "false"
            case .number(let n): out[name] = "\(n)"
            }
        }
        return out
    }

    func testFiguresHaveExactValuesUnitsLabelsAndLocations() throws {
        let e = extract("乌鲁木齐市2024年度收入总计１５８．９４万元，其中：使用非财政拨款结余（含专用结余）0.00万元，差异率-2.03%，共1,234件，面积12平方米，1.2万人次。")
        XCTAssertEqual(e.figures.map(\.text), ["158.94万元", "0.00万元", "-2.03%", "1234件", "12平方米", "1.2万人次"])
        let first = e.figures[0]
        XCTAssertEqual(first.value, ExactDecimal(string: "158.94"))
        XCTAssertEqual(first.decimals, 2)
        XCTAssertEqual(first.interval.lower, ExactDecimal(1_589_350))
        XCTAssertEqual(first.label, "乌鲁木齐市2024年度收入总计")
        XCTAssertEqual(first.concept, "收入总计")
        XCTAssertEqual(e.text.location(of: first.numberRange.lowerBound).column, 16, "columns count scalars of the original")
        XCTAssertEqual(e.figures[1].concept, "使用非财政拨款结余")
        XCTAssertEqual(e.figures[2].value, ExactDecimal(string: "-2.03"))
        XCTAssertEqual(e.figures[3].interval, Interval(1234), "counts are exact")
        XCTAssertEqual(e.figures[5].value, 12_000)
    }

    func testNumbersThatAreNotFiguresAreLeftAlone() {
        let e = extract("2024年12月31日，依据乌机保发〔2023〕149号，第3项，1.一般公共服务，（1）贯彻，分别为2个项目。")
        XCTAssertEqual(e.figures.map(\.text), ["2个"])
    }

    func testTheSameLabelMeansAnotherConceptUnderAnotherSection() {
        let e = extract("一、收入支出决算总体情况说明\n收入总计158.94万元。\n四、财政拨款收入支出决算总体情况说明\n收入总计150.00万元。")
        XCTAssertEqual(e.figures.map { $0.concept ?? "-" }, ["收入总计", "财政拨款收入总计"])
        XCTAssertEqual(e.structure.sectionTitles(e.figures[1].section), ["财政拨款收入支出决算总体情况说明"])
    }

    func testHeadingsFormAHierarchy() {
        let e = extract("第二部分 部门决算情况说明\n五、一般公共预算财政拨款支出决算情况说明\n（一）总体情况\n支出148.92万元。\n1.一般公共服务支出(类)135.37万元,占90.90%。\n附件1")
        XCTAssertEqual(e.structure.sections.map { "\($0.level):\($0.title)" }, ["1:部门决算情况说明", "2:一般公共预算财政拨款支出决算情况说明", "3:总体情况", "1:"])
        XCTAssertEqual(e.structure.sectionTitles(e.figures[1].section).count, 3, "a numbered paragraph with figures is not a heading")
    }

    func testTotalWithPartsInTwoUnits() throws {
        let e = extract("越级访共计169批296人，其中赴自治区越级访63批66人，赴市越级访106批325人。")
        let totals = e.claims.filter { $0.kind == .total }.map { describe($0, in: e) }
        XCTAssertEqual(totals.map { $0["whole"] ?? "" }, ["169批", "296人"])
        XCTAssertEqual(totals.map { $0["parts"] ?? "" }, ["63批,106批", "66人,325人"])
        XCTAssertEqual(totals.map { $0["exhaustive"] ?? "" }, ["true", "true"])
    }

    func testChangeClaims() throws {
        let e = extract("收入总计158.94万元。收入支出总体与上年相比，减少621.60万元，下降79.64%，主要原因是：减少经费。")
        let change = try XCTUnwrap(e.claims.first { $0.kind == .change }.map { describe($0, in: e) })
        XCTAssertEqual(change["current"], "158.94万元")
        XCTAssertEqual(change["signed_delta"], "-621.60万元")
        XCTAssertEqual(change["percent"], "79.64%")
        XCTAssertEqual(change["previous"], "+158.94万元+621.60万元")
        XCTAssertEqual(change["direction"], "-1")
        let flat = extract("公务接待费支出0.00万元，占0.00%，比上年增加0.00万元，增长0.00%。")
        XCTAssertEqual(flat.claims.filter { $0.kind == .change }.count, 1)
    }

    func testShareClaims() throws {
        let e = extract("本年收入155.08万元，其中：财政拨款收入155.08万元，占100.00%；其他收入0.00万元，占0.00%。本年支出148.92万元。一般公共预算财政拨款支出148.92万元，占本年支出合计的100.00%。")
        let shares = e.claims.filter { $0.kind == .share }.map { describe($0, in: e) }
        XCTAssertEqual(shares.map { "\($0["part"] ?? "")/\($0["whole"] ?? "")=\($0["percent"] ?? "")" }, [
            "155.08万元/155.08万元=100.00%", "0.00万元/155.08万元=0.00%", "148.92万元/148.92万元=100.00%",
        ])
        XCTAssertEqual(e.claims.filter { $0.kind == .shares }.map { describe($0, in: e)["exhaustive"] }, ["true"])
    }

    func testBudgetRateAndAdjustmentClaims() throws {
        let e = extract("与年初预算相比，年初预算数152.00万元，决算数148.92万元，预决算差异率-2.03%。全年预算数为185.45万元，全年实际支出资金164.79万元，预算执行率为88.86%。年初批复预算数195.96万元，年中调减数10.51万元，调整后全年预算数185.45万元，预算调整率5.36%。")
        let budget = try XCTUnwrap(e.claims.first { $0.kind == .budget }.map { describe($0, in: e) })
        XCTAssertEqual([budget["budget"], budget["final"], budget["rate"]], ["152.00万元", "148.92万元", "-2.03%"])
        let rate = try XCTUnwrap(e.claims.first { $0.kind == .rate }.map { describe($0, in: e) })
        XCTAssertEqual([rate["numerator"], rate["denominator"], rate["percent"]], ["164.79万元", "185.45万元", "88.86%"])
        let adjustment = try XCTUnwrap(e.claims.first { $0.kind == .adjustment }.map { describe($0, in: e) })
        XCTAssertEqual([adjustment["initial"], adjustment["change"], adjustment["final"], adjustment["rate"]], ["195.96万元", "-10.51万元", "185.45万元", "5.36%"])
    }

    /// A list of one item per measure (年初预算数, 全年预算数, 决算数) is not a sum.
    func testABreakdownByMeasureIsNotATotal() {
        let e = extract("执行数为4248.11万元，预算执行率96.41%，其中：财政资金预算部分年初预算数为3064.78万元，全年预算数为4344.18万元，决算数为4344.18万元。")
        XCTAssertEqual(e.claims.filter { $0.kind == .total }.count, 0)
    }

    /// Text is searched by its UTF-8 bytes, which is searching its scalars.
    func testASearchedWordIsFoundWhereItsScalarsAre() throws {
        let text = "2024年度水磨沟区信访局部门决算公开说明"
        let range = try XCTUnwrap(ScalarText.firstRange(of: "部门决算", in: text))
        XCTAssertEqual(String(text[range]), "部门决算")
        XCTAssertEqual(String(text[..<range.lowerBound]), "2024年度水磨沟区信访局")
        XCTAssertEqual(String(text[range.upperBound...]), "公开说明")
        XCTAssertEqual(ScalarText.firstRange(of: "说明", in: text).map { String(text[$0.upperBound...]) }, "")
        XCTAssertNil(ScalarText.firstRange(of: "单位决算", in: text))
        XCTAssertNil(ScalarText.firstRange(of: "", in: text))
        XCTAssertNil(ScalarText.firstRange(of: text + "。", in: text))
        // "决" (E5 86 B3) is found at its own bytes only, never inside another character's.
        XCTAssertEqual(ScalarText.firstUTF8Offset(of: "决算", in: "a决算"), 1)
        XCTAssertTrue(text.includes("信访局"))
        XCTAssertTrue(text.includes(""))
        XCTAssertFalse(text.includes("信访办"))
    }

    /// Concepts are looked up by `NameKey`, which compares the bytes of names made of scalars NFC
    /// leaves alone: so no such scalar may be changed by NFC, next to a letter, a kana or a
    /// character, and the keys must be equal (and hash alike) exactly when the strings are.
    func testNameKeysAreEqualExactlyWhenTheirStringsAre() {
        for value in UInt32(0)...0xFFFF {
            guard let s = Unicode.Scalar(value), ScalarText.isCharacterOfItsOwn(s) else { continue }
            XCTAssertEqual(s.properties.canonicalCombiningClass, .notReordered, String(value, radix: 16))
            for before in ["", "a", "か", "收", "ｶ"] {
                let text = before + String(s)
                XCTAssertEqual(Array(text.precomposedStringWithCanonicalMapping.utf8), Array(text.utf8), String(value, radix: 16))
            }
        }
        let names = ["收入总计", "收入总计 ", "支出总计", "\u{F900}收入", "\u{8C48}收入", "e\u{301}", "\u{E9}", "", "本年"]
        for a in names {
            for b in names {
                XCTAssertEqual(NameKey(a) == NameKey(b), a == b, "\(a.debugDescription) \(b.debugDescription)")
                if a == b { XCTAssertEqual(NameKey(a).hashValue, NameKey(b).hashValue, "\(a.debugDescription) \(b.debugDescription)") }
            }
        }
        let index = [NameKey("\u{8C48}收入"): 1, NameKey("\u{E9}"): 2]
        XCTAssertEqual(index[NameKey("\u{F900}收入")], 1)
        XCTAssertEqual(index[NameKey("e\u{301}")], 2)
    }
}

/// Document kinds, told apart from the text itself; a document may be of several kinds.
final class DocumentKindTests: XCTestCase {
    func testTheSeedsKinds() {
        let expected: [String: [String]] = [
            "final-accounts-2024-shuimogou-petition-bureau": ["决算公开说明", "整体支出绩效自评表"],
            "perf-report-2023-gaoxin-petition-bureau": ["整体支出绩效自评报告"],
            "perf-report-2023-junshan-petition-bureau-with-tables": ["整体支出绩效自评报告", "整体支出绩效自评表", "项目支出绩效自评表"],
            "perf-report-2024-gaoxin-government-office": ["整体支出绩效自评报告"],
            "perf-report-2024-shiyouxincun-subdistrict": ["整体支出绩效自评报告"],
        ]
        for (name, kinds) in expected {
            let text = TestSupport.fixtureText(TestSupport.path("Fixtures/\(name).txt"))
            XCTAssertEqual(TestSupport.auditor.extract(SourceText(path: name, string: text)).structure.kinds, kinds, name)
        }
    }

    func testAMentionOfASheetIsNotASheetAndOtherKindsAreRecognised() {
        XCTAssertEqual(TestSupport.auditor.extract(SourceText(path: "a", string: "七：附表：《部门整体支出绩效自评表》")).structure.kinds, [])
        XCTAssertEqual(TestSupport.auditor.extract(SourceText(path: "b", string: "2024年部门预算公开\n“三公”经费支出情况说明")).structure.kinds, ["预算公开", "三公经费说明"])
    }
}
