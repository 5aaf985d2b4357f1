import Foundation
import ScalingLaws

/// A downstream link as a curve of the loss: M(L; φ) and ∇_φ M.
///
///     exponential, φ = (ε, k, γ):     M = ε − k·e^(−γL),  ∇M = (1, −e^(−γL), k·L·e^(−γL))
///     sigmoid, φ = (a, b, k, L0):     M = a·s + b, s = 1/(1 + e^(−k(L − L0))),
///                                     ∇M = (s, 1, a·s(1−s)·(L − L0), −a·s(1−s)·k)
struct LinkModel: CurveModel {
    let kind: LinkKind
    var parameterCount: Int { kind.parameterNames.count }

    func value(_ phi: UnsafePointer<Double>, at l: Double, gradient g: UnsafeMutablePointer<Double>) -> Double {
        switch kind {
        case .exponential:
            let (epsilon, k, gamma) = (phi[0], phi[1], phi[2])
            let e = exp(-gamma * l)
            g[0] = 1; g[1] = -e; g[2] = k * l * e
            return epsilon - k * e
        case .sigmoid:
            let (a, b, k, l0) = (phi[0], phi[1], phi[2], phi[3])
            let s = Self.logistic(k * (l - l0))
            let ds = s * (1 - s)
            g[0] = s; g[1] = 1; g[2] = a * ds * (l - l0); g[3] = -a * ds * k
            return a * s + b
        }
    }

    /// 1/(1 + e^(−t)) without overflow.
    @inline(__always)
    static func logistic(_ t: Double) -> Double {
        t >= 0 ? 1 / (1 + exp(-t)) : exp(t) / (1 + exp(t))
    }
}

/// The link for the optimiser. Its points are (loss, metric) pairs; the fit's observations are
/// the metrics. Working parameters are the natural ones: ε, k, a, b, L0 of either sign
/// (`.linear`), γ and the sigmoid's k ≥ 0 (`.exponent`; a sigmoid falling in L has a < 0).
struct DownstreamForm: LawParametrisation {
    let kind: LinkKind
    /// The loss of each point (the curve's x).
    let losses: [Double]
    /// Known (loss, metric) points, in every evaluation with weight 1.
    var anchors: [LinkAnchor] = []

    var specs: [ParameterSpec] {
        switch kind {
        case .exponential:
            return [ParameterSpec(name: "epsilon", scale: .linear), ParameterSpec(name: "k", scale: .linear),
                    ParameterSpec(name: "gamma", scale: .exponent)]
        case .sigmoid:
            return [ParameterSpec(name: "a", scale: .linear), ParameterSpec(name: "b", scale: .linear),
                    ParameterSpec(name: "k", scale: .exponent), ParameterSpec(name: "L0", scale: .linear)]
        }
    }

    func baseObjective(loss: [Double], logLoss: [Double], weights: [Double]) -> any PolishObjective {
        CurveObjective(model: LinkModel(kind: kind), x: losses, anchors: anchors.map { ($0.loss, $0.metric) },
                       loss: loss, logLoss: logLoss, weights: weights)
    }

    func restricted(to runs: [Int]) -> any LawParametrisation {
        DownstreamForm(kind: kind, losses: runs.map { losses[$0] }, anchors: anchors)
    }

    func seedSearch(gridSize: Int, constraints map: ParameterMap) -> any SeedSearch {
        LinkSeeds(kind: kind, losses: losses, anchors: anchors, map: map, gridSize: gridSize)
    }
}

/// Seeds for a link: with its nonlinear parameters held (γ; or k and L0), a link is linear in
/// the rest (ε and k; or a and b), which weighted least squares gives exactly (held at their
/// value when fixed, clamped into their bounds). A grid over the nonlinear parameters —
/// γ·L̄ and k·ΔL log-spaced over [10⁻³, 10²], L0 over the losses' range widened by its span
/// on each side — and its best local minima start the polish.
struct LinkSeeds: SeedSearch {
    let kind: LinkKind
    let losses: [Double]
    var anchors: [LinkAnchor] = []
    let map: ParameterMap
    let gridSize: Int
    var candidates = 4

    private var span: Double {
        let lo = losses.min() ?? 0, hi = losses.max() ?? 1
        return hi > lo ? hi - lo : max(abs(hi), 1)
    }

    /// Grid values of working parameter `index`: its fixed value, or `grid` within its bounds.
    private func axis(_ index: Int, _ grid: [Double]) -> [Double] {
        if case let .fixed(v) = map.roles[index] { return [v] }
        let k = map.freeIndex(index)!
        let inside = grid.filter { $0 >= map.lower[k] && $0 <= map.upper[k] }
        return inside.isEmpty ? [min(max(grid[grid.count / 2], map.lower[k]), map.upper[k])] : inside
    }

    private var nonlinearAxes: [[Double]] {
        let scale = VariableProjection.logSpaced(from: 1e-3, to: 1e2, count: gridSize)
        switch kind {
        case .exponential:
            let mean = max(losses.map(abs).reduce(0, +) / Double(max(1, losses.count)), 1e-12)
            return [axis(2, scale.map { $0 / mean })]
        case .sigmoid:
            let lo = (losses.min() ?? 0) - span, n = max(gridSize, 2)
            let centres = (0..<n).map { lo + 3 * span * Double($0) / Double(n - 1) }
            return [axis(2, scale.map { $0 / span }), axis(3, centres)]
        }
    }

