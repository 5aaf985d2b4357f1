import Foundation
import ScalingLaws

/// What a dataset is worth against a baseline, from small sweeps on each: the Chinchilla law of
/// every group (fitted apart, or with some parameters shared), and at each target loss
///
/// - the compute C_g(ℓ) of the cheapest model reaching ℓ (`ChinchillaLaw.computeOptimal(loss:)`),
///   and the compute multiplier C_base(ℓ)/C_g(ℓ) (above 1: the group gets there cheaper);
/// - the effective-data multiplier: at the group's compute-optimal size N_g*(ℓ), how many
///   baseline tokens do what one of the group's does, D_base(N_g*, ℓ)/D_g*(ℓ). A dataset whose
///   law is the baseline's on m·D has both multipliers equal to m at every target.
///
/// With different exponents the multipliers change with the target, and the ranking may flip:
/// the loss where C_g = C_base is reported. Intervals come from the groups' bootstrap samples,
/// paired by resample.
public struct DatasetComparison: Sendable {
    public struct Group: Sendable {
        public var name: String
        public var law: ChinchillaLaw
        public var runs: Int
        public var samples: [ChinchillaLaw]
        /// The fit's parameters by their plain names (E, A, B, alpha, beta).
        public var parameters: [String: Double]
    }

    public struct Row: Sendable {
        public var group: String
        public var targetLoss: Double
        /// Training FLOPs of the cheapest model of loss ℓ; nil when the law cannot reach ℓ.
        public var flops: Double?
        public var computeMultiplier: Double?
        public var dataMultiplier: Double?
        /// `flops`, `compute_multiplier`, `data_multiplier` → interval, when bootstrapped.
        public var intervals: [String: Interval]
    }

    public var baseline: String
    public var shared: [String]
    public var groups: [Group]
    public var rows: [Row]
    /// Groups whose ranking against the baseline flips, and the loss at which it does.
    public var flips: [(group: String, loss: Double)]
    public var confidence: Double
    public var warnings: [String]

    /// The multipliers of `law` against `base` at ℓ (nil where either cannot reach ℓ).
    static func multipliers(_ law: ChinchillaLaw, against base: ChinchillaLaw, at l: Double) -> (flops: Double?, compute: Double?, data: Double?) {
        guard let own = law.computeOptimal(loss: l) else { return (nil, nil, nil) }
        let flops = 6 * own.params * own.tokens
        guard let theirs = base.computeOptimal(loss: l) else { return (flops, nil, nil) }
        let data = base.tokens(toReach: l, params: own.params).map { $0 / own.tokens } ?? .infinity
        return (flops, 6 * theirs.params * theirs.tokens / flops, data)
    }

    /// The loss in (max(E, E_base), top] where C_g = C_base, if the sign of log C_base − log C_g
    /// changes there (bisection on a log grid of 200 points).
    static func flip(_ law: ChinchillaLaw, against base: ChinchillaLaw, top: Double) -> Double? {
        let floor = max(law.E, base.E)
        guard top > floor else { return nil }
        func gap(_ l: Double) -> Double? { multipliers(law, against: base, at: l).compute.map { log($0) } }
        var previous: (l: Double, g: Double)? = nil
        for k in 1...200 {
            let l = floor + (top - floor) * pow(Double(k) / 200, 2)
            guard let g = gap(l), g.isFinite else { continue }
            if let p = previous, (p.g < 0) != (g < 0) {
                var (a, b) = (p.l, l)
                for _ in 0..<80 {
                    let m = 0.5 * (a + b)
                    guard let gm = gap(m) else { break }
                    if (gm < 0) == (p.g < 0) { a = m } else { b = m }
                }
                return 0.5 * (a + b)
            }
            previous = (l, g)
        }
        return nil
    }
}

