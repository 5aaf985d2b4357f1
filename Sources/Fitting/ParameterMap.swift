import Foundation

/// How a natural parameter is written in the optimiser's *working* parameters φ.
enum ParameterScale: Sendable, Equatable {
    /// A positive coefficient or floor: φ = log v (A = eᵃ, as Hoffmann et al.).
    case logarithmic
    /// An exponent: φ = v, never below 0.
    case exponent
    /// A half-life R* (Muennighoff et al.'s R*_D, R*_N): φ = κ = 1/R* ≥ 0, so that "no decay"
    /// (R* = ∞) is the ordinary point κ = 0 rather than a limit the search cannot reach.
    case halfLife
    /// A parameter of either sign (a downstream link's ε, a, b, L0): φ = v.
    case linear

    var phrase: String {
        switch self {
        case .logarithmic: return "a coefficient"
        case .exponent: return "an exponent"
        case .halfLife: return "a half-life"
        case .linear: return "a parameter"
        }
    }

    func working(_ v: Double) -> Double {
        switch self {
        case .logarithmic: return log(v)
        case .exponent: return v
        case .halfLife: return 1 / v
        case .linear: return v
        }
    }

    func natural(_ phi: Double) -> Double {
        switch self {
        case .logarithmic: return exp(phi)
        case .exponent: return phi
        case .halfLife: return phi > 0 ? 1 / phi : .infinity
        case .linear: return phi
        }
    }

    /// d(natural)/dφ; for a half-life at κ = 0 (R* = ∞) the derivative is not finite.
    func naturalDerivative(_ phi: Double) -> Double {
        switch self {
        case .logarithmic: return exp(phi)
        case .exponent: return 1
        case .halfLife: return phi > 0 ? -1 / (phi * phi) : .infinity
        case .linear: return 1
        }
    }

    /// The working interval of natural values in [low, high] (ends may be infinite).
    func workingInterval(_ low: Double, _ high: Double) -> (Double, Double) {
        switch self {
        case .logarithmic: return (low > 0 ? log(low) : -.infinity, high.isFinite ? log(high) : .infinity)
        case .exponent: return (max(low, 0), high)
        case .halfLife: return (high.isFinite ? 1 / high : 0, low > 0 ? 1 / low : .infinity)
        case .linear: return (low, high)
        }
    }

    /// The bound every parameter of this scale carries: exponents and decay rates ≥ 0.
    var standingLowerBound: Double { self == .logarithmic || self == .linear ? -.infinity : 0 }

    /// Why a natural value cannot be held, or nil.
    func rejection(_ v: Double) -> String? {
        switch self {
        case .logarithmic: return v > 0 && v.isFinite ? nil : "a coefficient must be positive and finite"
        case .exponent: return v >= 0 && v.isFinite ? nil : "an exponent must be 0 or more (a negative exponent makes loss grow with scale)"
        case .halfLife: return v > 0 ? nil : "a half-life must be positive (inf for no decay)"
        case .linear: return v.isFinite ? nil : "a parameter must be finite"
        }
    }
}

/// A working parameter of a form: its natural name and scale.
struct ParameterSpec: Sendable, Equatable {
    var name: String
    var scale: ParameterScale
}

/// The free variables z of a constrained fit and the working parameters φ they stand for.
///
/// Every working parameter is free (its own zₖ), fixed (a constant) or tied (sharing another's
/// zₖ), so φ = S·z + c with S a 0/1 selection: affine, and its second derivatives vanish.
/// Bounds are boxes on z (a tied variable takes the intersection of its names' bounds).
/// With nothing fixed or tied, z = φ.
struct ParameterMap: Sendable {
    enum Role: Sendable, Equatable {
        case free(Int)
        case fixed(Double)
    }

    let specs: [ParameterSpec]
    /// One role per working parameter; tied parameters share a `.free(k)`.
    let roles: [Role]
    let freeCount: Int
    let lower: [Double]
    let upper: [Double]
    /// Names of the fixed parameters and the tied groups (first name first), for reports.
    let fixedNames: [String]
    let tiedGroups: [[String]]

    var isIdentity: Bool { freeCount == specs.count && fixedNames.isEmpty && tiedGroups.isEmpty }
    var hasBounds: Bool { lower.contains { $0 > -.infinity } || upper.contains { $0 < .infinity } }

