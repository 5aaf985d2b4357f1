import Foundation

/// Serving cost from the hardware (`--serving roofline`): a replica of G GPUs decodes a batch of
/// B sequences one token each per step, and a step takes the longer of its compute and its
/// memory traffic (the roofline model; Williams et al. 2009, as applied to LLM decoding by
/// Pope et al. 2022, "Efficiently Scaling Transformer Inference"):
///
///     t_step = max(2·N·B / (G·peak·u_compute),  (W + B·T·kv) / (G·bandwidth·u_bandwidth))
///
/// with W = N·bytes per weight, kv the KV-cache bytes per token (`ModelShape`) and T the
/// context. Each sequence gets one token per step, so the latency per generated token is
/// t_step and the GPU-hours per generated token G·t_step / (3600·B). Prefill stays compute-
/// bound at the prefill utilisation (`InferencePrefill`).
///
/// The replica is `gpus` GPUs, or by default the fewest whose memory holds the weights and
/// the KV cache of one full sequence; the batch is `batch`, or the largest that fits the
/// replica's memory, at most `maxBatch`, and with a latency limit at most the largest that
/// meets it.
public struct RooflineServing: Sendable, Equatable {
    public var hardware: String
    /// Peak dense FLOP/s of one GPU in the inference data type.
    public var peakFLOPS: Double
    public var memoryBytes: Double
    public var bandwidthBytesPerSecond: Double
    public var priceUSDPerGPUHour: Double
    public var boardPowerW: Double?
    public var weightBytesPerParam: Double
    public var kvBytesPerValue: Double
    /// Query heads per KV head (grouped-query attention); 1 is multi-head attention.
    public var kvGroups: Double
    /// u_compute: the prefill utilisation.
    public var computeUtilisation: Double
    public var bandwidthUtilisation: Double
    /// Fixed replica size; nil: the fewest GPUs that hold one sequence.
    public var gpus: Int?
    /// Fixed batch; nil: the largest that fits (at most `maxBatch`).
    public var batch: Int?
    public var maxBatch: Int
    /// T: tokens of context per sequence (prompt + generated).
    public var context: Double
    /// Latency limit per generated token, seconds.
    public var maxSecondsPerToken: Double?
    /// Largest replica allowed (the weights of a larger model do not fit).
    public var maxGPUs: Int?

    public init(hardware: String, peakFLOPS: Double, memoryBytes: Double, bandwidthBytesPerSecond: Double,
                priceUSDPerGPUHour: Double, boardPowerW: Double?, weightBytesPerParam: Double, kvBytesPerValue: Double,
                kvGroups: Double = 8, computeUtilisation: Double = 0.5, bandwidthUtilisation: Double = 0.8,
                gpus: Int? = nil, batch: Int? = nil, maxBatch: Int = 256, context: Double,
                maxSecondsPerToken: Double? = nil, maxGPUs: Int? = nil) {
        self.hardware = hardware; self.peakFLOPS = peakFLOPS; self.memoryBytes = memoryBytes
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond; self.priceUSDPerGPUHour = priceUSDPerGPUHour
        self.boardPowerW = boardPowerW; self.weightBytesPerParam = weightBytesPerParam; self.kvBytesPerValue = kvBytesPerValue
        self.kvGroups = kvGroups; self.computeUtilisation = computeUtilisation; self.bandwidthUtilisation = bandwidthUtilisation
        self.gpus = gpus; self.batch = batch; self.maxBatch = maxBatch; self.context = context
        self.maxSecondsPerToken = maxSecondsPerToken; self.maxGPUs = maxGPUs
    }

    /// Which resource limits a decode step.
    public enum Bound: String, Sendable { case memoryBandwidth = "memory-bandwidth", compute }

    /// One model's decoding on its replica.
    public struct Decode: Sendable, Equatable {
        public var gpus: Int
        public var batch: Int
        public var stepSeconds: Double
        public var bound: Bound
        public var kvBytesPerToken: Double
        public var weightBytes: Double
        /// Achieved model FLOPs utilisation: 2·N·B / (t_step·G·peak).
        public var utilisation: Double
        /// G·t_step / (3600·B).
        public var gpuHoursPerToken: Double
        public var msPerToken: Double { stepSeconds * 1000 }
    }

    /// Why a model cannot be served within the limits.
    public enum Infeasible: Error, Sendable, Equatable {
        /// Weights plus one sequence's KV cache need `needGPUs` GPUs, more than `limit`.
        case memory(needGPUs: Int, limit: Int)
        /// Even one sequence per step takes `ms` per token, over the limit.
        case latency(ms: Double, limitMs: Double)
        /// The fixed batch does not fit the replica's memory (at most `fits`).
        case batch(asked: Int, fits: Int)

        public var kind: ConstraintKind {
            switch self {
            case .memory, .batch: return .memory
            case .latency: return .latency
            }
        }
    }

    /// A count held between `floor` and 2^40 (a tiny model's batch that "fits" is astronomical;
    /// a NaN counts as the floor).
    static func count(_ x: Double, floor: Int = 1) -> Int {
        x.isNaN ? floor : Int(min(max(x, Double(floor)), 1_099_511_627_776))
    }

