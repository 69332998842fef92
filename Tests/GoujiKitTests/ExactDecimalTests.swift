import Foundation
import XCTest

@testable import GoujiKit

final class ExactDecimalTests: XCTestCase {
    func d(_ text: String) -> ExactDecimal { ExactDecimal(string: text)! }

    func testParsesAsDecimalDoes() {
        XCTAssertEqual(d("158.94").description, "158.94")
        XCTAssertEqual(d("-2.03").description, "-2.03")
        XCTAssertEqual(d("+5").description, "5")
        XCTAssertEqual(d("0.50").description, "0.5")
        XCTAssertEqual(d("100.0").description, "100")
        XCTAssertEqual(d("1e3").description, "1000")
        XCTAssertEqual(d("1.5E-3").description, "0.0015")
        XCTAssertEqual(d("-0.0").description, "0")
        XCTAssertEqual(d(".5").description, "0.5")
        XCTAssertEqual(d("12abc").description, "12", "what follows the number is ignored, as with Decimal(string:)")
        XCTAssertNil(ExactDecimal(string: "abc"))
        XCTAssertNil(ExactDecimal(string: ""))
        XCTAssertNil(ExactDecimal(string: "-"))
        // The same values as Foundation's Decimal reads.
        for text in ["0", "158.94", "-2.03", "0.000123", "98765432109876543210.5", "1e-7"] {
            XCTAssertEqual(d(text).decimal, Decimal(string: text), text)
            XCTAssertEqual(ExactDecimal(Decimal(string: text)!), d(text), text)
        }
    }

    func testAQuotientWorkedOutOnceForBothRoundingsIsTheTwoQuotients() {
        let values = ["0", "1", "-1", "3", "-7", "158.94", "-2.035", "0.005", "100", "12345678901234567890123", "0.000123", "1e-7", "9.999"]
        for x in values {
            for y in values {
                let both = d(x).dividedBothWays(by: d(y))
                if d(y).isZero {
                    XCTAssertNil(both, "\(x) / \(y)")
                    continue
                }
                XCTAssertEqual(both?.down, d(x).divided(by: d(y), rounding: .down), "\(x) / \(y)")
                XCTAssertEqual(both?.up, d(x).divided(by: d(y), rounding: .up), "\(x) / \(y)")
                XCTAssertLessThanOrEqual(both!.down, both!.up, "\(x) / \(y)")
            }
        }
        XCTAssertEqual(d("1").dividedBothWays(by: d("3"))?.down.description, "0.3333333333333333333")
        XCTAssertEqual(d("1").dividedBothWays(by: d("3"))?.up.description, "0.3333333333333333334")
        XCTAssertEqual(d("-1").dividedBothWays(by: d("3"))?.down.description, "-0.3333333333333333334")
    }

    func testSumsDifferencesAndProductsAreExact() {
        XCTAssertEqual(d("155.08") + d("3.86"), d("158.94"))
        XCTAssertEqual(d("0.1") + d("0.2"), d("0.3"))
        XCTAssertEqual(d("158.94") - d("158.94"), 0)
        XCTAssertEqual(d("1589350") - d("0.005"), d("1589349.995"))
        XCTAssertEqual(d("158.945") * d("10000"), d("1589450"))
        XCTAssertEqual(d("-2.5") * d("0.4"), -1)
        XCTAssertEqual(d("158.94").shifted(by: 4), d("1589400"))
        XCTAssertEqual(d("158.94").shifted(by: -2), d("1.5894"))
        // Beyond 38 digits the product is worked out by Foundation's Decimal, not wrapped around.
        let big = d("12345678901234567890123")
        let product = big * big
        XCTAssertEqual(product.decimal, Decimal(string: "12345678901234567890123")! * Decimal(string: "12345678901234567890123")!)
        XCTAssertGreaterThan(product, big)
    }

    func testComparisonAcrossExponentsAndSigns() {
        XCTAssertEqual(d("1.50"), d("1.5"))
        XCTAssertEqual(d("1.50").hashValue, d("1.5").hashValue)
        XCTAssertLessThan(d("158.935"), d("158.94"))
        XCTAssertLessThan(d("-3"), d("2"))
        XCTAssertLessThan(d("-3"), d("-2.999"))
        XCTAssertLessThan(d("0.0001"), d("1e30"))
        XCTAssertGreaterThan(d("1e30"), d("99999999999999999999999999999"))
        XCTAssertLessThan(-d("1e30"), d("-99999999999999999999999999999"))
        XCTAssertFalse(d("0") < d("-0"))
    }

