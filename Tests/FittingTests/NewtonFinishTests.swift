import Foundation
import Testing
@testable import Fitting

/// A large sweep's Newton finish (`Polisher` with the gradient, and the Hessian, summed in the
/// line search): the optimum of the plain Newton polish, and a last pass that is the pass at the
/// point returned (the curvature takes its residuals and Gauss–Newton matrix).
struct NewtonFinishTests {
    @Test func finishReachesThePlainPolishsOptimumAndReturnsItsLastPass() throws {
        let (data, _) = ChinchillaKernelTests.largeSweep()
        let start = [log(450), log(2300), log(1.75), 0.33, 0.38]
        var plain = Polisher()
        plain.maxMajorizerIterations = 0
        var finisher = plain
        finisher.gradientInLineSearch = true
        var gradientOnly = finisher
        finisher.hessianInLineSearch = true
        let reference = plain.polish(data, objective: .hoffmann, from: start)
        for polisher in [finisher, gradientOnly] {
            let outcome = polisher.polish(data, objective: .hoffmann, from: start)
            #expect(outcome.convergence.converged)
            #expect(abs(outcome.value - reference.value) <= 1e-13 * reference.value)
            for j in 0..<5 { #expect(abs(outcome.theta[j] - reference.theta[j]) <= 1e-6 * max(1, abs(reference.theta[j]))) }
            let pass = try #require(outcome.lastPass)
            var fresh = data.makeEvaluation()
            data.evaluate(outcome.theta, objective: .hoffmann, need: .gradient, into: &fresh)
            #expect(pass.value == outcome.value && pass.value == fresh.value)
            #expect(pass.residuals == fresh.residuals && pass.gradient == fresh.gradient)
            #expect(pass.gaussNewton == fresh.gaussNewton && pass.gaussNewton.count == 25)
        }
        gradientOnly.gradientInLineSearch = false
        #expect(gradientOnly.polish(data, objective: .hoffmann, from: start).lastPass == nil)
    }
}
