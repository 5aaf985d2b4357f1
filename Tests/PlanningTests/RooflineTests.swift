import Foundation
import Testing
@testable import Planning

@Suite("Roofline serving")
struct RooflineTests {
    static func h100(weightBytes: Double = 1, gpus: Int? = nil, batch: Int? = nil, context: Double = 285,
                     maxMs: Double? = nil, maxGPUs: Int? = nil) -> RooflineServing {
        RooflineServing(hardware: "h100-sxm", peakFLOPS: weightBytes == 1 ? 1979e12 : 989.5e12, memoryBytes: 80e9,
                        bandwidthBytesPerSecond: 3.35e12, priceUSDPerGPUHour: 3, boardPowerW: 700,
                        weightBytesPerParam: weightBytes, kvBytesPerValue: 2, gpus: gpus, batch: batch, context: context,
                        maxSecondsPerToken: maxMs.map { $0 / 1000 }, maxGPUs: maxGPUs)
    }

    @Test("KV cache per token matches published sizes: Llama 2 7B 0.5 MiB, Llama 2/3 70B 320 KiB, Llama 3 405B 504 KiB (16-bit)")
    func kvPublished() {
        // Llama 2 7B: 32 layers, width 4096, multi-head (Touvron et al. 2023).
        #expect(ModelShape(layers: 32, width: 4096).kvBytesPerToken(groups: 1, bytesPerValue: 2) == 512 * 1024)
        // Llama 2 70B and Llama 3 70B: 80 layers, width 8192, 64 query heads over 8 KV heads.
        #expect(ModelShape(layers: 80, width: 8192).kvBytesPerToken(groups: 8, bytesPerValue: 2) == 320 * 1024)
        // Llama 3 405B: 126 layers, width 16384, 128 query heads over 8 KV heads (Dubey et al. 2024).
        #expect(ModelShape(layers: 126, width: 16384).kvBytesPerToken(groups: 16, bytesPerValue: 2) == 504 * 1024)
    }

    @Test("The shape rule lands near the published models (layers within 20%, width within 10%, 70B KV within 5%)")
    func shapeRule() {
        for (n, layers, width) in [(7e9, 32.0, 4096.0), (13e9, 40, 5120), (70e9, 80, 8192), (405e9, 126, 16384)] {
            let s = ModelShape(params: n)
            #expect(relativeError(s.layers, layers) < 0.2, "\(n): \(s.layers) layers")
            #expect(relativeError(s.width, width) < 0.1, "\(n): width \(s.width)")
            // The rule's own count: 12·L·d² = N.
            #expect(relativeError(12 * s.layers * s.width * s.width, n) < 1e-12)
        }
        #expect(relativeError(ModelShape(params: 70e9).kvBytesPerToken(groups: 8, bytesPerValue: 2), 327_680) < 0.05)
    }

    @Test("Minimum GPUs: a 70B in 16-bit needs 2 × 80 GB or 4 × 40 GB; in 8-bit one 80 GB GPU")
    func minimumGPUs() throws {
        #expect(try Self.h100(weightBytes: 2).decode(params: 70e9).get().gpus == 2)
        var a100 = Self.h100(weightBytes: 2)
        a100.memoryBytes = 40e9
        #expect(try a100.decode(params: 70e9).get().gpus == 4)
        #expect(try Self.h100(weightBytes: 1).decode(params: 70e9).get().gpus == 1)
    }

    @Test("A decode step by hand: 70B int8 on one H100 at batch 1 is memory-bound, 26.15 ms per token")
    func stepByHand() throws {
        let d = try Self.h100(batch: 1).decode(params: 70e9).get()
        // (70e9 bytes + 285 · kv) / (3.35e12 · 0.8), kv = 2·L·(d/8)·2 from the rule.
        let s = ModelShape(params: 70e9)
        let kv = 2 * s.layers * s.width / 8 * 2
        #expect(relativeError(d.stepSeconds, (70e9 + 285 * kv) / (3.35e12 * 0.8)) < 1e-12)
        #expect(abs(d.msPerToken - 26.154) < 0.005)   // 70.094e9 bytes / 2.68e12 bytes/s
        #expect(d.bound == .memoryBandwidth)
        #expect(relativeError(d.gpuHoursPerToken, d.stepSeconds / 3600) < 1e-12)
    }

    @Test("Memory: a replica never holds less than the weights plus its batch's KV cache")
    func memory() throws {
        for n in [1e9, 7e9, 30e9, 70e9, 180e9, 405e9] {
            let r = Self.h100(weightBytes: 2)
            let d = try r.decode(params: n).get()
            #expect(Double(d.gpus) * r.memoryBytes >= d.weightBytes + Double(d.batch) * r.context * d.kvBytesPerToken)
            #expect(Double(d.gpus) * r.memoryBytes >= d.weightBytes)
        }
    }

