import Foundation
import XCTest

@testable import GoujiKit

final class IntervalTests: XCTestCase {
    func testRoundedFigureStandsForHalfAUnitEachSide() {
        let i = Interval(rounded: ExactDecimal(string: "158.94")!, decimals: 2)
        XCTAssertEqual(i.lower, ExactDecimal(string: "158.935"))
        XCTAssertEqual(i.upper, ExactDecimal(string: "158.945"))
        let percent = Interval(rounded: 100, decimals: 0)
        XCTAssertEqual(percent.lower, ExactDecimal(string: "99.5"))
        XCTAssertEqual(percent.upper, ExactDecimal(string: "100.5"))
    }

    func testWanYuanScalesExactlyToYuan() {
        let i = Interval(rounded: ExactDecimal(string: "0.01")!, decimals: 2, scalePower: 4)
        XCTAssertEqual(i.lower, 50)
        XCTAssertEqual(i.upper, 150)
    }

    func testTruncatedFigureStandsForTheNextUnitUp() {
        let i = Interval(truncated: ExactDecimal(string: "38.28")!, decimals: 2)
        XCTAssertEqual(i.lower, ExactDecimal(string: "38.28"))
        XCTAssertEqual(i.upper, ExactDecimal(string: "38.29"))
    }

    func testArithmeticWidensByTheOperandsWidths() {
        let a = Interval(rounded: ExactDecimal(string: "155.08")!, decimals: 2)
        let b = Interval(rounded: ExactDecimal(string: "3.86")!, decimals: 2)
        let sum = a + b
        XCTAssertEqual(sum.lower, ExactDecimal(string: "158.93"))
        XCTAssertEqual(sum.upper, ExactDecimal(string: "158.95"))
        let difference = a - b
        XCTAssertEqual(difference.lower, ExactDecimal(string: "151.21"))
        XCTAssertEqual(difference.upper, ExactDecimal(string: "151.23"))
    }

    func testDivisionByAnIntervalHoldingZeroIsUndefined() {
        let zero = Interval(rounded: 0, decimals: 2)
        XCTAssertNil(Interval(1) / zero)
        XCTAssertNotNil(Interval(1) / Interval(2))
    }

    /// 广东 "22.59万元…增加20.63万元，增长1,055.4%": the point estimate says 1052.6%, the intervals accept it.
    func testGrowthFromASmallBaseIsJudgedOnIntervals() throws {
        let current = Interval(rounded: ExactDecimal(string: "22.59")!, decimals: 2)
        let delta = Interval(rounded: ExactDecimal(string: "20.63")!, decimals: 2)
        let rate = try XCTUnwrap(delta / (current - delta)) * Interval(100)
        XCTAssertTrue(rate.meets(Interval(rounded: ExactDecimal(string: "1055.4")!, decimals: 1)))
        XCTAssertFalse(rate.meets(Interval(rounded: ExactDecimal(string: "1065.4")!, decimals: 1)))
    }

    func testMeetsAndGap() {
        let a = Interval(lower: 1, upper: 2)
        XCTAssertTrue(a.meets(Interval(lower: 2, upper: 3)))
        XCTAssertFalse(a.meets(Interval(lower: 3, upper: 4)))
        XCTAssertEqual(a.gap(to: Interval(lower: 3, upper: 4)), 1)
    }

    func testFormattedRoundsHalfUpAndPadsDecimals() {
        XCTAssertEqual(ExactDecimal(string: "158.945")!.formatted(places: 2), "158.95")
        XCTAssertEqual(ExactDecimal(9).formatted(places: 2), "9.00")
        XCTAssertEqual(ExactDecimal(string: "-0.001")!.formatted(places: 2), "0.00")
    }
}
