import Foundation
import ScalingLaws

/// Chinchilla's form on effective data (Muennighoff et al. 2023):
/// L = E + A/N^α + B/D′^β, with D′ from the unique tokens U of each run (`RepeatedData`).
/// R*_D is either fixed or profiled: the fit is repeated over a log grid of R*_D and the
/// best objective wins (the outer parameter is one-dimensional, so a grid is global).
struct DataConstrainedFit {
    var runs: [Run]
    var options: FitOptions

    static let halfLifeGrid = VariableProjection.logSpaced(from: 1, to: 100, count: 25)

    func run(progress: (@Sendable (Int, Int) -> Void)?) throws -> FitResult {
        let missing = runs.filter { $0.uniqueTokens == nil }
        if let first = missing.first {
            throw FitError.invalidOption("a data-constrained fit needs the unique tokens of every run (column 'unique_tokens', or map yours with --column unique_tokens=NAME); \(first.source) has none")
        }
        try Fitter.requireIdentifiable(runs, parameters: 5, form: .dataConstrained, axes: [\.params, \.tokens])
        let halfLives = options.repetitionHalfLife.map { [$0] } ?? Self.halfLifeGrid
        var best: (FitResult, Double)? = nil
        for r in halfLives {
            var single = options
            single.bootstrap = 0
            let fit = try fitted(halfLife: r, options: single, progress: nil)
            if best == nil || fit.objectiveValue < best!.0.objectiveValue { best = (fit, r) }
        }
        guard let (_, halfLife) = best else { throw FitError.searchFailed("no R*_D gave a finite fit") }
        // Refit at the chosen R*_D with the requested bootstrap (R*_D held fixed there).
        var result = try fitted(halfLife: halfLife, options: options, progress: progress)
        result.settings["R_D_star"] = halfLife
        if options.repetitionHalfLife == nil {
            result.warnings.append("R*_D = \(String(format: "%.3g", halfLife)) profiled over [1, 100]; bootstrap intervals hold it fixed")
        }
        return result
    }

    private func fitted(halfLife: Double, options: FitOptions, progress: (@Sendable (Int, Int) -> Void)?) throws -> FitResult {
        let effective = runs.map { RepeatedData.effectiveTokens(tokens: $0.tokens, unique: $0.uniqueTokens!, halfLife: halfLife) }
        var result = try Fitter.chinchillaFit(runs, tokens: effective, form: .dataConstrained, options: options).run(progress: progress)
        result.settings["R_D_star"] = halfLife
        return result
    }
}
