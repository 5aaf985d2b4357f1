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
        #expect(rows.map(\.form).contains("chinchilla") && rows.count == 4)
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
        #expect(rows.min { $0.bic! < $1.bic! }?.form == "chinchilla")
    }

    @Test func tooFewRunsLeftIsRefused() {
        var options = FitOptions()
        options.holdoutLargest = Self.runs.count - 3
        #expect(throws: FitError.self) { try FormComparison.compare(Self.runs, options: options) }
    }
}
