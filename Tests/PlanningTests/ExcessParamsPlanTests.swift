import Foundation
import Testing
import ScalingLaws
@testable import Planning

/// Plans under Muennighoff et al.'s full data-constrained law: repeated data *and* parameters
/// beyond U_N = N_opt(U) count for less (R*_N). The checks solve the same problem by brute
/// force, written here from the paper's equations (not with the planner's curve): scan N on a
/// fine log grid, find for each N the raw D that reaches the target by bisection, keep the
/// cheapest.
@Suite("Excess parameters (Muennighoff et al. 2023, R*_N)")
struct ExcessParamsPlanTests {
    // The muennighoff2023 preset's coefficients.
    static let (e, a, b, alpha, beta) = (exp(0.6254804), exp(6.255414), exp(7.3049974), 0.3526596, 0.3526596)
    static let (rD, rN) = (15.387756, 5.309743)
    static let law = ChinchillaLaw(E: e, A: a, B: b, alpha: alpha, beta: beta)

    /// L(N, D, U) as eqs. 5–7 write it.
    static func loss(_ n: Double, _ d: Double, _ uniqueTokens: Double) -> Double {
        let u = min(uniqueTokens, d)
        let g = pow(alpha * a / (beta * b), 1 / (alpha + beta))
        let uN = min(n, g * pow(g * u, beta / alpha))
        let nEff = uN + uN * rN * (1 - exp(-(n / uN - 1) / rN))
        let dEff = u + u * rD * (1 - exp(-(d / u - 1) / rD))
        return e + a / pow(nEff, alpha) + b / pow(dEff, beta)
    }

    /// The raw tokens a model of `n` parameters needs to reach `target` (nil if none does).
    static func tokens(_ n: Double, target: Double, unique: Double) -> Double? {
        var lo = log(1e6), hi = log(1e16)
        guard loss(n, exp(hi), unique) < target else { return nil }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if loss(n, exp(mid), unique) > target { lo = mid } else { hi = mid }
        }
        return exp(hi)
    }

    /// The cheapest (6·N·D + 2·N·D_inf) model by brute force over N in [lo, hi].
    static func bruteForce(target: Double, unique: Double, demand: Double, lo: Double, hi: Double) -> (n: Double, flops: Double) {
        var best = (n: Double.nan, flops: Double.infinity)
        for i in 0...4000 {
            let n = exp(log(lo) + (log(hi) - log(lo)) * Double(i) / 4000)
            guard let d = tokens(n, target: target, unique: unique) else { continue }
            let flops = 6 * n * d + 2 * n * demand
            if flops < best.flops { best = (n, flops) }
        }
        return best
    }

    func planner(demand: Double, unique: Double, constraints: [any AllocationConstraint] = [], fixedParams: Double? = nil) -> Planner {
        var p = Planner(law: Self.law, costModel: CostModel(demand: InferenceDemand(tokens: demand)), constraints: constraints,
                        fixedParams: fixedParams)
        p.uniqueData = UniqueData(uniqueTokens: unique, halfLife: Self.rD, paramsHalfLife: Self.rN)
        return p
    }

    @Test("The optimum matches a brute-force search, and reaches the target on N′ and D′",
          arguments: [(2.3, 20e9, 0.0), (2.3, 50e9, 1e12), (2.2, 100e9, 1e13)])
    func matchesBruteForce(target: Double, unique: Double, demand: Double) throws {
        let plan = try planner(demand: demand, unique: unique).plan(.loss(target))
        let r = plan.recommended
        #expect(abs(Self.loss(r.params, r.tokens, unique) - target) < 1e-9)
        let brute = Self.bruteForce(target: target, unique: unique, demand: demand, lo: 1e8, hi: 1e11)
        // Never worse than the grid's best, and at the same size to the grid's resolution (0.1%).
        #expect(r.totalFLOPs <= brute.flops * (1 + 1e-9))
        #expect(abs(log(r.params / brute.n)) < 2e-3, "N \(r.params) vs brute force \(brute.n)")
        let supported = try #require(plan.supportedParams)
        #expect(relativeError(supported, DataConstrainedLaw(base: Self.law).optimalParams(forTokens: unique)) < 1e-12)
        #expect(r.effectiveParams! <= r.params)
    }

    @Test("A fixed size above what the data supports needs the tokens the full law says")
    func fixedParams() throws {
        let plan = try planner(demand: 0, unique: 20e9, fixedParams: 8e9).plan(.loss(2.3))
        #expect(plan.recommended.params == 8e9)
        #expect(relativeError(plan.recommended.tokens, try #require(Self.tokens(8e9, target: 2.3, unique: 20e9))) < 1e-9)
    }

    @Test("--max-params binds on the raw size")
    func maxParams() throws {
        let free = try planner(demand: 1e13, unique: 100e9).plan(.loss(2.2))
        let capped = try planner(demand: 1e13, unique: 100e9, constraints: [MaxParams(free.recommended.params * 2)])
            .plan(.loss(2.2))
        #expect(capped.binding.isEmpty && relativeError(capped.recommended.params, free.recommended.params) < 1e-9)
        let bound = try planner(demand: 0, unique: 100e9, constraints: [MaxParams(1e9)]).plan(.loss(2.3))
        #expect(bound.binding == [.maxParams] && relativeError(bound.recommended.params, 1e9) < 1e-9)
        #expect(abs(Self.loss(bound.recommended.params, bound.recommended.tokens, 100e9) - 2.3) < 1e-9)
    }

    @Test("A target no size reaches on the unique data is refused, with the best loss there is")
    func unreachable() {
        #expect(throws: PlanningError.self) { try planner(demand: 0, unique: 5e9).plan(.loss(2.3)) }
        do { _ = try planner(demand: 0, unique: 5e9).plan(.loss(2.3)) } catch {
            #expect("\(error)".contains("the best loss with all the effective data repetition gives is 2.375"))
        }
    }
}

/// Coefficients that overflow Double give an error, not a table of blanks.
@Suite struct OverflowingLawTests {
    @Test func absurdCoefficientsAreRefused() {
        let law = ChinchillaLaw(E: 1.69, A: 1e300, B: 410.7, alpha: 0.336, beta: 0.283)
        let planner = Planner(law: law, costModel: CostModel(demand: InferenceDemand(tokens: 0)))
        let error = #expect(throws: PlanningError.self) { try planner.plan(.loss(7)) }
        guard case let .noSolution(why)? = error else { Issue.record("expected noSolution, got \(String(describing: error))"); return }
        #expect(why.contains("beyond floating point (params inf") && why.hasSuffix("check the law's coefficients"), "\(why)")
    }
}
