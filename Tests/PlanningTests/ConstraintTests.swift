import Foundation
import Testing
import ScalingLaws
@testable import Planning

@Suite("Constraints and unreachable targets")
struct ConstraintTests {
    @Test("--max-params binds: the model of that size on the tokens it needs")
    func maxParamsBinds() throws {
        let plan = try flopsPlanner(tokens: 0, constraints: [MaxParams(20e9)]).plan(.qualityOf(params: 30e9))
        #expect(plan.binding == [.maxParams])
        #expect(relativeError(plan.recommended.params, 20e9) < 1e-12)
        // Independent: D from L(N, D) = ℓ solved by hand.
        let l = Planner.qualityLoss(ofParams: 30e9, law: sardana)
        let d = pow(sardana.B / (l - sardana.E - sardana.A * pow(20e9, -sardana.alpha)), 1 / sardana.beta)
        #expect(relativeError(plan.recommended.tokens, d) < 1e-10)
    }

    @Test("--max-tokens binds against a large demand")
    func maxTokensBinds() throws {
        let plan = try flopsPlanner(tokens: 1e14, constraints: [MaxTokens(3e12)]).plan(.qualityOf(params: 30e9))
        #expect(plan.binding == [.maxTokens])
        #expect(relativeError(plan.recommended.tokens, 3e12) < 1e-10)
    }

    @Test("A slack constraint does not bind or move the optimum")
    func slack() throws {
        let free = try flopsPlanner(tokens: 1e13).plan(.qualityOf(params: 30e9))
        let plan = try flopsPlanner(tokens: 1e13, constraints: [MaxParams(100e9), MaxTokens(1e14)]).plan(.qualityOf(params: 30e9))
        #expect(plan.binding.isEmpty)
        #expect(plan.recommended.params == free.recommended.params)
    }

    @Test("Contradictory constraints are an error naming both")
    func contradictory() {
        let planner = flopsPlanner(tokens: 0, constraints: [MaxParams(5e9), MaxTokens(1e12)])
        #expect(throws: PlanningError.self) { try planner.plan(.qualityOf(params: 30e9)) }
        do { _ = try planner.plan(.qualityOf(params: 30e9)) } catch {
            #expect("\(error)".contains("contradictory") && "\(error)".contains("--max-tokens"))
        }
    }

    @Test("Targets at or below E, or out of reach of a fixed size, are errors, never NaN")
    func unreachable() {
        #expect(throws: PlanningError.unreachableLoss(target: 1.69, floor: 1.69)) { try flopsPlanner(tokens: 1e12).plan(.loss(1.69)) }
        // A 1M model reaches at best E + A·N^−α (infinite data) = 1.69 + 406.4·1e6^−0.336 =
        // 5.6070012 (Python): the error says so, with the size and the target.
        for planner in [flopsPlanner(tokens: 1e12, fixedParams: 1e6), flopsPlanner(tokens: 1e12, constraints: [MaxParams(1e6)])] {
            let error = #expect(throws: PlanningError.self) { try planner.plan(.loss(1.9)) }
            guard case let .paramsTooSmall(params, target, best)? = error else {
                Issue.record("expected paramsTooSmall, got \(String(describing: error))"); continue
            }
            #expect(params == 1e6 && target == 1.9)
            #expect(relativeError(best, 5.607001152007815) < 1e-12)
        }
    }

    @Test("A budget that inference alone exhausts is too small for a fixed model")
    func budgetTooSmall() {
        // 7e9 params serving 1e13 tokens costs 2·7e9·1e13 = 1.4e23 FLOPs before any training.
        let served = #expect(throws: PlanningError.self) { try flopsPlanner(tokens: 1e13, fixedParams: 7e9).plan(.budgetFLOPs(1e23)) }
        guard case let .budgetTooSmall(why)? = served else { Issue.record("expected budgetTooSmall, got \(String(describing: served))"); return }
        #expect(why == "serving the demand with 7.000e09 parameters alone costs 1.400e23, more than the budget 1.000e23; raise the budget or choose a smaller --params")
        let tiny = #expect(throws: PlanningError.self) { try flopsPlanner(tokens: 0).plan(.budgetFLOPs(1)) }
        guard case .budgetTooSmall? = tiny else { Issue.record("expected budgetTooSmall, got \(String(describing: tiny))"); return }
    }

    @Test("A budget under a size limit spends it all on tokens for the capped model")
    func budgetWithMaxParams() throws {
        let plan = try flopsPlanner(tokens: 1e13, constraints: [MaxParams(10e9)]).plan(.budgetFLOPs(1e24))
        #expect(plan.binding == [.maxParams])
        #expect(relativeError(plan.recommended.params, 10e9) < 1e-9)
        // Closed form: 6·N·D + 2·N·D_inf = C ⇒ D = (C − 2·N·D_inf)/(6·N).
        #expect(relativeError(plan.recommended.tokens, (1e24 - 2 * 10e9 * 1e13) / (6 * 10e9)) < 1e-9)
    }

    @Test("A budget larger than both limits can use stops at the corner, both binding")
    func budgetBeyondCorner() throws {
        let plan = try flopsPlanner(tokens: 0, constraints: [MaxParams(1e9), MaxTokens(1e12)]).plan(.budgetFLOPs(1e25))
        #expect(Set(plan.binding) == [.maxParams, .maxTokens])
        #expect(relativeError(plan.recommended.params, 1e9) < 1e-9)
        #expect(relativeError(plan.recommended.tokens, 1e12) < 1e-9)
        #expect(relativeError(plan.targetLoss, sardana.loss(params: 1e9, tokens: 1e12)) < 1e-12)
    }
}
