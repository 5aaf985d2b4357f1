import ScalingLaws

/// A closed interval [low, high] (a confidence interval, say).
public struct Interval: Sendable, Equatable {
    public var low: Double
    public var high: Double
    public init(_ low: Double, _ high: Double) { self.low = low; self.high = high }
    public func contains(_ x: Double) -> Bool { low <= x && x <= high }
}

/// Where the standard errors come from.
public enum UncertaintySource: String, Sendable, Equatable {
    /// The curvature at the optimum (M-estimator asymptotic covariance).
    case curvature
    /// The spread of the bootstrap resamples' estimates.
    case bootstrap
}

/// Everything a fit found: the law, how sure it is, how it was searched, and what to watch.
public struct FitResult: Sendable {
    public var form: LawForm
    /// For power laws: the variable on the x axis.
    public var against: ScalingVariable?
    /// For power laws fitted against a run column (`--against COLUMN`): its name (`against` is nil).
    public var againstColumn: String? = nil
    /// Parameter names in display order (`E`, `A`, `B`, `alpha`, `beta` for Chinchilla).
    public var parameterNames: [String]
    /// Values by name: those of `parameterNames`, and for data-constrained fits also the
    /// profiled half-lives `R_D` and (when identified) `R_N`.
    public var parameters: [String: Double]
    public var standardErrors: [String: Double]
    public var uncertaintySource: UncertaintySource
    /// Correlations between parameters, in `parameterNames` order.
    public var correlations: [[Double]]
    /// Percentile intervals at `confidence` from the bootstrap (empty without one).
    public var intervals: [String: Interval]
    public var confidence: Double
    public var objective: FitObjective
    /// Σ wᵢ ρ(rᵢ) at the optimum.
    public var objectiveValue: Double
    public var convergence: Convergence
    public var search: SearchSummary
    public var runsUsed: Int
    public var computeOptimal: ComputeOptimalSummary?
    public var diagnostics: FitDiagnostics
    /// One named parameter set per successful bootstrap resample.
    public var samples: [[String: Double]]
    public var bootstrapFailures: Int
    public var warnings: [String]
    /// Profile-likelihood intervals at `confidence` (a data-constrained fit's half-lives; the
    /// high end may be ∞).
    public var profileIntervals: [String: Interval] = [:]
    /// Parameters held at a given value (`--fix`), with no standard error or interval.
    public var fixed: [String] = []
    /// Groups of parameters fitted as one (`--tie`), first name first.
    public var tied: [[String]] = []
    /// For IsoFLOP fits: each budget's minimum.
    public var isoflopProfiles: [IsoFLOPProfile] = []
    /// For downstream links: the link's shape and the metric it predicts.
    public var link: LinkKind? = nil
    public var metric: String? = nil
    /// For downstream links: the known points added to the runs' (`--anchor`).
    public var anchors: [LinkAnchor] = []
    /// Lines a form has to say about its fit (an envelope's window and the curves forming it).
    public var notes: [String] = []
    /// For envelope fits: the FLOP window and the curves (files) lowest somewhere in it.
    public var envelope: EnvelopeSummary? = nil

    /// The fitted law as a Chinchilla law, when the form is one.
    public var chinchillaLaw: ChinchillaLaw? {
        guard form == .chinchilla || form == .dataConstrained else { return nil }
        return try? ChinchillaLaw(parameters: parameters)
    }

    /// The law file this fit saves: form, parameters and (when bootstrapped) the samples.
    public var lawFile: LawFile {
        LawFile(form: form, parameters: parameters, against: against, samples: samples, origin: "fit", againstColumn: againstColumn)
    }
}

/// How the global search went.
public struct SearchSummary: Sendable, Equatable {
    /// 2500 → "2,500", whatever the locale (output must not depend on the machine).
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    /// Exponent grid points tried by variable projection (0 for IsoFLOP).
    public var gridPoints: Int
    /// Grid minima (and warm starts) polished, and how many reached the best value.
    public var startsPolished: Int
    public var startsAgreeing: Int
    public var description: String {
        gridPoints == 0 ? "closed-form regressions"
            : "\(Self.grouped(gridPoints))-point exponent grid (variable projection) + polish from \(startsPolished) start\(startsPolished == 1 ? "" : "s") (\(startsAgreeing) agreeing)"
    }
}

