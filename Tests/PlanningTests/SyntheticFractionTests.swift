import Foundation
import Testing
import ScalingLaws
@testable import Planning

/// `--synthetic-fraction f`: D_eff = D′((1 − f)·D, U) + k·f·D, generation a cost per training
/// token, and the plan the global minimum along the curve — checked against a dense grid over N
/// priced from the formulas written out here, including cases where the cost has two local minima.
@Suite struct SyntheticFractionTests {
    /// Muennighoff et al.'s fit (the `muennighoff2023` preset), R*_D = 15.387756.
    static let law = ChinchillaLaw(E: exp(0.6254804), A: exp(6.255414), B: exp(7.3049974), alpha: 0.3526596, beta: 0.3526596)
    static let halfLife = 15.387756
    /// 2·N_g·(1 + r) FLOPs per synthetic token: a 7B rephraser reading 1.1 tokens per token written.
    static let perSyntheticToken = 2 * 7e9 * 2.1

    static func planner(unique: Double?, fraction f: Double, worth k: Double, demand: Double) -> Planner {
        var p = flopsPlanner(law, tokens: demand)
        p.uniqueData = unique.map { UniqueData(uniqueTokens: $0, halfLife: halfLife) }
        p.synthetic = SyntheticData(tokens: 0, worth: k, fraction: f)
        return p
    }

    /// Muennighoff et al. 2023, eq. 5, written out: x ≤ U counts in full, beyond it
    /// U + U·R*·(1 − e^(−(x/U − 1)/R*)).
    static func decayed(_ x: Double, _ u: Double?) -> Double {
        guard let u, x > u else { return x }
        return u + u * halfLife * (1 - exp(-(x / u - 1) / halfLife))
    }

    /// The raw D with D′((1 − f)·D, U) + k·f·D = e, by plain bisection on log D.
    static func raw(effective e: Double, f: Double, k: Double, u: Double?) -> Double {
        var lo = log(e / (1 - f + k * f)) - 1e-9, hi = log(e / (k * f)) + 1e-9
        for _ in 0..<80 {
            let mid = 0.5 * (lo + hi), d = exp(mid)
            if decayed((1 - f) * d, u) + k * f * d < e { lo = mid } else { hi = mid }
        }
        return exp(0.5 * (lo + hi))
    }

    /// The cheapest model of loss ℓ among 20,000 log-spaced sizes from N_min to 10⁴·N_min
    /// (N_min = (A/(ℓ − E))^(1/α), the smallest that reaches ℓ), each with the data it needs,
    /// priced 6·N·D + 2·N·D_inf + 2·N_g·(1 + r)·f·D; and how many local minima the grid has.
    static func bruteForce(loss l: Double, unique u: Double?, f: Double, k: Double, demand: Double)
        -> (params: Double, tokens: Double, cost: Double, localMinima: Int) {
        let a = law.A, b = law.B, alpha = law.alpha, beta = law.beta, r = l - law.E
        let nMin = pow(a / r, 1 / alpha)
        var costs: [Double] = [], best = (params: Double.nan, tokens: Double.nan, cost: Double.infinity)
        for i in 0..<20_000 {
            let n = nMin * pow(10, 1e-6 + 4 * Double(i) / 19_999)
            let dEffective = pow(b / (r - a * pow(n, -alpha)), 1 / beta)
            let d = raw(effective: dEffective, f: f, k: k, u: u)
            let cost = 6 * n * d + 2 * n * demand + perSyntheticToken * f * d
            costs.append(cost)
            if cost < best.cost { best = (n, d, cost) }
        }
        let minima = (1..<costs.count - 1).filter { costs[$0] < costs[$0 - 1] && costs[$0] < costs[$0 + 1] }.count
        return (best.params, best.tokens, best.cost, minima)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var loss: Double, unique: Double?, fraction: Double, worth: Double, demand: Double, minima: Int
        var testDescription: String { "ℓ \(loss), U \(unique.map { "\($0)" } ?? "∞"), f \(fraction), k \(worth), D_inf \(demand)" }
    }

    /// Two cases with two local minima (the global one the larger model in the first, the
    /// smaller in the second), a capped case with one, and an uncapped one (D_eff = (1 − f + k·f)·D).
    static let cases = [
        Case(loss: 2.3, unique: 1e9, fraction: 0.05, worth: 1, demand: 0, minima: 2),
        Case(loss: 2.3, unique: 1e9, fraction: 0.01, worth: 3, demand: 1e11, minima: 2),
        Case(loss: 2.3, unique: 20e9, fraction: 0.3, worth: 1, demand: 1e12, minima: 1),
        Case(loss: 2.3, unique: nil, fraction: 0.5, worth: 3, demand: 1e12, minima: 1),
    ]

