import Foundation
import Testing
@testable import ScalingLaws

@Suite struct SimulationTests {
    /// Epoch AI's replication of Chinchilla (Besiroglu et al. 2024).
    let law = ChinchillaLaw(E: 1.8172, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658)

    func isoFLOP(_ budgets: String, sizes: Int = 9, spread: Double = 4, noise: Double = 0, seed: UInt64 = 0) throws -> Simulation {
        try Simulation(law: law, grid: .isoFLOP(budgets: try LogSpacedRange(parsing: budgets), sizes: sizes, spread: spread),
                       noise: noise, seed: seed)
    }

    @Test func noiselessRunsAreTheLawExactly() throws {
        let runs = try isoFLOP("1e18:1e21:7").runs()
        #expect(runs.count == 63)
        for run in runs {
            #expect(run.loss == law.loss(params: run.params, tokens: run.tokens))
        }
    }

    /// With a pool of unique tokens, runs that need more repeat it, and the loss is the
    /// data-constrained law's at min(U, D) unique tokens (Muennighoff et al.'s N′, D′).
    @Test func uniqueTokensArePricedByTheDataConstrainedLaw() throws {
        let constrained = DataConstrainedLaw(base: law, dataHalfLife: 15.4, paramsHalfLife: 5.3)
        let grid = Simulation.Grid.grid(params: try LogSpacedRange(parsing: "1e7:1e9:3"), tokens: try LogSpacedRange(parsing: "1e9:1e11:3"))
        let runs = try Simulation(law: constrained, grid: grid, uniqueTokens: 5e9).runs()
        #expect(runs.map(\.uniqueTokens) == [1e9, 5e9, 5e9, 1e9, 5e9, 5e9, 1e9, 5e9, 5e9])
        for run in runs {
            #expect(run.loss == constrained.loss(params: run.params, tokens: run.tokens, unique: min(5e9, run.tokens)))
        }
        // Repetition costs: the 100B-token runs, 20 epochs of 5B, lose to fresh data.
        #expect(runs.filter { $0.tokens == 1e11 }.allSatisfy { $0.loss > law.loss(params: $0.params, tokens: $0.tokens) })
        #expect(throws: SimulationError.badUniqueTokens(0)) { try Simulation(law: constrained, grid: grid, uniqueTokens: 0) }
    }

    @Test func isoFLOPGridLayout() throws {
        let runs = try isoFLOP("1e18:1e21:4", sizes: 5, spread: 4).runs()
        let budgets = [1e18, 1e19, 1e20, 1e21]
        for (b, c) in budgets.enumerated() {
            let group = Array(runs[(5 * b)..<(5 * b + 5)])
            #expect(group.allSatisfy { $0.flops == c })               // every run of a budget has C exactly
            #expect(group.allSatisfy { relativeError(6 * $0.params * $0.tokens, c) < 1e-12 })
            #expect(group.allSatisfy { $0.params == $0.params.rounded() })
            // N*(C) = G·(C/6)^(β/(α+β)) (Hoffmann et al. App. D.2); sizes N*/4, N*/2, N*, 2N*, 4N*.
            let nStar = law.G * pow(c / 6, law.beta / (law.alpha + law.beta))
            let expected = [0.25, 0.5, 1, 2, 4].map { nStar * $0 }
            for (run, n) in zip(group, expected) { #expect(abs(run.params - n) <= 0.5) }
        }
    }

    @Test func explicitGrid() throws {
        let sim = try Simulation(law: law, grid: .grid(params: try LogSpacedRange(parsing: "10M:1B:3"),
                                                       tokens: try LogSpacedRange(parsing: "1B:100B:2")))
        let runs = try sim.runs()
        #expect(runs.map(\.params) == [1e7, 1e7, 1e8, 1e8, 1e9, 1e9])
        #expect(runs.map(\.tokens) == [1e9, 1e11, 1e9, 1e11, 1e9, 1e11])
        #expect(runs.allSatisfy { $0.flops == 6 * $0.params * $0.tokens })
        // L(1e9, 1e11) by hand: 1.8172 + 482.01·1e9^−0.3478 + 2085.43·1e11^−0.3658.
        let byHand = 1.8172 + 482.01 * pow(1e9, -0.3478) + 2085.43 * pow(1e11, -0.3658)
        #expect(relativeError(runs[5].loss, byHand) < 1e-14)
    }

    @Test func powerLawAgainstParams() throws {
        let powerLaw = PowerLaw(E: 1.5, A: 400, alpha: 0.3, against: .params)
        let sim = try Simulation(law: powerLaw, grid: .isoFLOP(budgets: try LogSpacedRange(parsing: "1e18:1e18:1"), sizes: 3, spread: 2))
        let runs = try sim.runs()
        // Fallback centre: 20 tokens per parameter, N* = √(C/120).
        #expect(abs(runs[1].params - (1e18 / 120).squareRoot()) <= 0.5)
        #expect(runs.allSatisfy { $0.loss == 1.5 + 400 * pow($0.params, -0.3) })
    }

    @Test func sameSeedSameRunsOtherSeedOtherRuns() throws {
        let a = try isoFLOP("1e18:1e21:7", noise: 0.01, seed: 5).runs()
        let b = try isoFLOP("1e18:1e21:7", noise: 0.01, seed: 5).runs()
        let c = try isoFLOP("1e18:1e21:7", noise: 0.01, seed: 6).runs()
        #expect(a.map(\.loss) == b.map(\.loss))
        #expect(a.map(\.loss) != c.map(\.loss))
        #expect(a.map(\.params) == c.map(\.params))
    }

    /// The log residuals log(L_obs/L) are N(0, σ²). With n = 1,000 their sample standard
    /// deviation has a relative standard error of 1/√(2(n−1)) ≈ 2.2%: a ±10% bound is 4.5
    /// s.e. wide (stable), yet a noise applied on the wrong scale (σ on L instead of log L is
    /// ~2.5x too big here; σ/2 or 2σ) fails it. The mean has s.e. σ/√n ≈ 3.2e-4.
    @Test(arguments: [UInt64(1), 2, 3])
    func noiseHasTheRequestedSpread(seed: UInt64) throws {
        let sigma = 0.01
        let runs = try isoFLOP("1e18:1e22:20", sizes: 50, noise: sigma, seed: seed).runs()
        let residuals = runs.map { log($0.loss / law.loss(params: $0.params, tokens: $0.tokens)) }
        let n = Double(residuals.count)
        let mean = residuals.reduce(0, +) / n
        let sd = (residuals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        #expect(residuals.count == 1000)
        #expect(abs(sd / sigma - 1) < 0.10)
        #expect(abs(mean) < 5 * sigma / n.squareRoot())
    }

    @Test func errors() throws {
        let budgets = try LogSpacedRange(parsing: "1e18:1e21:3")
        #expect(throws: SimulationError.badNoise(-1)) { try Simulation(law: law, grid: .isoFLOP(budgets: budgets, sizes: 3, spread: 4), noise: -1) }
        #expect(throws: SimulationError.badSpread(1)) { try Simulation(law: law, grid: .isoFLOP(budgets: budgets, sizes: 3, spread: 1)) }
        #expect(throws: SimulationError.badSizes(0)) { try Simulation(law: law, grid: .isoFLOP(budgets: budgets, sizes: 0, spread: 4)) }
    }
}
