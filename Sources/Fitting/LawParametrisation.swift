import LinearAlgebra

/// How a law form meets the optimiser: its working parameters, the objective over them, and
/// the search that seeds the polish.
///
/// The working parameters φ are the natural ones on the scale the optimiser wants (logs of
/// positive coefficients, exponents as they are, half-lives as decay rates): fixing, tying
/// and bounding act on them (`ParameterMap`). The model may use another vector θ = m(φ)
/// (`ModelMap`; only Kaplan's does). Standard errors move from φ to natural parameters by the
/// delta method, through each parameter's scale.
protocol LawParametrisation: Sendable {
    /// Working parameters in φ order, with their natural names.
    var specs: [ParameterSpec] { get }
    var modelMap: ModelMap { get }
    /// The objective over θ for these runs' observations.
    func baseObjective(loss: [Double], logLoss: [Double], weights: [Double]) -> any PolishObjective
    /// The global search over this form's nonlinear parameters, on a grid of `gridSize`
    /// points per axis, within what `constraints` allow. Seeds are θ vectors.
    func seedSearch(gridSize: Int, constraints: ParameterMap) -> any SeedSearch
    /// The same form on a subset of the runs (for seeding the search on large sweeps).
    func restricted(to runs: [Int]) -> any LawParametrisation
}

extension LawParametrisation {
    var modelMap: ModelMap { .identity }
    var parameterNames: [String] { specs.map(\.name) }

    /// Natural values of φ, by name.
    func namedNatural(_ phi: [Double]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(specs, phi).map { ($0.name, $0.scale.natural($1)) })
    }

    /// ∂(natural parameter i)/∂zₖ at φ: the scale's derivative where φᵢ is zₖ, 0 for a fixed
    /// parameter.
    func naturalJacobian(_ phi: [Double], map: ParameterMap) -> Matrix {
        var j = Matrix(rows: specs.count, columns: map.freeCount)
        for (i, spec) in specs.enumerated() {
            if let k = map.freeIndex(i) { j[i, k] = spec.scale.naturalDerivative(phi[i]) }
        }
        return j
    }
}

/// A form whose objective is a `LogSumExpModel` (Chinchilla, power laws, Kaplan).
protocol LogSumExpForm: LawParametrisation {
    var model: LogSumExpModel { get }
}

extension LogSumExpForm {
    func baseObjective(loss: [Double], logLoss: [Double], weights: [Double]) -> any PolishObjective {
        FitData(model: model, loss: loss, logLoss: logLoss, weights: weights)
    }
}

/// Where the polish starts: the best distinct minima of a grid over a form's nonlinear
/// parameters, with the linear ones projected out.
protocol SeedSearch: Sendable {
    /// Grid points searched.
    var gridPoints: Int { get }
    /// Starting θ vectors, best first.
    func seeds(loss: [Double], weights: [Double]) -> [[Double]]
    /// Whether θ (an optimum already found) lies in the grid neighbourhood of `seed`, so
    /// polishing the seed would only find it again.
    func sameBasin(_ theta: [Double], _ seed: [Double]) -> Bool
    /// Natural parameters of θ that sit at a limit of the search (an exponent at the grid's
    /// edge, a coefficient collapsed to zero).
    func atBound(_ theta: [Double], minLoss: Double) -> [String]
}
