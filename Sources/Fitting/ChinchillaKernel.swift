import Foundation

/// The objective's pass written out for Chinchilla's law on log L, the loop of a large sweep's
/// finish and curvature (a million runs, several passes).
///
/// With θ = (a, b, e, α, β) (Hoffmann et al.'s parametrisation, `SeparableForm`) and
/// uᵢ = exp(a − α·log Nᵢ − e), vᵢ = exp(b − β·log Dᵢ − e):
///
///     log L̂ᵢ = e + log(1 + uᵢ + vᵢ),   sₖ = (uᵢ, vᵢ, 1)/(1 + uᵢ + vᵢ),
///     gᵢ = ∇ log L̂ᵢ = (s₁, s₂, s₃, −s₁·log N, −s₂·log D),
///     ∇² log L̂ᵢ = Σₖ sₖ∇tₖ∇tₖᵀ − gᵢgᵢᵀ,
///
/// so one run costs two `exp` and one `log` (the generic loop takes three and one, as the
/// largest term is factored out), and its ∇²F part is (ρ″ − ψ)·ggᵀ plus seven entries of
/// Σₖ sₖ∇tₖ∇tₖᵀ (Huber's ψ(r) for ρ″ = 1 or 0). The sums are symmetric, so 15 of each
/// matrix's 25 entries are summed; they live in registers, not in the p × p buffers.
/// (A term more than e⁷⁰⁰ above the floor would overflow; such a run is factored by its
/// largest term, as the generic loop does.)
///
/// The same numbers as the generic loop (`FitData.accumulate`) to rounding, not bit for bit:
/// used only on sweeps split across cores (`FitData.parallelThreshold`), whose sums are in a
/// different order anyway, so fits of fewer runs are unchanged.
extension FitData {
    /// Whether `model` is Chinchilla's (two axes with fitted exponents and a floor, in θ order
    /// (a, b, e, α, β), no outer scale).
    var isChinchilla: Bool {
        model.parameterCount == 5 && model.termCount == 3 && model.outerScale < 0
            && model.intercepts == [0, 1, 2] && model.slopes == [3, 4, -1] && model.fixedSlopes[2] == 0
    }

    /// Huber's δ for the kernel (∞ for squared loss: ρ, ψ, ρ″ and ψ/r are then squared loss's),
    /// or nil when the kernel does not apply (residuals on L, not log L).
    static func kernelDelta(_ objective: FitObjective) -> Double? {
        guard objective.space == .log else { return nil }
        switch objective.loss {
        case let .huber(delta): return delta
        case .squared: return .infinity
        }
    }