    @Test("Decode utilisation rises with the batch until compute-bound, then stays at the compute utilisation")
    func utilisationRises() throws {
        var previous = 0.0, sawCompute = false
        for b in [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048] {
            let d = try Self.h100(gpus: 8, batch: b, context: 100).decode(params: 7e9).get()
            #expect(d.utilisation >= previous * (1 - 1e-12))
            if d.bound == .compute { sawCompute = true; #expect(abs(d.utilisation - 0.5) < 1e-12) }
            previous = d.utilisation
        }
        #expect(sawCompute)
    }

    static func planner(_ roofline: RooflineServing, objective: PlanObjective = .cost, tokens: Double = 1.425e13) -> Planner {
        let train = Pricing(hardware: "h100-sxm", dataType: .bf16, peakFLOPS: 989.5e12, utilisation: 0.5, priceUSDPerGPUHour: 3, boardPowerW: 700)
        let infer = Pricing(hardware: "h100-sxm", dataType: .int8, peakFLOPS: 1979e12, utilisation: 0.5, priceUSDPerGPUHour: 3, boardPowerW: 700)
        let model = CostModel(demand: InferenceDemand(requests: tokens / 285, inputTokens: 70, outputTokens: 215),
                              training: train, prefill: infer, decode: infer, roofline: roofline)
        return Planner(law: sardana, costModel: model, objective: objective)
    }

    /// The cheapest model of the plan's loss on a 200,000-point grid of N, D solved by hand.
    static func bruteForce(_ planner: Planner, loss l: Double, enforcing: Bool = true) -> (params: Double, cost: Double) {
        var best = (params: Double.nan, cost: Double.infinity)
        let nMin = pow(sardana.A / (l - sardana.E), 1 / sardana.alpha)
        for i in 1...200_000 {
            let n = nMin * exp(Double(i) * 8e-5)   // N_min to ~9e6 × N_min
            let d = pow(sardana.B / (l - sardana.E - sardana.A * pow(n, -sardana.alpha)), 1 / sardana.beta)
            if enforcing, case .failure = planner.costModel.roofline!.decode(params: n) { continue }
            let b = planner.costModel.breakdown(params: n, tokens: d)
            let cost: Double
            switch planner.objective {
            case .cost: cost = b.totalUSD!
            case .energy: cost = b.totalKWh!
            default: cost = b.totalFLOPs
            }
            if cost < best.cost { best = (n, cost) }
        }
        return best
    }

    @Test("The search finds the global minimum of the non-bilinear cost: brute force over 200,000 models", arguments: [
        (nil, nil, PlanObjective.cost), (nil, 1, .cost), (20.0, nil, .cost), (nil, nil, .energy), (nil, 2, .energy),
    ] as [(Double?, Int?, PlanObjective)])
    func globalMinimum(maxMs: Double?, maxGPUs: Int?, objective: PlanObjective) throws {
        let planner = Self.planner(Self.h100(weightBytes: 1, maxMs: maxMs, maxGPUs: maxGPUs), objective: objective)
        let plan = try planner.plan(.qualityOf(params: 70e9))
        let r = plan.recommended.costs
        let mine = objective == .cost ? r.totalUSD! : r.totalKWh!
        let best = Self.bruteForce(planner, loss: plan.targetLoss)
        #expect(mine <= best.cost * (1 + 1e-9), "plan \(plan.recommended.params) at \(mine), grid \(best.params) at \(best.cost)")
        #expect(mine >= best.cost * (1 - 1e-4))
    }

    @Test("A latency limit binds as latency, is met, raises the cost; relaxing it never raises the cost")
    func latencyBinds() throws {
        let free = try Self.planner(Self.h100()).plan(.qualityOf(params: 70e9))
        let ms = try #require(free.recommended.costs.serving?.msPerToken)
        let limited = try Self.planner(Self.h100(maxMs: ms * 0.5)).plan(.qualityOf(params: 70e9))
        #expect(limited.binding == [.latency])
        #expect(try #require(limited.recommended.costs.serving?.msPerToken) <= ms * 0.5 * (1 + 1e-9))
        #expect(limited.recommended.costs.totalUSD! >= free.recommended.costs.totalUSD!)
        let slack = try Self.planner(Self.h100(maxMs: ms * 10)).plan(.qualityOf(params: 70e9))
        #expect(slack.binding.isEmpty)
        #expect(relativeError(slack.recommended.costs.totalUSD!, free.recommended.costs.totalUSD!) < 1e-9)
    }

    @Test("A replica limit binds as memory, the plan fits it, and removing it never raises the cost")
    func memoryBinds() throws {
        let free = try Self.planner(Self.h100(weightBytes: 2)).plan(.qualityOf(params: 70e9))
        let gpus = try #require(free.recommended.costs.serving?.gpus)
        #expect(gpus >= 2)
        let limited = try Self.planner(Self.h100(weightBytes: 2, maxGPUs: gpus - 1)).plan(.qualityOf(params: 70e9))
        #expect(limited.binding == [.memory])
        #expect(try #require(limited.recommended.costs.serving?.gpus) <= gpus - 1)
        #expect(limited.recommended.params < free.recommended.params)
        #expect(limited.recommended.costs.totalUSD! >= free.recommended.costs.totalUSD!)
    }

    @Test("A latency no batch meets, and a model that fits no replica, are errors saying by how much")
    func impossible() throws {
        do { _ = try Self.planner(Self.h100(maxMs: 0.5)).plan(.qualityOf(params: 70e9)); Issue.record("no error") } catch {
            #expect("\(error)".contains("ms per token") && "\(error)".contains("over"), "\(error)")
        }
        var tiny = Self.h100(maxGPUs: 1)
        tiny.memoryBytes = 1e9
        do { _ = try Self.planner(tiny).plan(.qualityOf(params: 70e9)); Issue.record("no error") } catch {
            #expect("\(error)".contains("fits a replica of 1 GPUs") && "\(error)".contains("more"), "\(error)")
        }
        var fixed = Self.planner(Self.h100(weightBytes: 2, gpus: 1))
        fixed.fixedParams = 70e9
        do { _ = try fixed.plan(.qualityOf(params: 70e9)); Issue.record("no error") } catch {
            #expect("\(error)".contains("needs 2 GPUs"), "\(error)")
        }
    }
}
