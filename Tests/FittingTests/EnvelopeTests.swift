import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// Hoffmann et al.'s approach 1 on training curves simulated from a known law: the lower
/// envelope's N_opt ∝ C^a must follow the law's own compute-optimal exponent β/(α + β).
@Suite struct EnvelopeTests {
    static let law = ChinchillaLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)

    /// One file per size, 40 sizes log-spaced over 1e7…1e10, each logged at 80 checkpoints
    /// from 1e8 to `lastTokens(N)` tokens.
    static func curves(lastTokens: (Double) -> Double = { _ in 1e12 }) -> [Run] {
        var runs: [Run] = []
        for i in 0..<40 {
            let n = 1e7 * pow(1e3, Double(i) / 39)
            let last = lastTokens(n)
            for j in 0..<80 {
                let d = 1e8 * pow(last / 1e8, Double(j) / 79)
                runs.append(Run(params: n, tokens: d, loss: law.loss(params: n, tokens: d),
                                source: SourceLocation(file: "size-\(i).csv", line: j + 2)))
            }
        }
        return runs
    }

    @Test func theEnvelopeFollowsTheLawsOptimum() throws {
        var options = FitOptions(form: .envelope)
        options.flopsRange = Interval(1e19, 1e22)
        let fit = try Fitter.fit(Self.curves(), options: options)
        let a = 0.28 / (0.34 + 0.28)
        #expect(abs(fit.parameters["a"]! - a) < 0.01, "a = \(fit.parameters["a"]!), law \(a)")
        #expect(abs(fit.parameters["b"]! - (1 - a)) < 0.01)
        // k: N_opt = G·(C/6)^a, G = (αA/(βB))^(1/(α+β)) (Hoffmann et al. eq. 4), to the staircase's precision.
        let g = pow(0.34 * 406.4 / (0.28 * 410.7), 1 / 0.62)
        #expect(abs(log(fit.parameters["k"]! / (g * pow(6, -a)))) < 0.3)
    }

    /// The default window runs from the smallest model's shortest run's end to the largest's.
    @Test func theDefaultWindowAndItsNotes() throws {
        // Smallest (1e7) stops at 1e10 tokens, largest (1e10) at 1e11: window 6e17 to 6e21.
        let runs = Self.curves { n in n < 1.1e7 ? 1e10 : (n > 0.9e10 ? 1e11 : 1e12) }
        let fit = try Fitter.fit(runs, options: FitOptions(form: .envelope))
        #expect(fit.notes.first?.contains("FLOP window: 6e+17 to 6e+21") == true, "\(fit.notes)")
        #expect(fit.runsUsed == 40)
    }

    @Test func bootstrapIntervalsAndRefusals() throws {
        var options = FitOptions(form: .envelope, bootstrap: 50)
        options.flopsRange = Interval(1e19, 1e22)
        let fit = try Fitter.fit(Self.curves(), options: options)
        #expect(try #require(fit.intervals["a"]).contains(0.28 / 0.62))
        // One size only: no envelope.
        let one = Self.curves().filter { $0.source.file == "size-3.csv" }
        #expect(throws: FitError.self) { try Fitter.fit(one, options: FitOptions(form: .envelope)) }
        // One row per file (read with --last-checkpoints): refused, naming the file.
        let last = (0..<5).map { Run(params: 1e7 * Double($0 + 1), tokens: 1e9, loss: 3, source: SourceLocation(file: "r\($0).csv", line: 2)) }
        do { _ = try Fitter.fit(last, options: FitOptions(form: .envelope)); Issue.record("no error") } catch {
            #expect("\(error)".contains("r0.csv: an envelope needs each file's checkpoints"))
        }
    }
}