    /// `accumulate` for Chinchilla on log L: F over `range`, residuals into `out.residuals`,
    /// ∇F, the majoriser and ∇²F (as `need` asks) into `out`, and with ∇F the Gauss–Newton
    /// matrix Σ wᵢ gᵢgᵢᵀ when `out` has a place for it.
    func accumulateChinchilla(_ range: Range<Int>, _ theta: [Double], delta: Double,
                              _ need: ObjectiveEvaluation.Need, _ out: Sums) -> Double {
        let n = model.runs
        let a = theta[0], b = theta[1], e = theta[2], alpha = theta[3], beta = theta[4]
        let gradient = need != .value, hessian = need == .hessian
        var value = 0.0
        // ∇F, and the upper triangles of the majoriser (m) and of ∇²F (h).
        var g0 = 0.0, g1 = 0.0, g2 = 0.0, g3 = 0.0, g4 = 0.0
        var m00 = 0.0, m01 = 0.0, m02 = 0.0, m03 = 0.0, m04 = 0.0, m11 = 0.0, m12 = 0.0, m13 = 0.0, m14 = 0.0
        var m22 = 0.0, m23 = 0.0, m24 = 0.0, m33 = 0.0, m34 = 0.0, m44 = 0.0
        var h00 = 0.0, h01 = 0.0, h02 = 0.0, h03 = 0.0, h04 = 0.0, h11 = 0.0, h12 = 0.0, h13 = 0.0, h14 = 0.0
        var h22 = 0.0, h23 = 0.0, h24 = 0.0, h33 = 0.0, h34 = 0.0, h44 = 0.0
        // Σ wᵢ gᵢgᵢᵀ (j), when asked for.
        let gaussNewton = gradient && out.gaussNewton != nil
        var j00 = 0.0, j01 = 0.0, j02 = 0.0, j03 = 0.0, j04 = 0.0, j11 = 0.0, j12 = 0.0, j13 = 0.0, j14 = 0.0
        var j22 = 0.0, j23 = 0.0, j24 = 0.0, j33 = 0.0, j34 = 0.0, j44 = 0.0
        model.x.withUnsafeBufferPointer { xb in
        logLoss.withUnsafeBufferPointer { logB in
        weights.withUnsafeBufferPointer { wB in
            let logN = xb.baseAddress!, logD = logN + n, res = out.residuals
            for i in range {
                let xN = logN[i], xD = logD[i]
                let t1 = a - alpha * xN - e, t2 = b - beta * xD - e
                let (shift, sum, s1, s2, s3) = Self.shares(t1, t2)
                let lse = e + shift + log(sum)
                let r = lse - logB[i]
                res[i] = r
                let w = wB[i]
                if w == 0 { continue }
                let size = abs(r)
                let inside = size <= delta
                value += w * (inside ? 0.5 * r * r : delta * (size - 0.5 * delta))
                guard gradient else { continue }
                let q0 = s1, q1 = s2, q2 = s3, q3 = -s1 * xN, q4 = -s2 * xD
                let wPsi = w * min(max(r, -delta), delta)
                g0 += wPsi * q0; g1 += wPsi * q1; g2 += wPsi * q2; g3 += wPsi * q3; g4 += wPsi * q4
                let o = inside ? w : w * delta / size
                let o0 = o * q0, o1 = o * q1, o2 = o * q2, o3 = o * q3, o4 = o * q4
                m00 += o0 * q0; m01 += o0 * q1; m02 += o0 * q2; m03 += o0 * q3; m04 += o0 * q4
                m11 += o1 * q1; m12 += o1 * q2; m13 += o1 * q3; m14 += o1 * q4
                m22 += o2 * q2; m23 += o2 * q3; m24 += o2 * q4
                m33 += o3 * q3; m34 += o3 * q4; m44 += o4 * q4
                if gaussNewton {
                    let v0 = w * q0, v1 = w * q1, v2 = w * q2, v3 = w * q3, v4 = w * q4
                    j00 += v0 * q0; j01 += v0 * q1; j02 += v0 * q2; j03 += v0 * q3; j04 += v0 * q4
                    j11 += v1 * q1; j12 += v1 * q2; j13 += v1 * q3; j14 += v1 * q4
                    j22 += v2 * q2; j23 += v2 * q3; j24 += v2 * q4
                    j33 += v3 * q3; j34 += v3 * q4; j44 += v4 * q4
                }
                guard hessian else { continue }
                // w·ρ″·ggᵀ + w·ψ·(Σₖ sₖ∇tₖ∇tₖᵀ − ggᵀ).
                let c = (inside ? w : 0) - wPsi
                let c0 = c * q0, c1 = c * q1, c2 = c * q2, c3 = c * q3, c4 = c * q4
                h00 += c0 * q0 + wPsi * q0; h01 += c0 * q1; h02 += c0 * q2; h03 += c0 * q3 + wPsi * q3; h04 += c0 * q4
                h11 += c1 * q1 + wPsi * q1; h12 += c1 * q2; h13 += c1 * q3; h14 += c1 * q4 + wPsi * q4
                h22 += c2 * q2 + wPsi * q2; h23 += c2 * q3; h24 += c2 * q4
                h33 += c3 * q3 - wPsi * q3 * xN; h34 += c3 * q4; h44 += c4 * q4 - wPsi * q4 * xD
            }
        }}}
        let grad = out.gradient, maj = out.majorizer, hes = out.hessian
        (grad[0], grad[1], grad[2], grad[3], grad[4]) = (g0, g1, g2, g3, g4)
        guard gradient else { return value }
        func fill(_ to: UnsafeMutablePointer<Double>, _ upper: [Double]) {
            var k = 0
            for u in 0..<5 { for v in u..<5 { to[u * 5 + v] = upper[k]; to[v * 5 + u] = upper[k]; k += 1 } }
        }
        fill(maj, [m00, m01, m02, m03, m04, m11, m12, m13, m14, m22, m23, m24, m33, m34, m44])
        fill(hes, hessian ? [h00, h01, h02, h03, h04, h11, h12, h13, h14, h22, h23, h24, h33, h34, h44]
                          : [Double](repeating: 0, count: 15))
        if gaussNewton, let to = out.gaussNewton {
            fill(to, [j00, j01, j02, j03, j04, j11, j12, j13, j14, j22, j23, j24, j33, j34, j44])
        }
        return value
    }

    /// The three terms' shares of L̂ = e^E·(1 + e^t₁ + e^t₂) (t₁ = a − α·log N − E, t₂ =
    /// b − β·log D − E): sₖ = e^tₖ / Σ and s₃ = 1 / Σ, with log L̂ = E + shift + log(sum).
    /// The sum is shifted by m = max(t₁, t₂, 0) only when an exponential would overflow
    /// (shift 0 otherwise, which leaves E + 0 + log(sum) = E + log(sum) to the bit).
    @inline(__always)
    static func shares(_ t1: Double, _ t2: Double) -> (shift: Double, sum: Double, s1: Double, s2: Double, s3: Double) {
        if t1 < 700 && t2 < 700 {
            let u = exp(t1), v = exp(t2)
            let sum = 1 + u + v
            let s3 = 1 / sum
            return (0, sum, u * s3, v * s3, s3)
        }
        let m = max(t1, t2, 0)
        let u = exp(t1 - m), v = exp(t2 - m), f = exp(-m)
        let sum = u + v + f
        return (m, sum, u / sum, v / sum, f / sum)
    }

    /// ∇ log L̂ᵢ = (s₁, s₂, s₃, −s₁·log N, −s₂·log D) for the runs in `runs`, row-major (the
    /// influence diagnostics of a large sweep): two `exp` per run and no `log`.
    func chinchillaGradients(_ theta: [Double], runs: Range<Int>) -> [Double] {
        let n = model.runs
        let a = theta[0], b = theta[1], e = theta[2], alpha = theta[3], beta = theta[4]
        return [Double](unsafeUninitializedCapacity: runs.count * 5) { out, initialized in
            model.x.withUnsafeBufferPointer { xb in
                let logN = xb.baseAddress!, logD = logN + n
                var row = 0
                for i in runs {
                    let xN = logN[i], xD = logD[i]
                    let t1 = a - alpha * xN - e, t2 = b - beta * xD - e
                    let (_, _, s1, s2, s3) = Self.shares(t1, t2)
                    out[row] = s1; out[row + 1] = s2; out[row + 2] = s3
                    out[row + 3] = -s1 * xN; out[row + 4] = -s2 * xD
                    row += 5
                }
            }
            initialized = runs.count * 5
        }
    }
}
