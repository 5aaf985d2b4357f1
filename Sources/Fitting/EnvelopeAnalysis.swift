import Foundation
import ScalingLaws

/// Hoffmann et al. 2022's approach 1 (§3.1): training curves of several model sizes, each
/// interpolated in (log C, log L) within its own range; at 1,500 log-spaced FLOP values the
/// lowest loss over all curves gives the compute-optimal size N_opt(C) (and D_opt = C/(6·N_opt));
/// least squares on the logs then gives N_opt ∝ C^a and D_opt ∝ C^b.
///
/// Runs are checkpoints; each file is one curve (its N constant: `--file-values` gives it).
/// The FLOP window is where the envelope is neither the smallest model's warm-up nor censored
/// by the largest model: by default from the last FLOPs of the smallest model's shortest run to
/// the last FLOPs of the largest model's shortest run. The bootstrap resamples curves, as the
/// paper does.
struct EnvelopeAnalysis {
    static let gridPoints = 1500

    var runs: [Run]
    var options: FitOptions

    struct Curve {
        var source: String
        var params: Double
        /// log C and log L by increasing C.
        var logC: [Double]
        var logL: [Double]
        var lastFLOPs: Double { exp(logC.last!) }

        /// log L at log C by linear interpolation, nil outside the curve's range.
        func logLoss(at x: Double) -> Double? {
            guard let first = logC.first, let last = logC.last, x >= first, x <= last else { return nil }
            var lo = 0, hi = logC.count - 1
            while hi - lo > 1 { let mid = (lo + hi) / 2; if logC[mid] <= x { lo = mid } else { hi = mid } }
            let span = logC[hi] - logC[lo]
            return span > 0 ? logL[lo] + (logL[hi] - logL[lo]) * (x - logC[lo]) / span : logL[lo]
        }
    }

    func curves() throws -> [Curve] {
        try runs.groupedByFile().map { file, checkpoints in
            let rows = checkpoints.filter { $0.flops > 0 && $0.loss > 0 }.sorted { $0.flops < $1.flops }
            guard let n = rows.first?.params, rows.allSatisfy({ $0.params == n }) else {
                throw FitError.invalidOption("\(file): an envelope needs one model size per file (a training curve); give N per file with --file-values")
            }
            guard rows.count >= 2 else {
                throw FitError.invalidOption("\(file): an envelope needs each file's checkpoints (at least 2); read the files without --last-checkpoints")
            }
            return Curve(source: file, params: n, logC: rows.map { log($0.flops) }, logL: rows.map { log($0.loss) })
        }
    }

    /// The default window: the last FLOPs of the smallest model's shortest run, to the last
    /// FLOPs of the largest model's shortest run.
    static func defaultWindow(_ curves: [Curve]) -> (low: Double, high: Double) {
        let small = curves.map(\.params).min()!, large = curves.map(\.params).max()!
        let low = curves.filter { $0.params == small }.map(\.lastFLOPs).min()!
        let high = curves.filter { $0.params == large }.map(\.lastFLOPs).min()!
        return (low, high)
    }

    struct Envelope {
        /// (log C, log N_opt) at each grid point some curve covers.
        var points: [(logC: Double, logN: Double)]
        /// Curves that are lowest somewhere in the window.
        var formedBy: [String]
        var slope: Double
        var intercept: Double
    }

