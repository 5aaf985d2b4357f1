/// ∇²F by forward differences of an analytic ∇F, for objectives whose second derivatives are
/// not worth writing out (the data-constrained law, downstream links, broken power laws).
///
/// Column j is (∇F(φ + hⱼeⱼ) − ∇F(φ))/hⱼ with hⱼ = 10⁻⁷·max(1, |φⱼ|), symmetrised: p more
/// gradient passes. Its error (~1e-7 relative) only slows Newton's last steps; convergence is
/// judged on the analytic gradient.
enum DifferencedHessian {
    /// Fills `e.hessian` at `phi`, given `e.gradient` there; `gradient(x, &scratch)` writes ∇F
    /// at x into `scratch.gradient`.
    static func fill(_ e: inout ObjectiveEvaluation, at phi: [Double], scratch: ObjectiveEvaluation,
                     gradient: (_ x: [Double], _ into: inout ObjectiveEvaluation) -> Void) {
        let p = phi.count
        var scratch = scratch
        var h = [Double](repeating: 0, count: p * p)
        let g0 = e.gradient
        for j in 0..<p {
            let step = 1e-7 * max(1, abs(phi[j]))
            var plus = phi
            plus[j] += step
            gradient(plus, &scratch)
            for r in 0..<p { h[r * p + j] = (scratch.gradient[r] - g0[r]) / step }
        }
        for r in 0..<p { for c in 0..<p { e.hessian[r * p + c] = 0.5 * (h[r * p + c] + h[c * p + r]) } }
    }
}
