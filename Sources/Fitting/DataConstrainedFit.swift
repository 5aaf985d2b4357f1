import Foundation
import ScalingLaws

/// Muennighoff et al. 2023's data-constrained law (`DataConstrainedLaw`): Chinchilla's form on
/// effective parameters N′ and effective data D′,
///
///     L = E + A/N′^α + B/D′^β,
///
/// where repeated tokens decay in value with half-life R*_D and parameters beyond
/// U_N = min(N, N_opt(U)) — the compute-optimal size for the run's U unique tokens — with R*_N.
///
/// For fixed (R*_D, R*_N) and fixed U_N the model is Chinchilla's on (N′, D′), which the
/// separable fit solves globally. The two half-lives are one-dimensional outer parameters,
/// profiled in turn over a log grid (a grid is global in one dimension); U_N depends on the
/// law being fitted (through G, α, β), so it is iterated to a fixed point (`solve`).
/// R*_N is identified only by runs with more parameters than their data supports; with none it
/// is left out (excess parameters are not discounted) and the fit says so. The bootstrap
/// re-solves every resample, half-lives included (`DataConstrainedFit+Bootstrap.swift`).
struct DataConstrainedFit {
    var runs: [Run]
    var options: FitOptions

    static let halfLifeGrid = VariableProjection.logSpaced(from: 1, to: 100, count: 25)
    /// Rounds of (fit, update U_N) before giving up on a fixed point.
    static let maxRounds = 60
    /// The sizing has settled when log N_opt(U) moves less than this at every run's U.
    static let sizingTolerance = 1e-7

    /// One candidate: half-lives and the fit at them.
    struct Candidate {
        var law: DataConstrainedLaw
        var fit: FitResult
    }

    /// log N_opt(U) = c + r·log U: the size the unique data supports, as the law being fitted
    /// sees it (r = β/α, c = (1 + r)·log G).
    struct Sizing: Equatable {
        var c: Double
        var r: Double
        init(c: Double, r: Double) { self.c = c; self.r = r }
        init(_ law: ChinchillaLaw) {
            r = law.beta / law.alpha
            c = (1 + r) * log(law.G)
        }
        func optimalParams(forTokens u: Double) -> Double { exp(c + r * log(u)) }
    }

    /// Where the search ends: the law (coefficients and half-lives), the sizing U_N was taken
    /// from (nil when parameters are not discounted), and what to tell the user.
    struct Solution {
        var law: DataConstrainedLaw
        var sizing: Sizing?
        var warnings: [String]
    }

    func run(progress: (@Sendable (Int, Int) -> Void)?) throws -> FitResult {
        try validate()
        let solution = try solve(from: nil)
        var single = options
        single.bootstrap = 0
        var result = try fitted(solution.law, sizing: solution.sizing, options: single, progress: nil)
        let extra = solution.law.parameters.filter { $0.key == "R_D" || $0.key == "R_N" }
        result.parameters.merge(extra) { _, new in new }
        var warnings = solution.warnings
        if options.bootstrap > 0 {
            warnings += bootstrap(into: &result, from: solution, progress: progress)
        } else {
            let profiled = [options.repetitionHalfLife == nil ? "R*_D" : nil,
                            options.paramsHalfLife == nil && solution.law.paramsHalfLife.isFinite ? "R*_N" : nil].compactMap { $0 }
            if !profiled.isEmpty {
                warnings.append("\(profiled.joined(separator: " and ")) profiled over [1, 100]; the standard errors leave \(profiled.count == 1 ? "it" : "them") out (--bootstrap re-profiles each resample)")
            }
        }
        result.warnings = warnings + result.warnings
        return result
    }

    func validate() throws {
        if let first = runs.first(where: { $0.uniqueTokens == nil }) {
            throw FitError.invalidOption("a data-constrained fit needs the unique tokens of every run (column 'unique_tokens', or map yours with --column unique_tokens=NAME); \(first.source) has none")
        }
        try Fitter.requireIdentifiable(runs, parameters: 5, form: .dataConstrained, axes: [\.params, \.tokens])
        guard runs.contains(where: { $0.tokens > $0.uniqueTokens! }) else {
            throw FitError.unidentifiable("no run repeats its data (tokens > unique_tokens): the data-constrained law is then Chinchilla's and R*_D is not identified; fit --form chinchilla, or add runs that repeat data")
        }
    }

