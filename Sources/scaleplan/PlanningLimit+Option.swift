import Planning

extension PlanningLimit {
    /// The option that sets this limit.
    var option: String {
        switch self {
        case .latency: return "--max-ms-per-token"
        case .replicaGPUs: return "--max-infer-gpus"
        case .fixedReplica: return "--infer-gpus"
        case .fixedBatch: return "--batch"
        case .deadline: return "--deadline-days"
        case .gpuMTBF: return "--gpu-mtbf-hours"
        case .checkpointTime: return "--checkpoint-minutes"
        case .restartTime: return "--restart-minutes"
        case .pue: return "--pue"
        case .gridIntensity: return "--grid-kgco2-per-kwh"
        }
    }
}

/// An error as the user reads it: a planning limit's message led by the option that set it.
func commandLineDescription(_ error: Error) -> String {
    if let planning = error as? PlanningError, case let .outsideLimit(limit, why) = planning {
        return "\(limit.option): \(why)"
    }
    return "\(error)"
}
