import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// `fit --compare-forms`: the rows recomputed here from a fit of the kept runs, by hand.
@Suite struct FormComparisonTests {
    static let law = ChinchillaLaw(E: 1.8, A: 450, B: 1800, alpha: 0.34, beta: 0.36)
    static let runs = SyntheticSweep.chinchilla(law, budgets: SyntheticSweep.logSpaced(1e18, 1e21, 6), noise: 0.005, seed: 7)

    @Test func rowsMatchTheirDefinitions() throws {
        var options = FitOptions()
        options.holdoutLargest = 5
        let rows = try FormComparison.compare(Self.runs, options: options)
        // Every candidate has a row: fitted, or why not.
        #expect(Set(rows.map(\.form)) == ["chinchilla", "kaplan", "power-law (flops)", "power-law (flops, E = 0)", "power-law (params)",
                                          "power-law (tokens)", "broken-power-law (flops, 1 break)", "broken-power-law (flops, 2 breaks)",
                                          "data-constrained"])
        // IsoFLOP profiles vary N and D apart: a law in one of them alone does not apply; no unique tokens, no data-constrained law.
        for form in ["power-law (params)", "power-law (tokens)", "data-constrained"] {
            #expect(rows.first { $0.form == form }?.failure?.hasPrefix("not applicable: ") == true, "\(form)")
        }
        let row = try #require(rows.first { $0.form == "chinchilla" })
        // The five largest-compute runs out; Chinchilla fitted to the rest.
        let order = Self.runs.sorted { $0.flops > $1.flops }
        let held = Array(order.prefix(5)), kept = Array(order.dropFirst(5))
        let fit = try #require(try Fitter.fit(kept, options: FitOptions()).chinchillaLaw)
        let rss = kept.map { pow(log(fit.loss(params: $0.params, tokens: $0.tokens)) - log($0.loss), 2) }.reduce(0, +)
        let n = Double(kept.count)
        #expect(abs(row.aic! - (n * log(rss / n) + 10)) < 1e-6)
        #expect(abs(row.bic! - (n * log(rss / n) + 5 * log(n))) < 1e-6)
        let errors = held.map { abs(fit.loss(params: $0.params, tokens: $0.tokens) / $0.loss - 1) }
        #expect(abs(row.holdoutError! - errors.reduce(0, +) / 5) < 1e-9)
        #expect(abs(row.worstError! - errors.max()!) < 1e-9)
        // Ranked by holdout error; the true form has the lowest BIC.
        #expect(zip(rows, rows.dropFirst()).allSatisfy { ($0.holdoutError ?? .infinity) <= ($1.holdoutError ?? .infinity) })
        #expect(rows.filter { $0.bic != nil }.min { $0.bic! < $1.bic! }?.form == "chinchilla")
    }

    /// The user's objective, constraints and bootstrap are those of the comparison's fits: the
    /// Chinchilla row is a fit of the kept runs with them, recomputed here; the held-out runs
    /// inside the bootstrap's percentile interval are counted here from its samples.
    @Test func theUsersObjectiveConstraintsAndBootstrapAreHonoured() throws {
        var options = FitOptions()
        options.holdoutLargest = 4
        options.objective = FitObjective(loss: .squared, space: .linear)
        options.constraints = ParameterConstraints(ties: [.init("alpha", "beta")])
        options.bootstrap = 8
        options.seed = 3
        let rows = try FormComparison.compare(Self.runs, options: options, objective: options.objective)
        let row = try #require(rows.first { $0.form == "chinchilla" })
        #expect(row.parameters == 4)   // α and β are one
        #expect(rows.first { $0.form == "kaplan" }?.note?.contains("without the --fix/--tie/--bound options") == true)
        let order = Self.runs.sorted { $0.flops > $1.flops }
        // The kept runs in the file's order: a bootstrap's resamples are drawn by index.
        let held = Array(order.prefix(4)), kept = Self.runs.filter { !held.contains($0) }
        var direct = options
        direct.holdoutLargest = 0
        let fit = try Fitter.fit(kept, options: direct)
        #expect(fit.parameters["alpha"] == fit.parameters["beta"])
        let law = try #require(fit.chinchillaLaw)
        let errors = held.map { abs(law.loss(params: $0.params, tokens: $0.tokens) / $0.loss - 1) }
        #expect(abs(row.holdoutError! - errors.reduce(0, +) / 4) < 1e-9)
        // Percentile interval at 90% of each held-out run's predicted loss over the samples.
        var covered = 0
        for run in held {
            let draws = fit.samples.compactMap { try? ChinchillaLaw(parameters: $0) }.map { $0.loss(params: run.params, tokens: run.tokens) }.sorted()
            func q(_ p: Double) -> Double {
                let h = Double(draws.count - 1) * p, lo = Int(h), hi = min(lo + 1, draws.count - 1)
                return draws[lo] + (h - Double(lo)) * (draws[hi] - draws[lo])
            }
            if run.loss >= q(0.05) && run.loss <= q(0.95) { covered += 1 }
        }
        #expect(draws(fit) == 8 && row.covered == covered)
    }

    private func draws(_ fit: FitResult) -> Int { fit.samples.count }

    /// Runs at one ratio D = 20·N: a power law in params (or tokens) applies, and its row is
    /// the power law in N fitted to the kept runs.
    @Test func aLawInParamsAppliesAlongOneRatio() throws {
        let runs = [3e7, 6e7, 1.2e8, 2.4e8, 4.8e8, 9.6e8, 1.9e9, 3.8e9, 7.6e9, 1.5e10].map { n in
            Run(params: n, tokens: 20 * n, loss: Self.law.loss(params: n, tokens: 20 * n))
        }
        var options = FitOptions()
        options.holdoutLargest = 2
        let rows = try FormComparison.compare(runs, options: options)
        let row = try #require(rows.first { $0.form == "power-law (params)" })
        #expect(row.failure == nil)
        var direct = FitOptions(form: .powerLaw, against: .params)
        direct.holdoutLargest = 0
        let fit = try Fitter.fit(Array(runs.prefix(8)), options: direct)
        let power = PowerLaw(E: fit.parameters["E"]!, A: fit.parameters["A"]!, alpha: fit.parameters["alpha"]!, against: .params)
        let errors = runs.suffix(2).map { abs(power.loss(x: $0.params) / $0.loss - 1) }
        #expect(abs(row.holdoutError! - errors.reduce(0, +) / 2) < 1e-9)
        // Chinchilla cannot separate N from D on one ratio: it says why.
        #expect(rows.first { $0.form == "chinchilla" }?.failure?.contains("move together") == true)
    }

    /// A compute frontier (flops and loss only): the laws in compute are fitted — on
    /// L = 2 + 100·C^(−0.1) exactly, the power law's holdout error is 0 to rounding — and every
    /// form needing params or tokens says so.
    @Test func aComputeFrontierComparesTheLawsInCompute() throws {
        let runs = (0..<12).map { i -> Run in
            let c = 1e17 * pow(10, Double(i) / 2)
            return Run(params: .nan, tokens: .nan, flops: c, loss: 2 + 100 * pow(c, -0.1))
        }
        var options = FitOptions()
        options.holdoutLargest = 2
        let rows = try FormComparison.compare(runs, options: options)
        let power = try #require(rows.first { $0.form == "power-law (flops)" })
        #expect(power.failure == nil && power.holdoutError! < 1e-6)
        #expect(rows.first?.form == "power-law (flops)")
        for form in ["chinchilla", "kaplan", "data-constrained"] {
            #expect(rows.first { $0.form == form }?.failure == "not applicable: the runs do not give both params and tokens")
        }
        #expect(rows.first { $0.form == "power-law (params)" }?.failure == "not applicable: the runs do not give their params")
    }

    @Test func tooFewRunsLeftIsRefused() {
        var options = FitOptions()
        options.holdoutLargest = Self.runs.count - 3
        #expect(throws: FitError.self) { try FormComparison.compare(Self.runs, options: options) }
    }
}
