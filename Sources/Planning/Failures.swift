import Foundation

/// Interruptions of a training job and what they cost: the checkpoint/restart model of Young
/// (1974) and Daly (2006, "A higher order estimate of the optimum checkpoint interval for
/// restart dumps", FGCS 22:303–312).
///
/// A job on G GPUs fails, as a Poisson process, with mean time between failures M = m / G,
/// m being one GPU's (really: one GPU's share of the cluster's) mean time between
/// interruptions. Every τ hours of work it writes a checkpoint taking δ; after a failure it
/// restarts (R) and redoes the work since the last checkpoint.
public struct FailureModel: Sendable, Equatable {
    /// m: GPU-hours between unexpected interruptions, per GPU; `.infinity` turns failures off.
    public var gpuMTBFHours: Double
    /// δ: hours to write one checkpoint.
    public var checkpointHours: Double
    /// R: hours to restart from the last checkpoint.
    public var restartHours: Double

    /// Meta's Llama 3 report (Dubey et al. 2024, §3.3.4): 419 unexpected interruptions in a
    /// 54-day snapshot of pre-training on 16,384 H100 GPUs, i.e. 16,384 · 54 · 24 / 419
    /// = 50,677 GPU-hours between interruptions.
    public static let llama3GPUMTBFHours = 16_384.0 * 54 * 24 / 419

    public init(gpuMTBFHours: Double = llama3GPUMTBFHours, checkpointHours: Double = 1.0 / 60,
                restartHours: Double = 10.0 / 60) {
        self.gpuMTBFHours = gpuMTBFHours; self.checkpointHours = checkpointHours; self.restartHours = restartHours
    }

    /// M = m / G: the job's mean time between failures, in hours.
    public func jobMTBFHours(gpus: Double) -> Double { gpuMTBFHours / gpus }

    /// Daly's higher-order optimum checkpoint interval (2006), in the units of δ and M:
    ///
    ///     τ = √(2δM)·[1 + ⅓·√(δ/(2M)) + δ/(18M)] − δ   for δ < 2M,   else τ = M.
    ///
    /// Its first term is Young's √(2δM). Daly's worked cases (δ = 5 min, R = 10 min):
    /// M = 24 h → 117 min, M = 6 h → 57 min, M = 15 min → 9.1 min.
    public static func dalyInterval(checkpoint delta: Double, mtbf m: Double) -> Double {
        guard delta < 2 * m else { return m }
        return (2 * delta * m).squareRoot() * (1 + (delta / (2 * m)).squareRoot() / 3 + delta / (18 * m)) - delta
    }

    /// The share of wall-clock time that is useful work, with checkpoints every τ (Daly 2006,
    /// complete model: wall time T_w = M·e^(R/M)·(e^((τ+δ)/M) − 1)·T_s/τ for T_s of work):
    ///
    ///     goodput = τ / (M·e^(R/M)·(e^((τ+δ)/M) − 1))
    ///
    /// 1 without failures (M = ∞); falls as M shrinks (more GPUs) and as δ or R grows.
    public static func goodput(interval tau: Double, checkpoint delta: Double, restart r: Double, mtbf m: Double) -> Double {
        guard m.isFinite else { return 1 }
        return tau / (m * exp(r / m) * expm1((tau + delta) / m))
    }

    /// What failures cost a job on `gpus` GPUs, checkpointing at Daly's interval.
    public func schedule(gpus: Double) -> FailureSchedule {
        let m = jobMTBFHours(gpus: gpus)
        guard m.isFinite else { return FailureSchedule(jobMTBFHours: .infinity, checkpointIntervalHours: nil, goodput: 1) }
        let tau = Self.dalyInterval(checkpoint: checkpointHours, mtbf: m)
        return FailureSchedule(jobMTBFHours: m, checkpointIntervalHours: tau,
                               goodput: Self.goodput(interval: tau, checkpoint: checkpointHours, restart: restartHours, mtbf: m))
    }

    /// Throws when a figure is out of range (M ≤ 0, negative δ or R).
    public func validated() throws -> FailureModel {
        guard gpuMTBFHours > 0, !gpuMTBFHours.isNaN else {
            throw PlanningError.outsideLimit(.gpuMTBF, "the GPU mean time between failures must be > 0 hours (or infinite: no failures), not \(fmt(gpuMTBFHours))")
        }
        guard checkpointHours.isFinite, checkpointHours >= 0 else {
            throw PlanningError.outsideLimit(.checkpointTime, "the checkpoint time must be a finite number ≥ 0, not \(fmt(checkpointHours * 60)) minutes")
        }
        guard restartHours.isFinite, restartHours >= 0 else {
            throw PlanningError.outsideLimit(.restartTime, "the restart time must be a finite number ≥ 0, not \(fmt(restartHours * 60)) minutes")
        }
        return self
    }
}

/// The failure model applied to one job size.
public struct FailureSchedule: Sendable, Equatable {
    /// M = m / G, hours (infinite without failures).
    public var jobMTBFHours: Double
    /// Daly's τ, hours; nil without failures (no checkpoints are needed).
    public var checkpointIntervalHours: Double?
    /// Useful work per wall-clock hour, in (0, 1].
    public var goodput: Double
}
