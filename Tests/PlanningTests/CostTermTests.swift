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

    @Test("The paper's cost model, and the same terms given one by one, are 6ND + 2N·D_inf worked by hand")
    func paperModelEqualsTerms() throws {
        let demand = InferenceDemand(requests: 1e9, inputTokens: 70, outputTokens: 215)
        // By hand (Sardana & Frankle 2024, eq. 3): D_inf = 1e9 · (70 + 215) = 2.85e11 tokens;
        // training 6·N·D, inference 2·N·D_inf = 5.7e11·N. At N = 7e9, D = 1e12: training
        // 4.2e22 FLOPs, inference 3.99e21.
        let byHand = CostCoefficients(perParamToken: 6, perParam: 5.7e11)
        let paper = CostModel(demand: demand)
        let custom = CostModel(terms: [TrainingCompute(), InferencePrefill(tokens: 7e10), InferenceDecode(tokens: 2.15e11)],
                               demand: demand)
        for model in [paper, custom] {
            let k = try model.coefficients(for: .flops)
            #expect(k.perParamToken == 6 && k.perToken == 0 && k.fixed == 0)
            #expect(relativeError(k.perParam, byHand.perParam) < 1e-15)
            let costs = model.breakdown(params: 7e9, tokens: 1e12)
            #expect(relativeError(costs.trainingFLOPs, 4.2e22) < 1e-15)
            #expect(relativeError(costs.inferenceFLOPs, 3.99e21) < 1e-15)
            #expect(costs.trainingUSD == nil && !model.isPriced)
        }
        // Twice the requests, twice the inference: 7.98e21.
        let served = paper.serving(demand.scaled(by: 2)).breakdown(params: 7e9, tokens: 1e12)
        #expect(relativeError(served.inferenceFLOPs, 7.98e21) < 1e-14)
        #expect(relativeError(served.trainingFLOPs, 4.2e22) < 1e-15)
    }

    @Test("Priced terms: GPU-hours and dollars are FLOPs / (3600 · peak · MFU) · price, by hand")
    func pricedTerms() throws {
        let demand = InferenceDemand(requests: 1e9, inputTokens: 70, outputTokens: 215)
        let train = Pricing(hardware: "t", dataType: .bf16, peakFLOPS: 1e15, utilisation: 0.5, priceUSDPerGPUHour: 2)
        let prefill = Pricing(hardware: "p", dataType: .bf16, peakFLOPS: 2e15, utilisation: 0.5, priceUSDPerGPUHour: 4)
        let decode = Pricing(hardware: "d", dataType: .bf16, peakFLOPS: 2e15, utilisation: 0.01, priceUSDPerGPUHour: 4)
        let model = CostModel(demand: demand, training: train, prefill: prefill, decode: decode)
        let costs = model.breakdown(params: 7e9, tokens: 1e12)
        // Training: 4.2e22 FLOPs / (3600 · 5e14) = 23333.33 GPU-hours, at $2: $46666.67.
        #expect(relativeError(try #require(costs.trainingGPUHours), 4.2e22 / 1.8e18) < 1e-14)
        #expect(relativeError(try #require(costs.trainingUSD), 2 * 4.2e22 / 1.8e18) < 1e-14)
        // Prefill: 2·7e9·7e10 = 9.8e20 FLOPs at 1e15 FLOP/s → 272.2 h; decode: 2·7e9·2.15e11 =
        // 3.01e21 FLOPs at 2e13 FLOP/s → 41805.6 h; both at $4.
        let hours = 9.8e20 / 3.6e18 + 3.01e21 / 7.2e16
        #expect(relativeError(try #require(costs.inferenceGPUHours), hours) < 1e-14)
        #expect(relativeError(try #require(costs.inferenceUSD), 4 * hours) < 1e-14)
        #expect(relativeError(try model.coefficients(for: .cost).perParamToken, 6 * 2 / 1.8e18) < 1e-14)
    }
}
