import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// The phases a fit reports through `Fitter.fit(phases:)` (the library never prints; the
/// command line draws them): which phases, in which order, with which counts.
@Suite struct FitProgressTests {
    final class Recorder: @unchecked Sendable {  // `events` guarded by `lock`
        private let lock = NSLock()
        private var _events: [(phase: FitPhase, done: Int, total: Int)] = []
        var events: [(phase: FitPhase, done: Int, total: Int)] { lock.lock(); defer { lock.unlock() }; return _events }
        var record: FitProgress { { [self] phase, done, total in lock.lock(); _events.append((phase, done, total)); lock.unlock() } }
        func of(_ phase: FitPhase) -> [(done: Int, total: Int)] { events.filter { $0.phase == phase }.map { ($0.done, $0.total) } }
        /// The phases in the order they first reported.
        var order: [FitPhase] {
            var seen: [FitPhase] = []
            for e in events where !seen.contains(e.phase) { seen.append(e.phase) }
            return seen
        }
    }

    static let truth = ChinchillaLaw(E: 1.8, A: 450, B: 1800, alpha: 0.34, beta: 0.36)

    static func sweep(_ count: Int) -> [Run] {
        (0..<count).map { i in
            let n = 1e7 * pow(1000, Double(i % 157) / 156), d = 1e9 * pow(300, Double(i % 211) / 210)
            return Run(params: n, tokens: d, loss: truth.loss(params: n, tokens: d) * (1 + 0.01 * sin(Double(i))))
        }
    }

    /// Above the seeding limit (20,000 runs): the grid (its 15 × 15 points, as it starts and
    /// ends), the starts polished on the subset (k of n, ending at n of n), then the Newton
    /// steps on every run (1, 2, … with no total).
    @Test func aLargeSweepReportsTheGridTheSearchAndThePolish() throws {
        let recorder = Recorder()
        var options = FitOptions()
        options.gridSize = 15
        let fit = try Fitter.fit(Self.sweep(25_000), options: options, phases: recorder.record)
        #expect(recorder.order == [.grid, .search, .polish])
        #expect(recorder.of(.grid).map(\.done) == [0, 225] && recorder.of(.grid).allSatisfy { $0.total == 225 })
        let search = recorder.of(.search)
        let starts = try #require(search.last?.total)
        #expect(starts >= fit.search.startsPolished && starts >= 1)
        #expect(search.map(\.done) == Array(0...starts))
        let steps = recorder.of(.polish)
        #expect(!steps.isEmpty && steps.map(\.done) == Array(1...steps.count) && steps.allSatisfy { $0.total == 0 })
    }

    /// A small sweep has no full-sweep polish; each bootstrap resample is counted once, to
    /// `resamples` of `resamples`, and the resamples' own searches report nothing. The
    /// bootstrap-only callback hears the same counts.
    @Test func theBootstrapCountsEachResampleOnce() throws {
        let recorder = Recorder()
        let bootstrapOnly = Recorder()
        var options = FitOptions(bootstrap: 12, seed: 3)
        options.gridSize = 10
        // A 7 × 9 grid of sizes and token counts.
        let runs = (0..<63).map { i in
            let n = 1e7 * pow(1000, Double(i % 7) / 6), d = 1e9 * pow(300, Double(i / 7) / 8)
            return Run(params: n, tokens: d, loss: Self.truth.loss(params: n, tokens: d) * (1 + 0.01 * sin(Double(i))))
        }
        _ = try Fitter.fit(runs, options: options,
                           progress: { [bootstrapOnly] done, total in bootstrapOnly.record(.bootstrap, done, total) },
                           phases: recorder.record)
        #expect(recorder.order == [.grid, .search, .bootstrap])
        #expect(recorder.of(.grid).count == 2)
        let resamples = recorder.of(.bootstrap)
        #expect(resamples.map(\.done).sorted() == Array(1...12) && resamples.allSatisfy { $0.total == 12 })
        #expect(bootstrapOnly.of(.bootstrap).map(\.done).sorted() == Array(1...12))
    }
}

