import Foundation
import Testing
import ScalingLaws
@testable import Planning

@Suite("Break-even demand")
struct BreakEvenTests {
    let solver = BreakEven(law: sardana, objective: .flops, demandShape: InferenceDemand(tokens: 1),
                           costModel: CostModel(demand: .none))
    let loss = Planner.qualityLoss(ofParams: 30e9, law: sardana)

    @Test("The demand where N shrinks by 10% matches the optimality condition solved for D_inf")
    func shrink() throws {
        let demand = try solver.demandForShrink(0.1, loss: loss)
        // Closed form: at N = 0.9·N_chin on the curve, 1 + D_inf/(3D) = αA·N^−α/(βB·D^−β).
        let curve = try IsoLossCurve(law: sardana, loss: loss)
        let n = 0.9 * curve.params(curve.chinchillaT)
        let d = curve.tokens(try curve.t(params: n))
        let ratio = sardana.alpha * sardana.A * pow(n, -sardana.alpha) / (sardana.beta * sardana.B * pow(d, -sardana.beta))
        #expect(relativeError(demand.tokens, 3 * d * (ratio - 1)) < 1e-9)
    }

    @Test("A 20B model of Chinchilla-30B quality pays off where the FLOPs are equal")
    func candidate() throws {
        let demand = try solver.demandForCandidate(params: 20e9, loss: loss)
        // Closed form: 6·N·D + 2·N·D_inf = 6·Nc·Dc + 2·Nc·D_inf ⇒ D_inf = 3(N·D − Nc·Dc)/(Nc − N).
        let curve = try IsoLossCurve(law: sardana, loss: loss)
        let nc = curve.params(curve.chinchillaT), dc = curve.tokens(curve.chinchillaT)
        let d = curve.tokens(try curve.t(params: 20e9))
        #expect(relativeError(demand.tokens, 3 * (20e9 * d - nc * dc) / (nc - 20e9)) < 1e-9)
    }

    @Test("A candidate no smaller than Chinchilla's is an error")
    func largerCandidate() {
        let error = #expect(throws: PlanningError.self) { try solver.demandForCandidate(params: 40e9, loss: loss) }
        guard case let .invalidInput(why)? = error else { Issue.record("expected invalidInput, got \(String(describing: error))"); return }
        #expect(why.hasPrefix("--candidate-params 4.000e10 is not smaller than Chinchilla's ") && why.hasSuffix("a larger model never becomes cheaper to own"), "\(why)")
    }
}