    func testQuotientsTerminateExactlyOrAreCutTheWayAsked() throws {
        XCTAssertEqual(d("50") / d("200"), d("0.25"))
        XCTAssertEqual(d("20.63") / d("100"), d("0.2063"))
        let third = try XCTUnwrap(d("1").divided(by: d("3"), rounding: .down))
        let thirdUp = try XCTUnwrap(d("1").divided(by: d("3"), rounding: .up))
        XCTAssertLessThan(third, thirdUp)
        XCTAssertEqual(third.description, "0.3333333333333333333")
        XCTAssertEqual(thirdUp.description, "0.3333333333333333334")
        let minusThird = try XCTUnwrap(d("-1").divided(by: d("3"), rounding: .down))
        XCTAssertEqual(minusThird.description, "-0.3333333333333333334")
        XCTAssertEqual(try XCTUnwrap(d("-1").divided(by: d("3"), rounding: .towardZero)).description, "-0.3333333333333333333")
        XCTAssertNil(d("1").divided(by: 0, rounding: .down))
        // The true quotient lies between the two cuts.
        XCTAssertLessThanOrEqual(third * 3, 1)
        XCTAssertGreaterThanOrEqual(thirdUp * 3, 1)
    }

    func testRoundingAndFormatting() {
        XCTAssertEqual(d("158.945").formatted(places: 2), "158.95")
        XCTAssertEqual(d("-158.945").formatted(places: 2), "-158.95")
        XCTAssertEqual(d("158.9449").formatted(places: 2), "158.94")
        XCTAssertEqual(d("9").formatted(places: 2), "9.00")
        XCTAssertEqual(d("0.004").formatted(places: 2), "0.00")
        XCTAssertEqual(d("-0.004").formatted(places: 2), "0.00")
        XCTAssertEqual(d("0.05").formatted(places: 1), "0.1")
        XCTAssertEqual(d("1234.5").formatted(places: 0), "1235")
        XCTAssertEqual(d("1e3").formatted(places: 1), "1000.0")
        XCTAssertEqual(d("0.0123").formatted(places: 3), "0.012")
        XCTAssertEqual(d("-0.0126").formatted(places: 3), "-0.013")
        XCTAssertEqual(d("0.5").formatted(places: 3), "0.500")
        XCTAssertEqual(d("-12").formatted(places: 0), "-12")
        XCTAssertEqual(d("-1e3").description, "-1000")
        XCTAssertEqual(d("0.000105").description, "0.000105")
        // Past 64 bits of digits.
        XCTAssertEqual(d("123456789012345678901234.56").formatted(places: 1), "123456789012345678901234.6")
        XCTAssertEqual(d("-123456789012345678901.234").description, "-123456789012345678901.234")
        XCTAssertEqual(d("2.01").rounded(places: 0, .up), 3)
        XCTAssertEqual(d("2").rounded(places: 0, .up), 2)
        XCTAssertEqual(d("-2.5").rounded(places: 0, .up), -2)
        // As Foundation formats the same values.
        for (text, places) in [("158.945", 2), ("-2.035", 2), ("0.5", 0), ("99.868", 2), ("1055.45", 1)] {
            var value = Decimal(string: text)!
            var rounded = Decimal()
            NSDecimalRound(&rounded, &value, places, .plain)
            XCTAssertEqual(ExactDecimal(rounded), d(text).rounded(places: places), text)
        }
    }

    func testIntervalDivisionOnlyWidens() throws {
        // 1 ÷ [3, 3]: the exact third lies inside, bounds cut outwards.
        let q = try XCTUnwrap(Interval(1) / Interval(3))
        XCTAssertLessThan(q.lower, q.upper)
        XCTAssertTrue(q.contains(d("0.3333333333333333333")))
        XCTAssertTrue(q.contains(d("0.3333333333333333334")))
        XCTAssertFalse(q.contains(d("0.3333333333333333332")))
        // A quotient that terminates stays exact.
        let exact = try XCTUnwrap(Interval(50) / Interval(200))
        XCTAssertTrue(exact.isExact)
        XCTAssertEqual(exact.lower, d("0.25"))
    }
}
