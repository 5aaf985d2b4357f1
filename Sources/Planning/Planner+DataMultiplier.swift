import Foundation
import ScalingLaws

extension Planner {
    /// Plans with each training token worth `dataMultiplier` tokens of the law's data
    /// (`--data-multiplier m`): the law on m·D (`ChinchillaLaw.withDataMultiplier`), the costs on
    /// the raw tokens, and with a cap on unique data the cap on raw unique tokens (repetition
    /// decays the effective ones: the law sees m·D′). A `--quality-of` target is the quality of
    /// the Chinchilla-optimal model on the law's own data. Allocations report the law's
    /// effective tokens m·D′ (or m·D).
    func planWithDataMultiplier(_ target: PlanTarget) throws -> Plan {
        let m = dataMultiplier
        guard m > 0, m.isFinite else {
            throw PlanningError.invalidInput("the data multiplier must be a positive number, not \(m)")
        }
        var inner = self
        inner.dataMultiplier = 1
        inner.law = law.withDataMultiplier(m)
        let resolved: PlanTarget
        if case let .qualityOf(n) = target { resolved = .loss(Self.qualityLoss(ofParams: n, law: law)) } else { resolved = target }
        var plan = try inner.plan(resolved)
        plan.dataMultiplier = m
        plan.recommended.effectiveTokens = m * (plan.recommended.effectiveTokens ?? plan.recommended.tokens)
        plan.chinchilla.effectiveTokens = m * (plan.chinchilla.effectiveTokens ?? plan.chinchilla.tokens)
        return plan
    }
}
