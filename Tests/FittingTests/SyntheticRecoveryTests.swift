import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// Runs simulated from known laws come back: exactly without noise, and within their
/// intervals about as often as the confidence level says with noise.
struct SyntheticRecoveryTests {
    static let truth = ChinchillaLaw(E: 1.8, A: 450, B: 1800, alpha: 0.34, beta: 0.36)

    @Test func noiselessChinchillaIsRecoveredExactly() throws {
        // Reduced scale, as in small-budget studies: models from about 1M parameters.
        let runs = SyntheticSweep.chinchilla(Self.truth, budgets: SyntheticSweep.logSpaced(1e15, 1e19, 5))
        #expect(runs.map(\.params).min()! < 2e6)
        let fit = try Fitter.fit(runs, options: FitOptions())
        for (name, value) in Self.truth.namedParameters {
            #expect(abs(fit.parameters[name]! / value - 1) < 1e-6, "\(name)")
        }
        #expect(fit.objectiveValue < 1e-12)
    }

    /// Coverage: 90% bootstrap intervals contain the true parameters about 90% of the time.
    /// 12 sweeps × 5 parameters = 60 intervals; with true coverage 0.9 the count is
    /// Binomial(60, 0.9): 45–59 holds with probability > 0.999, and an engine whose intervals
    /// are too narrow by half (coverage ≈ 0.6) fails it.
    @Test func bootstrapIntervalsCoverTheTruth() throws {
        var covered = 0, total = 0
        for seed in 1...12 {
            let noise = [0.005, 0.01, 0.02][seed % 3]
            let runs = SyntheticSweep.chinchilla(Self.truth, budgets: SyntheticSweep.logSpaced(1e16, 1e20, 5),
                                                 sizesPerBudget: 7, noise: noise, seed: UInt64(seed))
            var options = FitOptions()
            options.bootstrap = 60
            options.seed = UInt64(seed)
            options.gridSize = 25
            let fit = try Fitter.fit(runs, options: options)
            for (name, value) in Self.truth.namedParameters {
                total += 1
                if fit.intervals[name]!.contains(value) { covered += 1 }
            }
        }
        #expect(total == 60)
        #expect(covered >= 45, "covered \(covered) of \(total)")
    }

    @Test func powerLawAgainstComputeIsRecovered() throws {
        // L = 1.7 + 3000·C^(−0.15) on budgets 1e17..1e22; squared log loss, no noise.
        let cs = SyntheticSweep.logSpaced(1e17, 1e22, 12)
        let runs = cs.map { Run(params: 1e8, tokens: $0 / 6e8, flops: $0, loss: 1.7 + 3000 * pow($0, -0.15)) }
        var options = FitOptions(form: .powerLaw)
        options.against = .flops
        let fit = try Fitter.fit(runs, options: options)
        #expect(abs(fit.parameters["E"]! - 1.7) < 1e-6)
        #expect(abs(fit.parameters["A"]! / 3000 - 1) < 1e-5)
        #expect(abs(fit.parameters["alpha"]! - 0.15) < 1e-7)
    }

    /// Without a floor and with squared log loss, the fit is ordinary least squares of log L
    /// on log x: its values and curvature standard errors must equal the textbook formulas.
    @Test func noFloorSquaredLogMatchesOrdinaryLeastSquares() throws {
        let xs: [Double] = [1e6, 3e6, 1e7, 3e7, 1e8, 3e8, 1e9]
        let noise: [Double] = [0.01, -0.02, 0.015, 0.0, -0.01, 0.02, -0.005]
        let runs = zip(xs, noise).map { x, e in Run(params: x, tokens: 1e9, loss: 40 * pow(x, -0.2) * exp(e)) }
        var options = FitOptions(form: .powerLaw, against: .params, floor: false)
        options.objective = FitObjective(loss: .squared, space: .log)
        let fit = try Fitter.fit(runs, options: options)
        // Closed form: slope = Sxy/Sxx on (log x, log L); s.e.(slope) = √(σ²/Sxx), σ² = RSS/(n−2).
        let lx = xs.map { log($0) }, ly = runs.map { log($0.loss) }
        let mx = lx.reduce(0, +) / 7, my = ly.reduce(0, +) / 7
        let sxx = lx.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let sxy = zip(lx, ly).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let slope = sxy / sxx, intercept = my - slope * mx
        let rss = zip(lx, ly).reduce(0) { let r = $1.1 - intercept - slope * $1.0; return $0 + r * r }
        #expect(abs(fit.parameters["alpha"]! - (-slope)) < 1e-9)
        #expect(abs(log(fit.parameters["A"]!) - intercept) < 1e-8)
        #expect(abs(fit.standardErrors["alpha"]! - (rss / 5 / sxx).squareRoot()) < 1e-9)
    }

