import Foundation
import ScalingLaws

/// A law's prediction for every run of a log and, over the runs with an observed loss, the
/// objective a fit minimises:
///
///     F = Σᵢ ρ(rᵢ),   rᵢ = log L̂ᵢ − log Lᵢ   (rᵢ = L̂ᵢ − Lᵢ for an objective on L)
///
/// with ρ the fit's `RobustLoss` (Huber with δ = 10⁻³ by default: Hoffmann et al. 2022,
/// App. D.2). For a fit's own law on the fit's own runs, F is the `objectiveValue` the fit
/// reports — so a law fitted elsewhere (another sweep, a paper) can be scored on these runs on
/// the same scale, and each run's residual shows where it misses.
///
/// Every form that predicts a loss is accepted: Chinchilla, data-constrained (on each run's
/// unique tokens when it has them; Chinchilla's form otherwise), Kaplan, and a power law or a
/// broken power law in its own variable (only that one of params, tokens, flops is needed). An IsoFLOP law gives an
/// allocation, not a loss, and is refused. A Chinchilla law ignores unique tokens, as
/// `fit --form chinchilla` does.
public struct RunPredictions: Sendable {
    /// One run's prediction.
    public struct Prediction: Sendable {
        public var run: Run
        /// L̂ at the run's scale.
        public var loss: Double
        /// The percentile interval over the law's bootstrap samples, when it has them.
        public var interval: Interval?
        /// The run's loss, when it has one.
        public var observed: Double? { run.observedLoss }
        /// r = log L̂ − log L (or L̂ − L on L), when the run has a loss: the rᵢ of F.
        public var residual: Double?
    }

    public var predictions: [Prediction]
    public var objective: FitObjective
    /// F over the runs with an observed loss; nil when none has one.
    public var objectiveValue: Double?
    /// How many runs F sums over.
    public var observedCount: Int
    public var confidence: Double
    /// Bootstrap samples the intervals come from (0: no intervals).
    public var samples: Int
    public var form: LawForm
    /// For a power law: its variable.
    public var variable: ScalingVariable?

    /// Predicts every run of `runs` with the law in `file`.
    ///
    /// Throws, naming the law file, for a law that cannot predict a loss (IsoFLOP) or has
    /// invalid parameters; naming the run (file and line), for a run that lacks the quantity
    /// the law needs; and when `runs` is empty.
    public init(law file: LawFile, runs: [Run], objective: FitObjective = .hoffmann,
                confidence: Double = 0.9) throws {
        guard !runs.isEmpty else { throw RunPredictionError.noRuns }
        let predictor = try RunPredictor(file)
        let variable = predictor.variable
        var predictions: [Prediction] = []
        predictions.reserveCapacity(runs.count)
        var value = 0.0
        var observed = 0
        for run in runs {
            try Self.requireScale(of: run, for: variable, law: file)
            let predicted = predictor.loss(at: run)
            guard predicted.isFinite, predicted > 0 else {
                throw RunPredictionError.notPositive(run: run.source, law: file.origin, value: predicted)
            }
            var interval: Interval? = nil
            if predictor.sampleCount >= 2 {
                let values = predictor.sampleLosses(at: run).filter(\.isFinite)
                if values.count >= 2 { interval = Statistics.percentileInterval(values, confidence: confidence) }
            }
            var residual: Double? = nil
            if let l = run.observedLoss {
                let r = objective.space == .log ? log(predicted) - log(l) : predicted - l
                value += objective.loss.rho(r)
                observed += 1
                residual = r
            }
            predictions.append(Prediction(run: run, loss: predicted, interval: interval, residual: residual))
        }
        self.predictions = predictions
        self.objective = objective
        self.objectiveValue = observed > 0 ? value : nil
        self.observedCount = observed
        self.confidence = confidence
        self.samples = predictor.sampleCount >= 2 ? predictor.sampleCount : 0
        self.form = file.form
        self.variable = variable
    }

    /// The one quantity a file's law reads from a run (a power law's or a broken power law's
    /// variable), nil for a law of (N, D); throws for a file that predicts no loss, so a command
    /// can refuse it before reading any run.
    public static func variable(of file: LawFile) throws -> ScalingVariable? {
        try RunPredictor(file).variable
    }

    /// A one-variable curve needs its own variable; every other law N and D.
    private static func requireScale(of run: Run, for variable: ScalingVariable?, law file: LawFile) throws {
        if let variable {
            guard run.knows(RunQuantity(rawValue: variable.rawValue)!) else {
                throw RunPredictionError.missingQuantity(run: run.source, quantity: variable.rawValue, law: file.origin)
            }
        } else if !(run.knows(.params) && run.knows(.tokens)) {
            throw RunPredictionError.missingQuantity(run: run.source, quantity: "params and tokens", law: file.origin)
        }
    }
}

/// Why runs could not be predicted.
public enum RunPredictionError: Error, Equatable, CustomStringConvertible {
    case noRuns
    case missingQuantity(run: SourceLocation, quantity: String, law: String)
    case notPositive(run: SourceLocation, law: String, value: Double)

    public var description: String {
        switch self {
        case .noRuns:
            return "no runs to predict (were they all excluded by --where or --exclude-loss-above?)"
        case let .missingQuantity(run, quantity, law):
            return "\(run): the law \(law) needs \(quantity) for every run; this run lacks \(quantity == "params and tokens" ? "them" : "it")"
        case let .notPositive(run, law, value):
            return "\(run): the law \(law) predicts a loss of \(value) here, not a positive number"
        }
    }
}
