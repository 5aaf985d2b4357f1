import Foundation
import ScalingLaws

/// A downstream link fitted on runs: x is each run's loss (whichever column `--column loss=`
/// read), y its metric column (a run tag), plus any anchors. The points go through the
/// `LawFit` pipeline as runs whose "loss" is the metric, so search, bounds, curvature and
/// bootstrap are those of every form. Anchors are known points, not runs: in every
/// evaluation with weight 1, never left out of a bootstrap resample.
struct DownstreamFit {
    var runs: [Run]
    var options: FitOptions

    /// The (loss, metric) points, as runs whose `loss` is the metric.
    func points() throws -> (losses: [Double], runs: [Run]) {
        guard let metric = options.metric, !metric.isEmpty else {
            throw FitError.invalidOption("a downstream fit needs --metric COLUMN: the run column the link predicts (e.g. err_avg17)")
        }
        var losses: [Double] = [], points: [Run] = []
        for run in runs {
            guard let text = run.tags[metric] else {
                let known = run.tags.keys.sorted().prefix(12).joined(separator: ", ")
                throw FitError.invalidOption("--metric \(metric): \(run.source) has no column '\(metric)'" + (known.isEmpty ? "" : " (its other columns: \(known))"))
            }
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
                throw FitError.invalidOption("--metric \(metric): \(run.source) has '\(text)', not a finite number")
            }
            guard run.loss.isFinite else {
                throw FitError.invalidOption("\(run.source): the loss is not a finite number")
            }
            var point = run
            point.loss = value
            losses.append(run.loss)
            points.append(point)
        }
        for anchor in options.anchors where !(anchor.loss.isFinite && anchor.metric.isFinite) {
            throw FitError.invalidOption("--anchor: loss and metric must be finite numbers, got \(anchor.loss)=\(anchor.metric)")
        }
        let parameters = options.link.parameterNames.count - options.constraints.fixed.count
        guard points.count + options.anchors.count > parameters else {
            throw FitError.invalidOption("a \(options.link.rawValue) link has \(parameters) free parameters and needs at least \(parameters + 1) points; got \(points.count)")
        }
        let first = points[0].loss
        if !points.contains(where: { $0.loss != first }) {
            throw FitError.invalidOption("--metric \(metric): every point has the same value (\(first)); there is no trend to fit a link to")
        }
        if !losses.contains(where: { $0 != losses[0] }) {
            throw FitError.invalidOption("every point has the same loss (\(losses[0])): a link needs runs of different losses")
        }
        try requireInRange(points: points, losses: losses, metric: metric)
        if options.objective.space == .log, let bad = points.first(where: { !($0.loss > 0) }) {
            throw FitError.invalidOption("--metric \(metric): \(bad.source) has \(bad.loss); residuals on the log of the metric need it positive (fit on the metric itself, the default)")
        }
        return (losses, points)
    }

    /// Refuses a metric value (or an anchor) that no link of the constrained form reaches at
    /// its loss (`LinkRange`): a percentage where bounds say a fraction, an error above a
    /// fixed ε, ...
    func requireInRange(points: [Run], losses: [Double], metric: String) throws {
        let range = LinkRange(kind: options.link, constraints: options.constraints)
        guard range.isConstrained else { return }
        func why(_ m: Double, _ l: Double) -> String {
            let r = range.interval(atLoss: l)
            var text = "outside what \(options.link == .exponential ? "an" : "a") \(options.link.rawValue) link with \(range.described) can reach at loss \(LinkRange.number(l)): [\(LinkRange.number(r.low)), \(LinkRange.number(r.high))]"
            if m > 1, m <= 100, r.high <= 1 { text += "; is the column a percentage? give fractions (\(LinkRange.number(m / 100)) for \(LinkRange.number(m))) or change the bounds" }
            return text
        }
        for (point, l) in zip(points, losses) where range.excludes(point.loss, atLoss: l) {
            throw FitError.invalidOption("--metric \(metric): \(point.source) has \(LinkRange.number(point.loss)), \(why(point.loss, l))")
        }
        for anchor in options.anchors where range.excludes(anchor.metric, atLoss: anchor.loss) {
            throw FitError.invalidOption("--anchor \(LinkRange.number(anchor.loss))=\(LinkRange.number(anchor.metric)): the metric is \(why(anchor.metric, anchor.loss))")
        }
    }

    /// `--holdout-largest K` for a link: the K points of lowest loss — the direction a link is
    /// extrapolated in, to the larger models a team plans — are left out, the link fitted on
    /// the rest (anchors kept), and their metric predicted from their loss. Loss, not compute:
    /// a link's points need not know their compute (`--checkpoints all`, task-loss files).
    func holdout() throws -> HoldoutCheck {
        let k = options.holdoutLargest
        let (losses, points) = try self.points()
        let parameters = options.link.parameterNames.count - options.constraints.fixed.count
        guard points.count - k + options.anchors.count > parameters else {
            throw FitError.invalidOption("--holdout-largest \(k) leaves \(points.count - k) points (and \(options.anchors.count) anchors): too few for the \(parameters) free parameters of \(options.link == .exponential ? "an" : "a") \(options.link.rawValue) link")
        }
        let order = losses.indices.sorted { (losses[$0], $0) < (losses[$1], $1) }
        let held = Set(order.prefix(k))
        let kept = runs.indices.filter { !held.contains($0) }
        var reduced = options
        reduced.bootstrap = 0
        reduced.holdoutLargest = 0
        let fit = try DownstreamFit(runs: kept.map { runs[$0] }, options: reduced).run(progress: nil)
        let link = try DownstreamLink(kind: options.link, parameters: fit.parameters)
        let predictions = order.prefix(k).map { i in
            HoldoutCheck.Prediction(source: points[i].source, x: losses[i], observed: points[i].loss,
                                    predicted: link.metric(loss: losses[i]))
        }
        return HoldoutCheck(heldOut: k, predictions: predictions, kind: "lowest-loss", xKey: "loss",
                            quantity: options.metric ?? "metric")
    }

    func run(progress: FitProgress?) throws -> FitResult {
        let (losses, points) = try self.points()
        let form = DownstreamForm(kind: options.link, losses: losses, anchors: options.anchors)
        var result = try LawFit(form: form, lawForm: .downstream, displayOrder: options.link.parameterNames,
                                runs: points, options: options).run(progress: progress)
        result.link = options.link
        result.metric = options.metric
        result.anchors = options.anchors
        return result
    }
}
