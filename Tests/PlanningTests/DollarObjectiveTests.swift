import Testing
import ScalingLaws
@testable import Planning

@Suite("Dollar objective")
struct DollarObjectiveTests {
    /// Training on A100-80GB in bf16 (312e12 FLOP/s dense) at $1.80/h and MFU 0.5; inference
    /// on H100 SXM in int8 (1,979e12 OP/s dense) at $3.00/h, prefill MFU 0.5, decode MFU 0.01;
    /// 1e9 requests of 70 + 215 tokens.
    static func costModel(requests: Double = 1e9) -> CostModel {
        CostModel(demand: InferenceDemand(requests: requests, inputTokens: 70, outputTokens: 215),
                  training: Pricing(hardware: "a100-80gb", dataType: .bf16, peakFLOPS: 312e12, utilisation: 0.5, priceUSDPerGPUHour: 1.8),
                  prefill: Pricing(hardware: "h100-sxm", dataType: .int8, peakFLOPS: 1979e12, utilisation: 0.5, priceUSDPerGPUHour: 3.0),
                  decode: Pricing(hardware: "h100-sxm", dataType: .int8, peakFLOPS: 1979e12, utilisation: 0.01, priceUSDPerGPUHour: 3.0))
    }

    @Test("Chinchilla-30B quality for 1e9 requests matches the scipy reference")
    func againstScipy() throws {
        let plan = try Planner(law: sardana, costModel: Self.costModel(), objective: .cost).plan(.qualityOf(params: 30e9))
        // Benchmarks/planning/reference.py check (scipy brentq on d cost/d log N, N-parametrised):
        // N = 18965195711.9, D = 2.65458816448e12, cost = $1313803.78655, Chinchilla's $1444376.03357.
        #expect(relativeError(plan.recommended.params, 18965195711.9) < 1e-8)
        #expect(relativeError(plan.recommended.tokens, 2.65458816448e12) < 1e-8)
        #expect(relativeError(try #require(plan.recommended.costs.totalUSD), 1313803.78655) < 1e-8)
        #expect(relativeError(try #require(plan.chinchilla.costs.totalUSD), 1444376.03357) < 1e-8)
    }

    @Test("GPU-hours and dollars follow c = price / (3600 · peak) by hand")
    func breakdownByHand() throws {
        let costs = Self.costModel().breakdown(params: 1e10, tokens: 1e12)
        // Training: 6e22 FLOPs / (3600 · 312e12 · 0.5) = 106837.6 GPU-hours, × $1.80.
        #expect(relativeError(try #require(costs.trainingGPUHours), 6e22 / (3600 * 312e12 * 0.5)) < 1e-12)
        #expect(relativeError(try #require(costs.trainingUSD), 1.8 * 6e22 / (3600 * 312e12 * 0.5)) < 1e-12)
        // Inference: 2·N·(7e10/0.5 + 2.15e11/0.01) FLOP-equivalents at H100 int8 peak.
        let inferenceHours = 2e10 * (7e10 / 0.5 + 2.15e11 / 0.01) / (3600 * 1979e12)
        #expect(relativeError(try #require(costs.inferenceGPUHours), inferenceHours) < 1e-12)
        #expect(relativeError(try #require(costs.inferenceUSD), 3 * inferenceHours) < 1e-12)
    }

    @Test("The cost objective without prices is an error, not a silent FLOPs plan")
    func needsPrices() {
        let planner = Planner(law: sardana, costModel: CostModel(demand: InferenceDemand(tokens: 1e12)), objective: .cost)
        let error = #expect(throws: PlanningError.self) { try planner.plan(.qualityOf(params: 7e9)) }
        guard case let .missingPricing(why)? = error else { Issue.record("expected missingPricing, got \(String(describing: error))"); return }
        #expect(why == "the cost objective needs hardware and prices for training (give --train-gpu/--infer-gpu or prices)")
    }

    @Test("A dollar budget mirrors a dollar quality target")
    func budgetMirror() throws {
        let planner = Planner(law: sardana, costModel: Self.costModel(), objective: .cost)
        let byBudget = try planner.plan(.budgetUSD(1e6))
        #expect(relativeError(try #require(byBudget.recommended.costs.totalUSD), 1e6) < 1e-10)
        let byQuality = try planner.plan(.loss(byBudget.targetLoss))
        #expect(relativeError(byQuality.recommended.params, byBudget.recommended.params) < 1e-9)
    }
}
