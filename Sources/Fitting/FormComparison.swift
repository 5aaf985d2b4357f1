import Foundation
import ScalingLaws

/// Choosing a form by how well it extrapolates: every form of the loss a user could choose is
/// fitted without the K largest-compute runs and scored on predicting them, and by AIC and BIC
/// on the runs it was fitted to.
///
/// AIC = n·log(RSS/n) + 2k and BIC = n·log(RSS/n) + k·log n (Akaike 1974; Schwarz 1978), with
/// RSS the sum of squared log-loss residuals of the n fitted runs and k the form's free
/// parameters: a Gaussian likelihood on log L, whatever objective the fit minimised, so that
/// forms with different objectives are compared on one scale.
///
/// What it does not do: it compares laws of the loss only (IsoFLOP and envelope analyses give
/// an allocation, a downstream link a metric); it holds out by compute only (the runs a team
/// extrapolates to), so a form that is right at small compute and wrong beyond ranks by that
/// one direction; and K held-out runs are few, so close errors do not separate forms.
public enum FormComparison {
    public struct Row: Sendable {
        public var form: String
        public var parameters: Int
        /// Mean and worst |relative error| predicting the held-out runs.
        public var holdoutError: Double?
        public var worstError: Double?
        public var aic: Double?
        public var bic: Double?
        /// With a bootstrap: how many held-out runs lie inside the form's percentile interval
        /// of predictions (at the options' confidence).
        public var covered: Int?
        /// Why the form was not fitted (too few runs, not applicable to these runs, ...).
        public var failure: String?
        /// Something to know about the row (the user's constraints not applied, ...).
        public var note: String?
    }

    /// The candidate forms for `runs`: Chinchilla, Kaplan, power laws in compute (with and
    /// without a floor), in params and in tokens (each only when the other variable is held
    /// or moves with it: otherwise a law in one of them reads the other's effect as noise),
    /// broken power laws in compute with 1 and 2 breaks (with 0 breaks it is the power law),
    /// and the data-constrained law when every run gives its unique tokens. Each is a name,
    /// its options, or why it does not apply.
    static func candidates(_ runs: [Run], options: FitOptions, objective: FitObjective?) -> [(String, Result<FitOptions, FitError>)] {
        var delta = 1e-3
        if case let .huber(d) = options.objective.loss { delta = d }
        func variant(_ form: LawForm, _ change: (inout FitOptions) -> Void = { _ in }) -> FitOptions {
            var o = options
            o.form = form; o.holdoutLargest = 0; o.against = .flops; o.againstColumn = nil; o.floor = true
            o.objective = objective ?? (form == .brokenPowerLaw ? FitObjective(loss: .squared, space: .log) : FitObjective(loss: .huber(delta: delta), space: .log))
            change(&o)
            return o
        }
        // A file may give compute alone (a frontier), or params and tokens.
        let knows = { (q: RunQuantity) in runs.allSatisfy { $0.knows(q) } }
        let scale = knows(.params) && knows(.tokens)
        let noScale = FitError.invalidOption("not applicable: the runs do not give both params and tokens")
        var out: [(String, Result<FitOptions, FitError>)] = [
            ("chinchilla", scale ? .success(variant(.chinchilla)) : .failure(noScale)),
            ("kaplan", scale ? .success(variant(.kaplan)) : .failure(noScale)),
        ]
        for (name, floor) in [("power-law (flops)", true), ("power-law (flops, E = 0)", false)] {
            out.append((name, knows(.flops) ? .success(variant(.powerLaw) { $0.floor = floor }) : .failure(.invalidOption("not applicable: the runs do not give their compute"))))
        }
        let logN = runs.map { log($0.params) }, logD = runs.map { log($0.tokens) }
        let together = scale ? abs(Statistics.correlation(logN, logD)) : 0
        func constant(_ x: [Double]) -> Bool { (x.max() ?? 0) - (x.min() ?? 0) < 1e-9 }
        for (variable, other, otherName) in [(ScalingVariable.params, logD, "tokens"), (.tokens, logN, "params")] {
            let name = "power-law (\(variable.rawValue))"
            if !knows(RunQuantity(rawValue: variable.rawValue)!) {
                out.append((name, .failure(.invalidOption("not applicable: the runs do not give their \(variable.rawValue)"))))
            } else if !knows(RunQuantity(rawValue: otherName)!) || constant(other) || together > 0.99 {
                out.append((name, .success(variant(.powerLaw) { $0.against = variable })))
            } else {
                out.append((name, .failure(.invalidOption(String(format: "not applicable: %@ vary apart from %@ (|ρ| of their logs %.2f), so a law in %@ alone would read their effect as noise", otherName, variable.rawValue, together, variable.rawValue)))))
            }
        }
        for breaks in [1, 2] {
            out.append(("broken-power-law (flops, \(breaks) break\(breaks == 1 ? "" : "s"))",
                        knows(.flops) ? .success(variant(.brokenPowerLaw) { $0.breaks = breaks }) : .failure(.invalidOption("not applicable: the runs do not give their compute"))))
        }
        if !scale {
            out.append(("data-constrained", .failure(noScale)))
        } else if runs.allSatisfy({ $0.uniqueTokens != nil }) {
            out.append(("data-constrained", .success(variant(.dataConstrained) { $0.repetitionHalfLife = nil })))
        } else {
            out.append(("data-constrained", .failure(.invalidOption("not applicable: the runs give no unique tokens (no data is repeated)"))))
        }
        return out
    }

