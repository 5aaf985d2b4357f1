import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// The data-constrained fit recovers a known law — both half-lives included — from runs
/// that repeat data and have more parameters than their unique data supports.
@Suite struct DataConstrainedFitTests {
    /// Half-lives off any grid the seeds use: recovery must come from the polish.
    static let truth = DataConstrainedLaw(base: ChinchillaLaw(E: 1.8, A: 450, B: 1800, alpha: 0.34, beta: 0.36),
                                          dataHalfLife: 10, paramsHalfLife: 4.3)

    static func runs(_ law: DataConstrainedLaw, noise: Double = 0, seed: UInt64 = 1) -> [Run] {
        var rng = SeededGenerator(seed: seed)
        var runs: [Run] = []
        for n in SyntheticSweep.logSpaced(1e7, 2e9, 6) {
            for d in SyntheticSweep.logSpaced(2e8, 1e11, 6) {
                for u in [d, 3e9, 6e8] where u <= d {
                    let loss = law.loss(params: n, tokens: d, unique: u) * exp(noise * SyntheticSweep.gaussian(&rng))
                    runs.append(Run(params: n, tokens: d, loss: loss, uniqueTokens: u,
                                    source: SourceLocation(file: "synthetic", line: runs.count + 2)))
                }
            }
        }
        return runs
    }

    @Test func recoversBothHalfLivesFromNoiselessRuns() throws {
        let runs = Self.runs(Self.truth)
        // The sweep has both kinds of run the half-lives need.
        #expect(runs.contains { $0.params > Self.truth.optimalParams(forTokens: $0.uniqueTokens!) })
        #expect(runs.contains { $0.tokens > $0.uniqueTokens! })
        // The library's default fits R*_D (truth 10) as the command line does; it does not hold
        // it at Muennighoff et al.'s 15.4.
        let fit = try Fitter.fit(runs, options: FitOptions(form: .dataConstrained))
        #expect(abs(fit.parameters["R_D"]! / 10 - 1) < 1e-9)
        #expect(abs(fit.parameters["R_N"]! / Self.truth.paramsHalfLife - 1) < 1e-9)
        // Every parameter is polished with the others on the law's own objective: noiseless
        // runs give the truth back to working precision.
        for (name, value) in Self.truth.base.namedParameters {
            #expect(abs(fit.parameters[name]! / value - 1) < 1e-8, "\(name)")
        }
        #expect(fit.objectiveValue < 1e-18)
        #expect(fit.convergence.converged)
        // The saved law predicts the runs it was fitted to.
        let law = try DataConstrainedLaw(parameters: fit.parameters)
        #expect(runs.allSatisfy { abs(law.loss(at: $0.scale) / $0.loss - 1) < 1e-5 })
    }

    /// With 1% noise the half-lives land within a factor of 2 of the truth: their profiles are
    /// flat (on these 92 runs a factor of 1.5 in R* moves the objective about as much as the noise).
    @Test func noisyRunsGiveNearbyHalfLives() throws {
        let fit = try Fitter.fit(Self.runs(Self.truth, noise: 0.01, seed: 7),
                                 options: { var o = FitOptions(form: .dataConstrained); o.repetitionHalfLife = nil; return o }())
        #expect(abs(log(fit.parameters["R_D"]! / 10)) < log(2))
        #expect(abs(log(fit.parameters["R_N"]! / Self.truth.paramsHalfLife)) < log(2))
        #expect(abs(fit.parameters["alpha"]! - 0.34) < 0.03)
        #expect(fit.convergence.converged)
    }

    /// The bootstrap re-solves each resample, half-lives included: they get intervals of their
    /// own, the samples carry them, and a seed gives the same samples.
    @Test func bootstrapReprofilesTheHalfLives() throws {
        var options = FitOptions(form: .dataConstrained, bootstrap: 8, seed: 3)
        options.repetitionHalfLife = nil
        let runs = Self.runs(Self.truth, noise: 0.01, seed: 11)
        let fit = try Fitter.fit(runs, options: options)
        #expect(fit.uncertaintySource == .bootstrap && fit.samples.count + fit.bootstrapFailures == 8)
        for name in ["R_D", "R_N", "E", "beta"] {
            let interval = try #require(fit.intervals[name], "\(name)")
            #expect(interval.low <= interval.high && fit.standardErrors[name] != nil, "\(name)")
        }
        #expect(fit.samples.allSatisfy { $0["R_D"] != nil && $0["R_N"] != nil })
        // The half-lives are re-fitted in every resample, not held: their samples vary.
        for name in ["R_D", "R_N"] {
            let values = Set(fit.samples.map { $0[name]! })
            #expect(values.count == fit.samples.count, "\(name) samples: \(values)")
        }
        #expect(!fit.warnings.contains { $0.contains("hold") })
        let again = try Fitter.fit(runs, options: options)
        #expect(again.samples == fit.samples)
    }

    /// Without over-sized runs R*_N cannot be told and is left out, with a warning.
    @Test func withoutExcessParametersRNIsNotIdentified() throws {
        let runs = Self.runs(Self.truth).filter { $0.params <= Self.truth.optimalParams(forTokens: $0.uniqueTokens!) / 2 }
        #expect(runs.count > 10)
        var options = FitOptions(form: .dataConstrained)
        options.repetitionHalfLife = nil
        let fit = try Fitter.fit(runs, options: options)
        // No discount of parameters: R*_N = ∞, said in words, and no interval for it.
        #expect(fit.parameters["R_N"] == .infinity)
        #expect(fit.warnings.contains { $0.contains("R*_N is not identified") })
    }

    /// Runs that never repeat data cannot identify the law: a clear refusal, not a guess.
    @Test func refusesRunsWithoutRepetition() {
        let runs = Self.runs(Self.truth).filter { $0.uniqueTokens == $0.tokens }
        #expect(throws: FitError.self) { try Fitter.fit(runs, options: FitOptions(form: .dataConstrained)) }
    }
}

extension DataConstrainedFitTests {
    /// The half-lives' profile-likelihood intervals hold the truth on noisy runs, and are
    /// closed when both discounts are at work in the runs.
    @Test func profileIntervalsHoldTheTruth() throws {
        var options = FitOptions(form: .dataConstrained)
        options.repetitionHalfLife = nil
        let fit = try Fitter.fit(Self.runs(Self.truth, noise: 0.01, seed: 7), options: options)
        let rD = try #require(fit.profileIntervals["R_D"]), rN = try #require(fit.profileIntervals["R_N"])
        #expect(rD.contains(Self.truth.dataHalfLife), "\(rD)")
        #expect(rN.contains(Self.truth.paramsHalfLife), "\(rN)")
        #expect(rD.contains(fit.parameters["R_D"]!) && rN.contains(fit.parameters["R_N"]!))
        #expect(rD.high.isFinite && rN.high.isFinite)
    }
}
