import Foundation
import ScalingLaws

/// Muennighoff et al. 2023's data-constrained law (`DataConstrainedLaw`), fitted as the law
/// predicts: Chinchilla's form on effective parameters N′ and effective data D′,
///
///     L = E + A/N′^α + B/D′^β,
///
/// where repeated tokens decay in value with half-life R*_D and parameters beyond
/// U_N = min(N, N_opt(U)) — the compute-optimal size for the run's U unique tokens, from the
/// law's own G, α, β — with R*_N. All seven parameters are polished together on that objective
/// (`DataConstrainedObjective`), so the law reported is the law saved, and `predict` with the
/// saved file scores exactly the reported objective. The half-lives are continuous; "no
/// decay" (R* = ∞) is the point κ = 1/R* = 0 of the search, found when the data says so.
/// Seeds come from projected Chinchilla fits over a grid of half-lives (`DataConstrainedSeeds`).
///
/// The half-lives are often poorly pinned; their intervals are profile-likelihood intervals
/// (`ProfileLikelihood`), which may run to ∞.
struct DataConstrainedFit {
    var runs: [Run]
    var options: FitOptions

    static let displayOrder = ChinchillaLaw.parameterNames + ["R_D", "R_N"]

    func run(progress: FitProgress?) throws -> FitResult {
        try validate()
        var options = self.options
        // The historical options fix the half-lives (15.4 is the FitOptions default, meaning
        // "unset" only for other forms; the command line passes nil to profile).
        if let r = options.repetitionHalfLife, options.constraints.fixed["R_D"] == nil { options.constraints.fixed["R_D"] = r }
        if let r = options.paramsHalfLife, options.constraints.fixed["R_N"] == nil { options.constraints.fixed["R_N"] = r }
        let form = DataConstrainedForm(params: runs.map(\.params), tokens: runs.map(\.tokens),
                                       unique: runs.map { $0.uniqueTokens! }, constraints: options.constraints,
                                       objective: options.objective)
        var fit = LawFit(form: form, lawForm: .dataConstrained, displayOrder: Self.displayOrder, runs: runs, options: options)
        var result = try fit.run(progress: progress)

        // R*_N is identified only by runs with more parameters than their unique data
        // supports; with none at the optimum it changes nothing, and is reported as ∞.
        let law = try DataConstrainedLaw(parameters: result.parameters.filter { $0.value.isFinite })
        let excess = runs.contains { $0.params > law.optimalParams(forTokens: min($0.uniqueTokens!, $0.tokens)) }
        if !excess && options.constraints.fixed["R_N"] == nil {
            if result.parameters["R_N"]!.isFinite {
                options.constraints.fixed["R_N"] = .infinity
                fit.options = options
                result = try fit.run(progress: progress)
            }
            result.warnings.insert("no run has more parameters than its unique data supports (N > N_opt(U)): R*_N is not identified, and excess parameters are not discounted (R*_N = ∞)", at: 0)
        }
        try ProfileLikelihood(fit: fit, result: result).addHalfLifeIntervals(to: &result)
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
}
