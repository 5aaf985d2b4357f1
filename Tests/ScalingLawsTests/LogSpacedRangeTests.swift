import Foundation
import Testing
@testable import ScalingLaws

@Suite struct LogSpacedRangeTests {
    @Test func endpointsExactAndRatioConstant() throws {
        let r = try LogSpacedRange(parsing: "1e18:1e21:7")
        let v = r.values
        #expect(v.count == 7)
        #expect(v.first == 1e18 && v.last == 1e21)
        // Ratio 10^(3/6) = √10 between neighbours.
        for i in 1..<7 { #expect(relativeError(v[i] / v[i - 1], 10.0.squareRoot()) < 1e-12) }
    }

    @Test func suffixes() throws {
        #expect(try LogSpacedRange(parsing: "10M:1B:3").values.map { $0.rounded() } == [1e7, 1e8, 1e9])
        #expect(try LogSpacedRange(parsing: "7B:7B:1").values == [7e9])
    }

    @Test func errors() {
        #expect(throws: LogSpacedRangeError.malformed("1e18:1e21")) { try LogSpacedRange(parsing: "1e18:1e21") }
        #expect(throws: LogSpacedRangeError.descending("1e21:1e18:3")) { try LogSpacedRange(parsing: "1e21:1e18:3") }
        #expect(throws: LogSpacedRangeError.notPositive("0:1e18:3")) { try LogSpacedRange(parsing: "0:1e18:3") }
        #expect(throws: LogSpacedRangeError.badCount("1:10:0")) { try LogSpacedRange(parsing: "1:10:0") }
        #expect(throws: LogSpacedRangeError.badCount("1:10:x")) { try LogSpacedRange(parsing: "1:10:x") }
        #expect(throws: LogSpacedRangeError.badCount("5:5:3")) { try LogSpacedRange(parsing: "5:5:3") }
        #expect(throws: LogSpacedRangeError.number("a:10:3", .notANumber("a"))) { try LogSpacedRange(parsing: "a:10:3") }
    }
}
