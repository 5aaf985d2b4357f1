import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// The Chinchilla loop of a large sweep (`FitData.accumulateChinchilla`): its ∇F and ∇²F
/// against central differences of F, its majoriser against the definition summed run by run,
/// and a sweep above the parallel threshold against the same law evaluated by the generic loop.
struct ChinchillaKernelTests {
    static let theta = [log(250), log(1200), log(1.7), 0.28, 0.35]

    /// The kernel over all runs of `data` into a fresh evaluation.
    static func kernel(_ data: FitData, _ theta: [Double], _ objective: FitObjective,
                       _ need: ObjectiveEvaluation.Need) -> ObjectiveEvaluation {
        var e = ObjectiveEvaluation(parameterCount: 5, runs: data.count)
        let delta = FitData.kernelDelta(objective)!
        e.value = e.residuals.withUnsafeMutableBufferPointer { res in
            e.gradient.withUnsafeMutableBufferPointer { grad in
                e.majorizer.withUnsafeMutableBufferPointer { maj in
                    e.hessian.withUnsafeMutableBufferPointer { hes in
                        data.accumulateChinchilla(0..<data.count, theta, delta: delta, need,
                                                  FitData.Sums(residuals: res.baseAddress!, gradient: grad.baseAddress!,
                                                               majorizer: maj.baseAddress!, hessian: hes.baseAddress!))
                    }
                }
            }
        }
        return e
    }

    /// F = Σ wᵢ ρ(log L̂ᵢ − log Lᵢ) written from the law itself, run by run.
    static func directValue(_ data: FitData, _ theta: [Double], _ loss: RobustLoss) -> Double {
        let n = data.count
        var f = 0.0
        for i in 0..<n {
            let logN = data.model.x[i], logD = data.model.x[n + i]
            let prediction = exp(theta[0] - theta[3] * logN) + exp(theta[1] - theta[4] * logD) + exp(theta[2])
            f += data.weights[i] * loss.rho(log(prediction) - data.logLoss[i])
        }
        return f
    }