    @Test func isoflopRecoversTheAllocationExponent() throws {
        // Noiseless Chinchilla runs: each budget's parabola vertex approximates N*(C), and
        // the regression slope approaches a = β/(α+β) = 0.5143.
        let runs = SyntheticSweep.chinchilla(Self.truth, budgets: SyntheticSweep.logSpaced(1e18, 1e22, 5),
                                             sizesPerBudget: 9, spread: 2)
        let fit = try Fitter.fit(runs, options: FitOptions(form: .isoflop))
        #expect(fit.isoflopProfiles.count == 5)
        #expect(abs(fit.parameters["a"]! - Self.truth.paramsExponent) < 0.005)
        for profile in fit.isoflopProfiles {
            let exact = Self.truth.computeOptimal(flops: profile.flops).params
            #expect(abs(log(profile.optimalParams / exact)) < 0.05)
        }
    }

    @Test func isoflopParabolaVertexIsExactOnExactParabolas() throws {
        // Loss exactly 2 + 0.1·(log N − log N*)² with N* = 1e8·(C/1e18)^0.6: vertices exact.
        var runs: [Run] = []
        for c in [1e18, 1e19, 1e20] {
            let nStar = 1e8 * pow(c / 1e18, 0.6)
            for k in -3...3 {
                let n = nStar * exp(0.4 * Double(k))
                runs.append(Run(params: n, tokens: c / (6 * n), flops: c, loss: 2 + 0.1 * pow(log(n / nStar), 2)))
            }
        }
        let fit = try Fitter.fit(runs, options: FitOptions(form: .isoflop))
        #expect(abs(fit.parameters["a"]! - 0.6) < 1e-9)
        #expect(abs(fit.parameters["k"]! / (1e8 * pow(1e18, -0.6)) - 1) < 1e-7)
    }

    @Test func dataConstrainedRecoversTheHalfLife() throws {
        // Unique data capped at 2e9 tokens: the larger budgets repeat it many times.
        let truth = ChinchillaLaw(E: 1.8, A: 450, B: 1800, alpha: 0.34, beta: 0.36)
        let runs = SyntheticSweep.chinchilla(truth, budgets: SyntheticSweep.logSpaced(1e17, 1e20, 6),
                                             unique: { min($0, 2e9) }, halfLife: 10)
        var options = FitOptions(form: .dataConstrained)
        options.repetitionHalfLife = nil
        let fit = try Fitter.fit(runs, options: options)
        // Noiseless runs from a law that discounts data but not parameters (R*_N = ∞): the fit
        // gives every constant back to working precision, and finds "no discount" for R*_N.
        #expect(abs(fit.parameters["R_D"]! / 10 - 1) < 1e-8)
        for (name, value) in truth.namedParameters { #expect(abs(fit.parameters[name]! / value - 1) < 1e-8, "\(name)") }
        #expect(fit.parameters["R_N"] == .infinity)
    }

    @Test func holdoutOnNoiselessRunsPredictsExactly() throws {
        let runs = SyntheticSweep.chinchilla(Self.truth, budgets: SyntheticSweep.logSpaced(1e17, 1e21, 5))
        var options = FitOptions()
        options.holdoutLargest = 3
        let fit = try Fitter.fit(runs, options: options)
        let holdout = try #require(fit.diagnostics.holdout)
        #expect(holdout.predictions.count == 3)
        #expect(holdout.predictions.allSatisfy { $0.x == 1e21 })
        #expect(holdout.meanAbsoluteRelativeError < 1e-6)
    }
}

extension SyntheticRecoveryTests {
    /// Kaplan's form from runs simulated with Kaplan et al.'s Table 2 values (α_N = 0.076,
    /// α_D = 0.103, N_c = 6.4e13, D_c = 1.8e13), noiseless: recovered to high precision.
    @Test func kaplanIsRecovered() throws {
        let truth = KaplanLaw(Nc: 6.4e13, Dc: 1.8e13, alphaN: 0.076, alphaD: 0.103)
        var runs: [Run] = []
        for n in SyntheticSweep.logSpaced(1e6, 1e9, 7) {
            for d in SyntheticSweep.logSpaced(1e8, 1e11, 6) {
                runs.append(Run(params: n, tokens: d, loss: truth.loss(params: n, tokens: d)))
            }
        }
        let fit = try Fitter.fit(runs, options: FitOptions(form: .kaplan))
        for (name, value) in truth.namedParameters {
            #expect(abs(fit.parameters[name]! / value - 1) < 1e-5, "\(name): \(fit.parameters[name]!) vs \(value)")
        }
    }
}

extension SyntheticRecoveryTests {
    /// Above 20,000 runs the grid seeds on a subset and the polish uses every run: the
    /// optimum is still exact on noiseless data.
    @Test func largeSweepsSeedOnASubsetAndPolishOnAll() throws {
        var runs: [Run] = []
        for i in 0..<25_000 {
            let n = 1e7 * pow(1000, Double(i % 157) / 156), d = 1e9 * pow(300, Double(i % 211) / 210)
            runs.append(Run(params: n, tokens: d, loss: Self.truth.loss(params: n, tokens: d)))
        }
        var options = FitOptions()
        options.gridSize = 15
        let fit = try Fitter.fit(runs, options: options)
        #expect(fit.runsUsed == 25_000)
        for (name, value) in Self.truth.namedParameters {
            #expect(abs(fit.parameters[name]! / value - 1) < 1e-6, "\(name)")
        }
    }
}
