import Foundation

/// Caballero et al. 2022's broken neural scaling law (BNSL, arXiv 2210.14891, eq. 1):
///
///     y = a + b·x^(−c0)·Π_{i=1..n} (1 + (x/d_i)^(1/f_i))^(−c_i·f_i)
///
/// A power law of slope −c0 that, around each break d_i, bends to slope −(c0 + c_1 + … + c_i),
/// f_i setting how sharp the bend is. Parameters `a`, `b`, `c0`, and per break `c1`, `d1`, `f1`,
/// `c2`, … For any one-variable curve: a loss or a downstream metric against compute, size or data.
public struct BrokenPowerLaw: Sendable, Equatable {
    public var a: Double
    public var b: Double
    public var c0: Double
    public var breaks: [(c: Double, d: Double, f: Double)]
    public var variable: ScalingVariable

    public static func == (l: BrokenPowerLaw, r: BrokenPowerLaw) -> Bool {
        l.a == r.a && l.b == r.b && l.c0 == r.c0 && l.variable == r.variable && l.breaks.count == r.breaks.count
            && zip(l.breaks, r.breaks).allSatisfy { $0.c == $1.c && $0.d == $1.d && $0.f == $1.f }
    }

    /// Parameter names of a law with `breaks` breaks, as in law files.
    public static func parameterNames(breaks: Int) -> [String] {
        ["a", "b", "c0"] + (0..<breaks).flatMap { i in ["c\(i + 1)", "d\(i + 1)", "f\(i + 1)"] }
    }

    /// Reads a law of however many breaks `parameters` names (c1, d1, f1, c2, …).
    public init(parameters p: [String: Double], variable: ScalingVariable = .flops) throws {
        let form = LawForm.brokenPowerLaw
        a = try parameter("a", of: form, in: p)
        b = try parameter("b", of: form, in: p, positive: true)
        c0 = try parameter("c0", of: form, in: p)
        var breaks: [(c: Double, d: Double, f: Double)] = []
        var i = 1
        while p["d\(i)"] != nil {
            breaks.append((try parameter("c\(i)", of: form, in: p), try parameter("d\(i)", of: form, in: p, positive: true),
                           try parameter("f\(i)", of: form, in: p, positive: true)))
            i += 1
        }
        self.breaks = breaks
        self.variable = variable
    }

    /// y(x).
    public func value(x: Double) -> Double {
        var logTerm = log(b) - c0 * log(x)
        for br in breaks {
            // log(1 + t), t = (x/d)^(1/f), without overflow for large t.
            let u = (log(x) - log(br.d)) / br.f
            logTerm -= br.c * br.f * (max(u, 0) + log1p(exp(-abs(u))))
        }
        return a + exp(logTerm)
    }
}