    @Test(arguments: [RobustLoss.squared, .huber(delta: 10), .huber(delta: 1e-9), .huber(delta: 0.01)])
    func derivativesAgreeWithDifferences(loss: RobustLoss) {
        let data = ObjectiveDerivativeTests.data(ObjectiveDerivativeTests.chinchilla)
        let objective = FitObjective(loss: loss, space: .log)
        let e = Self.kernel(data, Self.theta, objective, .hessian)
        #expect(abs(e.value - Self.directValue(data, Self.theta, loss)) <= 1e-12 * e.value)
        let p = 5
        for j in 0..<p {
            let h = 1e-6 * max(1, abs(Self.theta[j]))
            var plus = Self.theta, minus = Self.theta
            plus[j] += h; minus[j] -= h
            let numeric = (Self.directValue(data, plus, loss) - Self.directValue(data, minus, loss)) / (2 * h)
            #expect(abs(numeric - e.gradient[j]) <= 1e-5 * max(1e-3, abs(numeric)), "∂F/∂θ\(j): \(e.gradient[j]) vs \(numeric)")
            let gPlus = Self.kernel(data, plus, objective, .gradient).gradient
            let gMinus = Self.kernel(data, minus, objective, .gradient).gradient
            for k in 0..<p {
                let numericH = (gPlus[k] - gMinus[k]) / (2 * h)
                #expect(abs(numericH - e.hessian[j * p + k]) <= 1e-4 * max(1e-2, abs(numericH)),
                        "∂²F/∂θ\(j)∂θ\(k): \(e.hessian[j * p + k]) vs \(numericH)")
            }
        }
    }

    @Test func majorizerIsItsDefinition() {
        // Σ wᵢ ψ(rᵢ)/rᵢ ∇rᵢ∇rᵢᵀ with ∇rᵢ by central differences of log L̂ᵢ.
        let data = ObjectiveDerivativeTests.data(ObjectiveDerivativeTests.chinchilla)
        let loss = RobustLoss.huber(delta: 0.01)
        let e = Self.kernel(data, Self.theta, FitObjective(loss: loss, space: .log), .gradient)
        let n = data.count
        func logPrediction(_ t: [Double], _ i: Int) -> Double {
            log(exp(t[0] - t[3] * data.model.x[i]) + exp(t[1] - t[4] * data.model.x[n + i]) + exp(t[2]))
        }
        var expected = [Double](repeating: 0, count: 25)
        for i in 0..<n {
            let r = logPrediction(Self.theta, i) - data.logLoss[i]
            #expect(abs(e.residuals[i] - r) <= 1e-13)
            let g = (0..<5).map { j -> Double in
                var plus = Self.theta, minus = Self.theta
                plus[j] += 1e-6; minus[j] -= 1e-6
                return (logPrediction(plus, i) - logPrediction(minus, i)) / 2e-6
            }
            for u in 0..<5 { for v in 0..<5 { expected[u * 5 + v] += data.weights[i] * loss.majorizerWeight(r) * g[u] * g[v] } }
        }
        for k in 0..<25 {
            #expect(abs(e.majorizer[k] - expected[k]) <= 1e-7 * max(1, abs(expected[k])), "majoriser[\(k)]")
        }
        #expect(e.hessian.allSatisfy { $0 == 0 })
    }

    @Test func farTermsDoNotOverflow() {
        // A floor e⁻⁷⁵⁰ below the other terms: exp(t − e) would overflow; the run is factored
        // by its largest term instead, and F and ∇F stay those of the law without the floor.
        let data = ObjectiveDerivativeTests.data(ObjectiveDerivativeTests.chinchilla)
        var theta = Self.theta
        theta[2] = -750
        let e = Self.kernel(data, theta, FitObjective(loss: .squared, space: .log), .hessian)
        #expect(e.value.isFinite && e.gradient.allSatisfy(\.isFinite) && e.hessian.allSatisfy(\.isFinite))
        #expect(abs(e.value - Self.directValue(data, theta, .squared)) <= 1e-12 * e.value)
        #expect(e.gradient[2] == 0)
    }

    /// 60,000 runs (above the parallel threshold) of a Chinchilla law with 1% noise and weights
    /// 0, 1, 2: the model in the kernel's θ order, and the same law with its terms listed floor
    /// first, which is not, and takes the generic loop.
    static func largeSweep() -> (fast: FitData, generic: FitData) {
        let n = 60_000
        let logN = (0..<n).map { log(1e7) + 7 * Double($0 % 97) / 96 }
        let logD = (0..<n).map { log(1e9) + 7 * Double($0 % 89) / 88 }
        let logLoss = (0..<n).map { i in
            log(1.8 + 480 * exp(-0.34 * logN[i]) + 2000 * exp(-0.37 * logD[i])) + 0.01 * sin(Double(i) * 0.7)
        }
        let weights = (0..<n).map { Double($0 % 3) }
        let kernelModel = LogSumExpModel(terms: [.init(intercept: 0, slope: 3, x: logN), .init(intercept: 1, slope: 4, x: logD),
                                                 .init(intercept: 2, slope: nil, x: [])], parameterCount: 5)
        let genericModel = LogSumExpModel(terms: [.init(intercept: 2, slope: nil, x: []), .init(intercept: 0, slope: 3, x: logN),
                                                  .init(intercept: 1, slope: 4, x: logD)], parameterCount: 5)
        let loss = logLoss.map { exp($0) }
        return (FitData(model: kernelModel, loss: loss, logLoss: logLoss, weights: weights),
                FitData(model: genericModel, loss: loss, logLoss: logLoss, weights: weights))
    }

    @Test func largeSweepTakesTheKernelWithTheGenericLoopsNumbers() {
        // The two loops agree to rounding.
        let (fast, generic) = Self.largeSweep()
        #expect(fast.isChinchilla && !generic.isChinchilla)
        let theta = [log(480), log(2000), log(1.8), 0.34, 0.37]
        for objective in [FitObjective.hoffmann, FitObjective(loss: .squared, space: .log)] {
            var a = fast.makeEvaluation(), b = generic.makeEvaluation()
            fast.evaluate(theta, objective: objective, need: .hessian, into: &a)
            generic.evaluate(theta, objective: objective, need: .hessian, into: &b)
            #expect(abs(a.value - b.value) <= 1e-12 * b.value)
            #expect(zip(a.residuals, b.residuals).allSatisfy { abs($0 - $1) <= 1e-14 })
            for (name, x, y) in [("gradient", a.gradient, b.gradient), ("majoriser", a.majorizer, b.majorizer),
                                 ("Hessian", a.hessian, b.hessian)] {
                let scale = y.map(abs).max()!
                #expect(zip(x, y).allSatisfy { abs($0 - $1) <= 1e-11 * scale }, "\(name): \(x) vs \(y)")
            }
        }
    }

    /// A real sweep: Epoch's 240 Chinchilla runs (Besiroglu et al. 2024), evaluated as a large
    /// sweep's (`asLargeSweep`: on all cores, by the Chinchilla loop) and by the generic loop
    /// (terms listed floor first), at Epoch's published optimum and away from it (where the
    /// Huber residuals are outside δ): the same F, residuals and derivatives to rounding.
    @Test(.enabled(if: EpochData.available, "needs ../shared/data/chinchilla-epoch beside the repository"))
    func realSweepTakesTheKernelWithTheGenericLoopsNumbers() throws {
        let runs = try EpochData.filteredRuns()
        let logN = runs.map { log($0.params) }, logD = runs.map { log($0.tokens) }
        let loss = runs.map(\.loss), logLoss = loss.map { log($0) }, weights = [Double](repeating: 1, count: runs.count)
        var fast = FitData(model: LogSumExpModel(terms: [.init(intercept: 0, slope: 3, x: logN), .init(intercept: 1, slope: 4, x: logD),
                                                         .init(intercept: 2, slope: nil, x: [])], parameterCount: 5),
                           loss: loss, logLoss: logLoss, weights: weights)
        fast.asLargeSweep = true
        let generic = FitData(model: LogSumExpModel(terms: [.init(intercept: 2, slope: nil, x: []), .init(intercept: 0, slope: 3, x: logN),
                                                            .init(intercept: 1, slope: 4, x: logD)], parameterCount: 5),
                              loss: loss, logLoss: logLoss, weights: weights)
        #expect(fast.isChinchilla && !generic.isChinchilla)
        // Epoch's fit: E = 1.8172, A = 482.01, B = 2085.43, α = 0.3478, β = 0.3658.
        for theta in [[log(482.01), log(2085.43), log(1.8172), 0.3478, 0.3658], [log(400), log(1500), log(1.6), 0.3, 0.33]] {
            for objective in [FitObjective.hoffmann, FitObjective(loss: .squared, space: .log)] {
                var a = fast.makeEvaluation(), b = generic.makeEvaluation()
                fast.evaluate(theta, objective: objective, need: .hessian, into: &a)
                generic.evaluate(theta, objective: objective, need: .hessian, into: &b)
                #expect(abs(a.value - b.value) <= 1e-12 * b.value)
                #expect(abs(a.value - Self.directValue(fast, theta, objective.loss)) <= 1e-12 * a.value)
                #expect(zip(a.residuals, b.residuals).allSatisfy { abs($0 - $1) <= 1e-14 })
                for (name, x, y) in [("gradient", a.gradient, b.gradient), ("majoriser", a.majorizer, b.majorizer),
                                     ("Hessian", a.hessian, b.hessian)] {
                    let scale = y.map(abs).max()!
                    #expect(zip(x, y).allSatisfy { abs($0 - $1) <= 1e-11 * scale }, "\(name): \(x) vs \(y)")
                }
            }
        }
    }

    @Test func curvatureFromTheLastPassIsTheCurvaturesOwn() throws {
        // A pass of ∇F (Huber) sums Σ wᵢ gᵢgᵢᵀ: the squared loss's majoriser at the same θ (the
        // generic loop's, to rounding), and the curvature built on it is the one built on a
        // squared-loss pass of its own.
        let (fast, generic) = Self.largeSweep()
        let theta = [log(480), log(2000), log(1.8), 0.34, 0.37]
        var pass = fast.makeEvaluation(), squared = generic.makeEvaluation()
        fast.evaluate(theta, objective: .hoffmann, need: .gradient, into: &pass)
        generic.evaluate(theta, objective: FitObjective(loss: .squared, space: .log), need: .gradient, into: &squared)
        try #require(pass.gaussNewton.count == 25)
        let scale = squared.majorizer.map(abs).max()!
        #expect(zip(pass.gaussNewton, squared.majorizer).allSatisfy { abs($0 - $1) <= 1e-11 * scale })
        var value = fast.makeEvaluation()
        fast.evaluate(theta, objective: .hoffmann, need: .value, into: &value)
        #expect(value.gaussNewton.isEmpty)
        let reused = try AsymptoticCovariance.estimate(fast, objective: .hoffmann, theta: theta, lastPass: pass)
        let own = try AsymptoticCovariance.estimate(fast, objective: .hoffmann, theta: theta)
        #expect(reused.covariance.elements == own.covariance.elements)
        #expect(reused.tau2 == own.tau2 && reused.meanSlope == own.meanSlope && reused.residuals == own.residuals)
    }
}
