import ScalingLaws

/// What to fit and how: the form, the objective, the search and the uncertainty.
public struct FitOptions: Sendable {
    public var form: LawForm
    /// For `power-law`: the variable the law is written against.
    public var against: ScalingVariable
    /// For `power-law` and `broken-power-law`: x read from this run column (a tag) instead of
    /// `against` — any one-variable curve (a metric against `step`, BNSL's own x). Nil: `against`.
    public var againstColumn: String? = nil
    /// For `power-law`: fit E (the default) or force E = 0.
    public var floor: Bool
    public var objective: FitObjective
    /// Bootstrap resamples (0: curvature standard errors only).
    public var bootstrap: Int
    public var seed: UInt64
    /// Two-sided confidence level of the intervals.
    public var confidence: Double
    /// Fit without the K largest-compute runs and report the error predicting them.
    public var holdoutLargest: Int
    /// Exponent grid points per axis for the variable-projection search.
    public var gridSize: Int
    /// For `data-constrained`: Muennighoff et al.'s R*_D, the repetitions after which repeated
    /// data is worth 1 − 1/e of fresh data (their fit: 15.4). Nil (the default): fit it with
    /// the other parameters, as the command line does when `--repetition-half-life` is omitted.
    public var repetitionHalfLife: Double?
    /// For `data-constrained`: R*_N, the half-life of parameters beyond those the unique data
    /// can use (their fit: 5.3). Nil: profile it over a grid when some run has such
    /// parameters; `.infinity`: do not discount them.
    public var paramsHalfLife: Double? = nil
    /// Parameters fixed, tied or bounded (names as in the law file's `parameters`).
    public var constraints = ParameterConstraints()
    /// Compute budgets at which tokens per parameter is reported.
    public var reportBudgets: [Double]
    /// For `isoflop`: each parabola is fitted to the sizes within this factor of the budget's
    /// lowest-loss run (at least 5 sizes); 0 fits whole profiles.
    public var isoflopWindow: Double = 4
    /// For `downstream`: the link's shape.
    public var link: LinkKind = .exponential
    /// For `downstream`: the metric column (a run tag) the link maps loss to.
    public var metric: String? = nil
    /// For `downstream`: known (loss, metric) points added to the runs' (Bhagia et al. add
    /// L = 0, accuracy 1).
    public var anchors: [LinkAnchor] = []
    /// For `broken-power-law`: the number of breaks (Caballero et al.'s n).
    public var breaks: Int = 1
    /// For `envelope`: the FLOP window (nil: the default, from the curves).
    public var flopsRange: Interval? = nil

    public init(form: LawForm = .chinchilla, against: ScalingVariable = .flops, floor: Bool = true,
                objective: FitObjective = .hoffmann, bootstrap: Int = 0, seed: UInt64 = 0,
                confidence: Double = 0.9, holdoutLargest: Int = 0, gridSize: Int = 50,
                repetitionHalfLife: Double? = nil, reportBudgets: [Double] = [1e21, 1e23, 1e25]) {
        self.form = form; self.against = against; self.floor = floor; self.objective = objective
        self.bootstrap = bootstrap; self.seed = seed; self.confidence = confidence
        self.holdoutLargest = holdoutLargest; self.gridSize = gridSize
        self.repetitionHalfLife = repetitionHalfLife; self.reportBudgets = reportBudgets
    }
}

/// A known point of a downstream link: a model of this loss reaches this metric.
public struct LinkAnchor: Sendable, Equatable {
    public var loss: Double
    public var metric: Double
    public init(loss: Double, metric: Double) { self.loss = loss; self.metric = metric }
}

/// Why a fit could not be made. Each case says what is wrong and what to do.
public enum FitError: Error, Equatable, CustomStringConvertible {
    case tooFewRuns(needed: Int, got: Int, form: LawForm)
    case unidentifiable(String)
    case constantLoss(Double)
    case searchFailed(String)
    case invalidOption(String)

    public var description: String {
        switch self {
        case let .tooFewRuns(needed, got, form):
            return "\(form.withArticle) fit needs at least \(needed) runs, got \(got)"
        case let .unidentifiable(why): return "the law cannot be identified from these runs: \(why)"
        case let .constantLoss(value):
            return "every run has the same loss (\(value)): there is no trend to fit"
        case let .searchFailed(why): return "the fit failed: \(why)"
        case let .invalidOption(why): return why
        }
    }
}
