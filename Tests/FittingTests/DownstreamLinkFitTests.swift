import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// Downstream links (Gadre et al.'s exponential, Bhagia et al.'s sigmoid) fitted on points of
/// (loss, metric), checked against the truths they were simulated from and against an
/// independent least-squares solve.
@Suite struct DownstreamLinkFitTests {
    /// Runs at `losses` whose `metric` column is `f(loss) + noise`.
    static func runs(_ losses: [Double], noise: Double = 0, seed: UInt64 = 1, _ f: (Double) -> Double) -> [Run] {
        var rng = SeededGenerator(seed: seed)
        return losses.enumerated().map { i, l in
            let m = f(l) + noise * rng.nextStandardNormal()
            return Run(params: .nan, tokens: .nan, flops: .nan, loss: l, tags: ["acc": "\(m)"],
                       source: SourceLocation(file: "points.csv", line: i + 2))
        }
    }

    static func options(_ link: LinkKind, bootstrap: Int = 0) -> FitOptions {
        var o = FitOptions(form: .downstream, objective: FitObjective(loss: .squared, space: .linear), bootstrap: bootstrap)
        o.link = link
        o.metric = "acc"
        return o
    }

    static let losses = (0..<20).map { 2.4 + 3.6 * Double($0) / 19 }

    @Test func exponentialLinkIsRecoveredFromExactPoints() throws {
        let truth = (epsilon: 0.86, k: 2.3, gamma: 0.72)
        let fit = try Fitter.fit(Self.runs(Self.losses) { truth.epsilon - truth.k * exp(-truth.gamma * $0) },
                                 options: Self.options(.exponential))
        #expect(abs(fit.parameters["epsilon"]! - truth.epsilon) < 1e-6)
        #expect(abs(fit.parameters["k"]! / truth.k - 1) < 1e-5)
        #expect(abs(fit.parameters["gamma"]! - truth.gamma) < 1e-6)
        #expect(fit.link == .exponential && fit.metric == "acc")
    }

    @Test func sigmoidLinkIsRecoveredFromExactPoints() throws {
        // Bhagia et al.'s shape: accuracy falling in task loss (a < 0), floor b.
        let truth = (a: -0.7, b: 0.95, k: 5.0, l0: 1.1)
        let losses = (0..<25).map { 0.6 + 1.2 * Double($0) / 24 }
        let fit = try Fitter.fit(Self.runs(losses) { truth.a / (1 + exp(-truth.k * ($0 - truth.l0))) + truth.b },
                                 options: Self.options(.sigmoid))
        #expect(abs(fit.parameters["a"]! - truth.a) < 1e-6)
        #expect(abs(fit.parameters["b"]! - truth.b) < 1e-6)
        #expect(abs(fit.parameters["k"]! - truth.k) < 1e-5)
        #expect(abs(fit.parameters["L0"]! - truth.l0) < 1e-6)
    }

    /// γ held: the link is linear in (ε, k), solved here by the normal equations by hand.
    @Test func fixingGammaMatchesTheLinearLeastSquaresSolve() throws {
        let runs = Self.runs(Self.losses, noise: 0.01, seed: 3) { 0.8 - 1.9 * exp(-0.6 * $0) }
        var options = Self.options(.exponential)
        options.constraints.fixed["gamma"] = 0.5
        let fit = try Fitter.fit(runs, options: options)
        let u = Self.losses.map { -exp(-0.5 * $0) }, y = runs.map { Double($0.tags["acc"]!)! }
        let n = Double(u.count), su = u.reduce(0, +), suu = u.map { $0 * $0 }.reduce(0, +)
        let sy = y.reduce(0, +), suy = zip(u, y).map { $0 * $1 }.reduce(0, +)
        let k = (n * suy - su * sy) / (n * suu - su * su), epsilon = (sy - k * su) / n
        #expect(abs(fit.parameters["k"]! - k) < 1e-8)
        #expect(abs(fit.parameters["epsilon"]! - epsilon) < 1e-8)
        #expect(fit.parameters["gamma"] == 0.5 && fit.fixed == ["gamma"])
    }

    /// The OLMo ladder's bounds, a ∈ [−1, 0] and b ∈ [0, 1], hold where the free optimum leaves them.
    @Test func boundsAreHonoured() throws {
        let runs = Self.runs((0..<20).map { 0.6 + 1.2 * Double($0) / 19 }) { -1.3 / (1 + exp(-4 * ($0 - 1.0))) + 1.2 }
        var options = Self.options(.sigmoid)
        options.constraints.bounds["a"] = .init(-1, 0)
        options.constraints.bounds["b"] = .init(0, 1)
        let fit = try Fitter.fit(runs, options: options)
        #expect(fit.parameters["a"]! >= -1 && fit.parameters["a"]! <= 0)
        #expect(fit.parameters["b"]! >= 0 && fit.parameters["b"]! <= 1)
        let free = try Fitter.fit(runs, options: Self.options(.sigmoid))
        #expect(free.parameters["b"]! > 1.1, "the free fit finds the truth outside the bounds")
        #expect(fit.objectiveValue > free.objectiveValue)
    }

