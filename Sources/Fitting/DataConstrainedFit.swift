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
/// law being fitted (through G, α, β), so it is taken from the previous fit and the profile is
/// repeated until no run's U_N moves (a fixed point; two or three rounds in practice).
/// R*_N is identified only by runs with more parameters than their data supports; with none it
/// is left out (excess parameters are not discounted) and the fit says so.
struct DataConstrainedFit {
    var runs: [Run]
    var options: FitOptions

    static let halfLifeGrid = VariableProjection.logSpaced(from: 1, to: 100, count: 25)
    /// Rounds of (fit, update U_N) before giving up on a fixed point.
    static let maxRounds = 60
    /// The sizing has settled when log N_opt(U) moves less than this at every run's U.
    static let sizingTolerance = 1e-7

    /// One candidate: half-lives and the fit at them.
    private struct Candidate {
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

    func run(progress: (@Sendable (Int, Int) -> Void)?) throws -> FitResult {
        let missing = runs.filter { $0.uniqueTokens == nil }
        if let first = missing.first {
            throw FitError.invalidOption("a data-constrained fit needs the unique tokens of every run (column 'unique_tokens', or map yours with --column unique_tokens=NAME); \(first.source) has none")
        }
        try Fitter.requireIdentifiable(runs, parameters: 5, form: .dataConstrained, axes: [\.params, \.tokens])
        guard runs.contains(where: { $0.tokens > $0.uniqueTokens! }) else {
            throw FitError.unidentifiable("no run repeats its data (tokens > unique_tokens): the data-constrained law is then Chinchilla's and R*_D is not identified; fit --form chinchilla, or add runs that repeat data")
        }
        // Profiles search a coarser exponent grid; the final fit searches the full one.
        var coarse = options
        coarse.bootstrap = 0
        coarse.gridSize = min(options.gridSize, 20)
        var warnings: [String] = []
        let logUnique = runs.map { log(min($0.uniqueTokens!, $0.tokens)) }

        // Start undiscounted in N (R*_N = ∞, so U_N plays no part), profile R*_D.
        let start = DataConstrainedLaw(base: ChinchillaLaw(E: 1, A: 1, B: 1, alpha: 1, beta: 1),
                                       paramsHalfLife: options.paramsHalfLife ?? .infinity)
        var best = try profile(\.dataHalfLife, fixed: options.repetitionHalfLife, around: nil, from: start, sizing: nil, options: coarse)
        var sizing = Sizing(best.law.base)
        let excess = runs.contains { $0.params > sizing.optimalParams(forTokens: min($0.uniqueTokens!, $0.tokens)) }
        if options.paramsHalfLife == .infinity {
            // Asked not to discount parameters: U_N plays no part.
        } else if !excess && options.paramsHalfLife == nil {
            warnings.append("no run has more parameters than its unique data supports (N > N_opt(U)): R*_N is not identified and excess parameters are not discounted")
        } else {
            // U_N depends on the law being fitted: iterate to a fixed point, damped (the
            // undamped map overshoots, B and β being loosely pinned). The half-lives are
            // re-profiled (near their last values) while the sizing still moves by more than
            // 1%; after that they are held, so the map is continuous and the damped iteration
            // settles instead of hopping between grid points. Once settled, one more profile
            // checks the half-lives; if they moved, the iteration resumes from there.
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
                    next = try profile(\.paramsHalfLife, fixed: options.paramsHalfLife, around: round == 1 ? nil : best.law.paramsHalfLife,
                                       from: best.law, sizing: sizing, options: coarse)
                    next = try profile(\.dataHalfLife, fixed: options.repetitionHalfLife, around: round == 1 ? nil : best.law.dataHalfLife,
                                       from: next.law, sizing: sizing, options: coarse)
                } else {
                    let fit = try fitted(best.law, sizing: sizing, options: coarse, progress: nil)
                    var law = best.law
                    if let base = fit.chinchillaLaw { law.base = base }
                    next = Candidate(law: law, fit: fit)
                }
                let halfLivesMoved = next.law.dataHalfLife != best.law.dataHalfLife
                    || next.law.paramsHalfLife != best.law.paramsHalfLife
                best = next
                let target = Sizing(next.law.base)
                lastMove = logUnique.map { abs((target.c - sizing.c) + (target.r - sizing.r) * $0) }.max() ?? 0
                if lastMove < Self.sizingTolerance {
                    if verifying && !halfLivesMoved { settled = true; break }
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
        }

        // Refit at the chosen half-lives with the requested bootstrap (they are held fixed there).
        var result = try fitted(best.law, sizing: best.law.paramsHalfLife.isFinite ? sizing : nil, options: options, progress: progress)
        let extra = best.law.parameters.filter { $0.key == "R_D" || $0.key == "R_N" }
        result.parameters.merge(extra) { _, new in new }
        result.samples = result.samples.map { $0.merging(extra) { _, new in new } }
        let profiled = [options.repetitionHalfLife == nil ? "R*_D" : nil,
                        options.paramsHalfLife == nil && best.law.paramsHalfLife.isFinite ? "R*_N" : nil].compactMap { $0 }
        if !profiled.isEmpty {
            warnings.append("\(profiled.joined(separator: " and ")) profiled over [1, 100]; bootstrap intervals hold \(profiled.count == 1 ? "it" : "them") fixed")
        }
        result.warnings = warnings + result.warnings
        return result
    }

    /// The best fit over `halfLife`'s grid — all of it, or the seven points nearest `around` —
    /// or at its fixed value, the other half-life and the sizing held.
    private func profile(_ halfLife: WritableKeyPath<DataConstrainedLaw, Double>, fixed: Double?, around: Double?,
                         from start: DataConstrainedLaw, sizing: Sizing?, options: FitOptions) throws -> Candidate {
        var values = Self.halfLifeGrid
        if let around, around.isFinite {
            let nearest = values.indices.min { abs(log(values[$0] / around)) < abs(log(values[$1] / around)) }!
            values = Array(values[max(0, nearest - 3)...min(values.count - 1, nearest + 3)])
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
    private func fitted(_ law: DataConstrainedLaw, sizing: Sizing?, options: FitOptions,
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
