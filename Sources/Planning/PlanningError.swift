import Foundation

/// Why a plan cannot be made. Each description says what is wrong and what to change.
public enum PlanningError: Error, Equatable, CustomStringConvertible {
    /// The target loss is at or below the law's floor E.
    case unreachableLoss(target: Double, floor: Double)
    /// A fixed or maximum model size cannot reach the target at any amount of data.
    case paramsTooSmall(params: Double, target: Double, bestLoss: Double)
    /// A maximum token count cannot reach the target at any model size.
    case tokensTooFew(tokens: Double, target: Double, bestLoss: Double)
    /// The constraints together exclude every model of the target quality.
    case contradictoryConstraints(String)
    /// The budget does not buy a model (e.g. inference alone costs more).
    case budgetTooSmall(String)
    /// The cost objective needs prices and throughputs the cost model lacks.
    case missingPricing(String)
    /// U unique tokens, however often repeated, give too little effective data for the target.
    case notEnoughUniqueData(unique: Double, maxEffective: Double, target: Double, bestLoss: Double)
    /// With R*_N: even the largest model's effective parameters, with all the effective data
    /// repetition gives, fall short of the target.
    case notEnoughUniqueDataForParams(unique: Double, maxEffectiveParams: Double, target: Double, bestLoss: Double)
    case unknownHardware(String, known: [String])
    case invalidInput(String)
    /// A search that should bracket a root did not (a bug or an extreme input).
    case noSolution(String)
    /// A limit no model (or the given model) meets, or a limit out of its range; the message
    /// says which quantity and by how much, and `limit` which setting it was (the executable
    /// names its option).
    case outsideLimit(PlanningLimit, String)

    public var description: String {
        switch self {
        case let .unreachableLoss(target, floor):
            return "target loss \(fmt(target)) is not above the law's floor E = \(fmt(floor)): no model reaches it (choose a loss above E)"
        case let .paramsTooSmall(params, target, best):
            return "a model of \(fmt(params)) parameters cannot reach loss \(fmt(target)) with any amount of data (its best is \(fmt(best)) with infinite data): allow more parameters or a higher loss"
        case let .tokensTooFew(tokens, target, best):
            return "\(fmt(tokens)) training tokens cannot reach loss \(fmt(target)) at any model size (the best is \(fmt(best))): allow more tokens or a higher loss"
        case let .notEnoughUniqueData(unique, maxEffective, target, best):
            return "\(fmt(unique)) unique tokens give at most \(fmt(maxEffective)) effective tokens however often they are repeated (Muennighoff et al. 2023), and no model reaches loss \(fmt(target)) on that (the best is \(fmt(best))): add unique data (--unique-tokens) or aim for a higher loss"
        case let .notEnoughUniqueDataForParams(unique, maxParams, target, best):
            return "on \(fmt(unique)) unique tokens no model reaches loss \(fmt(target)): parameters beyond what the data supports count for less, so no model has more than \(fmt(maxParams)) effective parameters, and the best loss with all the effective data repetition gives is \(fmt(best)) (Muennighoff et al. 2023): add unique data (--unique-tokens) or aim for a higher loss"
        case let .contradictoryConstraints(why): return "contradictory constraints: \(why)"
        case let .budgetTooSmall(why): return "budget too small: \(why)"
        case let .missingPricing(why): return why
        case let .unknownHardware(slug, known):
            return "unknown hardware '\(slug)' (known: \(known.joined(separator: ", ")); add your own with --hardware-file)"
        case let .invalidInput(why): return why
        case let .noSolution(why): return "no solution found: \(why)"
        case let .outsideLimit(_, why): return why
        }
    }
}

/// The setting behind a `PlanningError.outsideLimit`.
public enum PlanningLimit: String, Sendable, CaseIterable {
    /// The decode latency per generated token (roofline serving).
    case latency
    /// The largest replica allowed.
    case replicaGPUs
    /// A replica of a given size.
    case fixedReplica
    /// A given batch.
    case fixedBatch
    /// The days training may take on its GPUs.
    case deadline
    /// A GPU's mean time between failures.
    case gpuMTBF
    /// The time to write a checkpoint, and to restart after a failure.
    case checkpointTime, restartTime
    /// Power usage effectiveness, and the grid's carbon intensity.
    case pue, gridIntensity
}

/// Four significant digits, for messages.
func fmt(_ x: Double) -> String {
    if x != 0, abs(x) >= 1e5 || abs(x) < 1e-3 {
        var s = String(format: "%.3e", x)
        s = s.replacingOccurrences(of: "e+", with: "e")
        return s
    }
    return String(format: "%.4g", x)
}
