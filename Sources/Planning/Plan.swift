/// One model: its size, data, predicted loss and what it costs to train and serve.
public struct Allocation: Sendable, Equatable {
    public var params: Double
    public var tokens: Double
    public var loss: Double
    public var costs: CostBreakdown
    /// With `--unique-tokens`: the effective data D′ the law sees for the `tokens` trained on
    /// (Muennighoff et al. 2023); nil without a cap on unique data.
    public var effectiveTokens: Double?
    /// With `--unique-tokens` and a law with R*_N: the effective parameters N′ the law sees for
    /// the `params` trained and served; nil otherwise.
    public var effectiveParams: Double?

    public init(params: Double, tokens: Double, loss: Double, costs: CostBreakdown, effectiveTokens: Double? = nil,
                effectiveParams: Double? = nil) {
        self.params = params; self.tokens = tokens; self.loss = loss; self.costs = costs
        self.effectiveTokens = effectiveTokens; self.effectiveParams = effectiveParams
    }

    public var tokensPerParam: Double { tokens / params }
    public var trainingFLOPs: Double { costs.trainingFLOPs }
    public var inferenceFLOPs: Double { costs.inferenceFLOPs }
    public var totalFLOPs: Double { costs.totalFLOPs }
}

/// What choosing the recommendation saves against Chinchilla's model of the same quality, as
/// fractions of Chinchilla's totals (positive: cheaper; negative: an overhead, e.g. a fixed
/// smaller `--params`, de Vries 2023).
public struct Savings: Sendable, Equatable {
    public var flopsFraction: Double
    public var costFraction: Double?

    public init(recommended: Allocation, chinchilla: Allocation) {
        flopsFraction = 1 - recommended.totalFLOPs / chinchilla.totalFLOPs
        costFraction = recommended.costs.totalUSD.flatMap { r in chinchilla.costs.totalUSD.map { 1 - r / $0 } }
    }
}

/// A percentile interval [low, high] at `level` confidence, from bootstrap samples of the law.
public struct PlanInterval: Sendable, Equatable {
    public var low: Double
    public var high: Double
    public init(low: Double, high: Double) { self.low = low; self.high = high }
}

/// The planner's answer: the recommended model and Chinchilla's of the same quality.
public struct Plan: Sendable {
    public var objective: PlanObjective
    /// The quality planned for (for budget plans: the loss the budget reaches).
    public var targetLoss: Double
    public var demand: InferenceDemand
    public var recommended: Allocation
    /// The compute-optimal model of the same loss (Hoffmann et al. 2022), serving the same demand.
    public var chinchilla: Allocation
    public var savings: Savings
    /// Constraints that moved the recommendation (empty: the unconstrained optimum).
    public var binding: [ConstraintKind]
    /// Per recommended quantity (`params`, `tokens`, `tokens_per_param`, `loss`,
    /// `total_flops`, `total_cost_usd`), when the law carries bootstrap samples.
    public var intervals: [String: PlanInterval]
    public var confidence: Double?
    /// Samples the intervals came from, and how many could not be planned (e.g. target ≤ E).
    public var samplesUsed: Int
    public var samplesFailed: Int
    /// Where the recommendation sits on the curve of models of its loss (`IsoLossCurve`'s t:
    /// the log-odds of the share of reducible loss due to finite N); nil for a fixed size.
    /// Feed it to `Planner.warmStart` for the next point of a sweep.
    public var curvePosition: Double?
    /// The cap on unique data the plan was made under (`--unique-tokens`), if any.
    public var uniqueData: UniqueData?
    /// Tokens of the law's data each training token is worth (`--data-multiplier`; 1 without).
    public var dataMultiplier: Double = 1
    /// With synthetic data: its generation cost and break-even.
    public var synthetic: SyntheticSummary?
    /// True when the amount of synthetic data was chosen by the planner.
    public var syntheticOptimised = false
    /// With R*_N: U_N = N_opt(U), the parameters the unique data supports in full.
    public var supportedParams: Double?

    public init(objective: PlanObjective, targetLoss: Double, demand: InferenceDemand, recommended: Allocation,
                chinchilla: Allocation, binding: [ConstraintKind]) {
        self.objective = objective; self.targetLoss = targetLoss; self.demand = demand
        self.recommended = recommended; self.chinchilla = chinchilla
        self.savings = Savings(recommended: recommended, chinchilla: chinchilla)
        self.binding = binding; self.intervals = [:]; self.confidence = nil
        self.samplesUsed = 0; self.samplesFailed = 0; self.curvePosition = nil
        self.uniqueData = nil; self.supportedParams = nil
    }
}