    /// Validates `constraints` against the form's parameters and builds the map.
    init(specs: [ParameterSpec], constraints: ParameterConstraints, form: String) throws {
        self.specs = specs
        let names = specs.map(\.name)
        let known = names
        func index(_ name: String, kind: String) throws -> Int {
            guard let i = names.firstIndex(of: name) else {
                throw ParameterConstraintError.unknownParameter(name, kind: kind, form: form, known: known)
            }
            return i
        }
        // Tied groups by union–find over working indices.
        var parent = Array(specs.indices)
        func root(_ i: Int) -> Int { var i = i; while parent[i] != i { i = parent[i] }; return i }
        for tie in constraints.ties {
            let a = try index(tie.first, kind: "tie"), b = try index(tie.second, kind: "tie")
            if a == b { throw ParameterConstraintError.tieToItself(tie.first) }
            if specs[a].scale != specs[b].scale {
                throw ParameterConstraintError.tieAcrossKinds(tie.first, specs[a].scale.phrase, tie.second, specs[b].scale.phrase)
            }
            let ra = root(a), rb = root(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        // Fixed values, checked and spread over their groups.
        var groupValue: [Int: (Double, String)] = [:]
        for (name, value) in constraints.fixed.sorted(by: { $0.key < $1.key }) {
            let i = try index(name, kind: "fix")
            if let why = specs[i].scale.rejection(value) {
                throw ParameterConstraintError.invalidValue(name, value: value, why: why)
            }
            let r = root(i)
            if let (other, otherName) = groupValue[r], other != value {
                throw ParameterConstraintError.conflictingFixes(otherName, name)
            }
            groupValue[r] = (value, name)
        }
        // Bounds in working units, intersected over groups.
        var low = specs.map { $0.scale.standingLowerBound }
        var high = specs.map { _ in Double.infinity }
        var naturalBounds: [Int: [(String, ParameterConstraints.Bound)]] = [:]
        for (name, bound) in constraints.bounds.sorted(by: { $0.key < $1.key }) {
            let i = try index(name, kind: "bound")
            guard bound.low < bound.high, !bound.low.isNaN, !bound.high.isNaN else {
                throw ParameterConstraintError.emptyBound(name, low: bound.low, high: bound.high)
            }
            let (lo, hi) = specs[i].scale.workingInterval(bound.low, bound.high)
            guard lo < hi else {
                throw ParameterConstraintError.invalidValue(name, value: bound.high,
                                                            why: "the bound [\(bound.low), \(bound.high)] leaves no allowed value (\(specs[i].scale.phrase) is never negative)")
            }
            let r = root(i)
            low[r] = max(low[r], lo); high[r] = min(high[r], hi)
            naturalBounds[r, default: []].append((name, bound))
            if !(low[r] < high[r]) {
                throw ParameterConstraintError.emptyBound(name, low: bound.low, high: bound.high)
            }
        }
        for (r, (value, name)) in groupValue {
            for (_, bound) in naturalBounds[r] ?? [] where !(bound.low <= value && value <= bound.high) {
                throw ParameterConstraintError.fixedOutsideBound(name, value: value, low: bound.low, high: bound.high)
            }
        }
        // Roles: a group's root gets the next free index unless fixed.
        var roles: [Role] = []
        var freeOfRoot: [Int: Int] = [:]
        var lower: [Double] = [], upper: [Double] = []
        for i in specs.indices {
            let r = root(i)
            if let (value, _) = groupValue[r] {
                roles.append(.fixed(specs[i].scale.working(value)))
            } else if let k = freeOfRoot[r] {
                roles.append(.free(k))
            } else {
                let k = lower.count
                freeOfRoot[r] = k
                lower.append(low[r]); upper.append(high[r])
                roles.append(.free(k))
            }
        }
        if lower.isEmpty { throw ParameterConstraintError.everythingFixed(form: form) }
        self.roles = roles
        freeCount = lower.count
        self.lower = lower
        self.upper = upper
        fixedNames = specs.indices.filter { groupValue[root($0)] != nil }.map { names[$0] }
        var groups: [Int: [String]] = [:]
        for i in specs.indices where groupValue[root(i)] == nil { groups[root(i), default: []].append(names[i]) }
        tiedGroups = groups.keys.sorted().compactMap { groups[$0]!.count > 1 ? groups[$0]! : nil }
    }

    /// φ from z.
    func working(_ z: [Double]) -> [Double] {
        roles.map { role in
            switch role {
            case let .free(k): return z[k]
            case let .fixed(v): return v
            }
        }
    }

    /// z from φ: the free components (a tied group's mean), clamped into the bounds.
    func free(_ phi: [Double]) -> [Double] {
        var sum = [Double](repeating: 0, count: freeCount), count = sum
        for (i, role) in roles.enumerated() { if case let .free(k) = role { sum[k] += phi[i]; count[k] += 1 } }
        return (0..<freeCount).map { k in min(max(sum[k] / count[k], lower[k]), upper[k]) }
    }

    /// ∂φᵢ/∂zₖ = 1 where φᵢ is zₖ: the free index of each working parameter, or nil.
    func freeIndex(_ i: Int) -> Int? {
        if case let .free(k) = roles[i] { return k }
        return nil
    }

    /// Working indices that each free variable stands for.
    var members: [[Int]] {
        var out = [[Int]](repeating: [], count: freeCount)
        for i in roles.indices { if let k = freeIndex(i) { out[k].append(i) } }
        return out
    }

    /// Whether a working parameter lies on one of its bounds (to relative 1e-9).
    func atUserBound(_ phi: [Double]) -> [String] {
        var out: [String] = []
        for (i, spec) in specs.enumerated() {
            guard let k = freeIndex(i) else { continue }
            let tolerance = 1e-9 * max(1, abs(phi[i]))
            let standing = spec.scale.standingLowerBound
            if (lower[k] > standing && phi[i] <= lower[k] + tolerance) || (upper[k] < .infinity && phi[i] >= upper[k] - tolerance) {
                out.append(spec.name)
            }
        }
        return out
    }
}