    /// The half-lives and coefficients, with U_N at its fixed point. From scratch (`start`
    /// nil) the half-lives are profiled over the whole grid first. From a previous solution —
    /// a bootstrap resample, warm-started from the full data's — they are profiled over the 13
    /// grid points nearest it (three of their bootstrap s.d.'s either way on the data tried),
    /// with its sizing as the first guess, a coarser exponent grid, a looser settling
    /// tolerance and no confirming profile: a resample needs the spread, not the last digit.
    func solve(from start: Solution?) throws -> Solution {
        // Profiles search a coarser exponent grid; the final fit searches the full one.
        var coarse = options
        coarse.bootstrap = 0
        coarse.gridSize = min(options.gridSize, start == nil ? 20 : 12)
        let tolerance = start == nil ? Self.sizingTolerance : 1e-5
        var warnings: [String] = []
        let logUnique = runs.map { log(min($0.uniqueTokens!, $0.tokens)) }

        var law: DataConstrainedLaw
        var sizing: Sizing
        if let start {
            guard let startSizing = start.sizing else {
                // The full data did not discount N: neither does a resample; R*_D nearby.
                let fit = try profile(\.dataHalfLife, fixed: options.repetitionHalfLife, around: start.law.dataHalfLife, reach: 6,
                                      from: start.law, sizing: nil, options: coarse)
                return Solution(law: fit.law, sizing: nil, warnings: warnings)
            }
            (law, sizing) = (start.law, startSizing)
        } else {
            // Start undiscounted in N (R*_N = ∞, so U_N plays no part), profile R*_D.
            var stage1 = DataConstrainedLaw(base: ChinchillaLaw(E: 1, A: 1, B: 1, alpha: 1, beta: 1))
            stage1.paramsHalfLife = options.paramsHalfLife ?? .infinity
            law = try profile(\.dataHalfLife, fixed: options.repetitionHalfLife, around: nil,
                              from: stage1, sizing: nil, options: coarse).law
            sizing = Sizing(law.base)
            if options.paramsHalfLife == .infinity {
                return Solution(law: law, sizing: nil, warnings: warnings)   // asked not to discount N
            }
            let excess = runs.contains { $0.params > sizing.optimalParams(forTokens: min($0.uniqueTokens!, $0.tokens)) }
            if !excess && options.paramsHalfLife == nil {
                warnings.append("no run has more parameters than its unique data supports (N > N_opt(U)): R*_N is not identified and excess parameters are not discounted")
                return Solution(law: law, sizing: nil, warnings: warnings)
            }
        }

        // U_N depends on the law being fitted: iterate to a fixed point, damped (the undamped
        // map overshoots, B and β being loosely pinned). The half-lives are re-profiled (near
        // their last values) while the sizing still moves by more than 1%; after that they are
        // held, so the map is continuous and the damped iteration settles instead of hopping
        // between grid points. Once settled, one more profile checks the half-lives; if they
        // moved, the iteration resumes from there.
        var settled = false
        var lastMove = Double.infinity
        var verifying = false   // this round re-profiles at a settled sizing, to confirm
        // Damped steps s ← s + ω·(S(s) − s). Along the step the map contracts by
        // q = 1 − ω(1 − d), d its derivative; measuring q from two steps gives the ω that
        // would cancel it, ω/(1 − q) (Aitken's idea in one dimension). Undamped (ω = 1) the
        // map can diverge (d < −1 on noisy data); a fixed ω = ½ is slow where d ≈ 0.4.
        var omega = 0.5
        var previousStep: (c: Double, r: Double)? = nil
        for round in 1...Self.maxRounds {
            var next: Candidate
            if round == 1 || lastMove > 1e-2 || verifying {
                let wide = round == 1 && start == nil
                let reach = round == 1 ? 6 : 3   // a resample's first profile looks further
                next = try profile(\.paramsHalfLife, fixed: options.paramsHalfLife, around: wide ? nil : law.paramsHalfLife,
                                   reach: reach, from: law, sizing: sizing, options: coarse)
                next = try profile(\.dataHalfLife, fixed: options.repetitionHalfLife, around: wide ? nil : law.dataHalfLife,
                                   reach: reach, from: next.law, sizing: sizing, options: coarse)
            } else {
                let fit = try fitted(law, sizing: sizing, options: coarse, progress: nil)
                var refitted = law
                if let base = fit.chinchillaLaw { refitted.base = base }
                next = Candidate(law: refitted, fit: fit)
            }
            let halfLivesMoved = next.law.dataHalfLife != law.dataHalfLife
                || next.law.paramsHalfLife != law.paramsHalfLife
            law = next.law
            let target = Sizing(next.law.base)
            lastMove = logUnique.map { abs((target.c - sizing.c) + (target.r - sizing.r) * $0) }.max() ?? 0
            if lastMove < tolerance {
                if (verifying && !halfLivesMoved) || start != nil { settled = true; break }
                verifying = !verifying   // settled: confirm the half-lives next round
                if verifying { continue }
            } else {
                verifying = false
            }
            let step = (c: target.c - sizing.c, r: target.r - sizing.r)
            if halfLivesMoved {
                previousStep = nil   // another map: start the estimate afresh
            } else if let p = previousStep {
                let q = (step.c * p.c + step.r * p.r) / (p.c * p.c + p.r * p.r)
                if q.isFinite && q < 1 { omega = min(1.5, max(0.1, omega / (1 - q))) }
            }
            previousStep = step
            sizing = Sizing(c: sizing.c + omega * step.c, r: sizing.r + omega * step.r)
        }
        if !settled {
            warnings.append("U_N (the parameters the unique data supports) had not settled after \(Self.maxRounds) rounds; the fit is the last round's")
        }
        return Solution(law: law, sizing: law.paramsHalfLife.isFinite ? sizing : nil, warnings: warnings)
    }

