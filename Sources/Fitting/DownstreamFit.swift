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
                throw FitError.invalidOption("--metric \(metric): \(run.source) has no column '\(metric)' (its other columns: \(known))")
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
        if options.objective.space == .log, let bad = points.first(where: { !($0.loss > 0) }) {
            throw FitError.invalidOption("--metric \(metric): \(bad.source) has \(bad.loss); residuals on the log of the metric need it positive (fit on the metric itself, the default)")
        }
        return (losses, points)
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
