import Foundation
import Testing
import ScalingLaws
@testable import Planning

@Suite("Limits, monotonicity and mirrors")
struct ClosedFormTests {
    @Test("Zero demand gives Hoffmann's closed form N* = G·(C/6)^(β/(α+β)) to 1e-9", arguments: [1e19, 1e21, 5.76e23, 1e26])
    func zeroDemand(flops: Double) throws {
        let optimal = sardana.computeOptimal(flops: flops)
        let loss = sardana.loss(params: optimal.params, tokens: optimal.tokens)
        let plan = try flopsPlanner(tokens: 0).plan(.loss(loss))
        #expect(relativeError(plan.recommended.params, optimal.params) < 1e-9)
        #expect(relativeError(plan.recommended.tokens, optimal.tokens) < 1e-9)
        #expect(relativeError(plan.recommended.trainingFLOPs, flops) < 1e-9)
        #expect(plan.savings.flopsFraction == 0)
    }

    @Test("--quality-of N is the loss of computeOptimal(C) with params N (closed form vs search)")
    func qualityOf() throws {
        // Independent: find C with computeOptimal(C).params = 30B by inverting N* = G·(C/6)^a.
        let c = 6 * pow(30e9 / sardana.G, 1 / sardana.paramsExponent)
        let optimal = sardana.computeOptimal(flops: c)
        #expect(relativeError(optimal.params, 30e9) < 1e-12)
        let expected = sardana.loss(params: optimal.params, tokens: optimal.tokens)
        #expect(relativeError(Planner.qualityLoss(ofParams: 30e9, law: sardana), expected) < 1e-13)
    }

    @Test("More demand never gives a larger model or fewer tokens, from 0 to 1e16 tokens")
    func monotone() throws {
        let demands = [0.0] + stride(from: 6.0, through: 16.0, by: 0.25).map { pow(10, $0) }
        var previous: Allocation?
        for d in demands {
            let plan = try flopsPlanner(tokens: d).plan(.qualityOf(params: 70e9))
            let r = plan.recommended
            #expect(r.params.isFinite && r.tokens.isFinite)
            #expect(abs(sardana.loss(params: r.params, tokens: r.tokens) - plan.targetLoss) < 1e-12)
            if let p = previous {
                #expect(r.params <= p.params)
                #expect(r.tokens >= p.tokens)
            }
            previous = r
        }
    }

    @Test("At 1e16 tokens the optimum still satisfies αA·N^−α/(βB·D^−β) = 1 + D_inf/(3D)")
    func extremeDemand() throws {
        let dinf = 1e16
        let r = try flopsPlanner(tokens: dinf).plan(.qualityOf(params: 30e9)).recommended
        let lhs = sardana.alpha * sardana.A * pow(r.params, -sardana.alpha) / (sardana.beta * sardana.B * pow(r.tokens, -sardana.beta))
        #expect(relativeError(lhs, 1 + dinf / (3 * r.tokens)) < 1e-9)
        // reference.py sweep: at 1e16 tokens, N = 4171572116.617967.
        #expect(relativeError(r.params, 4171572116.617967) < 1e-8)
    }

    @Test("A budget plan and a quality plan are mirrors", arguments: [0.0, 1e12, 1e14])
    func mirror(demand: Double) throws {
        let planner = flopsPlanner(tokens: demand)
        let budget = 3e23
        let byBudget = try planner.plan(.budgetFLOPs(budget))
        #expect(relativeError(byBudget.recommended.totalFLOPs, budget) < 1e-10)
        let byQuality = try planner.plan(.loss(byBudget.targetLoss))
        #expect(relativeError(byQuality.recommended.totalFLOPs, budget) < 1e-10)
        #expect(relativeError(byQuality.recommended.params, byBudget.recommended.params) < 1e-9)
    }

    @Test("With zero demand a FLOP budget gives Chinchilla's model for that compute")
    func budgetZeroDemand() throws {
        let plan = try flopsPlanner(tokens: 0).plan(.budgetFLOPs(5.76e23))
        let optimal = sardana.computeOptimal(flops: 5.76e23)
        #expect(relativeError(plan.recommended.params, optimal.params) < 1e-9)
    }

    @Test("--params fixed: tokens to reach the quality, and de Vries' overhead k_N·k_D − 1")
    func fixedParams() throws {
        let nc = 30e9, kN = 0.5
        let plan = try flopsPlanner(tokens: 0, fixedParams: nc * kN).plan(.qualityOf(params: nc))
        // de Vries 2023: k_D = (1 − (k_N^−α − 1)·β/α)^(−1/β); overhead = k_N·k_D − 1.
        let a = sardana.alpha, b = sardana.beta
        let kD = pow(1 - (pow(kN, -a) - 1) * b / a, -1 / b)
        #expect(relativeError(plan.recommended.tokens / plan.chinchilla.tokens, kD) < 1e-9)
        #expect(relativeError(-plan.savings.flopsFraction, kN * kD - 1) < 1e-9)
    }
}