    var gridPoints: Int { nonlinearAxes.reduce(1) { $0 * $1.count } }

    /// The link's basis at fixed nonlinear parameters: M = c₀·u + c₁·v (u, v per point), and
    /// which working parameters c₀, c₁ are.
    private func basis(_ nonlinear: [Double], at losses: [Double]) -> (u: [Double], v: [Double], indices: (Int, Int)) {
        switch kind {
        case .exponential:
            // M = ε·1 + k·(−e^(−γL)).
            return (losses.map { _ in 1 }, losses.map { -exp(-nonlinear[0] * $0) }, (0, 1))
        case .sigmoid:
            // M = a·s + b·1.
            return (losses.map { LinkModel.logistic(nonlinear[0] * ($0 - nonlinear[1])) }, losses.map { _ in 1 }, (0, 1))
        }
    }

    /// Weighted least squares for (c₀, c₁) with fixed ones held and bounds kept (a coefficient
    /// outside its bound is clamped and the other refitted). Returns the coefficients and the
    /// weighted sum of squares.
    private func project(_ nonlinear: [Double], y data: [Double], w weights: [Double]) -> (c: [Double], rss: Double) {
        let (u, v, (i0, i1)) = basis(nonlinear, at: losses + anchors.map(\.loss))
        let y = data + anchors.map(\.metric), w = weights + anchors.map { _ in 1 }
        var held: [Double?] = [i0, i1].map { i in if case let .fixed(x) = map.roles[i] { return x } else { return nil } }
        func bounds(_ i: Int) -> (Double, Double) {
            guard let k = map.freeIndex(i) else { return (-.infinity, .infinity) }
            return (map.lower[k], map.upper[k])
        }
        func solve() -> [Double] {
            // Normal equations of the free coefficients on y less the held ones' part.
            var suu = 0.0, suv = 0.0, svv = 0.0, suy = 0.0, svy = 0.0
            for j in y.indices {
                let r = y[j] - (held[0] ?? 0) * u[j] - (held[1] ?? 0) * v[j]
                suu += w[j] * u[j] * u[j]; suv += w[j] * u[j] * v[j]; svv += w[j] * v[j] * v[j]
                suy += w[j] * u[j] * r; svy += w[j] * v[j] * r
            }
            switch (held[0], held[1]) {
            case (nil, nil):
                let det = suu * svv - suv * suv
                guard abs(det) > 1e-300 else { return [suu > 0 ? suy / suu : 0, 0] }
                return [(svv * suy - suv * svy) / det, (suu * svy - suv * suy) / det]
            case (nil, let c1?): return [suu > 0 ? suy / suu : 0, c1]
            case (let c0?, nil): return [c0, svv > 0 ? svy / svv : 0]
            case (let c0?, let c1?): return [c0, c1]
            }
        }
        var c = solve()
        for (slot, i) in [i0, i1].enumerated() where held[slot] == nil {
            let (lo, hi) = bounds(i)
            if c[slot] < lo || c[slot] > hi { held[slot] = min(max(c[slot], lo), hi); c = solve() }
        }
        var rss = 0.0
        for j in y.indices { let r = c[0] * u[j] + c[1] * v[j] - y[j]; rss += w[j] * r * r }
        return (c, rss)
    }

    private func phi(_ nonlinear: [Double], _ c: [Double]) -> [Double] {
        switch kind {
        case .exponential: return [c[0], c[1], nonlinear[0]]
        case .sigmoid: return [c[0], c[1], nonlinear[0], nonlinear[1]]
        }
    }

    func seeds(loss y: [Double], weights w: [Double]) -> [[Double]] {
        let axes = nonlinearAxes
        let shape = axes.map(\.count)
        var rss: [Double] = [], phis: [[Double]] = []
        for i1 in 0..<(shape.count == 2 ? shape[1] : 1) {
            for i0 in 0..<shape[0] {
                let nonlinear = shape.count == 2 ? [axes[0][i0], axes[1][i1]] : [axes[0][i0]]
                let (c, value) = project(nonlinear, y: y, w: w)
                rss.append(value.isFinite ? value : .infinity)
                phis.append(phi(nonlinear, c))
            }
        }
        let minima = VariableProjection.localMinima(rss, shape: shape)
        let ranked = (minima.isEmpty ? Array(rss.indices) : minima).sorted { rss[$0] < rss[$1] }
        return ranked.prefix(candidates).map { phis[$0] }
    }

    func sameBasin(_ theta: [Double], _ seed: [Double]) -> Bool {
        switch kind {
        case .exponential:
            return abs(log(max(theta[2], 1e-12) / max(seed[2], 1e-12))) < 0.1
        case .sigmoid:
            return abs(log(max(theta[2], 1e-12) / max(seed[2], 1e-12))) < 0.1 && abs(theta[3] - seed[3]) < 0.05 * span
        }
    }

    func atBound(_ theta: [Double], minLoss: Double) -> [String] {
        // The rate at 0 is a straight line: the data show no curvature.
        theta[2] < 1e-9 && map.freeIndex(2) != nil ? [kind == .exponential ? "gamma" : "k"] : []
    }
}
