/// Whether and why an optimiser stopped: a fit result carries it so the user can see it.
public struct Convergence: Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable, Equatable {
        /// ‖∇F‖ fell below tolerance: a stationary point.
        case gradient = "gradient below tolerance"
        /// No step could lower F any further at working precision (relative 1e-15).
        case noFurtherDecrease = "no further decrease at machine precision"
        case iterationLimit = "iteration limit reached"
        /// The objective or a step was not finite; the result is the last finite point.
        case numericalFailure = "numerical failure"
        /// Solved exactly by linear least squares (IsoFLOP's parabolas and line): no iteration.
        case closedForm = "solved in closed form"
    }

    public var reason: Reason
    public var iterations: Int
    /// Largest |∂F/∂θⱼ| at the end, in the optimiser's parametrisation.
    public var gradientNorm: Double

    /// True when the end point is a stationary point to working precision.
    public var converged: Bool {
        reason == .gradient || reason == .noFurtherDecrease || reason == .closedForm
    }

    public var description: String {
        "\(converged ? "converged" : "did not converge") (\(reason.rawValue), \(iterations) iterations, gradient \(gradientNorm))"
    }
}
