import Foundation

extension CostModel {
    /// With roofline serving, the rephraser's replica: the fewest GPUs of the inference
    /// hardware that hold its weights and one sequence, at most `--max-infer-gpus`; the largest
    /// batch that fits (at most the batch cap); no latency limit (generation is offline), and
    /// the served model's fixed replica and batch do not apply. nil without roofline serving.
    func rephraserRoofline() -> RooflineServing? {
        guard var r = roofline else { return nil }
        r.gpus = nil; r.batch = nil; r.maxSecondsPerToken = nil
        return r
    }

    /// With roofline serving (and no rephraser utilisation given), the GPU-hours of writing the
    /// S synthetic tokens: S · G·t_step/(3600·B) for the rephraser's replica; nil otherwise.
    func rooflineWritingGPUHours(_ s: SyntheticData) -> Double? {
        guard s.utilisation == nil, let r = rephraserRoofline(), case let .success(d) = r.decode(params: s.rephraserParams) else { return nil }
        return s.tokens * d.gpuHoursPerToken
    }
}

extension CostModel {
    /// Throws, naming the replica limit, when the rephraser fits no replica of
    /// `--max-infer-gpus` GPUs (roofline serving only: fixed-utilisation serving has no memory).
    public func checkRephraserServable(_ s: SyntheticData) throws {
        guard let r = rephraserRoofline(), case let .failure(.memory(need, limit)) = r.decode(params: s.rephraserParams) else { return }
        throw PlanningError.outsideLimit(.replicaGPUs, "the rephraser's \(fmt(s.rephraserParams)) parameters need \(need) GPUs for their weights and one sequence's KV cache, \(need - limit) more than the largest replica of \(limit): it cannot generate the synthetic data on this hardware")
    }
}

extension Planner {
    func checkRephraserServable(_ s: SyntheticData) throws { try costModel.checkRephraserServable(s) }
}
