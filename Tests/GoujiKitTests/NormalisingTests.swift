import XCTest

@testable import GoujiKit

/// The normaliser: exact outputs, and every normalised scalar still points at its place in the file.
final class NormalisingTests: XCTestCase {
    func normalised(_ text: String) -> NormalisedText { Normaliser.normalise(SourceText(path: "t.txt", string: text)) }

    func testFullWidthDigitsSignsAndPunctuation() {
        XCTAssertEqual(normalised("收入总计１５８．９４万元，占１００％").string, "收入总计158.94万元，占100%")
        XCTAssertEqual(normalised("一般公共服务支出(类)135.37万元,占90.90%").string, "一般公共服务支出（类）135.37万元，占90.90%")
        XCTAssertEqual(normalised("预期指标值>=90%，≧95%，<=268.20万元").string, "预期指标值≥90%，≥95%，≤268.20万元")
        XCTAssertEqual(normalised("10:30 and a,b").string, "10:30 and a,b")
    }

    func testThousandsSeparators() {
        XCTAssertEqual(normalised("合计26,591.08万元，增长1,055.4%").string, "合计26591.08万元，增长1055.4%")
        XCTAssertEqual(normalised("第1,2项").string, "第1,2项", "not a thousands separator, between digits")
    }

    func testSpacesLeftByConversion() {
        XCTAssertEqual(normalised("全年预算数为 185.45 万元，执行率 88.86 %").string, "全年预算数为185.45万元，执行率88.86%")
        XCTAssertEqual(normalised("2023 年度 MM3 商超").string, "2023年度MM3商超")
        XCTAssertEqual(normalised("hello  world").string, "hello world")
        XCTAssertEqual(normalised("\t152.01").string, "\t152.01", "a tab-led table cell keeps its tab")
    }

    func testMarkdownMarks() {
        XCTAssertEqual(normalised("### **（三）部门单位整体预算规模**").string, "（三）部门单位整体预算规模")
        XCTAssertEqual(normalised("- 1、民生领域").string, "1、民生领域")
    }

    func testSentencesBrokenAcrossLinesAreJoined() {
        XCTAssertEqual(
            normalised("认真学习和领会党的二十大精神，强化源头治\n\n理，创新工作理念。").string, "认真学习和领会党的二十大精神，强化源头治理，创新工作理念。")
        XCTAssertEqual(normalised("本年上级资金共计3个项目，执行金额119.39\n\n万元。").string, "本年上级资金共计3个项目，执行金额119.39万元。")
        XCTAssertEqual(normalised("二、机构设置及人员情况\n乌鲁木齐市水磨沟区信访局实有人数9人。").string, "二、机构设置及人员情况\n乌鲁木齐市水磨沟区信访局实有人数9人。")
        XCTAssertEqual(normalised("这一句已经说完了，句号在这里。\n下一句。").string, "这一句已经说完了，句号在这里。\n下一句。")
        XCTAssertEqual(normalised("\t年度总资金\n\t152.01").string, "\t年度总资金\n\t152.01")
    }

    func testLocationsPointBackIntoTheOriginal() throws {
        let text = normalised("第一行\n全年预算数为 185.45 万元")
        let one = try XCTUnwrap(text.scalars.firstIndex(of: "1"))
        XCTAssertEqual(text.location(of: one), SourceLocation(line: 2, column: 8, byteOffset: 10 + 19))
        let fullWidth = normalised("收入总计１５８．９４万元")
        XCTAssertEqual(fullWidth.location(of: 4).column, 5)
        XCTAssertEqual(fullWidth.location(of: 7).column, 8, "the decimal point")
        let joined = normalised("认真学习和领会党的二十大精神，强化源头治\n\n理，创新。")
        let li = try XCTUnwrap(joined.scalars.firstIndex(of: "理"))
        XCTAssertEqual(joined.location(of: li).line, 3)
        XCTAssertEqual(joined.location(of: li).column, 1)
    }

    func testCRLFAndZeroWidthCharacters() {
        XCTAssertEqual(normalised("甲\r\n乙\u{200B}丙\r丁").string, "甲\n乙丙\n丁")
    }
}
