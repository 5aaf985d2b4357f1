import Fitting
import Foundation
import Reporting
import ScalingLaws

/// Renders fits (one per group) in the chosen format.
struct FitRendering {
    var fits: [(String, FitResult)]
    var loaded: LoadedRuns
    var format: TableFormat
    var exclusions: FitJSON.Exclusions
    /// The `--group` column, for headers.
    var groupColumn: String?

    func render() -> String {
        switch format {
        case .json:
            let objects = fits.map { group, fit -> [String: Any] in
                var o = FitJSON.object(fit, excluded: exclusions, includeSamples: false)
                // What reading found (derived quantities, skipped rows, checkpoints averaged,
                // warnings), as the text report prints it above the table.
                if var runs = o["runs"] as? [String: Any] {
                    runs["read"] = loaded.read.runs.count
                    runs["notes"] = loaded.read.notes
                    o["runs"] = runs
                }
                if !group.isEmpty { o["group"] = group }
                return o
            }
            return FitJSON.serialize(fits.count == 1 && fits[0].0.isEmpty ? objects[0] : objects)
        case .csv:
            // One table: a row per (group, parameter), machine-readable.
            var out = ""
            for (i, (group, fit)) in fits.enumerated() {
                var table = FitReport.parameterTable(fit)
                if !group.isEmpty {
                    table.columns.insert(Table.Column("group", key: "group", alignment: .left), at: 0)
                    table.rows = table.rows.map { [.text(group)] + $0 }
                }
                let csv = table.render(.csv)
                out += i == 0 ? csv : String(csv.drop { $0 != "\n" }.dropFirst())
            }
            return out
        case .text, .markdown, .latex:
            return fits.map { section($0.0, $0.1) }.joined(separator: "\n")
        }
    }

    private func section(_ group: String, _ fit: FitResult) -> String {
        var table = format == .text ? FitReport.parameterTable(fit) : FitReport.parameterTable(fit)
        var header: [String] = []
        var runsLine = group.isEmpty
            ? "Fitted \(FitReport.formula(fit)) to \(fit.runsUsed) of \(loaded.read.runs.count) runs"
            : "Fitted \(FitReport.formula(fit)) to the \(fit.runsUsed) runs with \(groupColumn ?? "group") = \(group) (\(loaded.read.runs.count) read)"
        if fit.form == .downstream && group.isEmpty {
            // A link's points: the runs' (or checkpoints') and any anchors.
            let anchors = fit.anchors.count
            runsLine = "Fitted \(FitReport.formula(fit)) to \(loaded.log.runs.count) of \(loaded.read.runs.count) \(loaded.read.runs.count == loaded.read.files.count ? "runs" : "points")"
                + (anchors > 0 ? " and \(anchors) anchor\(anchors == 1 ? "" : "s")" : "")
        }
        if fit.form == .envelope && group.isEmpty {
            runsLine = "Fitted \(FitReport.formula(fit)) to \(fit.runsUsed) training curves (\(loaded.log.runs.count) checkpoints)"
        }
        if exclusions.count > 0 { runsLine += " (\(exclusions.reasons.joined(separator: "; ")))" }
        header.append(runsLine)
        header += loaded.read.notes
        let objective = fit.form == .envelope ? "least squares of log N_opt on log C"
            : fit.form == .downstream
            ? "\(fit.objective.loss) on \(fit.objective.space == .log ? "log " : "")\(fit.metric ?? "the metric")"
            : "\(fit.objective)"
        header.append("objective: \(objective) = \(String(format: "%.10g", fit.objectiveValue))")
        let c = fit.convergence
        let state = c.reason == .closedForm ? "exact, no iteration"
            : "\(c.converged ? "converged" : "NOT converged") (\(c.reason.rawValue), gradient \(NumberFormatting.scientific(c.gradientNorm, significant: 1)))"
        header.append(fit.form == .envelope
            ? "search: the lowest curve at \(fit.search.gridPoints) log-spaced FLOP values, then a closed-form regression"
            : "search: \(fit.search.description), \(state)")
        header.append("standard errors: \(fit.uncertaintySource == .bootstrap ? "bootstrap, \(fit.samples.count) resamples" : "curvature at the optimum")")
        var notes = FitReport.summaryLines(fit)
        if fit.form == .isoflop {
            notes.insert(FitReport.isoflopTable(fit).render(format), at: 0)
        }
        table.notes = []
        switch format {
        case .markdown:
            return header.map { $0 + "  " }.joined(separator: "\n") + "\n\n" + table.render(.markdown) + "\n" + notes.map { $0 + "  " }.joined(separator: "\n") + "\n"
        case .latex:
            return header.map { "% " + $0 }.joined(separator: "\n") + "\n" + table.render(.latex) + notes.map { "% " + $0 }.joined(separator: "\n") + "\n"
        default:
            return header.joined(separator: "\n") + "\n\n" + indent(table.render(.text)) + "\n" + notes.joined(separator: "\n") + "\n"
        }
    }

    private func indent(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
    }
}
