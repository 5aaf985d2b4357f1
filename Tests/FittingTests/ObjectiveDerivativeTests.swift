import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// The analytic gradient and Hessian of the objective agree with central finite differences
/// of the objective itself: the optimiser's Newton steps rest on them.
struct ObjectiveDerivativeTests {
    static let runs: [Run] = (0..<40).map { i in
        let n = 1e7 * pow(1.3, Double(i % 13)), d = 2e8 * pow(1.5, Double(i % 11))
        let noise = 0.02 * sin(Double(i) * 1.7)
        return Run(params: n, tokens: d, loss: (1.9 + 300 * pow(n, -0.3) + 900 * pow(d, -0.32)) * exp(noise))
    }

    static func data(_ model: LogSumExpModel) -> FitData {
        FitData(model: model, loss: runs.map(\.loss), logLoss: runs.map { log($0.loss) },
                weights: runs.indices.map { Double($0 % 3 + 1) })
    }

    static var chinchilla: LogSumExpModel {
        SeparableForm(logAxes: [runs.map { log($0.params) }, runs.map { log($0.tokens) }], hasFloor: true,
                      coefficientNames: ["A", "B"], floorName: "E", exponentNames: ["alpha", "beta"]).model
    }

    static var kaplan: LogSumExpModel {
        KaplanForm(logParams: runs.map { log($0.params) }, logTokens: runs.map { log($0.tokens) }).model
    }

    func check(_ data: FitData, _ theta: [Double], _ objective: FitObjective) {
        let p = theta.count
        var e = ObjectiveEvaluation(parameterCount: p, runs: data.count)
        var scratch = e
        data.evaluate(theta, objective: objective, need: .hessian, into: &e)
        // Central differences of F for ∇F, of ∇F for ∇²F.
        for j in 0..<p {
            let h = 1e-6 * max(1, abs(theta[j]))
            var plus = theta, minus = theta
            plus[j] += h; minus[j] -= h
            let numeric = (data.value(plus, objective: objective, scratch: &scratch)
                           - data.value(minus, objective: objective, scratch: &scratch)) / (2 * h)
            #expect(abs(numeric - e.gradient[j]) <= 1e-5 * max(1e-3, abs(numeric)), "∂F/∂θ\(j): \(e.gradient[j]) vs \(numeric)")
            data.evaluate(plus, objective: objective, need: .gradient, into: &scratch)
            let gPlus = scratch.gradient
            data.evaluate(minus, objective: objective, need: .gradient, into: &scratch)
            let gMinus = scratch.gradient
            for k in 0..<p {
                let numericH = (gPlus[k] - gMinus[k]) / (2 * h)
                #expect(abs(numericH - e.hessian[j * p + k]) <= 1e-4 * max(1e-2, abs(numericH)),
                        "∂²F/∂θ\(j)∂θ\(k): \(e.hessian[j * p + k]) vs \(numericH)")
            }
        }
    }

    @Test func chinchillaSquaredLog() {
        check(Self.data(Self.chinchilla), [log(250), log(1200), log(1.7), 0.28, 0.35], FitObjective(loss: .squared, space: .log))
    }

    @Test func chinchillaSquaredLinear() {
        check(Self.data(Self.chinchilla), [log(250), log(1200), log(1.7), 0.28, 0.35], FitObjective(loss: .squared, space: .linear))
    }

    @Test func chinchillaHuberAwayFromKinks() {
        // δ large enough that every residual is inside, and small enough that none is: both
        // branches of Huber, neither at its kink.
        check(Self.data(Self.chinchilla), [log(250), log(1200), log(1.7), 0.28, 0.35], FitObjective(loss: .huber(delta: 10), space: .log))
        check(Self.data(Self.chinchilla), [log(250), log(1200), log(1.7), 0.28, 0.35], FitObjective(loss: .huber(delta: 1e-9), space: .log))
    }

    @Test func kaplanOuterScale() {
        // θ = (u, v, p, q) near Kaplan et al.'s Table 2 magnitudes.
        check(Self.data(Self.kaplan), [0.74 * log(6.4e13), log(1.8e13), 0.74, 0.103], FitObjective(loss: .squared, space: .log))
        check(Self.data(Self.kaplan), [0.74 * log(6.4e13), log(1.8e13), 0.74, 0.103], FitObjective(loss: .squared, space: .linear))
    }
}
