import Fitting
import ScalingLaws

/// `predict --runs`: a law's prediction for each run of a file, as a table (text, Markdown,
/// CSV, LaTeX) or as JSON with the keys scripts rely on:
///
/// - `predictions`: one object per run, in file order: `run` (the run's `run` or `name` tag,
///   else `file:line`), `loss` (L̂), `interval` ([low, high] at `confidence`, when the law
///   carries bootstrap samples), `observed` and `residual` (when the run has a loss; the
///   residual is log L̂ − log L, or L̂ − L for an objective on L), and the run's inputs
///   (`params`, `tokens`, `flops`, `unique_tokens`; a power law's own variable alone);
/// - `objective`: `{loss, delta, space, value}` as fit writes it, F = Σ ρ(residual) over the
///   runs with a loss (absent when none has one), plus `runs` (how many it sums over);
/// - `runs`: how many runs were predicted; `form`, `law` (the file or preset), and
///   `confidence`, `samples` with intervals; `notes`, what reading the runs found (derived
///   quantities, skipped rows, exclusions), when there is something to say.
public enum RunPredictionsReport {
    /// What a run is called: its `run` or `name` tag, else where it was read.
    public static func name(of run: Run) -> String {
        run.tags["run"] ?? run.tags["name"] ?? run.source.description
    }

    /// The inputs shown for each run: a power law's own variable, else N, D (U when some run
    /// has it) and C.
    static func inputs(_ p: RunPredictions) -> [(title: String, key: String, style: NumberStyle, value: (Run) -> Double?)] {
        if let v = p.variable {
            return [(v == .flops ? "FLOPs" : v.rawValue, v.rawValue, v == .flops ? .flops : .count,
                     { $0.value(of: RunQuantity(rawValue: v.rawValue)!) })]
        }
        var out: [(String, String, NumberStyle, (Run) -> Double?)] = [("params", "params", .count, { $0.params }),
                                                                     ("tokens", "tokens", .count, { $0.tokens })]
        if p.predictions.contains(where: { $0.run.uniqueTokens != nil }) {
            out.append(("unique tokens", "unique_tokens", .count, { $0.uniqueTokens }))
        }
        out.append(("FLOPs", "flops", .flops, { $0.flops }))
        return out
    }

    /// The predictions as a table; `notes` (what reading the runs found) go under it, then the
    /// objective.
    public static func table(_ p: RunPredictions, law origin: String, notes: [String] = []) -> Table {
        let inputs = inputs(p)
        let withIntervals = p.samples > 0
        let withObserved = p.observedCount > 0
        var table = Table(columns: columns(p, inputs: inputs))
        let lossStyle = NumberStyle.decimal(significant: 4)
        for prediction in p.predictions {
            var row: [Cell] = [.text(name(of: prediction.run))]
            row += inputs.map { input in input.value(prediction.run).map { .number($0, input.style) } ?? .empty }
            row.append(.number(prediction.loss, lossStyle))
            if withIntervals { row.append(prediction.interval.map { .interval($0.low, $0.high, lossStyle) } ?? .empty) }
            if withObserved {
                row.append(prediction.observed.map { .number($0, lossStyle) } ?? .empty)
                row.append(prediction.residual.map { .number($0, .decimal(significant: 3)) } ?? .empty)
            }
            table.append(row)
        }
        table.notes = notes + summary(p, law: origin)
        return table
    }

    /// The table's columns: the run, its inputs, the prediction, the interval (with samples),
    /// the observed loss and the residual (when some run has a loss).
    static func columns(_ p: RunPredictions, inputs: [(title: String, key: String, style: NumberStyle, value: (Run) -> Double?)]) -> [Table.Column] {
        var columns = [Table.Column("run", key: "run", alignment: .left)]
        columns += inputs.map { Table.Column($0.title, key: $0.key) }
        columns.append(Table.Column("predicted", key: "loss"))
        if p.samples > 0 { columns.append(Table.Column("\(percent(p.confidence)) interval", key: "interval", alignment: .left)) }
        if p.observedCount > 0 {
            columns.append(Table.Column("observed", key: "observed"))
            columns.append(Table.Column(p.objective.space == .log ? "residual (log)" : "residual", key: "residual"))
        }
        return columns
    }

    /// The lines under the table: the law, the objective, where intervals come from.
    static func summary(_ p: RunPredictions, law origin: String) -> [String] {
        var lines = ["\(p.predictions.count) run\(p.predictions.count == 1 ? "" : "s") predicted by \(p.form.withArticle) law (\(origin))"]
        if let value = p.objectiveValue {
            let over = p.observedCount == p.predictions.count ? ""
                : p.observedCount == 1 ? " over the 1 run with a loss" : " over the \(p.observedCount) runs with a loss"
            lines.append("objective: \(p.objective) = \(String(format: "%.10g", value))\(over)")
        }
        if p.samples > 0 {
            lines.append("intervals: \(percent(p.confidence)) percentile intervals over the law's \(p.samples) bootstrap samples")
        }
        return lines
    }

    /// The JSON document (see the type's documentation for the keys).
    public static func object(_ p: RunPredictions, law origin: String, notes: [String] = []) -> [String: Any] {
        let inputs = inputs(p)
        let rows = p.predictions.map { prediction -> [String: Any] in
            var o: [String: Any] = ["run": name(of: prediction.run), "loss": prediction.loss]
            for input in inputs { if let v = input.value(prediction.run), v.isFinite { o[input.key] = v } }
            if let i = prediction.interval { o["interval"] = [i.low, i.high] }
            if let observed = prediction.observed { o["observed"] = observed }
            if let r = prediction.residual { o["residual"] = r }
            return o
        }
        var o: [String: Any] = ["predictions": rows, "runs": p.predictions.count, "form": p.form.rawValue, "law": origin]
        if let v = p.variable { o["against"] = v.rawValue }
        if let value = p.objectiveValue {
            var objective: [String: Any] = ["value": value, "loss": FitJSON.lossName(p.objective.loss),
                                            "space": p.objective.space.rawValue, "runs": p.observedCount]
            if case let .huber(d) = p.objective.loss { objective["delta"] = d }
            o["objective"] = objective
        }
        if p.samples > 0 { o["confidence"] = p.confidence; o["samples"] = p.samples }
        if !notes.isEmpty { o["notes"] = notes }
        return o
    }

    /// The predictions in `format`.
    public static func render(_ p: RunPredictions, law origin: String, notes: [String] = [], format: TableFormat) -> String {
        format == .json ? JSON.text(object(p, law: origin, notes: notes)) : table(p, law: origin, notes: notes).render(format)
    }

    static func percent(_ c: Double) -> String { FitReport.percent(c) }
}
