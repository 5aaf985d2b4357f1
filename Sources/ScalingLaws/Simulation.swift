import Foundation

/// A synthetic sweep from a known law, to test an analysis against the truth
/// (`scaleplan simulate`).
///
/// Grids:
/// - `isoFLOP`: Hoffmann et al.'s approach 2 layout. For each compute budget C, `sizes`
///   model sizes N = N*(C) · spread^t, t evenly spaced in [−1, 1] (so N*/spread … N*·spread),
///   rounded to whole parameters, with D = C/(6N) so that every run of a budget has
///   flops = C exactly. N*(C) is the law's compute-optimal size for a Chinchilla law
///   (`ChinchillaLaw.computeOptimal`), and for other laws Hoffmann's rule of thumb of
///   20 tokens per parameter, N* = √(C/120).
/// - `grid`: every pair of the given params and tokens, rounded to whole numbers, C = 6·N·D.
///
/// Noise is multiplicative log-normal: L_obs = L(N, D) · exp(σ·z), z ~ N(0, 1), so σ is the
/// standard deviation of log-loss residuals — the scale the Huber-in-log-space fit works in.
/// σ = 0 gives the law's values exactly. The same seed gives the same runs.
///
/// With `uniqueTokens` U, every run draws its D tokens from U unique ones (min(U, D) unique
/// tokens seen, repeated beyond the first epoch), and the law — a `DataConstrainedLaw` — prices
/// the repetition.
public struct Simulation: Sendable {
    public enum Grid: Sendable, Equatable {
        case isoFLOP(budgets: LogSpacedRange, sizes: Int, spread: Double)
        case grid(params: LogSpacedRange, tokens: LogSpacedRange)
    }

    public var law: any ScalingLaw
    public var grid: Grid
    /// σ of log loss.
    public var noise: Double
    public var seed: UInt64
    /// The pool of unique tokens every run draws from; nil: all data fresh.
    public var uniqueTokens: Double?

    public init(law: any ScalingLaw, grid: Grid, noise: Double = 0, seed: UInt64 = 0,
                uniqueTokens: Double? = nil) throws(SimulationError) {
        guard noise.isFinite, noise >= 0 else { throw .badNoise(noise) }
        if let u = uniqueTokens { guard u.isFinite, u >= 1 else { throw .badUniqueTokens(u) } }
        self.uniqueTokens = uniqueTokens
        if case let .isoFLOP(_, sizes, spread) = grid {
            guard sizes >= 1 else { throw .badSizes(sizes) }
            guard spread.isFinite, spread > 1 || (spread == 1 && sizes == 1) else { throw .badSpread(spread) }
        }
        self.law = law; self.grid = grid; self.noise = noise; self.seed = seed
    }

    /// Tokens per parameter of the fallback compute-optimal rule (Hoffmann et al. 2022, Table 3).
    public static let fallbackTokensPerParam = 20.0

    /// The compute-optimal model size the isoFLOP grid centres on.
    public func centre(flops c: Double) -> Double {
        if let chinchilla = law as? ChinchillaLaw { return chinchilla.computeOptimal(flops: c).params }
        if let constrained = law as? DataConstrainedLaw { return constrained.base.computeOptimal(flops: c).params }
        return (c / (6 * Self.fallbackTokensPerParam)).squareRoot()
    }

    /// The grid's points as (N, D, C), before any loss is computed.
    public func points() -> [(params: Double, tokens: Double, flops: Double)] {
        switch grid {
        case let .isoFLOP(budgets, sizes, spread):
            return budgets.values.flatMap { c in
                let nStar = centre(flops: c)
                return (0..<sizes).map { i in
                    let t = sizes == 1 ? 0 : -1 + 2 * Double(i) / Double(sizes - 1)
                    let n = max(1, (nStar * pow(spread, t)).rounded())
                    return (n, TrainingFLOPs.tokens(flops: c, params: n), c)
                }
            }
        case let .grid(params, tokens):
            let tokenValues = tokens.values   // once, not once per model size
            return params.values.flatMap { n0 in
                tokenValues.map { d0 in
                    let n = max(1, n0.rounded()), d = max(1, d0.rounded())
                    return (n, d, TrainingFLOPs.estimate(params: n, tokens: d))
                }
            }
        }
    }

