import Foundation
import ScalingLaws

extension Planner {
    /// The plan for `target`, with a percentile interval per recommended quantity from
    /// re-planning under each bootstrap sample of the law (the same target, demand, costs and
    /// constraints; `--quality-of` re-derives the loss under each sample). Samples that
    /// cannot be planned (e.g. their floor E is above the target) are counted, not used.
    public func plan(_ target: PlanTarget, samples: [ChinchillaLaw], confidence: Double = 0.9) throws -> Plan {
        var plan = try self.plan(target)
        guard !samples.isEmpty else { return plan }
        guard confidence > 0, confidence < 1 else {
            throw PlanningError.invalidInput("--confidence must be between 0 and 1, not \(confidence)")
        }
        var values: [String: [Double]] = [:]
        var failed = 0
        for sample in samples {
            var planner = self
            planner.law = sample
            guard let p = try? planner.plan(target) else { failed += 1; continue }
            let r = p.recommended
            var quantities = ["params": r.params, "tokens": r.tokens, "tokens_per_param": r.tokensPerParam,
                              "loss": r.loss, "total_flops": r.totalFLOPs]
            if let usd = r.costs.totalUSD { quantities["total_cost_usd"] = usd }
            for (key, v) in quantities { values[key, default: []].append(v) }
        }
        plan.samplesUsed = samples.count - failed
        plan.samplesFailed = failed
        plan.confidence = confidence
        for (key, v) in values {
            plan.intervals[key] = PlanInterval(low: percentile(v, (1 - confidence) / 2),
                                               high: percentile(v, (1 + confidence) / 2))
        }
        return plan
    }
}

/// The q-quantile of `values` by linear interpolation between order statistics (numpy's
/// default, "linear" / Hyndman & Fan type 7).
func percentile(_ values: [Double], _ q: Double) -> Double {
    let sorted = values.sorted()
    let position = q * Double(sorted.count - 1)
    let i = Int(position.rounded(.down)), j = min(i + 1, sorted.count - 1)
    return sorted[i] + (position - Double(i)) * (sorted[j] - sorted[i])
}
