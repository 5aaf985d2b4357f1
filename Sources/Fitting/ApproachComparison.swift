import Foundation
import ScalingLaws

/// Hoffmann et al.'s three approaches on the same training logs, side by side (the comparison
/// Hoffmann et al. 2022, Table 2, and Besiroglu et al. 2024 made by hand): N_opt ∝ C^a and
/// D_opt ∝ C^b from
///
/// 1. the lower envelope of the training curves (`EnvelopeAnalysis`, every checkpoint);
/// 2. IsoFLOP parabolas (`IsoFLOPAnalysis`) on each run's final point, when the runs form
///    IsoFLOP profiles (several sizes at each budget);
/// 3. the parametric Chinchilla fit on each run's final point: a = β/(α + β), b = α/(α + β).
///
/// A run's final point is its last checkpoint by tokens with the loss averaged over its last
/// `lastCheckpoints` checkpoints (Bhagia et al.'s 5). Intervals are bootstrap percentiles when
/// `options.bootstrap` > 0, each approach resampling what it is built from: 1, whole training
/// curves; 2, runs within each IsoFLOP profile (every parabola and the line refitted; cheap, as
/// both are linear least squares); 3, runs.
public enum ApproachComparison {
    public struct Row: Sendable {
        public var approach: String
        public var a: Double?
        public var aInterval: Interval?
        public var b: Double?
        public var bInterval: Interval?
        public var failure: String?
    }

    public static func compare(_ checkpoints: [Run], options: FitOptions, lastCheckpoints: Int = 5) -> [Row] {
        var rows: [Row] = []
        var o = options
        o.holdoutLargest = 0
        o.constraints = ParameterConstraints()
        do {
            o.form = .envelope
            let fit = try Fitter.fit(checkpoints, options: o)
            rows.append(Row(approach: "1: envelope of training curves", a: fit.parameters["a"], aInterval: fit.intervals["a"],
                            b: fit.parameters["b"], bInterval: fit.intervals["b"]))
        } catch {
            rows.append(Row(approach: "1: envelope of training curves", failure: "\(error)"))
        }
        let finals = RunLog(runs: checkpoints).lastCheckpoints(lastCheckpoints).runs
        do {
            o.form = .isoflop
            let fit = try Fitter.fit(finals, options: o)
            rows.append(Row(approach: "2: IsoFLOP parabolas", a: fit.parameters["a"], aInterval: fit.intervals["a"],
                            b: fit.parameters["b"], bInterval: fit.intervals["b"]))
        } catch {
            rows.append(Row(approach: "2: IsoFLOP parabolas", failure: "\(error)"))
        }
        do {
            o.form = .chinchilla
            let fit = try Fitter.fit(finals, options: o)
            let co = fit.computeOptimal
            rows.append(Row(approach: "3: parametric fit", a: co?.paramsExponent, aInterval: co?.paramsExponentInterval,
                            b: co?.tokensExponent, bInterval: co?.tokensExponentInterval))
        } catch {
            rows.append(Row(approach: "3: parametric fit", failure: "\(error)"))
        }
        return rows
    }
}
