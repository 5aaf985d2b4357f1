import Foundation
import Testing
@testable import Planning

@Suite("Energy and emissions")
struct EnergyTests {
    /// A training pricing on `slug` at the utilisation that makes 6·N·D take `gpuHours`.
    static func pricing(_ slug: String, params n: Double, tokens d: Double, gpuHours: Double,
                        powerW: Double? = nil) throws -> Pricing {
        let hw = try HardwareCatalog.profile(slug)
        let peak = try hw.peak(.bf16)
        return Pricing(hardware: slug, dataType: .bf16, peakFLOPS: peak, utilisation: 6 * n * d / (gpuHours * 3600 * peak),
                       priceUSDPerGPUHour: hw.priceUSDPerGPUHour, boardPowerW: powerW ?? hw.boardPowerW)
    }

    @Test("Llama 2 (Touvron et al. 2023, Table 2): 7B, 13B, 70B at 400 W and 34B at 350 W give 31.22, 62.44, 153.90, 291.42 tCO2eq")
    func llama2() throws {
        // Published GPU-hours (A100-80GB) and emissions; PUE 1.1 and 0.385 kg/kWh are the defaults.
        for (n, hours, watts, published) in [(7e9, 184_320.0, 400.0, 31.22), (13e9, 368_640, 400, 62.44),
                                             (34e9, 1_038_336, 350, 153.90), (70e9, 1_720_320, 400, 291.42)] {
            let training = try Self.pricing("a100-80gb", params: n, tokens: 2e12, gpuHours: hours, powerW: watts)
            let model = CostModel(demand: .none, training: training, prefill: training, decode: training)
            let b = model.breakdown(params: n, tokens: 2e12)
            // Within 0.03% of the published figures (given to 4-5 digits).
            #expect(relativeError(b.trainingCO2Tonnes!, published) < 3e-4, "\(n): \(b.trainingCO2Tonnes!) vs \(published)")
        }
    }

    @Test("Llama 3 model card: 8B 1.3M and 70B 6.4M H100 GPU-hours at 700 W (the profile's) give 390 and 1900 tCO2eq")
    func llama3() throws {
        for (n, hours, published) in [(8e9, 1.3e6, 390.0), (70e9, 6.4e6, 1900)] {
            let training = try Self.pricing("h100-sxm", params: n, tokens: 15e12, gpuHours: hours)
            #expect(training.boardPowerW == 700)
            let b = CostModel(demand: .none, training: training, prefill: training, decode: training).breakdown(params: n, tokens: 15e12)
            // The card rounds to two significant figures.
            #expect(relativeError(b.trainingCO2Tonnes!, published) < 0.015, "\(n): \(b.trainingCO2Tonnes!)")
            #expect(relativeError(b.trainingKWh!, hours * 0.7 * 1.1) < 1e-12)
        }
    }

    @Test("Every built-in profile has a board power with its source")
    func powers() throws {
        for p in HardwareCatalog.builtIn {
            #expect((p.boardPowerW ?? 0) > 0 && p.sources["power"] != nil, "\(p.slug)")
        }
        #expect(try HardwareCatalog.profile("a100-80gb").boardPowerW == 400)
        #expect(try HardwareCatalog.profile("h100-sxm").boardPowerW == 700)
    }

    @Test("The energy and CO2 objectives plan like dollars when price is proportional to power (one GPU for both phases)")
    func energyObjective() throws {
        let hw = Pricing(hardware: "x", dataType: .bf16, peakFLOPS: 1e15, utilisation: 0.5, priceUSDPerGPUHour: 0.7, boardPowerW: 700)
        let decode = Pricing(hardware: "x", dataType: .bf16, peakFLOPS: 1e15, utilisation: 0.01, priceUSDPerGPUHour: 0.7, boardPowerW: 700)
        let model = CostModel(demand: InferenceDemand(tokens: 1e13), training: hw, prefill: hw, decode: decode,
                              energy: EnergyModel(pue: 1.3, gridKgCO2PerKWh: 0.2))
        let target = PlanTarget.qualityOf(params: 30e9)
        let cost = try Planner(law: sardana, costModel: model, objective: .cost).plan(target)
        let energy = try Planner(law: sardana, costModel: model, objective: .energy).plan(target)
        let co2 = try Planner(law: sardana, costModel: model, objective: .co2).plan(target)
        #expect(relativeError(energy.recommended.params, cost.recommended.params) < 1e-9)
        #expect(relativeError(co2.recommended.params, cost.recommended.params) < 1e-9)
        // kWh = dollars / 0.7 $/h · 0.7 kW · 1.3.
        #expect(relativeError(energy.recommended.costs.totalKWh!, cost.recommended.costs.totalUSD! * 1.3) < 1e-12)
        #expect(relativeError(co2.recommended.costs.totalCO2Tonnes!, cost.recommended.costs.totalUSD! * 1.3 * 0.2 / 1000) < 1e-12)
    }

    @Test("A hardware without a board power cannot plan energy, and says which")
    func unpowered() {
        let hw = Pricing(hardware: "mystery", dataType: .bf16, peakFLOPS: 1e15, utilisation: 0.5, priceUSDPerGPUHour: 1)
        let planner = Planner(law: sardana, costModel: CostModel(demand: InferenceDemand(tokens: 1e12), training: hw, prefill: hw, decode: hw),
                              objective: .energy)
        do { _ = try planner.plan(.qualityOf(params: 7e9)); Issue.record("no error") } catch {
            #expect("\(error)".contains("mystery") && "\(error)".contains("board power"))
        }
    }

    @Test("PUE below 1 and a negative intensity are refused, saying by how much")
    func bad() {
        do { _ = try EnergyModel(pue: 0.9).validated(); Issue.record("no error") } catch {
            #expect("\(error)".contains("PUE") && "\(error)".contains("0.1 below 1"))
        }
        #expect(throws: PlanningError.self) { try EnergyModel(gridKgCO2PerKWh: -1).validated() }
    }
}
