import Foundation
import Testing
import ScalingLaws
@testable import Planning

/// Plans with a cap on unique data (`--unique-tokens`), repeated beyond one epoch with
/// Muennighoff et al.'s effective data D′ = U + U·R*·(1 − e^(−R/R*)), R* = 15.4.
@Suite("Repeated data (Muennighoff et al. 2023)")
struct RepeatedDataPlanTests {
    func planner(tokens: Double, unique: Double, constraints: [any AllocationConstraint] = [],
                 fixedParams: Double? = nil) -> Planner {
        var p = flopsPlanner(tokens: tokens, constraints: constraints, fixedParams: fixedParams)
        p.uniqueData = UniqueData(uniqueTokens: unique)
        return p
    }

    /// Reference values from an independent scipy script: the curve of equal loss parametrised
    /// by N (not the Swift code's log-odds t), D′(N) = (B/(ℓ − E − A·N^−α))^(1/β), raw tokens by
    /// inverting eq. 5, and scipy.optimize.brentq (xtol 1e-15, rtol 8.9e-16) on the analytic
    /// d(6·N·D + 2·N·D_inf)/d log N, with dD/dD′ = 1/(1 − (D′/U − 1)/R*); Sardana's coefficients.
    @Test("The optimum matches an independent scipy solve",
          arguments: [
            (30e9, 1e13, 1e12, 15048289210.496008, 4015964332518.4097, 3739009279147.977),
            (70e9, 1e13, 2e12, 46488278406.60432, 7214989518143.454, 6797391797230.227),
            (30e9, 0.0, 1e12, 31346070028.341938, 1497927484239.551, 1489963811583.6475),
            (7e9, 1e11, 5e10, 7819844853.665484, 279374635794.837, 248364598917.767),
          ])
    func matchesScipy(quality: Double, demand: Double, unique: Double, n: Double, d: Double, effective: Double) throws {
        let plan = try planner(tokens: demand, unique: unique).plan(.qualityOf(params: quality))
        #expect(relativeError(plan.recommended.params, n) < 1e-9)
        #expect(relativeError(plan.recommended.tokens, d) < 1e-9)
        #expect(relativeError(try #require(plan.recommended.effectiveTokens), effective) < 1e-9)
        // The loss is reached on the effective data.
        #expect(relativeError(sardana.loss(params: plan.recommended.params, tokens: effective), plan.targetLoss) < 1e-12)
    }

    @Test("Repetition makes the same quality dearer: more raw tokens and a larger model than uncapped")
    func repetitionCosts() throws {
        let capped = try planner(tokens: 1e13, unique: 1e12).plan(.qualityOf(params: 30e9))
        let free = try flopsPlanner(tokens: 1e13).plan(.qualityOf(params: 30e9))
        #expect(capped.recommended.params > free.recommended.params)
        #expect(capped.recommended.totalFLOPs > free.recommended.totalFLOPs)
        let effective = try #require(capped.recommended.effectiveTokens)
        #expect(capped.recommended.tokens > effective)
    }

    @Test("With more unique data than any plan needs, the plan is the uncapped one")
    func ampleDataChangesNothing() throws {
        for demand in [0.0, 1e11, 1e13] {
            let capped = try planner(tokens: demand, unique: 1e16).plan(.qualityOf(params: 30e9))
            let free = try flopsPlanner(tokens: demand).plan(.qualityOf(params: 30e9))
            #expect(relativeError(capped.recommended.params, free.recommended.params) < 1e-12)
            #expect(capped.recommended.tokens == capped.recommended.effectiveTokens)
        }
    }

    @Test("A fixed model size repeats the data by the closed-form inverse of eq. 5")
    func fixedParams() throws {
        let plan = try planner(tokens: 2e12, unique: 3e11, fixedParams: 7e9).plan(.qualityOf(params: 13e9))
        // D′ from the loss equation, then R = −R*·log(1 − (D′/U − 1)/R*), D = U·(1 + R).
        let l = Planner.qualityLoss(ofParams: 13e9, law: sardana)
        let dEff = pow(sardana.B / (l - sardana.E - sardana.A * pow(7e9, -sardana.alpha)), 1 / sardana.beta)
        let raw = 3e11 * (1 - 15.4 * log(1 - (dEff / 3e11 - 1) / 15.4))
        #expect(relativeError(plan.recommended.tokens, raw) < 1e-12)
        // Forward through RepeatedData gives D′ back.
        #expect(relativeError(RepeatedData.effectiveTokens(tokens: plan.recommended.tokens, unique: 3e11), dEff) < 1e-12)
    }

    @Test("Too little unique data for the target is an error naming the cap, not a NaN")
    func tooLittleData() {
        do {
            _ = try planner(tokens: 1e13, unique: 1e9).plan(.qualityOf(params: 30e9))
            Issue.record("no error")
        } catch let error as PlanningError {
            guard case let .notEnoughUniqueData(unique, maxEffective, _, _) = error else { Issue.record("\(error)"); return }
            #expect(unique == 1e9 && maxEffective == 1e9 * 16.4)
            #expect(error.description.contains("--unique-tokens"))
        } catch { Issue.record("\(error)") }
    }

    @Test("--max-tokens limits the raw tokens, not the effective ones")
    func maxTokensIsRaw() throws {
        let plan = try planner(tokens: 1e13, unique: 1e12, constraints: [MaxTokens(3e12)]).plan(.qualityOf(params: 30e9))
        #expect(plan.binding == [.maxTokens])
        #expect(relativeError(plan.recommended.tokens, 3e12) < 1e-10)
    }

    @Test("A budget plan with repeated data mirrors the quality plan")
    func budgetMirror() throws {
        let quality = try planner(tokens: 1e13, unique: 1e12).plan(.qualityOf(params: 30e9))
        let budget = try planner(tokens: 1e13, unique: 1e12).plan(.budgetFLOPs(quality.recommended.totalFLOPs))
        #expect(relativeError(budget.targetLoss, quality.targetLoss) < 1e-9)
        #expect(relativeError(budget.recommended.params, quality.recommended.params) < 1e-6)
    }
}