    @Test(arguments: cases)
    func planIsTheGlobalMinimumOfADenseGrid(_ c: Case) throws {
        let plan = try Self.planner(unique: c.unique, fraction: c.fraction, worth: c.worth, demand: c.demand).plan(.loss(c.loss))
        let grid = Self.bruteForce(loss: c.loss, unique: c.unique, f: c.fraction, k: c.worth, demand: c.demand)
        #expect(grid.localMinima == c.minima, "the grid's local minima")
        let r = plan.recommended
        // No grid point is cheaper, and the plan is not cheaper than the grid allows.
        #expect(r.totalFLOPs <= grid.cost * (1 + 1e-9), "plan \(r.totalFLOPs) vs grid \(grid.cost) at N \(grid.params)")
        #expect(r.totalFLOPs >= grid.cost * (1 - 1e-6))
        #expect(relativeError(r.params, grid.params) < 1e-2, "N \(r.params) vs grid \(grid.params)")
        // The plan's own model, re-priced and re-evaluated from the formulas.
        let dEffective = Self.decayed((1 - c.fraction) * r.tokens, c.unique) + c.worth * c.fraction * r.tokens
        let loss = Self.law.E + Self.law.A * pow(r.params, -Self.law.alpha) + Self.law.B * pow(dEffective, -Self.law.beta)
        #expect(abs(loss - c.loss) < 1e-12)
        #expect(relativeError(try #require(r.effectiveTokens), dEffective) < 1e-12)
        let cost = 6 * r.params * r.tokens + 2 * r.params * c.demand + Self.perSyntheticToken * c.fraction * r.tokens
        #expect(relativeError(r.totalFLOPs, cost) < 1e-12)
        let s = try #require(plan.synthetic)
        #expect(relativeError(s.data.tokens, c.fraction * r.tokens) < 1e-15)
        #expect(relativeError(s.generationFLOPs, Self.perSyntheticToken * c.fraction * r.tokens) < 1e-12)
    }

    /// f = 0 is today's plan to the last bit: uncapped, capped (with R*_N), with a data
    /// multiplier, and for a budget.
    @Test func zeroFractionIsTodaysPlan() throws {
        var capped = flopsPlanner(Self.law, tokens: 1e12)
        capped.uniqueData = UniqueData(uniqueTokens: 20e9, halfLife: Self.halfLife, paramsHalfLife: 5.309743)
        var multiplied = flopsPlanner(Self.law, tokens: 1e12)
        multiplied.dataMultiplier = 2
        let cases: [(Planner, PlanTarget)] = [(flopsPlanner(Self.law, tokens: 1e12), .loss(2.3)), (capped, .loss(2.3)),
                                               (multiplied, .loss(2.3)), (flopsPlanner(Self.law, tokens: 1e12), .budgetFLOPs(1e22))]
        for (today, target) in cases {
            var zero = today
            zero.synthetic = SyntheticData(tokens: 0, worth: 3, fraction: 0)
            let a = try today.plan(target), b = try zero.plan(target)
            for path in [\Plan.recommended, \Plan.chinchilla] {
                #expect(a[keyPath: path].params == b[keyPath: path].params && a[keyPath: path].tokens == b[keyPath: path].tokens)
                #expect(a[keyPath: path].totalFLOPs == b[keyPath: path].totalFLOPs)
            }
            #expect(b.synthetic?.data.tokens == 0 && b.synthetic?.generationFLOPs == 0)
        }
    }

    /// The map and its inverse: D_eff from the formula, and back, from the first epoch to deep
    /// repetition of the real share.
    @Test(arguments: [1e8, 1e9, 1.9e10, 5e10, 1e12, 1e14])
    func effectiveTokensAndInverse(_ d: Double) {
        let mix = SyntheticFraction(fraction: 0.1, worth: 2, unique: UniqueData(uniqueTokens: 1e10, halfLife: Self.halfLife))
        let expected = Self.decayed(0.9 * d, 1e10) + 2 * 0.1 * d
        #expect(relativeError(mix.effectiveTokens(raw: d), expected) < 1e-14)
        #expect(relativeError(mix.rawTokens(effective: expected), d) < 1e-12)
        // The slope by a central difference.
        let h = d * 1e-6
        let slope = (mix.effectiveTokens(raw: d + h) - mix.effectiveTokens(raw: d - h)) / (2 * h)
        #expect(relativeError(mix.effectivePerRaw(raw: d), slope) < 1e-6)
    }