/// The diagnostics of a large sweep, computed in parts and by selection, as one sorted pass
/// computes them.
@Suite struct LargeSweepDiagnosticsTests {
    /// The median of |residuals| by selection is the sorted order statistics' (checked on
    /// random arrays with ties, odd and even lengths).
    @Test func quantileBySelectionIsTheSortedQuantile() {
        var generator = SeededGenerator(seed: 5)
        for length in [1, 2, 3, 10, 11, 1_000, 1_001] {
            for q in [0.0, 0.1, 0.5, 0.9, 1.0] {
                let x = (0..<length).map { _ in Double(generator.next() % 50) / 7 }
                var copy = x
                #expect(Statistics.quantileBySelection(&copy, q) == Statistics.quantile(x, q), "n \(length) q \(q)")
            }
        }
    }

    /// Influence on a large sweep is searched in parts on several cores: ties between parts go
    /// to the earliest run, as one pass over the runs has them. Four identical copies of a
    /// 15,000-run sweep tie every run with its copies: the three most influential are the most
    /// influential run's first three copies, in file order (the fourth, in the last part, is
    /// left out, though it ties).
    static let copies: [Run] = {
        let copy = (0..<15_000).map { i in
            let n = 1e7 * pow(1000, Double(i % 157) / 156), d = 1e9 * pow(300, Double(i % 211) / 210)
            return (n, d, FitProgressTests.truth.loss(params: n, tokens: d) * (1 + 0.01 * sin(Double(i))))
        }
        var runs: [Run] = []
        for c in 0..<4 {
            for (i, (n, d, l)) in copy.enumerated() {
                runs.append(Run(params: n, tokens: d, loss: l, source: SourceLocation(file: "s.csv", line: c * 15_000 + i + 2)))
            }
        }
        return runs
    }()

    static let copiesFit: Result<FitResult, Error> = {
        var options = FitOptions()
        options.gridSize = 15
        return Result { try Fitter.fit(copies, options: options) }
    }()

    @Test func influenceOfALargeSweepBreaksTiesByTheEarliestRun() throws {
        let top = try Self.copiesFit.get().diagnostics.influentialRuns
        #expect(top.count == 3)
        let first = try #require(top.first?.source.line)
        #expect(first < 15_002)
        #expect(top.map(\.source.line) == [first, first + 15_000, first + 30_000], "\(top.map { ($0.source.line, $0.shift) })")
        #expect(top.allSatisfy { $0.shift == top[0].shift && $0.parameter == top[0].parameter })
    }

    /// The residual summary of a large sweep is taken in parts on several cores: against the
    /// summary of |log L̂ − log L| from the fitted law, run by run; the largest ties between the
    /// four copies and goes to the earliest run.
    @Test func residualSummaryOfALargeSweepIsThatOfTheFittedLaw() throws {
        let fit = try Self.copiesFit.get()
        let p = fit.parameters
        let law = ChinchillaLaw(E: p["E"]!, A: p["A"]!, B: p["B"]!, alpha: p["alpha"]!, beta: p["beta"]!)
        let r = Self.copies.map { log(law.loss(params: $0.params, tokens: $0.tokens)) - log($0.loss) }
        let a = r.map(abs)
        let summary = fit.diagnostics.residuals
        #expect(summary.count == r.count)
        #expect(abs(summary.meanAbsolute - a.reduce(0, +) / Double(a.count)) <= 1e-9 * summary.meanAbsolute)
        #expect(abs(summary.rms - (r.reduce(0) { $0 + $1 * $1 } / Double(r.count)).squareRoot()) <= 1e-9 * summary.rms)
        #expect(abs(summary.medianAbsolute - Statistics.quantile(a, 0.5)) <= 1e-9 * summary.medianAbsolute)
        #expect(abs(summary.maxAbsolute - a.max()!) <= 1e-9 * summary.maxAbsolute)
        let worst = try #require(summary.worst?.line)
        #expect(worst < 15_002 && abs(a[worst - 2] - a.max()!) <= 1e-9 * summary.maxAbsolute)
    }
}
