import Foundation
import ScalingLaws

/// What a plan aims for.
public enum PlanTarget: Sendable, Equatable {
    /// A loss ℓ (`--target-loss`).
    case loss(Double)
    /// The loss of the Chinchilla-optimal model with this many parameters (`--quality-of`).
    case qualityOf(params: Double)
    /// The lowest loss whose training plus inference fits this many FLOPs (`--budget-flops`).
    case budgetFLOPs(Double)
    /// The lowest loss whose training plus inference fits this many dollars (`--budget-usd`).
    case budgetUSD(Double)
}

/// Recommends model size and training tokens for a quality or a budget, accounting for the
/// inference the model will serve (Sardana & Frankle 2024, "Beyond Chinchilla-Optimal").
///
/// For a quality ℓ it minimises the objective over the models of that quality
/// (`IsoLossCurve`); for a budget it finds the lowest ℓ whose cheapest model fits it (the
/// minimum cost falls strictly as ℓ rises, so this is a one-dimensional root too).
public struct Planner: Sendable {
    public var law: ChinchillaLaw
    public var costModel: CostModel
    public var objective: PlanObjective
    public var constraints: [any AllocationConstraint]
    /// `--params`: the model size is given; only the tokens are planned (de Vries 2023).
    public var fixedParams: Double?
    /// Where to start the search on the curve of models (a previous plan's `curvePosition`,
    /// e.g. the neighbouring point of a sweep). Speeds the solve; never changes the answer.
    public var warmStart: Double?
    /// `--unique-tokens`: at most this much unique data, repeated beyond one epoch.
    public var uniqueData: UniqueData?
    /// Each training token is worth this many tokens of the law's data (1: as the law was
    /// fitted); see `planWithDataMultiplier`.
    public var dataMultiplier: Double = 1
    /// Rephrased synthetic data in the pool, with its generation cost (`planWithSynthetic`).
    public var synthetic: SyntheticData?
    /// Choose the amount of synthetic data (its other settings from this template).
    public var optimiseSynthetic: SyntheticData?

    public init(law: ChinchillaLaw, costModel: CostModel, objective: PlanObjective = .flops,
                constraints: [any AllocationConstraint] = [], fixedParams: Double? = nil) {
        self.law = law; self.costModel = costModel; self.objective = objective
        self.constraints = constraints; self.fixedParams = fixedParams
    }

    /// The loss of the Chinchilla-optimal model with `n` parameters. At the compute-optimal
    /// point αA·N^−α = βB·D^−β (Hoffmann et al. 2022, App. D.2), so L = E + A·N^−α·(1 + α/β):
    /// no search for the compute C with computeOptimal(C).params = n is needed.
    public static func qualityLoss(ofParams n: Double, law: ChinchillaLaw) -> Double {
        law.E + law.A * pow(n, -law.alpha) * (1 + law.alpha / law.beta)
    }

    public func plan(_ target: PlanTarget) throws -> Plan {
        if let optimiseSynthetic { return try planOptimisingSynthetic(target, optimiseSynthetic) }
        if let synthetic {
            if let f = synthetic.fraction { return try planWithSyntheticFraction(target, synthetic, fraction: f) }
            return try planWithSynthetic(target, synthetic)
        }
        if dataMultiplier != 1 { return try planWithDataMultiplier(target) }
        try validate(target)
        let k = try costModel.coefficients(for: objective)
        let plan: Plan
        switch target {
        case let .loss(l): plan = try self.plan(loss: l, k)
        case let .qualityOf(n): plan = try self.plan(loss: Self.qualityLoss(ofParams: n, law: law), k)
        case let .budgetFLOPs(c): plan = try self.plan(budget: c, k)
        case let .budgetUSD(x): plan = try self.plan(budget: x, k)
        }
        try Self.requireFinite(plan)
        return plan
    }

    /// A plan whose sizes or costs overflow Double (a law with absurd coefficients, say
    /// A = 1e300, asks for models of 10^900 parameters) is refused rather than printed as
    /// blanks.
    static func requireFinite(_ plan: Plan) throws {
        // Plain comparisons, no arrays: this runs once per plan of a sweep.
        func finite(_ a: Allocation) -> Bool {
            let c = a.costs
            return a.params.isFinite && a.tokens.isFinite && a.loss.isFinite && a.totalFLOPs.isFinite
                && (c.totalUSD?.isFinite ?? true) && (c.totalGPUHours?.isFinite ?? true)
        }
        func overflow(_ name: String, _ a: Allocation) -> PlanningError {
            .noSolution("the \(name) model's size or cost is beyond floating point (params \(fmt(a.params)), tokens \(fmt(a.tokens))): check the law's coefficients")
        }
        if !finite(plan.recommended) { throw overflow("recommended", plan.recommended) }
        if !finite(plan.chinchilla) { throw overflow("Chinchilla-optimal", plan.chinchilla) }
    }