    /// The best fit over `halfLife`'s grid — all of it, or the points within `reach` grid steps
    /// of `around` — or at its fixed value, the other half-life and the sizing held.
    private func profile(_ halfLife: WritableKeyPath<DataConstrainedLaw, Double>, fixed: Double?, around: Double?,
                         reach: Int = 3, from start: DataConstrainedLaw, sizing: Sizing?, options: FitOptions) throws -> Candidate {
        var values = Self.halfLifeGrid
        if let around, around.isFinite {
            let nearest = values.indices.min { abs(log(values[$0] / around)) < abs(log(values[$1] / around)) }!
            values = Array(values[max(0, nearest - reach)...min(values.count - 1, nearest + reach)])
        }
        var best: Candidate? = nil
        for value in fixed.map({ [$0] }) ?? values {
            var law = start
            law[keyPath: halfLife] = value
            let fit = try fitted(law, sizing: sizing, options: options, progress: nil)
            if best == nil || fit.objectiveValue < best!.fit.objectiveValue {
                var fitted = law
                if let base = fit.chinchillaLaw { fitted.base = base }
                best = Candidate(law: fitted, fit: fit)
            }
        }
        guard let best else { throw FitError.searchFailed("no half-life gave a finite fit") }
        return best
    }

    /// Chinchilla's fit on N′ and D′ at `law`'s half-lives, with U_N from `sizing` (nil: no
    /// discount on parameters).
    func fitted(_ law: DataConstrainedLaw, sizing: Sizing?, options: FitOptions,
                progress: (@Sendable (Int, Int) -> Void)?) throws -> FitResult {
        let unique = runs.map { min($0.uniqueTokens!, $0.tokens) }
        let tokens = zip(runs, unique).map { law.effectiveTokens(tokens: $0.tokens, unique: $1) }
        let params = zip(runs, unique).map { run, u -> Double in
            guard let sizing, law.paramsHalfLife.isFinite else { return run.params }
            let supported = min(run.params, sizing.optimalParams(forTokens: u))
            return RepeatedData.decayed(total: run.params, unique: supported, halfLife: law.paramsHalfLife)
        }
        return try Fitter.chinchillaFit(runs, params: params, tokens: tokens, form: .dataConstrained, options: options)
            .run(progress: progress)
    }
}