    /// Fits each candidate without the `options.holdoutLargest` largest-compute runs, with the
    /// user's objective (nil: each form's default — Huber on log L; squared on log y for the
    /// broken power law), constraints (on the forms that have every parameter they name; the
    /// rest free, with a note) and bootstrap. Rows are ranked by holdout error, forms that were
    /// not fitted last.
    public static func compare(_ runs: [Run], options: FitOptions, objective: FitObjective? = nil) throws -> [Row] {
        let k = options.holdoutLargest
        guard k >= 1 else { throw FitError.invalidOption("--compare-forms needs --holdout-largest K ≥ 1: the runs whose prediction ranks the forms") }
        guard runs.count - k > 6 else {
            throw FitError.invalidOption("--holdout-largest \(k) leaves \(runs.count - k) runs: too few to fit")
        }
        let order = runs.indices.sorted { runs[$0].flops > runs[$1].flops }
        let held = order.prefix(k).map { runs[$0] }
        let heldSet = Set(order.prefix(k))
        let kept = runs.indices.filter { !heldSet.contains($0) }.map { runs[$0] }
        var rows: [Row] = []
        for (name, candidate) in candidates(kept, options: options, objective: objective) {
            guard case var .success(o) = candidate else {
                if case let .failure(why) = candidate { rows.append(Row(form: name, parameters: 0, failure: "\(why)")) }
                continue
            }
            var note: String? = nil
            let names = Set(Fitter.parameterNames(o))
            if !options.constraints.isEmpty && !Set(options.constraints.mentioned).isSubset(of: names) {
                o.constraints = ParameterConstraints()
                note = "fitted without the --fix/--tie/--bound options (they name parameters this form does not have)"
            }
            let count = Fitter.parameterNames(o).count
            do {
                let fit = try Fitter.fitSeparable(kept, options: o, progress: nil)
                let rss = kept.reduce(0.0) { let r = log(Fitter.predict(fit, at: $1)) - log($1.loss); return $0 + r * r }
                let errors = held.map { abs(Fitter.predict(fit, at: $0) / $0.loss - 1) }
                // Free parameters: a fixed one is none, a tied group one.
                let n = Double(kept.count), p = Double(fit.parameterNames.count - fit.fixed.count - fit.tied.reduce(0) { $0 + $1.count - 1 })
                let base = n * log(rss / n)
                var row = Row(form: name, parameters: Int(p), holdoutError: errors.reduce(0, +) / Double(errors.count),
                              worstError: errors.max(), aic: base + 2 * p, bic: base + p * log(n), note: note)
                if o.bootstrap > 0, !fit.samples.isEmpty {
                    row.covered = held.filter { run in
                        let draws = fit.samples.map { sample -> Double in
                            var s = fit
                            s.parameters = sample
                            return Fitter.predict(s, at: run)
                        }.filter(\.isFinite).sorted()
                        guard draws.count >= 2 else { return false }
                        let interval = Statistics.percentileInterval(draws, confidence: o.confidence)
                        return run.loss >= interval.low && run.loss <= interval.high
                    }.count
                }
                rows.append(row)
            } catch {
                rows.append(Row(form: name, parameters: count, failure: "\(error)", note: note))
            }
        }
        return rows.sorted { ($0.holdoutError ?? .infinity) < ($1.holdoutError ?? .infinity) }
    }
}
