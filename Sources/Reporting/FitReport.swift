import Foundation
import Fitting
import ScalingLaws

/// A fit as people read it: the law, a parameter table (value, s.e., interval), the
/// compute-optimal allocation, diagnostics and warnings.
public enum FitReport {
    /// The formula of the fitted form, in words people recognise.
    public static func formula(_ fit: FitResult) -> String {
        switch fit.form {
        case .chinchilla: return "L(N, D) = E + A/N^α + B/D^β"
        case .dataConstrained: return "L = E + A/N′^α + B/D′^β, D′ = U + U·R*_D·(1 − e^(−R_D/R*_D)), N′ likewise beyond N_opt(U)"
        case .powerLaw:
            let x = fit.againstColumn ?? ((fit.against ?? .flops) == .flops ? "C" : ((fit.against == .params) ? "N" : "D"))
            return fit.parameters["E"] == nil ? "L(\(x)) = A·\(x)^(−α)" : "L(\(x)) = E + A·\(x)^(−α)"
        case .isoflop: return "N*(C) = k·C^a, D*(C) = C/(6·N*) ∝ C^b (IsoFLOP parabolas)"
        case .kaplan: return "L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D"
        case .envelope: return "N_opt(C) = k·C^a, D_opt(C) = C/(6·N_opt) ∝ C^b (lower envelope of training curves)"
        case .brokenPowerLaw:
            let x = fit.againstColumn ?? ((fit.against ?? .flops) == .flops ? "C" : ((fit.against == .params) ? "N" : "D"))
            let n = fit.parameterNames.filter { $0.hasPrefix("d") }.count
            let factors = (1...max(1, n)).map { "(1 + (\(x)/d\($0))^(1/f\($0)))^(−c\($0)·f\($0))" }.joined(separator: "·")
            return "y(\(x)) = a + b·\(x)^(−c0)·" + factors
        case .downstream:
            let formula = (fit.link ?? .exponential).formula
            return fit.metric.map { formula.replacingOccurrences(of: "M(L)", with: "\($0)(L)") } ?? formula
        }
    }

    /// Greek names where the law writes Greek.
    public static func symbol(_ name: String) -> String {
        ["alpha": "α", "beta": "β", "alpha_N": "α_N", "alpha_D": "α_D", "R_D": "R*_D", "R_N": "R*_N",
         "epsilon": "ε", "gamma": "γ"][name] ?? name
    }

    /// The parameter table: value, standard error, and the interval when bootstrapped (or, for
    /// a half-life, profiled). A fixed parameter says so in place of its error; a tied one
    /// names the parameter it shares a value with.
    public static func parameterTable(_ fit: FitResult) -> Table {
        let hasIntervals = !fit.intervals.isEmpty || !fit.profileIntervals.isEmpty
        var columns = [Table.Column("parameter", key: "parameter", alignment: .left),
                       Table.Column("value", key: "value"),
                       Table.Column("s.e.", key: "standard_error")]
        if hasIntervals {
            columns.append(Table.Column("\(percent(fit.confidence)) interval", key: "interval", alignment: .left))
        }
        var table = Table(columns: columns)
        // Constants a fit reports beyond its named parameters follow them.
        let extra = fit.parameters.keys.filter { !fit.parameterNames.contains($0) }.sorted()
        for name in fit.parameterNames + extra {
            guard let value = fit.parameters[name] else { continue }
            var label = symbol(name)
            if let group = fit.tied.first(where: { $0.contains(name) }), group.first != name {
                label += " (= \(symbol(group.first!)))"
            }
            let valueCell: Cell = value.isFinite ? .number(value, .decimal(significant: 4)) : .text(value > 0 ? "∞" : "−∞")
            let errorCell: Cell = fit.fixed.contains(name) ? .text("fixed")
                : (fit.standardErrors[name].map { .number($0, .decimal(significant: 2)) } ?? .empty)
            var row: [Cell] = [.text(label), valueCell, errorCell]
            if hasIntervals {
                if let i = fit.intervals[name] {
                    row.append(intervalCell(i, note: nil))
                } else if let i = fit.profileIntervals[name] {
                    row.append(intervalCell(i, note: "profile"))
                } else {
                    row.append(.empty)
                }
            }
            table.append(row)
        }
        return table
    }