    static func envelope(_ curves: [Curve], window: (low: Double, high: Double)) -> Envelope? {
        let lo = log(window.low), hi = log(window.high)
        var points: [(Double, Double)] = []
        var formed: [String] = []
        for i in 0..<gridPoints {
            let x = lo + (hi - lo) * Double(i) / Double(gridPoints - 1)
            var best: (Double, Curve)? = nil
            for c in curves { if let l = c.logLoss(at: x), best == nil || l < best!.0 { best = (l, c) } }
            guard let (_, c) = best else { continue }
            points.append((x, log(c.params)))
            if !formed.contains(c.source) { formed.append(c.source) }
        }
        guard points.count >= 2 else { return nil }
        // Least squares of log N_opt on log C.
        let n = Double(points.count)
        let mx = points.reduce(0) { $0 + $1.0 } / n, my = points.reduce(0) { $0 + $1.1 } / n
        let sxx = points.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }, sxy = points.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        return Envelope(points: points.map { (logC: $0.0, logN: $0.1) }, formedBy: formed, slope: slope, intercept: my - slope * mx)
    }

    func run() throws -> FitResult {
        let curves = try self.curves()
        guard Set(curves.map(\.params)).count >= 2 else {
            throw FitError.unidentifiable("an envelope needs curves of at least two model sizes; every file has N = \(curves.first?.params ?? .nan)")
        }
        let window = options.flopsRange.map { (low: $0.low, high: $0.high) } ?? Self.defaultWindow(curves)
        guard window.low > 0, window.high > window.low else {
            throw FitError.invalidOption("the envelope's FLOP window is empty (\(window.low) to \(window.high)): give --flops-range LO:HI inside the curves' range")
        }
        guard let env = Self.envelope(curves, window: window) else {
            throw FitError.invalidOption("no curve covers the FLOP window \(window.low) to \(window.high): give --flops-range LO:HI inside the curves' range")
        }
        var warnings: [String] = []
        if Set(env.points.map(\.logN)).count < 2 {
            warnings.append("one model size is lowest across the whole window: N_opt does not move, so a = \(env.slope) says nothing")
        }
        // The bootstrap: curves resampled with replacement, the window kept.
        var samples: [[String: Double]] = []
        var failures = 0
        if options.bootstrap > 0 {
            var rng = SeededGenerator(seed: options.seed)
            for _ in 0..<options.bootstrap {
                let resample = (0..<curves.count).map { _ in curves[Int.random(in: 0..<curves.count, using: &rng)] }
                if Set(resample.map(\.params)).count >= 2, let e = Self.envelope(resample, window: window),
                   Set(e.points.map(\.logN)).count >= 2 {
                    samples.append(["a": e.slope, "b": 1 - e.slope, "k": exp(e.intercept)])
                } else {
                    failures += 1
                }
            }
            if failures > 0 { warnings.append("\(failures) of \(options.bootstrap) resamples had one size lowest throughout (or none in the window) and were left out") }
        }
        var intervals: [String: Interval] = [:], errors: [String: Double] = [:]
        if samples.count >= 2 {
            for name in ["a", "b", "k"] {
                let v = samples.map { $0[name]! }
                intervals[name] = Statistics.percentileInterval(v, confidence: options.confidence)
                errors[name] = Statistics.standardDeviation(v)
            }
        }
        let rss = env.points.reduce(0) { let r = $1.logN - env.intercept - env.slope * $1.logC; return $0 + r * r }
        var result = FitResult(
            form: .envelope, against: nil, parameterNames: ["a", "k", "b"],
            parameters: ["a": env.slope, "k": exp(env.intercept), "b": 1 - env.slope],
            standardErrors: errors, uncertaintySource: samples.count >= 2 ? .bootstrap : .curvature,
            correlations: [[1, 0, -1], [0, 1, 0], [-1, 0, 1]],
            intervals: intervals, confidence: options.confidence, objective: FitObjective(loss: .squared, space: .log),
            objectiveValue: rss, convergence: Convergence(reason: .closedForm, iterations: 0, gradientNorm: 0),
            search: SearchSummary(gridPoints: env.points.count, startsPolished: 0, startsAgreeing: 0),
            runsUsed: curves.count, computeOptimal: nil,
            diagnostics: FitDiagnostics(residuals: ResidualSummary(count: env.points.count, rms: (rss / Double(env.points.count)).squareRoot(),
                                                                   meanAbsolute: 0, medianAbsolute: 0, maxAbsolute: 0, worst: nil),
                                        influentialRuns: [], atBound: [], holdout: nil, strongCorrelations: []),
            samples: samples, bootstrapFailures: failures, warnings: warnings)
        result.envelope = EnvelopeSummary(low: window.low, high: window.high, isDefaultWindow: options.flopsRange == nil,
                                          formedBy: env.formedBy)
        result.notes = [
            "FLOP window: \(String(format: "%.3g", window.low)) to \(String(format: "%.3g", window.high))"
                + (options.flopsRange == nil ? " (the smallest model's shortest run's end to the largest model's shortest run's end)" : " (--flops-range)"),
            "envelope formed by: " + env.formedBy.joined(separator: ", "),
        ]
        return result
    }
}
