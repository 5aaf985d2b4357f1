import Testing
@testable import Reporting

/// Tick positions and labels, worked out by hand from the rules in the doc comments.
@Suite struct AxisTests {
    func labelled(_ axis: any ChartAxis) -> [Double] { axis.ticks.filter(\.isMajor).map(\.value) }
    func labels(_ axis: any ChartAxis) -> [String] { axis.ticks.compactMap { $0.label?.plainText } }

    @Test func decadesWithMinorTicks() {
        let axis = LogAxis(lower: 1e18, upper: 1e22)
        #expect(labelled(axis) == [1e18, 1e19, 1e20, 1e21, 1e22])
        #expect(axis.ticks.first { $0.value == 1e20 }?.label == TickLabel("10", exponent: "20"))
        // 2…9 × 10^k for k = 18…21: 32 minor ticks.
        #expect(axis.ticks.filter { !$0.isMajor }.count == 32)
        #expect(axis.fraction(of: 1e20) == 0.5)
        #expect(axis.fraction(of: 0) == nil && axis.fraction(of: -1) == nil && axis.fraction(of: .nan) == nil)
    }

    @Test func manyDecadesAreThinned() {
        // 16 powers (10^10 … 10^25): every third, at multiples of 3, and no minor ticks.
        let axis = LogAxis(lower: 1e10, upper: 1e25)
        #expect(labelled(axis) == [1e12, 1e15, 1e18, 1e21, 1e24])
        #expect(axis.ticks.count == 16)
    }

    @Test func twoDecadesLabelTwoAndFive() {
        let axis = LogAxis(lower: 8e9, upper: 4e11, format: .count)
        #expect(labels(axis) == ["10B", "20B", "50B", "100B", "200B"])
    }

    @Test func narrowRangesGetRoundValues() {
        #expect(labels(LogAxis(lower: 20, upper: 300, format: .plain)) == ["20", "50", "100", "200"])
        // 1, 2, 5 gives only 2 inside [1.9, 3.4]: linear ticks 0.5 apart instead.
        #expect(labels(LogAxis(lower: 1.9, upper: 3.4, format: .plain)) == ["2", "2.5", "3"])
    }

    @Test func degenerateDomainsAreWidened() {
        let single = LogAxis(covering: [5e20])
        #expect(single.lower < 5e20 && single.upper > 5e20)
        let none = LogAxis(covering: [.nan, -3, 0])
        #expect(none.lower == 1 && none.upper == 10)
        let flat = LinearAxis(covering: [2, 2, 2])
        #expect(flat.lower < 2 && flat.upper > 2)
    }

    @Test func linearAxisIncludesZeroAndRoundsOut() {
        // Span 0.034 padded by 3% each side, /6 ≈ 0.006 → step 0.005; ends −0.015 and 0.025.
        let axis = LinearAxis(covering: [-0.013, 0.021], includeZero: true)
        #expect(axis.lower == -0.015 && axis.upper == 0.025)
        #expect(labels(axis) == ["−0.015", "−0.01", "−0.005", "0", "0.005", "0.01", "0.015", "0.02", "0.025"])
        // All positive: zero is still inside, one step below it (span 0.954 / 6 → step 0.2).
        let positive = LinearAxis(covering: [0.2, 0.9], includeZero: true)
        #expect(positive.lower == -0.2 && positive.upper == 1)
    }

    @Test func tickFormats() {
        #expect(TickFormat.powerOfTen.label(for: 3e18) == TickLabel("3×10", exponent: "18"))
        #expect(TickFormat.powerOfTen.label(for: 1e-3) == TickLabel("10", exponent: "−3"))
        #expect(TickFormat.powerOfTen.label(for: 1e-3).plainText == "1e-3")
        #expect(TickFormat.powerOfTen.label(for: 3e18).plainText == "3e18")
        #expect(TickFormat.count.label(for: 2.5e10).text == "25B")
        #expect(TickFormat.count.label(for: 1e8).text == "100M")
        #expect(TickFormat.usd.label(for: 1e6).text == "$1M")
        #expect(TickFormat.percent.label(for: 0.02).text == "2%")
        #expect(TickFormat.plain.label(for: 10000).text == "10000")
        #expect(TickFormat.plain.label(for: -0.5).text == "−0.5")
    }

    @Test func colorScaleEndsAndClamping() {
        let scale = ColorScale(covering: [1e8, 3e9, 1e10], logarithmic: true, title: "N", format: .count)
        #expect(scale.color(for: 1e8) == "#440154")  // viridis(0)
        #expect(scale.color(for: 1e10) == "#bddf26")  // viridis(0.9): the pale tenth is left out
        #expect(scale.position(of: 1e9) == 0.5)
        #expect(scale.color(for: 1e12) == scale.color(for: 1e10))
        #expect(scale.color(for: 1) == "#440154" && scale.color(for: .nan) == "#440154")
        // Darker to lighter: the green channel rises along viridis.
        let greens = [1e8, 1e9, 1e10].map { Int(scale.color(for: $0).dropFirst(3).prefix(2), radix: 16)! }
        #expect(greens == greens.sorted())
    }
}
