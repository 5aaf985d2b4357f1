import Fitting

extension Fit.LossChoice {
    /// The objective `--loss` names, with Huber's δ from `--delta`.
    func objective(delta: Double) -> FitObjective {
        switch self {
        case .huber: return FitObjective(loss: .huber(delta: delta), space: .log)
        case .squared: return FitObjective(loss: .squared, space: .log)
        case .squaredLinear: return FitObjective(loss: .squared, space: .linear)
        }
    }
}