    /// An anchor is a known point: the fit with it passes closer to it than without, and it is
    /// not a run (no bootstrap resample leaves it out).
    @Test func anchorsAddAPoint() throws {
        let runs = Self.runs((0..<12).map { 0.9 + 0.6 * Double($0) / 11 }, noise: 0.01, seed: 5) { -0.6 / (1 + exp(-5 * ($0 - 1.2))) + 0.8 }
        var options = Self.options(.sigmoid)
        options.anchors = [LinkAnchor(loss: 0, metric: 1)]
        let anchored = try Fitter.fit(runs, options: options)
        let free = try Fitter.fit(runs, options: Self.options(.sigmoid))
        #expect(anchored.runsUsed == runs.count && anchored.anchors.count == 1)
        // The objective counts it: the free fit's parameters score worse with the anchor in.
        let form = DownstreamForm(kind: .sigmoid, losses: runs.map(\.loss), anchors: options.anchors)
        let y = runs.map { Double($0.tags["acc"]!)! }
        let objective = form.baseObjective(loss: y, logLoss: y.map { log($0) }, weights: y.map { _ in 1 })
        var e = objective.makeEvaluation()
        let phi = ["a", "b", "k", "L0"].map { free.parameters[$0]! }
        let (a, b, k, l0) = (phi[0], phi[1], phi[2], phi[3])
        var direct = 0.0
        for (l, m) in zip(runs.map(\.loss), y) {
            let r: Double = a / (1 + exp(-k * (l - l0))) + b - m
            direct += r * r / 2
        }
        let atZero: Double = a / (1 + exp(k * l0)) + b - 1
        #expect(abs(objective.value(phi, objective: options.objective, scratch: &e) - (direct + atZero * atZero / 2)) < 1e-12)
        func at0(_ fit: FitResult) throws -> Double {
            try DownstreamLink(kind: .sigmoid, parameters: fit.parameters).metric(loss: 0)
        }
        #expect(abs(try at0(anchored) - 1) < abs(try at0(free) - 1))
    }

    /// The bootstrap's 90% intervals cover the simulated truth about 90% of the time.
    @Test(arguments: [LinkKind.exponential, .sigmoid])
    func intervalsCoverTheTruth(_ kind: LinkKind) throws {
        let trials = 30
        var covered = 0
        for trial in 0..<trials {
            let runs: [Run]
            let name: String, truth: Double
            switch kind {
            case .exponential:
                runs = Self.runs(Self.losses, noise: 0.01, seed: UInt64(100 + trial)) { 0.86 - 2.3 * exp(-0.72 * $0) }
                name = "gamma"; truth = 0.72
            case .sigmoid:
                runs = Self.runs((0..<20).map { 0.6 + 1.2 * Double($0) / 19 }, noise: 0.01, seed: UInt64(200 + trial)) {
                    -0.7 / (1 + exp(-5 * ($0 - 1.1))) + 0.95
                }
                name = "L0"; truth = 1.1
            }
            var options = Self.options(kind, bootstrap: 100)
            options.seed = UInt64(trial)
            let fit = try Fitter.fit(runs, options: options)
            if try #require(fit.intervals[name]).contains(truth) { covered += 1 }
        }
        // At 90%, fewer than 22 of 30 has probability below 2%.
        #expect(covered >= 22, "covered \(covered) of \(trials)")
    }

    @Test func badMetricsAreRefusedNamingFileAndOption() {
        func message(_ runs: [Run], _ options: FitOptions = Self.options(.exponential)) -> String {
            do { _ = try Fitter.fit(runs, options: options); return "" } catch { return "\(error)" }
        }
        let good = Self.runs(Self.losses) { 0.8 - exp(-$0) }
        var missing = good
        missing[3].tags = ["other": "1"]
        #expect(message(missing).contains("--metric acc: points.csv:5 has no column 'acc'"))
        var text = good
        text[2].tags["acc"] = "n/a"
        #expect(message(text).contains("points.csv:4 has 'n/a', not a finite number"))
        let constant = Self.runs(Self.losses) { _ in 0.5 }
        #expect(message(constant).contains("every point has the same value (0.5)"))
        var logSpace = Self.options(.exponential)
        logSpace.objective = FitObjective(loss: .squared, space: .log)
        let negative = Self.runs(Self.losses) { 0.05 - exp(-$0) }
        #expect(message(negative, logSpace).contains("need it positive"))
        var noMetric = Self.options(.exponential)
        noMetric.metric = nil
        #expect(message(good, noMetric).contains("needs --metric COLUMN"))
    }
}
