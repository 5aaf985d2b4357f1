import Foundation
import Testing
import ScalingLaws
@testable import Planning

/// The roofline search (`cheapestRooflineT`) against brute force over random settings: small
/// and large GPUs, 4-, 8- and 16-bit weights, short and long contexts, multi-head and grouped
/// attention, batch caps, fixed replicas and batches, latency and replica limits, and a
/// `--max-params` interval. Many of them put the optimum where the batch is not capped, so the
/// cost along the curve steps with every replica size and batch and has several local minima.
@Suite("Roofline search against brute force")
struct RooflineSearchTests {
    struct Setting: CustomStringConvertible {
        var roofline: RooflineServing
        var objective: PlanObjective
        var qualityOf: Double
        var tokens: Double
        var maxParams: Double?
        var description: String {
            let r = roofline
            return "mem \(r.memoryBytes / 1e9) GB, \(r.weightBytesPerParam) B/weight, T \(r.context), groups \(r.kvGroups), max batch \(r.maxBatch), gpus \(r.gpus.map(String.init) ?? "-"), batch \(r.batch.map(String.init) ?? "-"), max ms \(r.maxSecondsPerToken.map { String($0 * 1000) } ?? "-"), max gpus \(r.maxGPUs.map(String.init) ?? "-"), \(objective), quality \(qualityOf), demand \(tokens), max params \(maxParams.map { String($0) } ?? "-")"
        }
    }

    static func settings(count: Int) -> [Setting] {
        var rng = SeededGenerator(seed: 20261130)
        return (0..<count).map { i in
            let memory = [16e9, 24e9, 40e9, 80e9, 141e9].randomElement(using: &rng)!
            let weightBytes = [0.5, 1, 2].randomElement(using: &rng)!
            let context = [285.0, 2048, 8192, 32768].randomElement(using: &rng)!
            var r = RooflineServing(hardware: "gpu", peakFLOPS: 1e15, memoryBytes: memory, bandwidthBytesPerSecond: 2e12,
                                    priceUSDPerGPUHour: 2.5, boardPowerW: 600, weightBytesPerParam: weightBytes, kvBytesPerValue: 2,
                                    kvGroups: [1.0, 4, 8].randomElement(using: &rng)!, computeUtilisation: 0.5,
                                    bandwidthUtilisation: 0.8, maxBatch: [8, 64, 256, 1024].randomElement(using: &rng)!,
                                    context: context)
            // Every third setting adds a limit or fixes the replica or batch.
            switch i % 6 {
            case 1: r.maxSecondsPerToken = Double.random(in: 0.01...0.08, using: &rng)
            case 3: r.maxGPUs = Int.random(in: 1...4, using: &rng)
            case 5: if Bool.random(using: &rng) { r.gpus = Int.random(in: 2...8, using: &rng) } else { r.batch = Int.random(in: 4...64, using: &rng) }
            default: break
            }
            let quality = exp(Double.random(in: log(1e9)...log(70e9), using: &rng))
            return Setting(roofline: r, objective: i % 4 == 2 ? .energy : .cost, qualityOf: quality,
                           tokens: exp(Double.random(in: log(1e11)...log(3e15), using: &rng)),
                           maxParams: i % 5 == 4 ? quality * 0.6 : nil)
        }
    }

    static func planner(_ s: Setting) -> Planner {
        var p = RooflineTests.planner(s.roofline, objective: s.objective, tokens: s.tokens)
        if let m = s.maxParams { p.constraints = [MaxParams(m)] }
        return p
    }

    /// The objective of every servable model of the plan's loss on a grid of 60,000 sizes
    /// (N from N_min to 10^6·N_min), its D solved by hand from the law, priced by `breakdown`
    /// (what the tool prints); and how many local minima the grid shows.
    static func bruteForce(_ planner: Planner, loss l: Double, maxParams: Double?) -> (params: Double, cost: Double, localMinima: Int) {
        var best = (params: Double.nan, cost: Double.infinity)
        let nMin = pow(sardana.A / (l - sardana.E), 1 / sardana.alpha)
        var previous = Double.infinity, falling = false, minima = 0
        for i in 1...60_000 {
            let n = nMin * exp(Double(i) * 2.3e-4)
            if let m = maxParams, n > m { break }
            let d = pow(sardana.B / (l - sardana.E - sardana.A * pow(n, -sardana.alpha)), 1 / sardana.beta)
            guard case .success = planner.costModel.roofline!.decode(params: n) else { previous = .infinity; falling = false; continue }
            let b = planner.costModel.breakdown(params: n, tokens: d)
            let cost = planner.objective == .cost ? b.totalUSD! : b.totalKWh!
            if cost < best.cost { best = (n, cost) }
            if cost > previous && falling { minima += 1 }
            falling = cost < previous
            previous = cost
        }
        return (best.params, best.cost, minima)
    }

    @Test("The plan is never beaten by any of 60,000 models, over 48 random settings (several with many local minima)")
    func randomSettings() throws {
        var stepped = 0, uncapped = 0, planned = 0
        for s in Self.settings(count: 48) {
            let planner = Self.planner(s)
            let plan: Plan
            do { plan = try planner.plan(.qualityOf(params: s.qualityOf)) } catch {
                // Only a loss no model can be served at may be refused: the grid must agree.
                let grid = Self.bruteForce(planner, loss: Planner.qualityLoss(ofParams: s.qualityOf, law: sardana), maxParams: s.maxParams)
                #expect(!grid.cost.isFinite, "\(s): refused (\(error)) but the grid serves \(grid.params) at \(grid.cost)")
                continue
            }
            planned += 1
            let r = plan.recommended.costs
            let mine = s.objective == .cost ? r.totalUSD! : r.totalKWh!
            let grid = Self.bruteForce(planner, loss: plan.targetLoss, maxParams: s.maxParams)
            #expect(mine <= grid.cost * (1 + 1e-9), "\(s): plan \(plan.recommended.params) at \(mine), grid \(grid.params) at \(grid.cost)")
            #expect(mine >= grid.cost * (1 - 1e-3), "\(s): plan \(plan.recommended.params) at \(mine), grid \(grid.params) at \(grid.cost)")
            if let m = s.maxParams { #expect(plan.recommended.params <= m * (1 + 1e-9)) }
            if grid.localMinima > 1 { stepped += 1 }
            if let b = r.serving?.batch, b < s.roofline.batch ?? s.roofline.maxBatch { uncapped += 1 }
        }
        // The settings must exercise what the search is for, or the test proves little.
        #expect(planned >= 40, "only \(planned) settings planned")
        #expect(stepped >= 10, "only \(stepped) settings with several local minima")
        #expect(uncapped >= 10, "only \(uncapped) plans below the batch cap")
    }

    @Test("A sweep's warm start never changes the answer: each point planned cold and warm agrees")
    func warmStart() throws {
        let r = RooflineTests.h100(weightBytes: 2)
        var previous: Double?
        for tokens in stride(from: 9.0, through: 16, by: 0.25).map({ pow(10, $0) }) {
            var warm = RooflineTests.planner(r, tokens: tokens)
            let cold = try warm.plan(.qualityOf(params: 30e9))
            warm.warmStart = previous.map { $0 + 3 } ?? -7   // a poor guess on purpose
            let p = try warm.plan(.qualityOf(params: 30e9))
            #expect(relativeError(p.recommended.params, cold.recommended.params) < 1e-9, "\(tokens)")
            previous = cold.curvePosition
        }
    }
}