    static func intervalText(_ i: Interval) -> String {
        func text(_ v: Double) -> String { v.isFinite ? NumberFormatting.decimal(v, significant: 4) : (v > 0 ? "∞" : "−∞") }
        return "[\(text(i.low)), \(text(i.high))\(i.high.isFinite ? "]" : ")")"
    }

    /// An interval whose high end may be ∞ (a half-life the data do not bound).
    static func intervalCell(_ i: Interval, note: String?) -> Cell {
        if i.high.isFinite && i.low.isFinite && note == nil { return .interval(i.low, i.high, .decimal(significant: 4)) }
        return .text(intervalText(i) + (note.map { " (\($0))" } ?? ""))
    }

    /// Per-budget IsoFLOP minima.
    public static func isoflopTable(_ fit: FitResult) -> Table {
        var table = Table(columns: [Table.Column("budget (FLOPs)", key: "flops"), Table.Column("runs fitted", key: "runs"),
                                    Table.Column("N*", key: "params"), Table.Column("D*", key: "tokens"),
                                    Table.Column("D*/N*", key: "tokens_per_param"), Table.Column("loss at N*", key: "loss")])
        for p in fit.isoflopProfiles {
            table.append([.number(p.flops, .flops), .text("\(p.runs)"),
                          .number(p.optimalParams, .count), .number(p.optimalTokens, .count),
                          .number(p.optimalTokens / p.optimalParams, .decimal(significant: 3)),
                          .number(p.optimalLoss, .decimal(significant: 4))])
        }
        return table
    }

    /// The lines printed under the table: search, compute-optimal allocation, diagnostics.
    public static func summaryLines(_ fit: FitResult) -> [String] {
        var lines: [String] = []
        if let co = fit.computeOptimal {
            var s = "compute-optimal: N* ∝ C^\(fmt(co.paramsExponent, 3))"
            if let i = co.paramsExponentInterval { s += " [\(fmt(i.low, 3)), \(fmt(i.high, 3))]" }
            s += ", D* ∝ C^\(fmt(co.tokensExponent, 3))"
            lines.append(s)
            let perBudget = co.budgets.map { b -> String in
                var t = "\(fmt(b.tokensPerParam, 3)) tokens/param at \(NumberFormatting.scientific(b.flops, significant: 2)) FLOPs"
                if let i = b.tokensPerParamInterval { t += " [\(fmt(i.low, 3)), \(fmt(i.high, 3))]" }
                return t
            }
            lines.append("  " + perBudget.joined(separator: "; "))
        }
        if fit.form == .envelope, let a = fit.parameters["a"] {
            lines += fit.notes
            lines.append("compute-optimal: N_opt ∝ C^\(fmt(a, 3)), D_opt ∝ C^\(fmt(1 - a, 3)) from the envelope at \(fit.search.gridPoints) FLOP values")
        }
        if fit.form == .isoflop, let a = fit.parameters["a"] {
            lines.append("compute-optimal: N* ∝ C^\(fmt(a, 3)), D* ∝ C^\(fmt(1 - a, 3)) from \(fit.isoflopProfiles.count) IsoFLOP minima")
        }
        let r = fit.diagnostics.residuals
        if fit.form != .isoflop && fit.form != .envelope {
            lines.append("residuals (\(fit.form == .downstream ? (fit.metric ?? "metric") : "log L")): rms \(fmt(r.rms, 2)), median |r| \(fmt(r.medianAbsolute, 2)), max |r| \(fmt(r.maxAbsolute, 2))"
                         + (r.worst.map { " at \($0)" } ?? ""))
        }
        if let top = fit.diagnostics.influentialRuns.first, top.shift > 0 {
            let list = fit.diagnostics.influentialRuns.map { "\($0.source) (\(fmt($0.shift, 2)) s.e. on \(symbol($0.parameter)))" }
            lines.append("most influential runs: " + list.joined(separator: ", "))
        }
        if let h = fit.diagnostics.holdout {
            if h.quantity == "loss" {
                lines.append("holdout (\(h.heldOut) \(h.heldOutKind) run\(h.heldOut == 1 ? "" : "s")): mean |error| \(NumberFormatting.format(h.meanAbsoluteRelativeError, .percent)) of loss"
                             + ", worst " + NumberFormatting.format(h.predictions.map { abs($0.relativeError) }.max() ?? 0, .percent))
            } else {
                // A metric's error in its own units (points of accuracy), then relative.
                let worst = h.predictions.map { abs($0.predicted - $0.observed) }.max() ?? 0
                lines.append("holdout (\(h.heldOut) \(h.heldOutKind) point\(h.heldOut == 1 ? "" : "s")): mean |error| \(fmt(h.meanAbsoluteError, 3)) in \(h.quantity)"
                             + " (\(NumberFormatting.format(h.meanAbsoluteRelativeError, .percent)) of it), worst \(fmt(worst, 3))")
            }
        }
        for name in fit.parameterNames where fit.profileIntervals[name] != nil {
            let i = fit.profileIntervals[name]!
            if !i.high.isFinite || i.high / i.low > 10 {
                lines.append("\(symbol(name)) is poorly pinned by these runs: its \(percent(fit.confidence)) profile-likelihood interval is \(intervalText(i))")
            }
        }
        lines += fit.warnings.map { "warning: " + $0 }
        return lines
    }

    static func fmt(_ x: Double, _ significant: Int) -> String {
        NumberFormatting.decimal(x, significant: significant)
    }

    static func percent(_ c: Double) -> String {
        let p = c * 100
        return p == p.rounded() ? "\(Int(p))%" : String(format: "%.1f%%", p)
    }

    /// `fit --compare-forms`: forms ranked by the error predicting the held-out runs.
    /// With `confidence` (a bootstrap), a column counts the held-out runs inside each form's
    /// interval of predictions.
    public static func formComparisonTable(_ rows: [FormComparison.Row], heldOut: Int, confidence: Double? = nil) -> Table {
        var columns = [Table.Column("form", key: "form", alignment: .left), Table.Column("parameters", key: "parameters"),
                       Table.Column("holdout |error|", key: "holdout_error"), Table.Column("worst", key: "worst_error"),
                       Table.Column("AIC", key: "aic"), Table.Column("BIC", key: "bic")]
        if let confidence { columns.append(Table.Column("in \(percent(confidence)) interval", key: "held_out_covered")) }
        var table = Table(columns: columns, rows: rows.map { r -> [Cell] in
            func number(_ v: Double?, _ style: NumberStyle) -> Cell { v.map { .number($0, style) } ?? .text("—") }
            var cells: [Cell] = [.text(r.form), r.failure == nil ? .number(Double(r.parameters), .count) : .text("—"), number(r.holdoutError, .percent),
                                 number(r.worstError, .percent), number(r.aic, .decimal(significant: 5)), number(r.bic, .decimal(significant: 5))]
            if confidence != nil { cells.append(r.covered.map { .text("\($0)/\(heldOut)") } ?? .text("—")) }
            return cells
        })
        table.notes = ["each form fitted without the \(heldOut) largest-compute runs; |error| predicting them, AIC and BIC (on log L) on the rest"]
            + rows.compactMap { r in r.failure.map { "\(r.form): \($0)" } }
            + rows.compactMap { r in r.note.map { "\(r.form): \($0)" } }
            + ["not compared: isoflop and envelope (they give an allocation, not a loss), downstream (a metric of the loss)"]
        return table
    }

    /// `fit --compare-approaches`: a and b of Hoffmann et al.'s three approaches.
    public static func approachComparisonTable(_ rows: [ApproachComparison.Row], confidence: Double) -> Table {
        let level = "\(Int((confidence * 100).rounded()))% interval"
        let columns = [Table.Column("approach", key: "approach", alignment: .left),
                       Table.Column("a (N_opt ∝ C^a)", key: "a"), Table.Column(level, key: "a_interval", alignment: .left),
                       Table.Column("b (D_opt ∝ C^b)", key: "b"), Table.Column(level, key: "b_interval", alignment: .left)]
        var table = Table(columns: columns, rows: rows.map { r -> [Cell] in
            func number(_ v: Double?) -> Cell { v.map { .number($0, .decimal(significant: 3)) } ?? .text("—") }
            func interval(_ i: Interval?) -> Cell { i.map { .interval($0.low, $0.high, .decimal(significant: 3)) } ?? .text("") }
            return [.text(r.approach), number(r.a), interval(r.aInterval), number(r.b), interval(r.bInterval)]
        })
        table.notes = rows.compactMap { r in r.failure.map { "approach \(r.approach.prefix(1)): \($0)" } }
        return table
    }
}
