import Testing
import ScalingLaws
@testable import Planning

/// A cost the planner does not know: 2·N_gen FLOPs per training token, the cost of rephrasing
/// data with a generator of N_gen parameters (Maini et al. 2024). Defined here to show that a
/// new term plugs in without touching the planner.
private struct GeneratedTokens: CostTerm {
    var generatorParams: Double
    var name: String { "synthetic data" }
    var phase: CostPhase { .training }
    var pricing: Pricing? { nil }
    var flops: CostCoefficients { CostCoefficients(perToken: 2 * generatorParams) }
}

@Suite("Cost terms")
struct CostTermTests {
    @Test("A per-token cost term moves the optimum to a larger model (the root below Chinchilla's point)")
    func perTokenTerm() throws {
        let demand = InferenceDemand(tokens: 1e12)
        let model = CostModel(terms: [TrainingCompute(), InferencePrefill(tokens: demand.inputTokens),
                                      InferenceDecode(tokens: demand.outputTokens), GeneratedTokens(generatorParams: 1e11)],
                              demand: demand)
        let plan = try Planner(law: sardana, costModel: model).plan(.qualityOf(params: 30e9))
        // scipy: brentq on d cost/d log N of 6·N·D + 2·N·1e12 + 2e11·D along L = ℓ (N-parametrised):
        // N = 46912163960.02847, D = 1050811813568.1416.
        #expect(relativeError(plan.recommended.params, 46912163960.02847) < 1e-8)
        #expect(relativeError(plan.recommended.tokens, 1050811813568.1416) < 1e-8)
        #expect(plan.recommended.params > plan.chinchilla.params)
        // The new term's FLOPs are counted as training.
        #expect(relativeError(plan.recommended.trainingFLOPs,
                              6 * plan.recommended.params * plan.recommended.tokens + 2e11 * plan.recommended.tokens) < 1e-12)
    }

    @Test("The paper's cost model and the same terms given one by one agree")
    func paperModelEqualsTerms() throws {
        let demand = InferenceDemand(requests: 1e9, inputTokens: 70, outputTokens: 215)
        let paper = CostModel(demand: demand)
        let custom = CostModel(terms: paper.terms, demand: demand)
        #expect(try paper.coefficients(for: .flops) == custom.coefficients(for: .flops))
        #expect(paper.breakdown(params: 7e9, tokens: 1e12) == custom.breakdown(params: 7e9, tokens: 1e12))
        let served = paper.serving(demand.scaled(by: 2)).breakdown(params: 7e9, tokens: 1e12).inferenceFLOPs
        #expect(relativeError(served, 2 * 2 * 7e9 * demand.tokens) < 1e-14)
    }
}
