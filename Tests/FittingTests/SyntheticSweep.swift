import Foundation
@testable import Fitting
import ScalingLaws

/// Runs simulated from a known Chinchilla law on an IsoFLOP-style grid, with multiplicative
/// log-normal noise: the ground truth the recovery tests compare against.
enum SyntheticSweep {
    static func chinchilla(_ law: ChinchillaLaw, budgets: [Double], sizesPerBudget: Int = 9,
                           spread: Double = 4, noise: Double = 0, seed: UInt64 = 1,
                           unique: ((Double) -> Double)? = nil, halfLife: Double = 15.4) -> [Run] {
        var rng = SeededGenerator(seed: seed)
        var runs: [Run] = []
        for c in budgets {
            let center = law.computeOptimal(flops: c).params
            for k in 0..<sizesPerBudget {
                let t = Double(k) / Double(sizesPerBudget - 1) * 2 - 1
                let n = center * pow(spread, t)
                let d = c / (6 * n)
                let u = unique?(d)
                let dEff = u.map { RepeatedData.effectiveTokens(tokens: d, unique: $0, halfLife: halfLife) } ?? d
                let loss = law.loss(params: n, tokens: dEff) * exp(noise * gaussian(&rng))
                runs.append(Run(params: n, tokens: d, flops: c, loss: loss, uniqueTokens: u,
                                source: SourceLocation(file: "synthetic", line: runs.count + 2)))
            }
        }
        return runs
    }

    /// A standard normal draw (Box–Muller).
    static func gaussian(_ rng: inout SeededGenerator) -> Double {
        let u1 = (Double(rng.next() >> 11) + 0.5) / 9007199254740992.0
        let u2 = Double(rng.next() >> 11) / 9007199254740992.0
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    static func logSpaced(_ lo: Double, _ hi: Double, _ count: Int) -> [Double] {
        VariableProjection.logSpaced(from: lo, to: hi, count: count)
    }
}