    /// The generation is shared by the runs that reuse the corpus: each carries 1/R of it.
    @Test func reuseSharesTheGenerationPerToken() throws {
        var shared = Self.planner(unique: 20e9, fraction: 0.3, worth: 1, demand: 1e12)
        shared.synthetic?.reuse = 4
        let r = try shared.plan(.loss(2.3)).recommended
        let generation = Self.perSyntheticToken * 0.3 * r.tokens
        #expect(relativeError(r.trainingFLOPs, 6 * r.params * r.tokens + generation / 4) < 1e-12)
    }

    /// More of every training token synthetic costs more generation per training token
    /// (2·N_g·(1 + r)·f, linear in f).
    @Test func generationPerTokenGrowsWithTheFraction() throws {
        let perToken = try [0.1, 0.3, 0.6, 0.9].map { f -> Double in
            let p = try Self.planner(unique: 20e9, fraction: f, worth: 1, demand: 1e12).plan(.loss(2.3))
            return try #require(p.synthetic).generationFLOPs / p.recommended.tokens
        }
        #expect(zip(perToken, perToken.dropFirst()).allSatisfy { $0 < $1 })
        #expect(relativeError(perToken[1], Self.perSyntheticToken * 0.3) < 1e-12)
    }

    /// --max-params and --max-tokens bound the search; a binding one is reported.
    @Test func limitsBoundTheSearch() throws {
        let free = try Self.planner(unique: 20e9, fraction: 0.3, worth: 1, demand: 1e12).plan(.loss(2.3))
        var capped = Self.planner(unique: 20e9, fraction: 0.3, worth: 1, demand: 1e12)
        capped.constraints = [MaxParams(0.5 * free.recommended.params)]
        let plan = try capped.plan(.loss(2.3))
        #expect(relativeError(plan.recommended.params, 0.5 * free.recommended.params) < 1e-12)
        #expect(plan.binding == [.maxParams])
    }

    /// `--params N`: the tokens are the data N needs, D_eff = (B/(ℓ − E − A·N^−α))^(1/β), turned
    /// into training tokens by bisection here; --max-tokens below them is a contradiction.
    @Test func fixedSizeTakesTheDataItNeeds() throws {
        var planner = Self.planner(unique: 20e9, fraction: 0.3, worth: 2, demand: 1e12)
        planner.fixedParams = 3e9
        let plan = try planner.plan(.loss(2.3))
        let dEffective = pow(Self.law.B / (2.3 - Self.law.E - Self.law.A * pow(3e9, -Self.law.alpha)), 1 / Self.law.beta)
        let d = Self.raw(effective: dEffective, f: 0.3, k: 2, u: 20e9)
        #expect(plan.recommended.params == 3e9)
        #expect(relativeError(plan.recommended.tokens, d) < 1e-10)
        planner.constraints = [MaxTokens(0.5 * d)]
        #expect(throws: PlanningError.self) { try planner.plan(.loss(2.3)) }
    }

    /// --max-tokens below the optimum's tokens binds: the plan trains on exactly the limit.
    @Test func maxTokensBinds() throws {
        let free = try Self.planner(unique: 20e9, fraction: 0.3, worth: 1, demand: 1e12).plan(.loss(2.3))
        var capped = Self.planner(unique: 20e9, fraction: 0.3, worth: 1, demand: 1e12)
        capped.constraints = [MaxTokens(0.7 * free.recommended.tokens)]
        let plan = try capped.plan(.loss(2.3))
        #expect(relativeError(plan.recommended.tokens, 0.7 * free.recommended.tokens) < 1e-10)
        #expect(plan.binding == [.maxTokens])
    }

    @Test func refusals() {
        #expect(throws: PlanningError.self) { try Self.planner(unique: 20e9, fraction: 1, worth: 1, demand: 0).plan(.loss(2.3)) }
        #expect(throws: PlanningError.self) { try Self.planner(unique: 20e9, fraction: -0.1, worth: 1, demand: 0).plan(.loss(2.3)) }
        #expect(throws: PlanningError.self) { try Self.planner(unique: 20e9, fraction: 0.2, worth: 1, demand: 0).plan(.budgetFLOPs(1e22)) }
    }
}
