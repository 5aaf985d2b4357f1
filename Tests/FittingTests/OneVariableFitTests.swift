import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// Power laws fitted to runs that know only their one variable.
@Suite struct OneVariableFitTests {
    /// Runs of L(D) = 1.9 + 300·D^(−0.3) that know only D (params and flops unknown).
    static let runs: [Run] = SyntheticSweep.logSpaced(1e6, 1e10, 12).enumerated().map { i, d in
        Run(params: .nan, tokens: d, flops: .nan, loss: 1.9 + 300 * pow(d, -0.3),
            source: SourceLocation(file: "curve.csv", line: i + 2))
    }

    @Test func powerLawInTokensIsRecovered() throws {
        var options = FitOptions(form: .powerLaw, against: .tokens)
        options.holdoutLargest = 3
        let fit = try Fitter.fit(Self.runs, options: options)
        #expect(abs(fit.parameters["E"]! - 1.9) < 1e-6)
        #expect(abs(fit.parameters["A"]! / 300 - 1) < 1e-5)
        #expect(abs(fit.parameters["alpha"]! - 0.3) < 1e-7)
        // The holdout leaves out the three runs with the most tokens and predicts them exactly.
        let holdout = try #require(fit.diagnostics.holdout)
        #expect(holdout.variable == .tokens && holdout.heldOutKind == "most-trained")
        #expect(holdout.predictions.map(\.x) == Array(Self.runs.map(\.tokens).suffix(3).reversed()))
        #expect(holdout.meanAbsoluteRelativeError < 1e-6)
    }

    /// A law in another variable, or a two-variable law, cannot use such runs: a clear refusal.
    @Test func otherFormsRefuseRunsThatKnowOneVariable() {
        let flops = #expect(throws: FitError.self) { try Fitter.fit(Self.runs, options: FitOptions(form: .powerLaw, against: .flops)) }
        guard case let .invalidOption(why)? = flops else { Issue.record("expected invalidOption, got \(String(describing: flops))"); return }
        #expect(why.hasPrefix("a power law in flops needs the flops of every run; ") && why.hasSuffix(" has none"), "\(why)")
        #expect(throws: FitError.self) { try Fitter.fit(Self.runs, options: FitOptions(form: .chinchilla)) }
        do {
            _ = try Fitter.fit(Self.runs, options: FitOptions(form: .chinchilla))
        } catch {
            #expect("\(error)".contains("curve.csv:2 gives only one of them"))
        }
    }
}

/// A holdout whose remaining runs cannot be fitted costs the check, not the fit.
@Suite struct HoldoutFailureTests {
    @Test func anUnfittableRemainderIsAWarning() throws {
        let runs = [1e7, 2e7, 4e7, 8e7, 1.6e8, 3.2e8, 4e8, 5e8, 1e9].enumerated().map { i, n in
            Run(params: n, tokens: 1e10, loss: n == 1e9 ? 2.5 : 3.0, source: SourceLocation(file: "r.csv", line: i + 2))
        }
        var options = FitOptions(form: .powerLaw, against: .params)
        options.holdoutLargest = 1
        let fit = try Fitter.fit(runs, options: options)
        #expect(fit.diagnostics.holdout == nil)
        #expect(fit.warnings.contains { $0.hasPrefix("no holdout check: without the 1 largest runs") })
    }
}
