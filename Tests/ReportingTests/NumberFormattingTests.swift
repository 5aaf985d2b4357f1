import Testing
@testable import Reporting

/// Closed cases: each expected string is the value rounded by hand to the rule in the doc
/// comment (three significant digits and a suffix for counts and dollars, two for FLOPs).
@Suite struct NumberFormattingTests {
    @Test(arguments: [
        (6.97e9, "6.97B"), (4.26e12, "4.26T"), (7e9, "7.00B"), (1.4e12, "1.40T"),
        (44e6, "44.0M"), (13.6e9, "13.6B"), (125e6, "125M"), (240, "240"), (1500, "1.50K"),
        // Rounding that crosses a suffix: 999.6e9 is 1.00T, never "1000B".
        (999.6e9, "1.00T"), (999.4e9, "999B"), (99.96e9, "100B"), (2.5e15, "2.50Q"), (3.1e18, "3.10e18"),
        (-7e9, "−7.00B"), (0.5, "0.500"),
    ])
    func counts(value: Double, expected: String) {
        #expect(NumberFormatting.format(value, .count) == expected)
    }

    @Test(arguments: [
        (1234567.0, "$1.23M"), (1.2e6, "$1.20M"), (950.0, "$950.00"), (999.999, "$1.00K"),
        (12.345, "$12.35"), (4.2e9, "$4.20B"), (-1234567.0, "−$1.23M"), (0.0, "$0.00"),
    ])
    func dollars(value: Double, expected: String) {
        #expect(NumberFormatting.format(value, .usd) == expected)
    }

    @Test(arguments: [
        (3.1e23, "3.1e23"), (3.14e23, "3.1e23"), (9.96e22, "1.0e23"), (5.76e23, "5.8e23"),
        (1e21, "1.0e21"), (6.0, "6.0"), (2.5e-5, "2.5e-5"), (-4e20, "−4.0e20"),
    ])
    func flops(value: Double, expected: String) {
        #expect(NumberFormatting.format(value, .flops) == expected)
    }

    @Test func suffixedWithPrefix() {
        #expect(NumberFormatting.suffixed(2.5e6, prefix: "$") == "$2.50M")
        #expect(NumberFormatting.suffixed(-12.5, prefix: "$") == "−$12.5")
    }

    @Test func flopsForProse() {
        #expect(NumberFormatting.flops(3.1e23) == "3.1e23 FLOPs")
    }

    @Test(arguments: [
        (0.17, "17%"), (0.283, "28%"), (0.0512, "5.1%"), (0.004, "0.4%"), (1.5, "150%"),
        (-0.28, "−28%"), (0.0004, "0%"), (-0.0001, "0%"),
        // Rounding noise from a break-even solve: no scientific notation in a percentage.
        (-1.6e-15, "0%"), (0.00049, "0%"), (0.0005, "0.1%"),
    ])
    func percentages(value: Double, expected: String) {
        #expect(NumberFormatting.format(value, .percent) == expected)
    }

    @Test(arguments: [(-0.28, "−28%"), (0.05, "+5.0%"), (0, "0%"), (-0.0001, "0%"), (-1.6e-15, "0%")])
    func changes(value: Double, expected: String) {
        #expect(NumberFormatting.format(value, .change) == expected)
    }

    @Test(arguments: [
        (1.8172, 4, "1.817"), (0.3478, 3, "0.348"), (9.996, 3, "10.0"), (2085.43, 4, "2085"),
        (482.01, 3, "482"), (1.5e7, 2, "1.5e7"), (0.00012, 2, "1.2e-4"), (-0.5, 2, "−0.50"), (0, 3, "0"),
    ])
    func decimals(value: Double, significant: Int, expected: String) {
        #expect(NumberFormatting.format(value, .decimal(significant: significant)) == expected)
    }

    /// NaN and infinities are never shown as numbers, in any style.
    @Test func nonFiniteNeverLooksLikeANumber() {
        let styles: [NumberStyle] = [.decimal(significant: 3), .count, .flops, .usd, .percent, .change]
        for style in styles {
            #expect(NumberFormatting.format(.nan, style) == "—")
            #expect(NumberFormatting.format(.infinity, style) == "∞")
            #expect(NumberFormatting.format(-.infinity, style) == "−∞")
        }
        #expect(NumberFormatting.exact(.nan) == "")
        #expect(NumberFormatting.exact(.infinity) == "")
    }

    /// `exact` reads back as the same Double (the shortest round-trip decimal), including
    /// the extremes of the Double range.
    @Test(arguments: [0.3478, 1.8172, 2085.43, 6.97e23, 1.0 / 3.0, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, 7e9, 0.1 + 0.2, -2.5e-7])
    func exactRoundTrips(value: Double) {
        #expect(Double(NumberFormatting.exact(value)) == value)
    }

    @Test func exactCases() {
        #expect(NumberFormatting.exact(7e9) == "7000000000")
        #expect(NumberFormatting.exact(0.1 + 0.2) == "0.30000000000000004")
        #expect(NumberFormatting.exact(-0.0) == "0")
        #expect(NumberFormatting.exact(0.3478) == "0.3478")
    }
}
