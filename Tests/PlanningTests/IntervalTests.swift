import Testing
import ScalingLaws
@testable import Planning

@Suite("Bootstrap intervals")
struct IntervalTests {
    @Test("Percentiles interpolate between order statistics like numpy's default")
    func percentiles() {
        // numpy.percentile([1, 2, 3, 4, 10], [5, 95]) = [1.2, 8.8].
        #expect(abs(percentile([10, 2, 4, 1, 3], 0.05) - 1.2) < 1e-12)
        #expect(abs(percentile([10, 2, 4, 1, 3], 0.95) - 8.8) < 1e-12)
    }

    @Test("Intervals bracket the per-sample optima and count unplannable samples")
    func fromSamples() throws {
        var low = sardana; low.alpha = 0.33
        var high = sardana; high.alpha = 0.34
        var unreachable = sardana; unreachable.E = 3
        let planner = flopsPlanner(tokens: 1e13)
        let plan = try planner.plan(.loss(2.0), samples: [low, sardana, high, unreachable], confidence: 0.9)
        #expect(plan.samplesUsed == 3 && plan.samplesFailed == 1)
        let interval = try #require(plan.intervals["params"])
        let ends = try [low, high].map { law -> Double in
            var p = planner; p.law = law
            return try p.plan(.loss(2.0)).recommended.params
        }
        #expect(interval.low >= ends.min()! && interval.high <= ends.max()!)
        #expect(interval.low < plan.recommended.params && plan.recommended.params < interval.high)
        // Independently (Python, scipy brentq on d(6ND + 2N·1e13)/d log N along L = 2.0): the
        // three plannable samples give N = 11560540681.29 (α = 0.33), 7717353612.17 (0.336),
        // 5941102373.96 (0.34); numpy.percentile(…, [5, 95]) = [6118727497.78, 11176221974.38].
        #expect(relativeError(interval.low, 6118727497.780775) < 1e-8 && relativeError(interval.high, 11176221974.380959) < 1e-8,
                "\(interval)")
    }
}