    /// A model of loss ℓ, chosen to minimise the cost k, within the constraints.
    func plan(loss l: Double, _ k: CostCoefficients) throws -> Plan {
        if let data = uniqueData { return try plan(loss: l, k, repeating: data) }
        let curve = try IsoLossCurve(law: law, loss: l)
        if let fixed = fixedParams {
            let d = curve.tokens(try curve.t(params: fixed))
            try checkFixed(params: fixed, tokens: d)
            try checkServable(params: fixed)
            return makePlan(loss: l, params: fixed, tokens: d, binding: [], curve: curve)
        }
        let (t, binding) = needsRooflineSearch ? try cheapestRooflineT(on: curve, k)
            : try constraints.clamp(try curve.cheapestT(k, start: warmStart), on: curve)
        // At Chinchilla's point use its closed form, so zero demand saves exactly nothing.
        let (n, d) = t == curve.chinchillaT ? curve.chinchilla : (curve.params(t), curve.tokens(t))
        var plan = makePlan(loss: l, params: n, tokens: d, binding: binding, curve: curve)
        plan.curvePosition = t
        return plan
    }

    func makePlan(loss l: Double, params n: Double, tokens d: Double, binding: [ConstraintKind],
                  curve: IsoLossCurve) -> Plan {
        let (nc, dc) = curve.chinchilla
        return Plan(objective: objective, targetLoss: l, demand: demand,
                    recommended: Allocation(params: n, tokens: d, loss: l, costs: costModel.breakdown(params: n, tokens: d)),
                    chinchilla: Allocation(params: nc, tokens: dc, loss: l, costs: costModel.breakdown(params: nc, tokens: dc)),
                    binding: binding)
    }

    var demand: InferenceDemand { costModel.demand }

    func checkFixed(params n: Double, tokens d: Double) throws {
        for c in constraints where !c.admits(params: n, tokens: d) {
            switch c.kind {
            case .maxParams:
                throw PlanningError.contradictoryConstraints("--params \(fmt(n)) exceeds --max-params \(fmt((c as? MaxParams)?.limit ?? .nan))")
            case .maxTokens:
                throw PlanningError.contradictoryConstraints("a \(fmt(n))-parameter model needs \(fmt(d)) tokens for this quality, more than --max-tokens \(fmt((c as? MaxTokens)?.limit ?? .nan))")
            case .deadline:
                let deadline = c as! Deadline
                throw PlanningError.contradictoryConstraints("a \(fmt(n))-parameter model needs \(fmt(d)) tokens for this quality, \(fmt(deadline.days(params: n, tokens: d))) days of training on \(fmt(deadline.gpus)) GPUs: \(fmt(deadline.days(params: n, tokens: d) - deadline.days)) more than the deadline of \(fmt(deadline.days)) days")
            case .latency, .memory:
                throw PlanningError.contradictoryConstraints("a \(fmt(n))-parameter model breaks the \(c.kind.rawValue) limit")
            }
        }
    }

    /// A fixed model size must be servable within the roofline limits.
    func checkServable(params n: Double) throws { try costModel.checkServable(params: n) }

    private func validate(_ target: PlanTarget) throws {
        func positive(_ x: Double, _ what: String) throws {
            guard x.isFinite, x > 0 else { throw PlanningError.invalidInput("\(what) must be a positive number, not \(x)") }
        }
        switch target {
        case let .loss(l): try positive(l, "the target loss")
        case let .qualityOf(n): try positive(n, "--quality-of")
        case let .budgetFLOPs(c):
            try positive(c, "the FLOP budget")
            guard objective == .flops else { throw PlanningError.invalidInput("--budget-flops plans in FLOPs: use --objective flops (or give --budget-usd)") }
        case let .budgetUSD(x):
            try positive(x, "the dollar budget")
            guard objective == .cost else { throw PlanningError.invalidInput("--budget-usd plans in dollars: use --objective cost") }
        }
        if let n = fixedParams { try positive(n, "--params") }
        if let u = uniqueData?.uniqueTokens { try positive(u, "--unique-tokens") }
        for c in constraints {
            let limit = (c as? MaxParams)?.limit ?? (c as? MaxTokens)?.limit ?? (c as? Deadline)?.days ?? 1
            try positive(limit, c.kind.option)
        }
    }
}