    public func kvBytesPerToken(params n: Double) -> Double {
        ModelShape(params: n).kvBytesPerToken(groups: kvGroups, bytesPerValue: kvBytesPerValue)
    }

    /// Which setting a replica of `needGPUs` breaks: the fixed replica when it is too small
    /// (checked first), else the largest replica allowed.
    public func replicaLimit(needGPUs: Int) -> PlanningLimit {
        if let fixed = gpus, needGPUs > fixed { return .fixedReplica }
        return .replicaGPUs
    }

    /// G: the fixed replica size when it holds one sequence, else the fewest GPUs that do
    /// (non-decreasing in N, as `decode` uses it).
    func replicaGPUs(params n: Double) -> Int {
        let fewest = Self.count(((n * weightBytesPerParam + context * kvBytesPerToken(params: n)) / memoryBytes).rounded(.up))
        if let fixed = gpus, fixed >= fewest { return fixed }
        return fewest
    }

    /// The step time of `batch` sequences on `gpus` GPUs, and its bound.
    func step(params n: Double, gpus g: Double, batch b: Double, kv: Double) -> (Double, Bound) {
        let compute = 2 * n * b / (g * peakFLOPS * computeUtilisation)
        let memory = (n * weightBytesPerParam + b * context * kv) / (g * bandwidthBytesPerSecond * bandwidthUtilisation)
        return compute > memory ? (compute, .compute) : (memory, .memoryBandwidth)
    }

    /// How a model of `n` parameters decodes; with `enforcingLimits` false the latency limit
    /// and the replica limits are ignored (what the model would cost served anyway).
    public func decode(params n: Double, enforcingLimits: Bool = true) -> Result<Decode, Infeasible> {
        let kv = kvBytesPerToken(params: n)
        let weights = n * weightBytesPerParam
        let oneSequence = weights + context * kv
        let fewest = Self.count((oneSequence / memoryBytes).rounded(.up))
        var g = fewest
        if enforcingLimits, let fixed = gpus {
            guard fixed >= fewest else { return .failure(.memory(needGPUs: fewest, limit: fixed)) }
            g = fixed
        } else if let fixed = gpus, fixed >= fewest {
            g = fixed
        }
        if enforcingLimits, let limit = maxGPUs, g > limit { return .failure(.memory(needGPUs: g, limit: limit)) }
        let fits = Self.count(((Double(g) * memoryBytes - weights) / (context * kv)).rounded(.down), floor: 0)
        var b: Int
        if let fixed = batch {
            if enforcingLimits, fixed > fits { return .failure(.batch(asked: fixed, fits: fits)) }
            b = fixed
        } else {
            b = max(1, min(fits, maxBatch))
        }
        if enforcingLimits, let limit = maxSecondsPerToken {
            let (one, _) = step(params: n, gpus: Double(g), batch: 1, kv: kv)
            guard one <= limit else { return .failure(.latency(ms: one * 1000, limitMs: limit * 1000)) }
            if batch == nil {
                // t_step(B) = max(c·B, m₀ + m₁·B) ≤ limit: B ≤ limit/c and B ≤ (limit − m₀)/m₁.
                let c = 2 * n / (Double(g) * peakFLOPS * computeUtilisation)
                let bw = Double(g) * bandwidthBytesPerSecond * bandwidthUtilisation
                let m0 = weights / bw, m1 = context * kv / bw
                let largest = min(limit / c, (limit - m0) / m1)
                b = max(1, min(b, Self.count((largest * (1 + 1e-12)).rounded(.down))))
            } else if step(params: n, gpus: Double(g), batch: Double(b), kv: kv).0 > limit {
                return .failure(.latency(ms: step(params: n, gpus: Double(g), batch: Double(b), kv: kv).0 * 1000, limitMs: limit * 1000))
            }
        }
        let (t, bound) = step(params: n, gpus: Double(g), batch: Double(b), kv: kv)
        return .success(Decode(gpus: g, batch: b, stepSeconds: t, bound: bound, kvBytesPerToken: kv, weightBytes: weights,
                               utilisation: 2 * n * Double(b) / (t * Double(g) * peakFLOPS),
                               gpuHoursPerToken: Double(g) * t / (3600 * Double(b))))
    }
}

extension CostModel {
    /// Throws, saying which limit and by how much, when a model of `n` parameters cannot be
    /// served within the roofline limits (the latency, the replica size, the batch).
    public func checkServable(params n: Double) throws {
        guard let roofline, case let .failure(why) = roofline.decode(params: n) else { return }
        switch why {
        case let .memory(need, limit):
            throw PlanningError.outsideLimit(roofline.replicaLimit(needGPUs: need), "contradictory constraints: a \(fmt(n))-parameter model needs \(need) GPUs for its weights and one sequence's KV cache, \(need - limit) more than the replica's \(limit)")
        case let .latency(ms, limitMs):
            throw PlanningError.outsideLimit(.latency, "contradictory constraints: a \(fmt(n))-parameter model takes \(fmt(ms)) ms per token even one sequence at a time, \(fmt(ms - limitMs)) ms over the limit of \(fmt(limitMs)) ms")
        case let .batch(asked, fits):
            throw PlanningError.outsideLimit(.fixedBatch, "contradictory constraints: a batch of \(asked) does not fit the replica of a \(fmt(n))-parameter model (at most \(fits))")
        }
    }

}
