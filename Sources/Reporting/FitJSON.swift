import Foundation
import Fitting
import ScalingLaws

/// The fit as JSON, with the stable keys scripts rely on (DESIGN.md): `form`, `parameters`,
/// `standard_errors`, `intervals`, `objective`, `runs`, `compute_optimal`, `diagnostics`.
/// The same document is the law file `--save` writes; `samples` carries the bootstrap.
public enum FitJSON {
    /// Runs that were read but left out of the fit, with the reason (e.g. "loss > 3.41").
    public struct Exclusions: Sendable {
        public var count: Int
        public var reasons: [String]
        public init(count: Int = 0, reasons: [String] = []) { self.count = count; self.reasons = reasons }
    }

    public static func object(_ fit: FitResult, excluded: Exclusions = Exclusions(), includeSamples: Bool = true) -> [String: Any] {
        var o: [String: Any] = [
            "form": fit.form.rawValue,
            "parameters": numbers(fit.parameters),
            "standard_errors": fit.standardErrors,
            "standard_errors_from": fit.uncertaintySource.rawValue,
            "objective": objective(fit),
            "runs": ["used": fit.runsUsed, "excluded": excluded.count, "exclusions": excluded.reasons],
            "convergence": ["converged": fit.convergence.converged, "reason": fit.convergence.reason.rawValue,
                            "iterations": fit.convergence.iterations, "gradient": fit.convergence.gradientNorm],
            "search": ["grid_points": fit.search.gridPoints, "starts_polished": fit.search.startsPolished,
                       "starts_agreeing": fit.search.startsAgreeing],
            "correlations": ["order": fit.parameterNames, "matrix": fit.correlations],
            "diagnostics": diagnostics(fit),
            "warnings": fit.warnings,
        ]
        if let against = fit.against { o["against"] = against.rawValue }
        if let column = fit.againstColumn { o["against_column"] = column }
        if let link = fit.link { o["link"] = link.rawValue }
        if let metric = fit.metric { o["metric"] = metric }
        if !fit.anchors.isEmpty { o["anchors"] = fit.anchors.map { [$0.loss, $0.metric] } }
        if !fit.intervals.isEmpty {
            o["intervals"] = fit.intervals.mapValues { [number($0.low), number($0.high)] }
        }
        if !fit.profileIntervals.isEmpty {
            o["profile_intervals"] = fit.profileIntervals.mapValues { [number($0.low), number($0.high)] }
        }
        if !fit.intervals.isEmpty || !fit.profileIntervals.isEmpty { o["confidence"] = fit.confidence }
        o["fixed"] = fit.fixed
        o["tied"] = fit.tied
        if let co = fit.computeOptimal ?? fit.isoflopComputeOptimal() {
            var c: [String: Any] = ["params_exponent": co.paramsExponent, "tokens_exponent": co.tokensExponent, "G": co.G]
            if let i = co.paramsExponentInterval { c["params_exponent_interval"] = [i.low, i.high] }
            if let i = co.tokensExponentInterval { c["tokens_exponent_interval"] = [i.low, i.high] }
            c["budgets"] = co.budgets.map { b -> [String: Any] in
                var d: [String: Any] = ["flops": b.flops, "params": b.params, "tokens": b.tokens, "tokens_per_param": b.tokensPerParam]
                if let i = b.tokensPerParamInterval { d["tokens_per_param_interval"] = [i.low, i.high] }
                return d
            }
            o["compute_optimal"] = c
        }
        if let e = fit.envelope {
            o["envelope"] = ["flops_window": [e.low, e.high], "default_window": e.isDefaultWindow, "formed_by": e.formedBy] as [String: Any]
        }
        if !fit.notes.isEmpty { o["notes"] = fit.notes }
        if !fit.isoflopProfiles.isEmpty {
            o["isoflop_minima"] = fit.isoflopProfiles.map {
                ["flops": $0.flops, "params": $0.optimalParams, "tokens": $0.optimalTokens, "loss": $0.optimalLoss,
                 "runs": $0.runs, "inside_sampled_range": $0.minimumInsideSampledRange] as [String: Any]
            }
        }
        if includeSamples && !fit.samples.isEmpty {
            o["bootstrap"] = ["resamples": fit.samples.count + fit.bootstrapFailures, "failures": fit.bootstrapFailures]
            o["samples"] = fit.samples.map(numbers)
        }
        return o
    }

    /// A parameter's value for JSON: a number, or the string "inf" for a half-life of ∞ (no
    /// decay), which JSON numbers cannot hold and law files read back.
    static func number(_ v: Double) -> Any {
        v.isFinite ? v : (v > 0 ? "inf" : (v < 0 ? "-inf" : "nan"))
    }

    static func numbers(_ p: [String: Double]) -> [String: Any] { p.mapValues(number) }

    public static func string(_ fit: FitResult, excluded: Exclusions = Exclusions(), includeSamples: Bool = true) -> String {
        serialize(object(fit, excluded: excluded, includeSamples: includeSamples))
    }

    public static func serialize(_ object: Any) -> String {
        JSON.text(object)
    }

    static func lossName(_ loss: RobustLoss) -> String {
        if case .huber = loss { return "huber" }
        return "squared"
    }

    static func objective(_ fit: FitResult) -> [String: Any] {
        var o: [String: Any] = ["value": fit.objectiveValue, "loss": lossName(fit.objective.loss),
                                "space": fit.objective.space.rawValue]
        if case let .huber(d) = fit.objective.loss { o["delta"] = d }
        return o
    }

    static func diagnostics(_ fit: FitResult) -> [String: Any] {
        let d = fit.diagnostics
        var residuals: [String: Any] = ["count": d.residuals.count, "rms": d.residuals.rms, "mean_abs": d.residuals.meanAbsolute,
                                        "median_abs": d.residuals.medianAbsolute, "max_abs": d.residuals.maxAbsolute]
        if let worst = d.residuals.worst { residuals["worst"] = worst.description }
        var o: [String: Any] = [
            "residuals": residuals,
            "influential_runs": d.influentialRuns.map { ["run": $0.source.description, "shift_se": $0.shift, "parameter": $0.parameter] },
            "at_bound": d.atBound,
            "strong_correlations": d.strongCorrelations.map { ["a": $0.0, "b": $0.1, "rho": $0.2] as [String: Any] },
        ]
        if let h = d.holdout {
            o["holdout"] = ["held_out": h.heldOut, "kind": h.heldOutKind, "quantity": h.quantity,
                            "mean_abs_relative_error": h.meanAbsoluteRelativeError, "mean_abs_error": h.meanAbsoluteError,
                            "predictions": h.predictions.map { ["run": $0.source.description, h.xKey ?? h.variable.rawValue: $0.x,
                                                                "observed": $0.observed, "predicted": $0.predicted,
                                                                "relative_error": $0.relativeError] as [String: Any] }]
        }
        return o
    }
}
