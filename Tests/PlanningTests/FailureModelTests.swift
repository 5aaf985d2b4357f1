import Foundation
import Testing
@testable import Planning

@Suite("Failures: Daly's checkpoint interval and goodput")
struct FailureModelTests {
    @Test("Daly's interval reproduces the paper's worked cases (δ = 5 min: M = 24 h → 117 min, 6 h → 57 min, 15 min → 9.1 min)")
    func dalyPublished() {
        // Daly 2006, FGCS 22:303, Figs. 3-5 captions: the model's τ_opt for δ = 5 min, R = 10 min.
        #expect(abs(FailureModel.dalyInterval(checkpoint: 5, mtbf: 24 * 60) - 117) < 0.5)
        #expect(abs(FailureModel.dalyInterval(checkpoint: 5, mtbf: 6 * 60) - 57) < 0.5)
        #expect(abs(FailureModel.dalyInterval(checkpoint: 5, mtbf: 15) - 9.1) < 0.05)
        // δ ≥ 2M: checkpoint once per MTBF.
        #expect(FailureModel.dalyInterval(checkpoint: 40, mtbf: 15) == 15)
    }

    @Test("Daly's interval is within 0.1% of the true optimum of the goodput, found by brute force")
    func dalyNearTrueOptimum() {
        for (delta, m, r) in [(5.0, 1440.0, 10.0), (5.0, 360.0, 10.0), (1.0, 185.6, 10.0), (2.0, 30.0, 5.0)] {
            var best = 0.0
            var tau = delta / 100
            while tau < 5 * m {   // a geometric grid with 0.01% steps
                best = max(best, FailureModel.goodput(interval: tau, checkpoint: delta, restart: r, mtbf: m))
                tau *= 1.0001
            }
            let daly = FailureModel.goodput(interval: FailureModel.dalyInterval(checkpoint: delta, mtbf: m),
                                            checkpoint: delta, restart: r, mtbf: m)
            #expect(daly <= best * (1 + 1e-9))
            #expect(daly >= best * (1 - 1e-3), "δ \(delta), M \(m): Daly \(daly), best \(best)")
        }
    }

    @Test("Goodput by hand: M = 10 h, δ = 0.1 h, R = 0.2 h gives τ = 1.34833 h and goodput 0.848034")
    func goodputWorked() {
        // τ = √2·[1 + ⅓·√0.005 + 0.1/180] − 0.1 = 1.348333; goodput = τ / (10·e^0.02·(e^0.1448333 − 1)).
        let schedule = FailureModel(gpuMTBFHours: 10 * 64, checkpointHours: 0.1, restartHours: 0.2).schedule(gpus: 64)
        #expect(abs(schedule.jobMTBFHours - 10) < 1e-12)
        #expect(abs(schedule.checkpointIntervalHours! - 1.3483326) < 1e-6)
        #expect(abs(schedule.goodput - 0.8480338) < 1e-6)
    }

    @Test("Goodput falls as the GPUs grow and as the checkpoint time grows; no failures means goodput 1")
    func goodputMonotone() {
        var previous = 1.0
        for gpus in [1.0, 64, 1024, 16_384, 100_000] {
            let g = FailureModel().schedule(gpus: gpus).goodput
            #expect(g < previous && g > 0)
            previous = g
        }
        previous = 1
        for minutes in [0.1, 1, 5, 30] {
            let g = FailureModel(checkpointHours: minutes / 60).schedule(gpus: 16_384).goodput
            #expect(g < previous)
            previous = g
        }
        let none = FailureModel(gpuMTBFHours: .infinity).schedule(gpus: 16_384)
        #expect(none.goodput == 1 && none.checkpointIntervalHours == nil)
    }

    @Test("The default MTBF is Meta's Llama 3 figure: 419 interruptions in 54 days on 16,384 GPUs")
    func llama3Default() throws {
        #expect(abs(FailureModel.llama3GPUMTBFHours - 50_677.0) < 0.01)
        // A run whose useful work takes 54 days' worth of wall clock at its goodput expects 419.
        let calendar = try TrainingCalendar(gpus: 16_384)
        let training = Pricing(hardware: "h100-sxm", dataType: .bf16, peakFLOPS: 989.5e12, utilisation: 0.4, priceUSDPerGPUHour: 2)
        let usefulHours = 54 * 24 * calendar.goodput * 16_384
        let flops = usefulHours * 3600 * 989.5e12 * 0.4
        let model = CostModel(demand: .none, training: training, prefill: training, decode: training, calendar: calendar)
        let figures = try #require(model.breakdown(params: flops / 6 / 1e12, tokens: 1e12).calendar)
        #expect(abs(figures.wallClockDays - 54) < 1e-9)
        #expect(abs(figures.expectedInterruptions - 419) < 1e-6)
    }

    @Test("Training GPU-hours and dollars are the failure-free ones divided by the goodput")
    func dividedByGoodput() throws {
        let training = Pricing(hardware: "a100-80gb", dataType: .bf16, peakFLOPS: 312e12, utilisation: 0.5, priceUSDPerGPUHour: 2)
        let calendar = try TrainingCalendar(gpus: 2048)
        let plain = CostModel(demand: InferenceDemand(tokens: 1e12), training: training, prefill: training, decode: training)
        let failing = CostModel(demand: InferenceDemand(tokens: 1e12), training: training, prefill: training, decode: training,
                                calendar: calendar)
        let a = plain.breakdown(params: 7e9, tokens: 2e12), b = failing.breakdown(params: 7e9, tokens: 2e12)
        // Independent: 6·N·D / (312e12 · 0.5 · 3600) GPU-hours of useful work.
        let useful = 6 * 7e9 * 2e12 / (312e12 * 0.5 * 3600)
        #expect(relativeError(a.trainingGPUHours!, useful) < 1e-12)
        #expect(relativeError(b.trainingGPUHours!, useful / calendar.goodput) < 1e-12)
        #expect(relativeError(b.trainingUSD!, 2 * useful / calendar.goodput) < 1e-12)
        #expect(b.inferenceGPUHours == a.inferenceGPUHours)
        #expect(relativeError(b.calendar!.wallClockDays, useful / calendar.goodput / 2048 / 24) < 1e-12)
    }

    @Test("Bad failure figures are refused, saying which")
    func badInput() {
        #expect(throws: PlanningError.self) { try TrainingCalendar(gpus: 8, failures: FailureModel(gpuMTBFHours: 0)) }
        #expect(throws: PlanningError.self) { try TrainingCalendar(gpus: 8, failures: FailureModel(gpuMTBFHours: -5)) }
        #expect(throws: PlanningError.self) { try TrainingCalendar(gpus: 0) }
        do { _ = try TrainingCalendar(gpus: 8, failures: FailureModel(gpuMTBFHours: -5)) } catch {
            #expect("\(error)".contains("mean time between failures") && "\(error)".contains("-5"))
        }
    }
}
