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

/// Roofline serving with a cap on unique data (repeated beyond one epoch, and with R*_N excess
/// parameters discounted) and with rephrased synthetic data: the search against brute force.
@Suite("Roofline search with capped and synthetic data against brute force")
struct RooflineUniqueDataTests {
    /// The cheapest servable model of loss ℓ under `law` on `data`: 40,000 effective sizes N′
    /// (from N′_min up), D′ from the law by hand, the raw N and D they take, priced by
    /// `breakdown` (what the tool prints). Checks that each raw D repeats the data into D′.
    static func bruteForce(_ planner: Planner, law: ChinchillaLaw, data: UniqueData, loss l: Double, maxParams: Double? = nil) -> (params: Double, cost: Double) {
        var best = (params: Double.nan, cost: Double.infinity)
        let excess = data.excessParams(law: law)
        let nMin = pow(law.A / (l - law.E), 1 / law.alpha)
        for i in 1...40_000 {
            let nEffective = nMin * exp(Double(i) * 3e-4)
            if let excess, nEffective >= excess.maxEffectiveParams { break }
            let dEffective = pow(law.B / (l - law.E - law.A * pow(nEffective, -law.alpha)), 1 / law.beta)
            guard dEffective < data.maxEffectiveTokens else { continue }
            let n = excess?.rawParams(effective: nEffective) ?? nEffective, d = data.rawTokens(effective: dEffective)
            guard n.isFinite, d.isFinite, n <= maxParams ?? .infinity else { continue }
            if i % 1000 == 0 {
                #expect(relativeError(RepeatedData.decayed(total: d, unique: data.uniqueTokens, halfLife: data.halfLife), dEffective) < 1e-9)
            }
            guard case .success = planner.costModel.roofline!.decode(params: n) else { continue }
            let b = planner.costModel.breakdown(params: n, tokens: d)
            let cost = planner.objective == .cost ? b.totalUSD! : b.totalKWh!
            if cost < best.cost { best = (n, cost) }
        }
        return best
    }

    @Test("--unique-tokens with roofline serving: never beaten by 40,000 models over 24 random settings (half with R*_N)")
    func uniqueData() throws {
        var repeated = 0, planned = 0
        for (i, s) in RooflineSearchTests.settings(count: 24).enumerated() {
            var planner = RooflineSearchTests.planner(s)
            let l = Planner.qualityLoss(ofParams: s.qualityOf, law: sardana)
            let curve = try IsoLossCurve(law: sardana, loss: l)
            let data = UniqueData(uniqueTokens: curve.chinchilla.tokens * exp(Double(i % 8) * 0.5 - 3),
                                  paramsHalfLife: i % 2 == 0 ? 5.309 : nil)
            planner.uniqueData = data
            let grid = Self.bruteForce(planner, law: sardana, data: data, loss: l, maxParams: s.maxParams)
            let plan: Plan
            do { plan = try planner.plan(.loss(l)) } catch {
                #expect(!grid.cost.isFinite, "\(s), U \(data.uniqueTokens): refused (\(error)) but the grid serves \(grid.params) at \(grid.cost)")
                continue
            }
            planned += 1
            let r = plan.recommended.costs
            let mine = s.objective == .cost ? r.totalUSD! : r.totalKWh!
            #expect(mine <= grid.cost * (1 + 1e-9), "\(s), U \(data.uniqueTokens): plan \(plan.recommended.params) at \(mine), grid \(grid.params) at \(grid.cost)")
            #expect(mine >= grid.cost * (1 - 1e-3), "\(s), U \(data.uniqueTokens): plan \(plan.recommended.params) at \(mine), grid \(grid.params) at \(grid.cost)")
            if plan.recommended.tokens > data.uniqueTokens * 1.01 { repeated += 1 }
        }
        #expect(planned >= 16 && repeated >= 8, "planned \(planned), repeating the data \(repeated)")
    }

    @Test("Synthetic data with roofline serving: the plan on the pool is never beaten; the rephraser writes at its own replica's roofline")
    func synthetic() throws {
        let r = RooflineTests.h100(weightBytes: 1)
        var planner = RooflineTests.planner(r, tokens: 1e13)
        let l = Planner.qualityLoss(ofParams: 30e9, law: sardana)
        let u = 2e11, s = 3e11
        planner.uniqueData = UniqueData(uniqueTokens: u)
        planner.synthetic = SyntheticData(tokens: s, worth: 0.8, rephraserParams: 7e9, promptRatio: 1.1)
        let plan = try planner.plan(.loss(l))
        let summary = try #require(plan.synthetic)
        // Writing: a 7B in int8 fits one H100 (7 GB + one 285-token sequence), batch capped at 256;
        // a step is max(2·7e9·256/(1979e12·0.5), (7e9 + 256·285·kv)/(3.35e12·0.8)) seconds.
        let layers = cbrt(7e9 / (12 * 120 * 120)), kv = 2 * layers * (120 * layers / 8) * 2
        let step = max(2 * 7e9 * 256 / (1979e12 * 0.5), (7e9 + 256 * 285 * kv) / (3.35e12 * 0.8))
        let write = s * step / (3600 * 256), read = 2 * 7e9 * 1.1 * s / (1979e12 * 0.5 * 3600)
        #expect(relativeError(try #require(summary.generationGPUHours), write + read) < 1e-12)
        // The pool: U + S raw tokens worth (U + 0.8·S)/(U + S) each: the law with that multiplier.
        let multiplier = (u + 0.8 * s) / (u + s)
        let grid = Self.bruteForce(planner, law: sardana.withDataMultiplier(multiplier), data: UniqueData(uniqueTokens: u + s), loss: l)
        let generation = try #require(summary.generationUSD)
        let mine = plan.recommended.costs.totalUSD! - generation
        #expect(mine <= grid.cost * (1 + 1e-9), "plan \(plan.recommended.params) at \(mine), grid \(grid.params) at \(grid.cost)")
        #expect(mine >= grid.cost * (1 - 1e-3))
    }

    @Test("A rephraser no replica of --max-infer-gpus holds is refused, naming the replica limit and by how many GPUs")
    func rephraserTooLarge() throws {
        var planner = RooflineTests.planner(RooflineTests.h100(weightBytes: 2, maxGPUs: 2))
        planner.uniqueData = UniqueData(uniqueTokens: 1e12)
        planner.synthetic = SyntheticData(tokens: 1e11, rephraserParams: 405e9)
        do { _ = try planner.plan(.qualityOf(params: 30e9)); Issue.record("no error") } catch let PlanningError.outsideLimit(limit, why) {
            // 810 GB of bf16 weights plus one sequence: 11 GPUs of 80 GB, 9 more than 2.
            #expect(limit == .replicaGPUs)
            #expect(why.contains("need 11 GPUs") && why.contains("9 more than the largest replica of 2"), "\(why)")
        }
        planner.synthetic = nil
        planner.optimiseSynthetic = SyntheticData(tokens: 0, rephraserParams: 405e9)
        #expect(throws: PlanningError.self) { _ = try planner.plan(.qualityOf(params: 30e9)) }
    }
}
