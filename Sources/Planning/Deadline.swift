import Foundation

/// A training deadline: G GPUs must finish training within T days. At the achieved goodput
/// (failures, checkpoints and restarts, `FailureModel`) they deliver
///
///     C_max = G · T · 86,400 s · peak · MFU · goodput   FLOPs,
///
/// so a plan may train on at most D = C_max / (6·N) tokens: 6·N·D ≤ C_max.
///
/// On the curve of models of one loss, log(N·D) is convex in t with its minimum at
/// Chinchilla's point t₀ (the compute-optimal model is the fastest to train), so the feasible
/// models are one interval [t_lo, t_hi] around t₀, found by Brent's method on each side; when
/// even t₀ needs more than C_max, no model of that loss meets the deadline.
public struct Deadline: AllocationConstraint {
    public var days: Double
    public var gpus: Double
    /// C_max: training FLOPs the GPUs finish in `days`.
    public var flops: Double

    public init(days: Double, gpus: Double, training: Pricing, goodput: Double) {
        self.days = days; self.gpus = gpus
        flops = gpus * days * 86_400 * training.peakFLOPS * training.utilisation * goodput
    }

    public var kind: ConstraintKind { .deadline }

    /// Days a model of N·D needs on these GPUs (6·N·D / C_max · T).
    public func days(params n: Double, tokens d: Double) -> Double { 6 * n * d / flops * days }

    public func admits(params: Double, tokens: Double) -> Bool { 6 * params * tokens <= flops * (1 + 1e-12) }

    public func feasibleT(on curve: IsoLossCurve) throws -> (lower: Double?, upper: Double?) {
        let target = log(flops / 6)
        func g(_ t: Double) -> Double { curve.logParams(t) + curve.logTokens(t) - target }
        let t0 = curve.chinchillaT
        let excess = g(t0)
        guard excess <= 0 else {
            let (n, d) = curve.chinchilla
            throw PlanningError.outsideLimit(.deadline,
                "contradictory constraints: no model of loss \(fmt(curve.loss)) trains in \(fmt(days)) days on \(fmt(gpus)) GPUs: the fastest (the Chinchilla-optimal \(fmt(n)) parameters on \(fmt(d)) tokens) needs \(fmt(self.days(params: n, tokens: d))) days, \(fmt(self.days(params: n, tokens: d) - days)) more; allow more days or GPUs, or aim for a higher loss")
        }
        if excess == 0 { return (t0, t0) }
        func root(_ direction: Double) throws -> Double {
            var width = 1.0
            while g(t0 + direction * width) < 0 {
                width *= 2
                guard width < 1e6 else { throw PlanningError.noSolution("the deadline's bound on the curve of loss \(fmt(curve.loss)) was not bracketed") }
            }
            let a = t0 + direction * width
            guard let t = Brent.root(in: min(a, t0), max(a, t0), tolerance: 1e-13, g) else {
                throw PlanningError.noSolution("the deadline's bound on the curve of loss \(fmt(curve.loss)) was not found")
            }
            return t
        }
        return (try root(-1), try root(1))
    }
}
