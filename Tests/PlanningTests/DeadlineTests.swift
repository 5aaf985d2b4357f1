import Foundation
import Testing
@testable import Planning

@Suite("The training deadline")
struct DeadlineTests {
    static let h100 = Pricing(hardware: "h100-sxm", dataType: .bf16, peakFLOPS: 989.5e12, utilisation: 0.4,
                              priceUSDPerGPUHour: 3, boardPowerW: 700)
    static let decode = Pricing(hardware: "h100-sxm", dataType: .int8, peakFLOPS: 1979e12, utilisation: 0.01,
                                priceUSDPerGPUHour: 3, boardPowerW: 700)

    static func planner(days: Double?, gpus: Double = 2048, tokens: Double = 2e13) throws -> Planner {
        let calendar = try TrainingCalendar(gpus: gpus)
        let model = CostModel(demand: InferenceDemand(tokens: tokens), training: h100, prefill: h100, decode: decode, calendar: calendar)
        let constraints: [any AllocationConstraint] = days.map { [Deadline(days: $0, gpus: gpus, training: h100, goodput: calendar.goodput)] } ?? []
        return Planner(law: sardana, costModel: model, objective: .cost, constraints: constraints)
    }

    @Test("A binding deadline raises N, trains in exactly the deadline, and never lowers the cost")
    func binds() throws {
        let free = try Self.planner(days: nil).plan(.qualityOf(params: 70e9))
        let days = try #require(free.recommended.costs.calendar?.wallClockDays)
        let tight = try Self.planner(days: days * 0.6).plan(.qualityOf(params: 70e9))
        #expect(tight.binding == [.deadline])
        #expect(tight.recommended.params > free.recommended.params)
        #expect(relativeError(tight.recommended.costs.calendar!.wallClockDays, days * 0.6) < 1e-9)
        #expect(tight.recommended.costs.totalUSD! >= free.recommended.costs.totalUSD!)
        let slack = try Self.planner(days: days * 1.5).plan(.qualityOf(params: 70e9))
        #expect(slack.binding.isEmpty && slack.recommended.params == free.recommended.params)
    }

    @Test("The deadline plan is the cheapest feasible model of its loss, by brute force over the curve")
    func bruteForce() throws {
        let free = try Self.planner(days: nil).plan(.qualityOf(params: 70e9))
        let limit = free.recommended.costs.calendar!.wallClockDays * 0.5
        let planner = try Self.planner(days: limit)
        let plan = try planner.plan(.qualityOf(params: 70e9))
        let l = plan.targetLoss
        // Models of loss ℓ by N on a fine log grid, D from the law by hand.
        var best = Double.infinity
        var n = 1e9
        while n < 1e13 {
            let rest = l - sardana.E - sardana.A * pow(n, -sardana.alpha)
            if rest > 0 {
                let d = pow(sardana.B / rest, 1 / sardana.beta)
                let b = planner.costModel.breakdown(params: n, tokens: d)
                if b.calendar!.wallClockDays <= limit { best = min(best, b.totalUSD!) }
            }
            n *= 1.0005
        }
        #expect(plan.recommended.costs.totalUSD! <= best * (1 + 1e-9))
        // The optimum sits on the deadline, between grid points: feasible, and within a grid step.
        #expect(plan.recommended.costs.calendar!.wallClockDays <= limit * (1 + 1e-9))
        #expect(plan.recommended.costs.totalUSD! >= best * (1 - 1e-3))
    }

    @Test("A deadline no model meets is an error saying how many days the fastest needs")
    func impossible() throws {
        let free = try Self.planner(days: nil).plan(.qualityOf(params: 70e9))
        let chinchillaDays = free.chinchilla.costs.calendar!.wallClockDays
        do { _ = try Self.planner(days: chinchillaDays / 2).plan(.qualityOf(params: 70e9)); Issue.record("no error") } catch {
            let text = "\(error)"
            #expect(text.contains("days") && text.contains(String(format: "%.4g", chinchillaDays)), "\(text)")
        }
        // A fixed size that misses it says by how much.
        var fixed = try Self.planner(days: chinchillaDays)
        fixed.fixedParams = 7e9
        #expect(throws: PlanningError.self) { try fixed.plan(.qualityOf(params: 70e9)) }
    }
}
