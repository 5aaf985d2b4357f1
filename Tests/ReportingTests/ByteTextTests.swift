import Foundation
import Planning
@testable import Reporting
import Testing

/// CSV written straight into bytes (`ByteText`, `SweepRowLayout.appendCSVRecords`) must be the
/// text the string path writes (`NumberFormatting.exact`, `Table.renderCSV`).
@Suite struct ByteTextTests {
    static func text(_ value: Double) -> String {
        var out = ByteText()
        out.appendExact(value)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    @Test func numbersAreTheShortestRoundTripDecimals() {
        // By hand: integers below 10^15 without a fraction, others as Swift's shortest digits,
        // zero unsigned, non-finite values empty.
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (7e9, "7000000000"), (-123, "-123"), (1, "1"), (-1, "-1"),
            (999_999_999_999_999, "999999999999999"), (-999_999_999_999_999, "-999999999999999"),
            (1e15, "1000000000000000.0"), (1e16, "1e+16"), (6.97e23, "6.97e+23"), (0.3478, "0.3478"),
            (1.0 / 3, "0.3333333333333333"), (-2.5e-7, "-2.5e-07"), (123_456_789_012.25, "123456789012.25"),
            (5e-324, "5e-324"), (.greatestFiniteMagnitude, "1.7976931348623157e+308"),
            (.nan, ""), (.infinity, ""), (-.infinity, ""),
        ]
        for (value, expected) in cases {
            #expect(Self.text(value) == expected, "\(value)")
            #expect(NumberFormatting.exact(value) == expected, "\(value)")
        }
        // And wherever else, the string path's digits, which read back as the same Double.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let value = Double(bitPattern: generator.next())
            let text = Self.text(value)
            #expect(text == NumberFormatting.exact(value))
            if value.isFinite { #expect(Double(text) == (value == 0 ? 0 : value), "\(value)") }
        }
        for _ in 0..<2000 {   // integral values around the 10^15 switch, both signs
            let value = Double(Int64.random(in: -2_000_000_000_000_000...2_000_000_000_000_000, using: &generator))
            #expect(Self.text(value) == NumberFormatting.exact(value))
        }
    }

    @Test func recordsAreTheTablesCSV() {
        // NaN: an empty cell. Rows 2 and 3 repeat some of the numbers above them (copied digits),
        // and row 4 has the one above's numbers in other columns (worked out again).
        let values: [Double] = [1e9, 0.25, .nan, -3, 0.25, .nan, -3, 0.25, 1.0 / 3, 0.25, 1.0 / 3, -3, 12, 1e-9, 12]
        let columns = 3
        var out = ByteText()
        SweepRowLayout.appendCSVRecords(values, columns: columns, to: &out)
        let text = String(decoding: out.bytes, as: UTF8.self)
        #expect(text == "1000000000,0.25,\n-3,0.25,\n-3,0.25,0.3333333333333333\n0.25,0.3333333333333333,-3\n12,1e-09,12\n")
        var table = Table(columns: (0..<columns).map { Table.Column("c\($0)") })
        for r in 0..<values.count / columns {
            table.append((0..<columns).map { c in
                let v = values[r * columns + c]
                return v.isNaN ? .empty : .number(v, .count)
            })
        }
        let records = String(table.render(.csv).drop { $0 != "\n" }.dropFirst())   // the header left out
        #expect(records == text)
    }
}
