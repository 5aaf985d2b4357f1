import Foundation
import ScalingLaws

/// Choosing a form by how well it extrapolates: every applicable form is fitted without the
/// K largest-compute runs and scored on predicting them, and by AIC and BIC on the runs it was
/// fitted to.
///
/// AIC = n·log(RSS/n) + 2k and BIC = n·log(RSS/n) + k·log n (Akaike 1974; Schwarz 1978), with
/// RSS the sum of squared log-loss residuals of the n fitted runs and k the form's parameters:
/// a Gaussian likelihood on log L, whatever objective the fit minimised, so that forms with
/// different objectives are compared on one scale.
public enum FormComparison {
    public struct Row: Sendable {
        public var form: String
        public var parameters: Int
        /// Mean and worst |relative error| predicting the held-out runs.
        public var holdoutError: Double?
        public var worstError: Double?
        public var aic: Double?
        public var bic: Double?
        /// Why the form could not be fitted (too few runs, no unique tokens, ...).
        public var failure: String?
    }

    /// The forms tried: Chinchilla, Kaplan, a power law and a one-break broken power law in
    /// compute, and the data-constrained law when every run gives its unique tokens. Rows are
    /// ranked by holdout error (forms that failed last).
    public static func compare(_ runs: [Run], options: FitOptions) throws -> [Row] {
        let k = options.holdoutLargest
        guard k >= 1 else { throw FitError.invalidOption("--compare-forms needs --holdout-largest K ≥ 1: the runs whose prediction ranks the forms") }
        guard runs.count - k > 6 else {
            throw FitError.invalidOption("--holdout-largest \(k) leaves \(runs.count - k) runs: too few to fit")
        }
        let order = runs.indices.sorted { runs[$0].flops > runs[$1].flops }
        let held = order.prefix(k).map { runs[$0] }
        let heldSet = Set(order.prefix(k))
        let kept = runs.indices.filter { !heldSet.contains($0) }.map { runs[$0] }
        var forms: [(String, FitOptions)] = []
        func variant(_ form: LawForm, _ change: (inout FitOptions) -> Void = { _ in }) -> FitOptions {
            var o = options
            o.form = form; o.bootstrap = 0; o.holdoutLargest = 0; o.against = .flops; o.constraints = ParameterConstraints()
            change(&o)
            return o
        }
        forms.append(("chinchilla", variant(.chinchilla)))
        forms.append(("kaplan", variant(.kaplan)))
        forms.append(("power-law (flops)", variant(.powerLaw)))
        forms.append(("broken-power-law (flops, 1 break)", variant(.brokenPowerLaw) { $0.breaks = 1; $0.objective = FitObjective(loss: .squared, space: .log) }))
        if runs.allSatisfy({ $0.uniqueTokens != nil }) {
            forms.append(("data-constrained", variant(.dataConstrained) { $0.repetitionHalfLife = nil }))
        }
        var rows: [Row] = []
        for (name, o) in forms {
            let count = Fitter.parameterNames(o).count
            do {
                let fit = try Fitter.fitSeparable(kept, options: o, progress: nil)
                let rss = kept.reduce(0.0) { let r = log(Fitter.predict(fit, at: $1)) - log($1.loss); return $0 + r * r }
                let errors = held.map { abs(Fitter.predict(fit, at: $0) / $0.loss - 1) }
                let n = Double(kept.count), p = Double(fit.parameterNames.count - fit.fixed.count)
                let base = n * log(rss / n)
                rows.append(Row(form: name, parameters: Int(p), holdoutError: errors.reduce(0, +) / Double(errors.count),
                                worstError: errors.max(), aic: base + 2 * p, bic: base + p * log(n)))
            } catch {
                rows.append(Row(form: name, parameters: count, failure: "\(error)"))
            }
        }
        return rows.sorted { ($0.holdoutError ?? .infinity) < ($1.holdoutError ?? .infinity) }
    }
}
