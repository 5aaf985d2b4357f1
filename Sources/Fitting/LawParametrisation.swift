import LinearAlgebra

/// How a law form meets the optimiser: the model the objective evaluates, the natural
/// parameters people read, and the search that seeds the polish.
///
/// θ is the optimiser's vector (logs of positive coefficients, say); the natural parameters
/// are what a law file holds. Standard errors move from θ to natural parameters by the delta
/// method, so each form gives its Jacobian.
protocol LawParametrisation: Sendable {
    var model: LogSumExpModel { get }
    /// Natural parameter names, one per θ component.
    var parameterNames: [String] { get }
    func natural(_ theta: [Double]) -> [Double]
    /// ∂(natural parameter i)/∂θⱼ at θ.
    func naturalJacobian(_ theta: [Double]) -> Matrix
    /// The global search over this form's nonlinear parameters, on a grid of `gridSize`
    /// points per axis.
    func seedSearch(gridSize: Int) -> any SeedSearch
    /// The same form on a subset of the runs (for seeding the search on large sweeps).
    func restricted(to runs: [Int]) -> any LawParametrisation
}

extension LawParametrisation {
    func namedNatural(_ theta: [Double]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(parameterNames, natural(theta)))
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