/// The compute-optimal allocation implied by a Chinchilla-type law (Hoffmann et al. eq. 4):
/// N* = G·(C/6)^a, D* = G⁻¹·(C/6)^b, a = β/(α+β), b = α/(α+β).
public struct ComputeOptimalSummary: Sendable, Equatable {
    public struct Budget: Sendable, Equatable {
        public var flops: Double
        public var params: Double
        public var tokens: Double
        public var tokensPerParam: Double
        public var tokensPerParamInterval: Interval?
    }
    public var paramsExponent: Double
    public var tokensExponent: Double
    public var G: Double
    public var paramsExponentInterval: Interval?
    public var tokensExponentInterval: Interval?
    public var budgets: [Budget]
}

/// What to look at before trusting a fit.
public struct FitDiagnostics: Sendable, Equatable {
    /// Residuals rᵢ = log L̂ᵢ − log Lᵢ (≈ relative error).
    public var residuals: ResidualSummary
    /// Runs whose removal would move some parameter most, in standard errors.
    public var influentialRuns: [InfluentialRun]
    /// Parameters that ended at a limit of the search (an exponent at the grid's edge, a
    /// coefficient or floor collapsed to zero).
    public var atBound: [String]
    public var holdout: HoldoutCheck?
    /// Pairs with |ρ| ≥ 0.95: quote one only with the other.
    public var strongCorrelations: [(String, String, Double)]

    public static func == (a: FitDiagnostics, b: FitDiagnostics) -> Bool {
        a.residuals == b.residuals && a.influentialRuns == b.influentialRuns && a.atBound == b.atBound
            && a.holdout == b.holdout && a.strongCorrelations.map { "\($0)" } == b.strongCorrelations.map { "\($0)" }
    }
}

public struct ResidualSummary: Sendable, Equatable {
    public var count: Int
    public var rms: Double
    public var meanAbsolute: Double
    public var medianAbsolute: Double
    public var maxAbsolute: Double
    /// The run with the largest |residual|.
    public var worst: SourceLocation?
}

public struct InfluentialRun: Sendable, Equatable {
    public var source: SourceLocation
    /// Largest one-step change of a parameter when this run is dropped, in standard errors.
    public var shift: Double
    public var parameter: String
}

/// The law fitted without the K largest-compute runs (for a power law in parameters or
/// tokens: the K largest in that variable), predicting them.
public struct HoldoutCheck: Sendable, Equatable {
    public struct Prediction: Sendable, Equatable {
        public var source: SourceLocation
        /// The run's value of `HoldoutCheck.variable`.
        public var x: Double
        public var observed: Double
        public var predicted: Double
        public var relativeError: Double { (predicted - observed) / observed }
    }
    public var heldOut: Int
    /// The variable the held-out runs are the largest in.
    public var variable: ScalingVariable = .flops
    public var predictions: [Prediction]
    /// Which runs were held out when not the largest in `variable` ("largest-step",
    /// "lowest-loss"); nil: from `variable`.
    public var kind: String? = nil
    /// The JSON key of each prediction's x when not `variable` ("loss" for a link, a column's name).
    public var xKey: String? = nil
    /// What is predicted: "loss", or a link's metric.
    public var quantity: String = "loss"

    /// "largest-compute", "largest", "most-trained": which runs were held out, for people.
    public var heldOutKind: String {
        if let kind { return kind }
        switch variable {
        case .flops: return "largest-compute"
        case .params: return "largest"
        case .tokens: return "most-trained"
        }
    }
    /// Mean |predicted − observed|, in the quantity's own units (points of a metric).
    public var meanAbsoluteError: Double {
        predictions.isEmpty ? 0 : predictions.reduce(0) { $0 + abs($1.predicted - $1.observed) } / Double(predictions.count)
    }
    public var meanAbsoluteRelativeError: Double {
        predictions.isEmpty ? 0 : predictions.reduce(0) { $0 + abs($1.relativeError) } / Double(predictions.count)
    }
}

/// What an envelope fit (Hoffmann et al.'s approach 1) was made of, for readers of its JSON.
public struct EnvelopeSummary: Sendable, Equatable {
    /// The FLOP window the envelope was taken over.
    public var low: Double
    public var high: Double
    /// Whether the window is the default one (or `--flops-range`).
    public var isDefaultWindow: Bool
    /// The curves (files) that are the lowest somewhere in the window, in order of first use.
    public var formedBy: [String]
}
