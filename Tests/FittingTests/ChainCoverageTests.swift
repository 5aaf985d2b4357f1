import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// The chain's interval (a loss law's bootstrap through a link's bootstrap) covers the
/// simulated truth about as often as its confidence level says.
@Suite struct ChainCoverageTests {
    @Test func chainIntervalsCoverTheTruth() throws {
        // Truth: L(C) = 1.8 + 900·C^(−0.1); metric M(L) = 0.86 − 2.3·e^(−0.72·L).
        func loss(_ c: Double) -> Double { 1.8 + 900 * pow(c, -0.1) }
        func metric(_ l: Double) -> Double { 0.86 - 2.3 * exp(-0.72 * l) }
        let budgets = SyntheticSweep.logSpaced(1e17, 1e20, 12)
        let target = ModelScale(params: 1e10, tokens: 1e21 / 6e10)   // C = 1e21, ten times the largest
        let truth = metric(loss(1e21))
        let trials = 20
        var covered = 0
        for trial in 0..<trials {
            var rng = SeededGenerator(seed: UInt64(500 + trial))
            let runs = budgets.enumerated().map { i, c -> Run in
                let l = loss(c) * exp(0.01 * rng.nextStandardNormal())
                return Run(params: .nan, tokens: .nan, flops: c, loss: l, tags: ["acc": "\(metric(l) + 0.005 * rng.nextStandardNormal())"],
                           source: SourceLocation(file: "runs.csv", line: i + 2))
            }
            var lawOptions = FitOptions(form: .powerLaw, against: .flops, bootstrap: 100)
            lawOptions.seed = UInt64(trial)
            let lawFit = try Fitter.fit(runs, options: lawOptions)
            var linkOptions = FitOptions(form: .downstream, objective: FitObjective(loss: .squared, space: .linear), bootstrap: 100)
            linkOptions.metric = "acc"
            linkOptions.seed = UInt64(trial)
            let linkFit = try Fitter.fit(runs, options: linkOptions)
            let law = LawFile(form: .powerLaw, parameters: lawFit.parameters, against: .flops, samples: lawFit.samples)
            let link = LawFile(form: .downstream, parameters: linkFit.parameters, samples: linkFit.samples, linkKind: .exponential)
            let p = try MetricPrediction(link: link, law: law, scale: target, confidence: 0.9, seed: UInt64(trial))
            if let i = p.metricInterval, i.low <= truth, truth <= i.high { covered += 1 }
        }
        // At 90%, fewer than 15 of 20 has probability about 4%.
        #expect(covered >= 15, "covered \(covered) of \(trials)")
    }
}