    /// One simulated run: its grid point, unique tokens (with `uniqueTokens`) and loss.
    public struct Sample: Sendable, Equatable {
        public var params: Double
        public var tokens: Double
        public var flops: Double
        public var uniqueTokens: Double?
        public var loss: Double
    }

    /// The simulated runs' values, in grid order (budget by budget, small to large models).
    /// The noise is drawn in that order from one generator; the law is evaluated on both cores
    /// (the same values as one at a time: each point's loss depends on that point alone).
    public func samples() throws(SimulationError) -> [Sample] {
        let grid = points()
        var generator = SeededGenerator(seed: seed)
        let z = noise == 0 ? [] : grid.map { _ in generator.nextStandardNormal() }
        let out = SampleSlots(count: grid.count)
        let workers = grid.count >= 65_536 ? max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
        let chunk = (grid.count + workers - 1) / workers
        let law = self.law, unique = uniqueTokens, noise = self.noise
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for i in (worker * chunk)..<min(grid.count, (worker + 1) * chunk) {
                let p = grid[i]
                let u = unique.map { min($0, p.tokens) }
                let truth = law.loss(at: ModelScale(params: p.params, tokens: p.tokens, uniqueTokens: u))
                // A point whose compute C = 6ND overflows has no row to write (its flops cell would be ∞).
                let valid = truth.isFinite && truth > 0 && p.flops.isFinite
                let loss = valid && noise != 0 ? truth * exp(noise * z[i]) : truth
                out.set(i, Sample(params: p.params, tokens: p.tokens, flops: p.flops, uniqueTokens: u, loss: loss), valid: valid)
            }
        }
        let samples = out.values
        // The first point (in grid order) where the law has no positive loss stops it all.
        if let bad = out.firstInvalid {
            let b = samples[bad]
            if !b.flops.isFinite { throw .badCompute(params: b.params, tokens: b.tokens) }
            throw .badLoss(params: b.params, tokens: b.tokens, loss: b.loss)
        }
        return samples
    }

    /// The simulated runs, in grid order (budget by budget, small to large models).
    public func runs() throws(SimulationError) -> [Run] {
        try samples().enumerated().map { i, s in
            Run(params: s.params, tokens: s.tokens, flops: s.flops, loss: s.loss, uniqueTokens: s.uniqueTokens,
                source: SourceLocation(file: "simulation", line: i + 2))
        }
    }
}

/// Samples written by several threads, each to its own indices (no lock: the ranges are disjoint
/// and the owner reads only after all are done).
private final class SampleSlots: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Simulation.Sample>
    private let valid: UnsafeMutableBufferPointer<Bool>
    let count: Int
    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        valid = .allocate(capacity: count)
    }
    deinit {
        storage.baseAddress?.deinitialize(count: count); storage.deallocate()
        valid.deallocate()
    }
    func set(_ i: Int, _ sample: Simulation.Sample, valid isValid: Bool) {
        (storage.baseAddress! + i).initialize(to: sample)
        valid[i] = isValid
    }
    var values: [Simulation.Sample] { Array(storage) }
    /// The first index whose law value was not a positive number.
    var firstInvalid: Int? { valid.firstIndex(of: false) }
}

public enum SimulationError: Error, Equatable, Sendable, CustomStringConvertible {
    case badNoise(Double)
    case badSizes(Int)
    case badSpread(Double)
    case badLoss(params: Double, tokens: Double, loss: Double)
    case badUniqueTokens(Double)
    case badCompute(params: Double, tokens: Double)

    public var description: String {
        switch self {
        case let .badNoise(s): return "--noise \(s): σ of log loss must be finite and ≥ 0 (e.g. 0.01)"
        case let .badSizes(k): return "--sizes-per-budget \(k): needs at least 1 model size per budget"
        case let .badSpread(s): return "--spread \(s): must be a finite factor > 1 (e.g. 4 spans N*/4 … 4·N*)"
        case let .badUniqueTokens(u): return "--unique-tokens \(u): must be a finite count of at least 1 token"
        case let .badCompute(n, d):
            return "params \(n) with tokens \(d) need 6·N·D FLOPs, beyond the range of a double: narrow --params or --tokens"
        case let .badLoss(n, d, l):
            return "the law gives loss \(l) at params \(n), tokens \(d): it must be positive and finite to simulate"
        }
    }
}
