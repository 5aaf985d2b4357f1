import Foundation
import ScalingLaws

/// Several Chinchilla fits as one problem, for comparing datasets with some parameters shared
/// (Gadre et al. 2024 and Muennighoff et al. 2023 fit one set of exponents across datasets).
///
/// Group g's parameters are named `NAME[g]` (`alpha[c4]`); sharing a parameter ties its copies
/// (`ParameterMap`), so the search, the polish and the errors see one free variable for it. The
/// objective is the sum of the groups' objectives.
struct JointForm: LawParametrisation {
    var groups: [String]
    var parts: [SeparableForm]
    /// Runs per group, in the order the runs are concatenated.
    var counts: [Int]

    static func name(_ parameter: String, _ group: String) -> String { "\(parameter)[\(group)]" }

    var specs: [ParameterSpec] {
        zip(groups, parts).flatMap { group, form in form.specs.map { ParameterSpec(name: Self.name($0.name, group), scale: $0.scale) } }
    }

    /// Ties every group's copy of each shared parameter to the first group's.
    static func ties(sharing shared: [String], groups: [String]) -> [ParameterConstraints.Tie] {
        shared.flatMap { p in groups.dropFirst().map { ParameterConstraints.Tie(name(p, groups[0]), name(p, $0)) } }
    }

    private var offsets: [Int] { counts.indices.map { counts[..<$0].reduce(0, +) } }

    func baseObjective(loss: [Double], logLoss: [Double], weights: [Double]) -> any PolishObjective {
        var parts: [FitData] = []
        let offsets = self.offsets
        for g in self.parts.indices {
            let range: Range<Int> = offsets[g]..<(offsets[g] + counts[g])
            parts.append(FitData(model: self.parts[g].model, loss: Array(loss[range]), logLoss: Array(logLoss[range]),
                                 weights: Array(weights[range])))
        }
        return JointObjective(parts: parts)
    }

    func seedSearch(gridSize: Int, constraints: ParameterMap) -> any SeedSearch {
        JointSeeds(searches: parts.map { $0.seedSearch(gridSize: gridSize, constraints: Self.identity($0)) },
                   counts: counts, width: parts.first?.specs.count ?? 0)
    }

    static func identity(_ form: SeparableForm) -> ParameterMap {
        try! ParameterMap(specs: form.specs, constraints: ParameterConstraints(), form: "chinchilla")
    }

    func restricted(to runs: [Int]) -> any LawParametrisation {
        var copy = self
        let offsets = self.offsets
        copy.parts = parts.enumerated().map { g, form in
            form.restricted(to: runs.filter { $0 >= offsets[g] && $0 < offsets[g] + counts[g] }.map { $0 - offsets[g] }) as! SeparableForm
        }
        copy.counts = parts.indices.map { g in runs.filter { $0 >= offsets[g] && $0 < offsets[g] + counts[g] }.count }
        return copy
    }
}

/// The sum of independent objectives over a concatenated parameter vector (block diagonal
/// derivatives).
struct JointObjective: PolishObjective {
    var parts: [FitData]

    var width: Int { parts.first?.parameterCount ?? 0 }
    var parameterCount: Int { width * parts.count }
    var count: Int { parts.reduce(0) { $0 + $1.count } }
    var loss: [Double] { parts.flatMap(\.loss) }
    var weights: [Double] {
        get { parts.flatMap(\.weights) }
        set {
            var start = 0
            for g in parts.indices { parts[g].weights = Array(newValue[start..<(start + parts[g].count)]); start += parts[g].count }
        }
    }

    func makeEvaluation() -> ObjectiveEvaluation {
        var e = ObjectiveEvaluation(parameterCount: parameterCount, runs: count)
        e.parts = parts.map { InnerEvaluation($0.makeEvaluation()) }
        return e
    }

    func evaluate(_ x: [Double], objective: FitObjective, need: ObjectiveEvaluation.Need, into e: inout ObjectiveEvaluation) {
        let w = width, p = parameterCount
        e.value = 0
        if need != .value {
            for j in 0..<p { e.gradient[j] = 0 }
            for j in 0..<(p * p) { e.majorizer[j] = 0; e.hessian[j] = 0 }
        }
        var run = 0
        for (g, part) in parts.enumerated() {
            let scratch = e.parts[g]
            part.evaluate(Array(x[(g * w)..<((g + 1) * w)]), objective: objective, need: need, into: &scratch.e)
            e.value += scratch.e.value
            for i in 0..<part.count { e.residuals[run + i] = scratch.e.residuals[i] }
            run += part.count
            guard need != .value else { continue }
            for u in 0..<w {
                e.gradient[g * w + u] = scratch.e.gradient[u]
                for v in 0..<w {
                    e.majorizer[(g * w + u) * p + g * w + v] = scratch.e.majorizer[u * w + v]
                    if need == .hessian { e.hessian[(g * w + u) * p + g * w + v] = scratch.e.hessian[u * w + v] }
                }
            }
        }
    }

    func logPredictionGradients(_ x: [Double]) -> [Double] {
        let w = width, p = parameterCount
        var out: [Double] = []
        out.reserveCapacity(count * p)
        for (g, part) in parts.enumerated() {
            let rows = part.logPredictionGradients(Array(x[(g * w)..<((g + 1) * w)]))
            for i in 0..<part.count {
                var full = [Double](repeating: 0, count: p)
                for u in 0..<w { full[g * w + u] = rows[i * w + u] }
                out += full
            }
        }
        return out
    }
}

/// Seeds of a joint fit: each group's own best grid minimum, concatenated (shared parameters
/// are averaged into one when the seed is mapped onto the free variables).
struct JointSeeds: SeedSearch {
    let searches: [any SeedSearch]
    let counts: [Int]
    let width: Int

    var gridPoints: Int { searches.reduce(0) { $0 + $1.gridPoints } }

    func seeds(loss: [Double], weights: [Double]) -> [[Double]] {
        var start = 0
        var perGroup: [[[Double]]] = []
        for (search, n) in zip(searches, counts) {
            perGroup.append(search.seeds(loss: Array(loss[start..<(start + n)]), weights: Array(weights[start..<(start + n)])))
            start += n
        }
        guard perGroup.allSatisfy({ !$0.isEmpty }) else { return [] }
        // The best of each, then each group's second best with the others' best.
        var out = [perGroup.flatMap { $0[0] }]
        for g in perGroup.indices where perGroup[g].count > 1 {
            out.append(perGroup.enumerated().flatMap { h, seeds in h == g ? seeds[1] : seeds[0] })
        }
        return out
    }

    func sameBasin(_ theta: [Double], _ seed: [Double]) -> Bool {
        searches.indices.allSatisfy { g in
            searches[g].sameBasin(Array(theta[(g * width)..<((g + 1) * width)]), Array(seed[(g * width)..<((g + 1) * width)]))
        }
    }

    func atBound(_ theta: [Double], minLoss: Double) -> [String] { [] }
}
