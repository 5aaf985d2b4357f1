import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// A law's predictions over runs and the objective over them (`RunPredictions`): the objective
/// is the fit's own for the fit's own law and runs, and every prediction is the law's closed
/// form, worked here from the parameters without the library's law types.
@Suite struct RunPredictionsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func runs(_ file: String, alone: RunQuantity? = nil) throws -> [Run] {
        try RunFileReader(alone: alone).read(path: repository.appendingPathComponent(file).path).runs
    }

    /// Huber's ρ written out (Huber 1964), so the objective is not checked against itself.
    static func huber(_ r: Double, _ delta: Double) -> Double {
        abs(r) <= delta ? r * r / 2 : delta * (abs(r) - delta / 2)
    }

    static func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), .leastNormalMagnitude) }

    /// Fits `runs`, predicts them with the fitted law and checks F against the fit's value.
    static func checkObjective(_ runs: [Run], _ options: FitOptions,
                               closedForm: ([String: Double], Run) -> Double) throws {
        let fit = try Fitter.fit(runs, options: options)
        let p = try RunPredictions(law: fit.lawFile, runs: runs, objective: options.objective)
        let value = try #require(p.objectiveValue)
        #expect(relative(value, fit.objectiveValue) < 1e-9, "F = \(value), fit reports \(fit.objectiveValue)")
        #expect(p.observedCount == runs.count && p.predictions.count == runs.count)
        // The same F from the closed form and ρ written out here.
        var independent = 0.0
        for (prediction, run) in zip(p.predictions, runs) {
            let l = closedForm(fit.parameters, run)
            #expect(relative(prediction.loss, l) < 1e-12, "\(run.source): \(prediction.loss) vs \(l)")
            let r = options.objective.space == .log ? log(l) - log(run.loss) : l - run.loss
            #expect(abs(prediction.residual! - r) <= 1e-12 * max(1, abs(r)))
            switch options.objective.loss {
            case let .huber(d): independent += huber(r, d)
            case .squared: independent += r * r / 2
            }
        }
        #expect(relative(value, independent) < 1e-9)
    }

    static func chinchilla(_ p: [String: Double], _ run: Run) -> Double {
        p["E"]! + p["A"]! / pow(run.params, p["alpha"]!) + p["B"]! / pow(run.tokens, p["beta"]!)
    }

    @Test("Chinchilla on the example sweep: F is the fit's objective, for every objective",
          arguments: [FitObjective.hoffmann, FitObjective(loss: .huber(delta: 1e-2)),
                      FitObjective(loss: .squared, space: .log), FitObjective(loss: .squared, space: .linear)])
    func chinchillaObjective(_ objective: FitObjective) throws {
        try Self.checkObjective(try Self.runs("data/example-sweep.csv"), FitOptions(objective: objective), closedForm: Self.chinchilla)
    }

    @Test("Chinchilla on Epoch AI's points (loss ≤ 3.41): F is the fit's objective",
          .enabled(if: EpochData.available, "needs ../shared/data/chinchilla-epoch beside the repository"))
    func epochObjective() throws {
        try Self.checkObjective(try EpochData.filteredRuns(), FitOptions(), closedForm: Self.chinchilla)
    }

    @Test("a power law in compute: F is the fit's objective, at the file's compute")
    func powerLawObjective() throws {
        try Self.checkObjective(try Self.runs("data/example-sweep.csv"), FitOptions(form: .powerLaw, against: .flops)) { p, run in
            (p["E"] ?? 0) + p["A"]! * pow(run.flops, -p["alpha"]!)
        }
    }

    @Test("Kaplan's form on the example grid: F is the fit's objective")
    func kaplanObjective() throws {
        try Self.checkObjective(try Self.runs("data/example-grid.csv"), FitOptions(form: .kaplan)) { p, run in
            pow(pow(p["N_c"]! / run.params, p["alpha_N"]! / p["alpha_D"]!) + p["D_c"]! / run.tokens, p["alpha_D"]!)
        }
    }

    /// The data-constrained fit polishes all seven parameters on the law's own objective (U_N
    /// from the law's G and β/α), so the saved law rescores it exactly.
    @Test("data-constrained, half-lives fitted: F is the fit's objective")
    func dataConstrainedObjective() throws {
        var options = FitOptions(form: .dataConstrained)
        options.repetitionHalfLife = nil
        try Self.checkObjective(DataConstrainedFitTests.runs(DataConstrainedFitTests.truth, noise: 0.01, seed: 7), options) { p, run in
            let (alpha, beta) = (p["alpha"]!, p["beta"]!)
            let g = pow(alpha * p["A"]! / (beta * p["B"]!), 1 / (alpha + beta))
            func decayed(_ total: Double, _ unique: Double, _ r: Double?) -> Double {
                guard let r, r.isFinite else { return total }   // R* = ∞: no decay
                return unique + unique * r * (1 - exp(-(total / unique - 1) / r))
            }
            let u = run.uniqueTokens!
            let d = decayed(run.tokens, min(u, run.tokens), p["R_D"])
            let n = decayed(run.params, min(run.params, g * pow(g * u, beta / alpha)), p["R_N"])
            return p["E"]! + p["A"]! / pow(n, alpha) + p["B"]! / pow(d, beta)
        }
    }

    /// A power law is evaluated at the run's own compute as the file gives it, even where it is
    /// not 6·N·D, and needs no other quantity.
    @Test func powerLawUsesItsOwnVariable() throws {
        let law = LawFile(form: .powerLaw, parameters: ["E": 1.5, "A": 40, "alpha": 0.07], against: .flops, origin: "law.json")
        let runs = [Run(params: 1e9, tokens: 2e10, flops: 3e20, loss: 2.4),               // 6·N·D = 1.2e20
                    Run(params: .nan, tokens: .nan, flops: 1e22, loss: 2.2, derived: nil)]  // compute alone
        let p = try RunPredictions(law: law, runs: runs)
        #expect(Self.relative(p.predictions[0].loss, 1.5 + 40 * pow(3e20, -0.07)) < 1e-14)
        #expect(Self.relative(p.predictions[1].loss, 1.5 + 40 * pow(1e22, -0.07)) < 1e-14)
        // In tokens: a run without tokens is refused, naming the run.
        let inTokens = LawFile(form: .powerLaw, parameters: ["A": 40, "alpha": 0.07], against: .tokens, origin: "law.json")
        let source = SourceLocation(file: "runs.csv", line: 3)
        let lacking = Run(params: .nan, tokens: .nan, flops: 1e22, loss: 2.2, derived: nil, source: source)
        #expect(throws: RunPredictionError.missingQuantity(run: source, quantity: "tokens", law: "law.json")) {
            try RunPredictions(law: inTokens, runs: [lacking])
        }
    }

    /// Muennighoff et al. 2023, eqs. 5–7, worked here: D′ = U + U·R*_D·(1 − e^(−R_D/R*_D)),
    /// R_D = D/U − 1; N′ likewise beyond U_N = min(N, N_opt(U)), N_opt(U) = G·(G·U)^(β/α),
    /// G = (αA/(βB))^(1/(α+β)). A run without unique tokens is Chinchilla's.
    @Test func dataConstrainedUsesEachRunsUniqueTokens() throws {
        let (e, a, b, alpha, beta, rD, rN) = (1.87, 520.8, 1487.7, 0.3527, 0.3527, 15.4, 5.3)
        let law = LawFile(form: .dataConstrained,
                          parameters: ["E": e, "A": a, "B": b, "alpha": alpha, "beta": beta, "R_D": rD, "R_N": rN])
        let runs = [Run(params: 8.7e9, tokens: 178e9, loss: 2.4, uniqueTokens: 44.5e9),   // 4 epochs, excess params
                    Run(params: 1e9, tokens: 100e9, loss: 2.6, uniqueTokens: 10e9),       // 10 epochs
                    Run(params: 1e9, tokens: 100e9, loss: 2.6)]                           // fresh data
        let p = try RunPredictions(law: law, runs: runs)
        let g = pow(alpha * a / (beta * b), 1 / (alpha + beta))
        func decayed(_ total: Double, _ unique: Double, _ r: Double) -> Double {
            unique + unique * r * (1 - exp(-(total / unique - 1) / r))
        }
        for (run, prediction) in zip(runs, p.predictions) {
            var n = run.params, d = run.tokens
            if let u = run.uniqueTokens {
                d = decayed(run.tokens, min(u, run.tokens), rD)
                let un = min(run.params, g * pow(g * u, beta / alpha))
                n = decayed(run.params, un, rN)
            }
            let expected = e + a / pow(n, alpha) + b / pow(d, beta)
            #expect(Self.relative(prediction.loss, expected) < 1e-12, "\(run): \(prediction.loss) vs \(expected)")
        }
        #expect(p.predictions[2].loss < p.predictions[1].loss)   // repetition costs
    }

    /// Intervals are the type-7 percentiles of the samples' predictions; runs without a loss are
    /// predicted but not scored.
    @Test func intervalsAndRunsWithoutLoss() throws {
        let samples: [[String: Double]] = (0..<11).map { i in
            ["E": 1.7 + 0.01 * Double(i), "A": 400, "B": 410, "alpha": 0.34, "beta": 0.28]
        }
        let law = LawFile(form: .chinchilla, parameters: ["E": 1.75, "A": 400, "B": 410, "alpha": 0.34, "beta": 0.28],
                          samples: samples, origin: "law.json")
        let runs = [Run(params: 7e9, tokens: 1.4e12, loss: .nan), Run(params: 1e8, tokens: 2e9, loss: 3.3)]
        let p = try RunPredictions(law: law, runs: runs, confidence: 0.8)
        // Sample i predicts base + 1.7 + 0.01·i: the 10% and 90% points are i = 1 and i = 9.
        let base = 400 / pow(7e9, 0.34) + 410 / pow(1.4e12, 0.28)
        let interval = try #require(p.predictions[0].interval)
        #expect(abs(interval.low - (base + 1.71)) < 1e-12 && abs(interval.high - (base + 1.79)) < 1e-12)
        #expect(p.samples == 11)
        #expect(p.predictions[0].observed == nil && p.predictions[0].residual == nil)
        #expect(p.observedCount == 1)
        let l = 1.75 + 400 / pow(1e8, 0.34) + 410 / pow(2e9, 0.28)
        #expect(Self.relative(try #require(p.objectiveValue), Self.huber(log(l) - log(3.3), 1e-3)) < 1e-12)
        // No run with a loss: no objective.
        #expect(try RunPredictions(law: law, runs: [runs[0]]).objectiveValue == nil)
    }

    @Test func refusals() throws {
        let isoflop = LawFile(form: .isoflop, parameters: ["a": 0.5, "k": 0.1, "b": 0.5], origin: "iso.json")
        let run = Run(params: 1e9, tokens: 2e10, loss: 2.5)
        #expect { try RunPredictions(law: isoflop, runs: [run]) } throws: { "\($0)".hasPrefix("iso.json: an isoflop law file cannot predict a loss") }
        let law = LawFile(form: .chinchilla, parameters: ["E": 1.7, "A": 400, "B": 410, "alpha": 0.34, "beta": 0.28])
        #expect(throws: RunPredictionError.noRuns) { try RunPredictions(law: law, runs: []) }
        let broken = LawFile(form: .kaplan, parameters: ["N_c": 8.8e13, "D_c": 5.4e13, "alpha_N": 0.076], origin: "k.json")
        #expect { try RunPredictions(law: broken, runs: [run]) } throws: { "\($0)" == "k.json: a kaplan law needs parameter 'alpha_D'" }
    }
}
