import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// `fit --compare-approaches` on curves simulated from a known law: approaches 1 and 3 give the
/// law's a = β/(α + β); approach 2 says why it cannot run on runs that are not IsoFLOP profiles.
@Suite struct ApproachComparisonTests {
    @Test func approachesOneAndThreeFindTheLawsExponent() throws {
        let law = ChinchillaLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)
        var runs: [Run] = []
        // 20 sizes over 1e7…1e10, each trained to 10, 40 and 160 tokens per parameter, 40 checkpoints a run.
        for i in 0..<20 {
            let n = 1e7 * pow(1e3, Double(i) / 19)
            for ratio in [10.0, 40, 160] {
                let last = ratio * n
                for j in 0..<40 {
                    let d = last / 100 * pow(100, Double(j) / 39)
                    runs.append(Run(params: n, tokens: d, loss: law.loss(params: n, tokens: d),
                                    source: SourceLocation(file: "n\(i)-\(Int(ratio)).csv", line: j + 2)))
                }
            }
        }
        let rows = ApproachComparison.compare(runs, options: FitOptions(), lastCheckpoints: 1)
        let a = 0.28 / 0.62
        #expect(rows.count == 3)
        #expect(abs(rows[0].a! - a) < 0.02, "approach 1: \(rows[0].a!)")
        #expect(rows[1].a == nil && rows[1].failure?.contains("IsoFLOP analysis needs at least 2 compute budgets") == true)
        #expect(abs(rows[2].a! - a) < 1e-6 && abs(rows[2].b! - 0.34 / 0.62) < 1e-6)
    }

    /// Runs that form IsoFLOP profiles (one row a run): approach 2 runs, and with a bootstrap
    /// its interval — from resampling runs within each profile — covers the law's
    /// β/(α + β) = 0.36/0.70, as approach 3's does; without a bootstrap there is none.
    @Test func approachTwoHasAnIntervalOnIsoFLOPProfiles() throws {
        let law = ChinchillaLaw(E: 1.8, A: 450, B: 1800, alpha: 0.34, beta: 0.36)
        let runs = SyntheticSweep.chinchilla(law, budgets: SyntheticSweep.logSpaced(1e18, 1e21, 6), noise: 0.003, seed: 11)
            .enumerated().map { i, run -> Run in
                var r = run
                r.source = SourceLocation(file: "run\(i).csv", line: 2)
                return r
            }
        var options = FitOptions()
        options.bootstrap = 200
        options.seed = 2
        let rows = ApproachComparison.compare(runs, options: options, lastCheckpoints: 1)
        let a = 0.36 / 0.70
        let two = rows[1]
        #expect(two.failure == nil, "\(two.failure ?? "")")
        let interval = try #require(two.aInterval), b = try #require(two.bInterval)
        #expect(interval.low < a && a < interval.high, "a \(two.a!) in [\(interval.low), \(interval.high)]")
        #expect(abs(b.low - (1 - interval.high)) < 1e-12 && abs(b.high - (1 - interval.low)) < 1e-12)
        #expect(rows[2].aInterval.map { $0.low < a && a < $0.high } == true)
        options.bootstrap = 0
        #expect(ApproachComparison.compare(runs, options: options, lastCheckpoints: 1)[1].aInterval == nil)
    }
}
