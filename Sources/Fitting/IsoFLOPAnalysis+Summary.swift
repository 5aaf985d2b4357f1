import Foundation
import ScalingLaws

extension IsoFLOPAnalysis {
    /// The residuals of the line log N* = log k + a·log C at the budgets' minima,
    /// rᵢ = (log k + a·log Cᵢ) − log N*ᵢ (fitted − observed, as for every form): how far each
    /// budget's optimum sits off the power law, in log N (≈ a relative error in N*).
    static func residualSummary(_ profiles: [IsoFLOPProfile], line: Line) -> ResidualSummary {
        let r = profiles.map { line.intercept + line.slope * log($0.flops) - log($0.optimalParams) }
        let a = r.map(abs)
        return ResidualSummary(count: r.count,
                               rms: (r.reduce(0) { $0 + $1 * $1 } / Double(max(1, r.count))).squareRoot(),
                               meanAbsolute: Statistics.mean(a), medianAbsolute: Statistics.median(a),
                               maxAbsolute: a.max() ?? 0, worst: nil)
    }
}

extension FitResult {
    /// An IsoFLOP fit's allocation in the terms every Chinchilla-type fit reports it
    /// (Hoffmann et al. eq. 4): N* = k·C^a = G·(C/6)^a with G = k·6^a, and
    /// D* = C/(6N*) = G⁻¹·(C/6)^b, b = 1 − a; tokens per parameter at `budgets`. Intervals
    /// come from the bootstrap samples (each an (a, k, b)) when there are at least two. Nil for
    /// other forms (they carry `computeOptimal`).
    public func isoflopComputeOptimal(budgets: [Double] = FitOptions().reportBudgets) -> ComputeOptimalSummary? {
        guard form == .isoflop, let a = parameters["a"], let k = parameters["k"] else { return nil }
        func g(_ a: Double, _ k: Double) -> Double { k * pow(6, a) }
        let draws = samples.compactMap { s -> (a: Double, k: Double)? in
            guard let a = s["a"], let k = s["k"], a.isFinite, k.isFinite, k > 0 else { return nil }
            return (a, k)
        }
        func interval(_ f: (Double, Double) -> Double) -> Interval? {
            draws.count >= 2 ? Statistics.percentileInterval(draws.map { f($0.a, $0.k) }, confidence: confidence) : nil
        }
        /// D*/N* = (C/6)^(1−2a) / G².
        func tokensPerParam(_ c: Double, _ a: Double, _ k: Double) -> Double { pow(c / 6, 1 - 2 * a) / pow(g(a, k), 2) }
        let rows = budgets.map { c -> ComputeOptimalSummary.Budget in
            let n = g(a, k) * pow(c / 6, a)
            return ComputeOptimalSummary.Budget(flops: c, params: n, tokens: c / (6 * n), tokensPerParam: tokensPerParam(c, a, k),
                                                tokensPerParamInterval: interval { tokensPerParam(c, $0, $1) })
        }
        return ComputeOptimalSummary(paramsExponent: a, tokensExponent: 1 - a, G: g(a, k),
                                     paramsExponentInterval: interval { a, _ in a },
                                     tokensExponentInterval: interval { a, _ in 1 - a }, budgets: rows)
    }
}
