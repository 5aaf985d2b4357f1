import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// `DatasetComparer` recovers a known data multiplier: the group's runs follow the baseline's law
/// on m·D, so both multipliers are m at every target (by construction, not by the code under test:
/// C(ℓ) of a law on m·D is C(ℓ)/m, and D_base(N, ℓ) = m·D_group(N, ℓ)).
@Suite struct DatasetComparisonTests {
    static let law = ChinchillaLaw(E: 1.8, A: 450, B: 1800, alpha: 0.34, beta: 0.36)

    static func runs(multiplier m: Double, seed: UInt64) -> [Run] {
        var rng = SeededGenerator(seed: seed)
        var out: [Run] = []
        for n in SyntheticSweep.logSpaced(2e7, 2e9, 7) {
            for d in SyntheticSweep.logSpaced(4e8, 1e11, 7) {
                let loss = law.loss(params: n, tokens: m * d) * exp(0.01 * SyntheticSweep.gaussian(&rng))
                out.append(Run(params: n, tokens: d, loss: loss, source: SourceLocation(file: "m\(m)", line: out.count + 2)))
            }
        }
        return out
    }

    @Test(arguments: [1.5, 3, 10])
    func recoversAKnownMultiplier(_ m: Double) throws {
        let groups = [(name: "base", runs: Self.runs(multiplier: 1, seed: 1)), (name: "better", runs: Self.runs(multiplier: m, seed: 2))]
        let options = FitOptions(bootstrap: 60, seed: 4)
        // Each group fitted on its own (the default), each bootstrapped over its own runs. Targets
        // inside the range both sweeps reach (the largest baseline run is at 2.30).
        let c = try DatasetComparer.compare(groups, baseline: "base", targetLosses: [2.45, 2.35], shared: [], options: options)
        for row in c.rows where row.group == "better" {
            let compute = try #require(row.intervals["compute_multiplier"]), data = try #require(row.intervals["data_multiplier"])
            #expect(compute.contains(m), "m = \(m) at \(row.targetLoss): compute × \(row.computeMultiplier!) \(compute)")
            #expect(data.contains(m), "m = \(m) at \(row.targetLoss): data × \(row.dataMultiplier!) \(data)")
            #expect(abs(log(row.computeMultiplier! / m)) < log(1.5))
        }
        #expect(c.rows.filter { $0.group == "base" }.allSatisfy { $0.computeMultiplier == 1 && $0.dataMultiplier == 1 })
    }

    /// Exact laws, no fit: the multipliers are closed forms of the two laws.
    @Test func multipliersOfExactLaws() throws {
        let m = 3.0
        var better = Self.law
        better.B = Self.law.B * pow(m, -Self.law.beta)
        for l in [2.5, 2.3, 2.1] {
            let r = DatasetComparison.multipliers(better, against: Self.law, at: l)
            #expect(abs(r.compute! / m - 1) < 1e-12 && abs(r.data! / m - 1) < 1e-12, "\(l)")
        }
        // Cheaper at high loss, a higher floor: the ranking flips where the compute curves cross.
        let early = ChinchillaLaw(E: 2.0, A: 200, B: 800, alpha: 0.34, beta: 0.36)
        if let flip = DatasetComparison.flip(early, against: Self.law, top: 4) {
            let r = DatasetComparison.multipliers(early, against: Self.law, at: flip)
            #expect(abs(r.compute! - 1) < 1e-9)
        } else {
            Issue.record("no flip found between laws whose compute curves cross")
        }
    }

    /// Sharing the exponents: noiseless sweeps give m back exactly.
    @Test func sharedExponentsRecoverExactly() throws {
        func exact(_ m: Double) -> [Run] { Self.runs(multiplier: m, seed: 1).map { var r = $0; r.loss = Self.law.loss(params: r.params, tokens: m * r.tokens); return r } }
        let c = try DatasetComparer.compare([(name: "base", runs: exact(1)), (name: "better", runs: exact(3))], baseline: nil,
                                            targetLosses: [2.4], shared: ["alpha", "beta"], options: FitOptions())
        let row = try #require(c.rows.last)
        #expect(abs(row.computeMultiplier! / 3 - 1) < 1e-6 && abs(row.dataMultiplier! / 3 - 1) < 1e-6)
        #expect(c.groups[0].parameters["alpha"] == c.groups[1].parameters["alpha"])
    }

    @Test func refusals() {
        let runs = Self.runs(multiplier: 1, seed: 1)
        #expect(throws: FitError.invalidOption("a comparison needs at least two groups; the runs have 1 ('a')")) {
            try DatasetComparer.compare([(name: "a", runs: runs)], baseline: nil, targetLosses: [], shared: [], options: FitOptions())
        }
        #expect(throws: FitError.invalidOption("no group is named 'c4' (groups: a, b)")) {
            try DatasetComparer.compare([(name: "a", runs: runs), (name: "b", runs: runs)], baseline: "c4", targetLosses: [], shared: [], options: FitOptions())
        }
        #expect(throws: FitError.invalidOption("group 'b' has 3 runs, 3 too few: each group's Chinchilla law (5 parameters) needs at least 6 runs to compare")) {
            try DatasetComparer.compare([(name: "a", runs: runs), (name: "b", runs: Array(runs.prefix(3)))], baseline: nil, targetLosses: [], shared: [], options: FitOptions())
        }
    }
}
