import Foundation
import Testing
@testable import ScalingLaws

/// Muennighoff et al.'s data-constrained law. The expected values were computed separately,
/// in Python, from the paper's eqs. 5–7 as the authors' repository writes them
/// (U_N = min(N, G·(G·U)^(β/α)), R = x/U − 1, x′ = U + U·R*·(1 − e^(−R/R*))), with the
/// `muennighoff2023` preset's coefficients.
@Suite struct DataConstrainedLawTests {
    static let law = try! LawPreset.named("muennighoff2023").lawFile.repeatedDataLaw()

    @Test(arguments: [
        // N, D, U → loss, U_N, N′, D′
        (8.7e9, 178e9, 44.5e9, 2.2070192725672224, 2268900035.5877934, 7252139336.58588, 165792453976.229),
        (8.7e9, 178e9, 4e9, 2.42108255245302, 203946070.61463314, 1286423384.6556232, 61907528301.922714),
        (70e9, 1e12, 1e11, 2.0698063985236894, 5098651765.3658285, 29708611392.93418, 781412332284.1877),
        // One epoch, but far more parameters than 1B tokens support: N is discounted all the same.
        (1e11, 1e9, 1e9, 3.3864250621160776, 50986517.653658286, 321711822.8595468, 1e9),
    ])
    func matchesAReferenceComputation(n: Double, d: Double, u: Double, loss: Double, un: Double, nEff: Double, dEff: Double) {
        let law = Self.law
        #expect(relativeError(law.optimalParams(forTokens: u), un) < 1e-12)
        #expect(relativeError(law.effectiveParams(params: n, unique: u), nEff) < 1e-12)
        #expect(relativeError(law.effectiveTokens(tokens: d, unique: u), dEff) < 1e-12)
        #expect(relativeError(law.loss(at: ModelScale(params: n, tokens: d, uniqueTokens: u)), loss) < 1e-13)
    }

    /// With every token fresh (U ≥ D) and no more parameters than the data supports, or
    /// without unique tokens at all, it is Chinchilla's law.
    @Test func withoutRepetitionItIsChinchilla() {
        let law = Self.law
        let chinchilla = law.base.loss(params: 8.7e9, tokens: 178e9)
        #expect(law.loss(at: ModelScale(params: 8.7e9, tokens: 178e9)) == chinchilla)
        #expect(law.loss(at: ModelScale(params: 8.7e9, tokens: 178e9, uniqueTokens: 178e9)) == chinchilla)
        #expect(law.loss(at: ModelScale(params: 8.7e9, tokens: 178e9, uniqueTokens: 1e12)) == chinchilla)
    }

    /// N_opt(U) inverts the compute-optimal allocation: at any budget, the optimal size is the
    /// one whose optimal data is D*(C).
    @Test func optimalParamsInvertsTheAllocation() {
        for c in [1e18, 1e21, 1e24] {
            let optimum = Self.law.base.computeOptimal(flops: c)
            #expect(relativeError(Self.law.optimalParams(forTokens: optimum.tokens), optimum.params) < 1e-12)
        }
    }

    /// More repetition never helps, and the value of data saturates at U·(1 + R*_D).
    @Test func repetitionLosesValueMonotonically() {
        let law = Self.law
        var previous = 0.0
        for epochs in [1.0, 2, 4, 8, 16, 64, 1e4] {
            let dEff = law.effectiveTokens(tokens: epochs * 1e10, unique: 1e10)
            #expect(dEff > previous && dEff <= 1e10 * epochs)
            previous = dEff
        }
        #expect(relativeError(law.effectiveTokens(tokens: 1e10 * 1e6, unique: 1e10), 1e10 * (1 + law.dataHalfLife)) < 1e-9)
    }

    /// A file without R_D takes the paper's 15.4; without R_N, parameters are not discounted.
    @Test func defaultsOfAHandWrittenFile() throws {
        let law = try DataConstrainedLaw(parameters: ["E": 1.87, "A": 521, "B": 1488, "alpha": 0.353, "beta": 0.353])
        #expect(law.dataHalfLife == RepeatedData.fittedHalfLife)
        #expect(law.paramsHalfLife == .infinity)
        #expect(law.effectiveParams(params: 1e12, unique: 1e6) == 1e12)
        #expect(law.parameters["R_N"] == nil && law.parameters["R_D"] == 15.4)
        #expect(throws: LawError.invalidParameter(name: "R_N", value: -1, reason: "must be positive")) { try DataConstrainedLaw(parameters: ["E": 1.87, "A": 521, "B": 1488, "alpha": 0.353, "beta": 0.353, "R_N": -1]) }
    }
}