/// Fits each group and compares it with the baseline.
public enum DatasetComparer {
    /// `groups` in order; `baseline` nil takes the first. `shared` names Chinchilla parameters
    /// fitted once for all groups (e.g. alpha, beta). `targetLosses` empty: the lowest loss every
    /// group reached, and 2% and 5% below it where every law reaches them.
    public static func compare(_ groups: [(name: String, runs: [Run])], baseline: String?, targetLosses: [Double],
                               shared: [String], options: FitOptions) throws -> DatasetComparison {
        guard groups.count >= 2 else {
            throw FitError.invalidOption("a comparison needs at least two groups; the runs have \(groups.count)\(groups.first.map { " ('\($0.name)')" } ?? "")")
        }
        for g in groups where g.runs.count < 6 {
            throw FitError.invalidOption("group '\(g.name)' has \(g.runs.count) run\(g.runs.count == 1 ? "" : "s"), \(6 - g.runs.count) too few: each group's Chinchilla law (5 parameters) needs at least 6 runs to compare")
        }
        let names = groups.map(\.name)
        let base = baseline ?? names[0]
        guard names.contains(base) else {
            throw FitError.invalidOption("no group is named '\(base)' (groups: \(names.joined(separator: ", ")))")
        }
        for name in shared where !ChinchillaLaw.parameterNames.contains(name) {
            throw FitError.invalidOption("'\(name)' is not a Chinchilla parameter to share (E, A, B, alpha, beta)")
        }
        var fitted: [DatasetComparison.Group] = []
        var warnings: [String] = []
        if shared.isEmpty {
            for g in groups {
                var o = options
                o.form = .chinchilla
                o.holdoutLargest = 0
                let fit: FitResult
                do { fit = try Fitter.fit(g.runs, options: o) } catch { throw FitError.invalidOption("group '\(g.name)': \(error)") }
                fitted.append(.init(name: g.name, law: try ChinchillaLaw(parameters: fit.parameters), runs: g.runs.count,
                                    samples: fit.samples.compactMap { try? ChinchillaLaw(parameters: $0) }, parameters: fit.parameters))
                warnings += fit.warnings.map { "\(g.name): \($0)" }
            }
        } else {
            let (joint, jointWarnings) = try jointFit(groups, shared: shared, options: options)
            fitted = joint
            warnings += jointWarnings
        }
        let baseGroup = fitted.first { $0.name == base }!
        let maxLoss = groups.flatMap { $0.runs.map(\.loss) }.max()!
        // By default: the lowest loss every group reached, and 2% and 5% below it where every
        // law can still get there.
        let reachedByAll = groups.map { $0.runs.map(\.loss).min()! }.max()!
        let floor = fitted.map(\.law.E).max()!
        let defaults = [1, 0.98, 0.95].map { reachedByAll * $0 }.filter { $0 > floor * 1.001 }
        let targets = targetLosses.isEmpty ? (defaults.isEmpty ? [reachedByAll] : defaults) : targetLosses
        var rows: [DatasetComparison.Row] = []
        for group in fitted {
            for l in targets {
                var m = DatasetComparison.multipliers(group.law, against: baseGroup.law, at: l)
                // The baseline against itself is 1 by definition (not 1 ± rounding).
                if group.name == base && m.flops != nil { (m.compute, m.data) = (1, 1) }
                var intervals: [String: Interval] = [:]
                let pairs = min(group.samples.count, baseGroup.samples.count)
                if pairs >= 2 {
                    let draws = (0..<pairs).map { DatasetComparison.multipliers(group.samples[$0], against: baseGroup.samples[$0], at: l) }
                    func interval(_ values: [Double?]) -> Interval? {
                        let v = values.compactMap { $0 }.filter(\.isFinite)
                        return v.count >= 2 ? Statistics.percentileInterval(v, confidence: options.confidence) : nil
                    }
                    intervals["flops"] = interval(draws.map(\.flops))
                    intervals["compute_multiplier"] = interval(draws.map(\.compute))
                    intervals["data_multiplier"] = interval(draws.map(\.data))
                }
                rows.append(.init(group: group.name, targetLoss: l, flops: m.flops, computeMultiplier: m.compute,
                                  dataMultiplier: m.data, intervals: intervals))
            }
        }
        let flips = fitted.filter { $0.name != base }.compactMap { g in
            DatasetComparison.flip(g.law, against: baseGroup.law, top: maxLoss).map { (group: g.name, loss: $0) }
        }
        return DatasetComparison(baseline: base, shared: shared, groups: fitted, rows: rows, flips: flips,
                                 confidence: options.confidence, warnings: warnings)
    }

    /// One fit of all groups with the `shared` parameters tied across them.
    static func jointFit(_ groups: [(name: String, runs: [Run])], shared: [String],
                         options: FitOptions) throws -> ([DatasetComparison.Group], [String]) {
        let parts = groups.map { g in
            SeparableForm(logAxes: [g.runs.map { log($0.params) }, g.runs.map { log($0.tokens) }], hasFloor: true,
                          coefficientNames: ["A", "B"], floorName: "E", exponentNames: ["alpha", "beta"])
        }
        let names = groups.map(\.name)
        let form = JointForm(groups: names, parts: parts, counts: groups.map(\.runs.count))
        var o = options
        o.form = .chinchilla
        o.holdoutLargest = 0
        o.constraints = ParameterConstraints(ties: JointForm.ties(sharing: shared, groups: names))
        for g in groups { try Fitter.requireIdentifiable(g.runs, parameters: 5, form: .chinchilla, axes: [\.params, \.tokens]) }
        let fit = try LawFit(form: form, lawForm: .chinchilla, displayOrder: form.parameterNames,
                             runs: groups.flatMap(\.runs), options: o).run(progress: nil)
        func plain(_ p: [String: Double], _ group: String) -> [String: Double] {
            Dictionary(uniqueKeysWithValues: ChinchillaLaw.parameterNames.map { ($0, p[JointForm.name($0, group)]!) })
        }
        let out = try names.enumerated().map { g, name in
            DatasetComparison.Group(name: name, law: try ChinchillaLaw(parameters: plain(fit.parameters, name)), runs: groups[g].runs.count,
                                    samples: fit.samples.compactMap { try? ChinchillaLaw(parameters: plain($0, name)) },
                                    parameters: plain(fit.parameters, name))
        }
        let warnings = fit.warnings.filter { !$0.contains("strongly correlated") }
        return (out, warnings)
    }
}
