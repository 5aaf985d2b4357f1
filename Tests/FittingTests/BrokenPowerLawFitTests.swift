import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// Caballero et al.'s broken power law: simulated truths, and their 4-digit addition curve
/// against an independent scipy solve of the same objective.
@Suite struct BrokenPowerLawFitTests {
    static let truth = ["a": 0.4, "b": 2.3, "c0": 0.05, "c1": 5.0, "d1": 600, "f1": 0.08]
    static let x = (0..<18).map { 150 * pow(1000.0 / 150, Double($0) / 17) }

    static func runs(noise: Double, seed: UInt64) throws -> [Run] {
        let law = try BrokenPowerLaw(parameters: truth, variable: .tokens)
        var rng = SeededGenerator(seed: seed)
        return x.enumerated().map { i, d in
            Run(params: .nan, tokens: d, flops: .nan, loss: law.value(x: d) * exp(noise * rng.nextStandardNormal()),
                source: SourceLocation(file: "curve.csv", line: i + 2))
        }
    }

    static var options: FitOptions {
        FitOptions(form: .brokenPowerLaw, against: .tokens, objective: FitObjective(loss: .squared, space: .log))
    }

    @Test func closedFormByHand() throws {
        // y(600) = 0.4 + 2.3·600^(−0.05)·(1 + 1)^(−5·0.08) = 0.4 + 2.3·0.726261·0.757858 = 1.665926.
        let law = try BrokenPowerLaw(parameters: Self.truth)
        let expected = 0.4 + 2.3 * exp(-0.05 * log(600.0)) * pow(2, -0.4)
        #expect(abs(law.value(x: 600) - expected) < 1e-12 && abs(expected - 1.665926) < 1e-6)
    }

    @Test func aSimulatedTruthIsRecovered() throws {
        let fit = try Fitter.fit(try Self.runs(noise: 0, seed: 1), options: Self.options)
        for (name, value) in Self.truth { #expect(abs(fit.parameters[name]! / value - 1) < 1e-5, "\(name)") }
    }

    /// Two breaks (nine parameters): exact points give back both.
    @Test func twoBreaksAreRecovered() throws {
        let truth = ["a": 0.0, "b": 3.0, "c0": 0.1, "c1": 0.5, "d1": 1e3, "f1": 0.1, "c2": 1.0, "d2": 1e5, "f2": 0.2]
        let law = try BrokenPowerLaw(parameters: truth, variable: .flops)
        let runs = (0..<30).map { i -> Run in
            let x = pow(10, 2 + 5 * Double(i) / 29)
            return Run(params: .nan, tokens: .nan, flops: x, loss: law.value(x: x), source: SourceLocation(file: "two.csv", line: i + 2))
        }
        var options = Self.options
        options.against = .flops
        options.breaks = 2
        let fit = try Fitter.fit(runs, options: options)
        for (name, value) in truth where name != "a" { #expect(abs(fit.parameters[name]! / value - 1) < 1e-6, "\(name)") }
        #expect(abs(fit.parameters["a"]!) < 1e-9)
    }

    /// 90% bootstrap intervals of the break location cover the truth about 90% of the time.
    @Test func intervalsCoverTheBreak() throws {
        let trials = 15
        var covered = 0
        for trial in 0..<trials {
            var options = Self.options
            options.bootstrap = 40
            options.seed = UInt64(trial)
            let fit = try Fitter.fit(try Self.runs(noise: 0.01, seed: UInt64(300 + trial)), options: options)
            if try #require(fit.intervals["d1"]).contains(600) { covered += 1 }
        }
        // At 90%, fewer than 10 of 15 has probability below 1%.
        #expect(covered >= 10, "covered \(covered) of \(trials)")
    }

    /// ../shared/data/bnsl: the 14-point fit split. An independent scipy solve (Nelder–Mead then
    /// BFGS on Σ(log ŷ − log y)²/2, started from Caballero et al.'s own brute-force grid fit)
    /// reaches F = 2.505966113e-06 at a = 0.4171918, d1 = 612.8031; the held-out three
    /// extrapolate with RMSLE 0.0111 (their script's log(y + 1) objective gives 0.0109).
    @Test(.enabled(if: sharedBNSL != nil, "needs ../shared/data/bnsl beside the repository"))
    func theAdditionCurveMatchesTheReferenceSolve() throws {
        let reader = RunFileReader(columns: try ColumnMapping(parsing: ["tokens=train_dataset_size", "loss=test_cross_entropy"]), alone: .tokens)
        let all = try reader.read(path: sharedBNSL!).runs
        let fitRuns = all.filter { $0.tags["split"] == "fit" }, held = all.filter { $0.tags["split"] == "extrapolate" }
        #expect(fitRuns.count == 14 && held.count == 3)
        let fit = try Fitter.fit(fitRuns, options: Self.options)
        #expect(abs(fit.objectiveValue / 2.505966113e-06 - 1) < 1e-8)
        #expect(abs(fit.parameters["a"]! - 0.4171918) < 1e-6)
        #expect(abs(fit.parameters["d1"]! - 612.8031) < 1e-3)
        let law = try BrokenPowerLaw(parameters: fit.parameters, variable: .tokens)
        let rmsle = (held.map { pow(log(law.value(x: $0.tokens)) - log($0.loss), 2) }.reduce(0, +) / 3).squareRoot()
        #expect(abs(rmsle - 0.0111) < 5e-5, "RMSLE \(rmsle)")
    }
}

let sharedBNSL: String? = {
    let path = URL(fileURLWithPath: EpochData.path).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("bnsl/bnsl_4digit_addition.csv").path
    return FileManager.default.fileExists(atPath: path) ? path : nil
}()
