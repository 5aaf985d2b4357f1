import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// Data that cannot identify a law is refused with a reason, never fitted to nonsense.
struct FitRefusalTests {
    func run(_ n: Double, _ d: Double, _ loss: Double) -> Run { Run(params: n, tokens: d, loss: loss) }

    @Test func tooFewRuns() {
        let runs = (1...4).map { run(1e8 * Double($0), 1e9, 3.0 - 0.1 * Double($0)) }
        #expect(throws: FitError.tooFewRuns(needed: 6, got: 4, form: .chinchilla)) {
            try Fitter.fit(runs, options: FitOptions())
        }
    }

    @Test func constantLoss() {
        let runs = (1...10).map { run(1e7 * Double($0), 1e9 * Double($0 % 3 + 1), 2.5) }
        #expect(throws: FitError.constantLoss(2.5)) { try Fitter.fit(runs, options: FitOptions()) }
    }

    @Test func singleModelSize() {
        let runs = (1...10).map { run(1e8, 1e9 * Double($0), 3 - 0.05 * Double($0)) }
        #expect(throws: FitError.self) { try Fitter.fit(runs, options: FitOptions()) }
        do { _ = try Fitter.fit(runs, options: FitOptions()) } catch {
            #expect("\(error)".contains("same model size"))
        }
    }

    @Test func paramsAndTokensInLockstep() {
        // 20 tokens per parameter everywhere: N and D are collinear.
        let runs = (1...10).map { k -> Run in let n = 1e7 * pow(2, Double(k)); return run(n, 20 * n, 4 - 0.2 * Double(k)) }
        do { _ = try Fitter.fit(runs, options: FitOptions()); Issue.record("expected a refusal") } catch {
            #expect("\(error)".contains("tokens per parameter"))
        }
    }

    @Test func badOptions() {
        let runs = SyntheticSweep.chinchilla(ChinchillaLaw(E: 1.8, A: 450, B: 1800, alpha: 0.34, beta: 0.36), budgets: [1e18, 1e19])
        #expect(throws: FitError.invalidOption("--delta must be a positive number, got 0.0")) {
            try Fitter.fit(runs, options: FitOptions(objective: FitObjective(loss: .huber(delta: 0))))
        }
        #expect(throws: FitError.invalidOption("--confidence must be between 0 and 1 (e.g. 0.9), got 1.5")) {
            try Fitter.fit(runs, options: FitOptions(confidence: 1.5))
        }
    }
}
