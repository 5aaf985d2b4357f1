import Foundation

extension LawFile {
    /// The law this file describes, of whatever form (IsoFLOP fits describe an allocation,
    /// not a loss, and cannot predict one).
    public func law() throws -> any ScalingLaw {
        if let column = againstColumn {
            throw LawFileError.invalid(path: origin, reason: "\(form.withArticle) law against the column '\(column)' is a curve in that x, not a law of (N, D): predict it with --x VALUE")
        }
        do {
            switch form {
            case .chinchilla: return try ChinchillaLaw(parameters: parameters)
            case .dataConstrained: return try DataConstrainedLaw(parameters: parameters)
            case .powerLaw:
                var law = try PowerLaw(parameters: parameters)
                law.variable = against ?? .flops
                return law
            case .kaplan: return try KaplanLaw(parameters: parameters)
            case .isoflop, .envelope:
                throw LawFileError.invalid(path: origin, reason: "\(form.withArticle) law file cannot predict a loss; fit --form chinchilla, power-law or kaplan")
            case .brokenPowerLaw:
                throw LawFileError.invalid(path: origin, reason: "a broken power law is a curve in one variable (\((against ?? .flops).rawValue)), not a law of (N, D)")
            case .downstream:
                throw LawFileError.invalid(path: origin, reason: "this is a downstream link (loss → \(metric ?? "metric")), not a law of the loss: give it as --link, and a loss law as --law")
            }
        } catch let e as LawError {
            throw LawFileError.invalid(path: origin, reason: e.description)
        }
    }

    /// The law for runs that repeat data: a data-constrained law as it is, a Chinchilla law
    /// with Muennighoff et al.'s R*_D = 15.4 on its data (and no discount on parameters, which
    /// is what planning with --unique-tokens assumes too). Other forms have no notion of
    /// unique data.
    public func repeatedDataLaw() throws -> DataConstrainedLaw {
        do {
            switch form {
            case .dataConstrained: return try DataConstrainedLaw(parameters: parameters)
            case .chinchilla: return DataConstrainedLaw(base: try ChinchillaLaw(parameters: parameters))
            default:
                throw LawFileError.invalid(path: origin, reason: "unique tokens need a chinchilla or data-constrained law, not \(form.withArticle) law")
            }
        } catch let e as LawError {
            throw LawFileError.invalid(path: origin, reason: e.description)
        }
    }

    /// The bootstrap samples as laws of the same form (invalid samples are skipped); with
    /// `repeatedData`, as `repeatedDataLaw()` reads them.
    public func sampleLaws(repeatedData: Bool = false) -> [any ScalingLaw] {
        samples.compactMap { sample -> (any ScalingLaw)? in
            let file = LawFile(form: form, parameters: sample, against: against, origin: origin)
            return repeatedData ? try? file.repeatedDataLaw() : try? file.law()
        }
    }
}

/// A loss predicted by a law, with a percentile interval over the law's bootstrap samples
/// when it has them. A model (N, D) is predicted by any law with a loss; a scale with unique
/// tokens on effective N′ and D′ (`LawFile.repeatedDataLaw`); a single value of compute,
/// parameters or tokens by a power law in that variable.
public struct LossPrediction: Sendable {
    /// Where the loss is predicted.
    public enum Point: Sendable, Equatable {
        /// A model of N parameters trained on D tokens (and its unique tokens, when repeated).
        case scale(ModelScale)
        /// One value of a power law's variable.
        case variable(ScalingVariable, Double)
        /// One value of the column a curve was fitted against (`--against COLUMN`).
        case column(String, Double)
    }

    public var point: Point
    public var loss: Double
    public var interval: (low: Double, high: Double)?
    public var confidence: Double
    public var samples: Int

    /// The loss of the model at `scale`.
    public init(law file: LawFile, scale: ModelScale, confidence: Double = 0.9) throws {
        guard scale.params > 0, scale.tokens > 0, scale.params.isFinite, scale.tokens.isFinite else {
            throw LawFileError.invalid(path: file.origin, reason: "params and tokens must be positive and finite")
        }
        if let u = scale.uniqueTokens, !(u > 0 && u.isFinite) {
            throw LawFileError.invalid(path: file.origin, reason: "unique tokens must be positive and finite")
        }
        let repeated = scale.uniqueTokens != nil
        let law: any ScalingLaw = repeated ? try file.repeatedDataLaw() : try file.law()
        let laws = file.sampleLaws(repeatedData: repeated)
        self.init(point: .scale(scale), loss: law.loss(at: scale), samples: laws.map { $0.loss(at: scale) },
                  confidence: confidence)
    }

    /// The loss a power law in `variable` gives at `x` (a power law in compute also takes a
    /// model: 6·N·D).
    public init(law file: LawFile, variable: ScalingVariable, value x: Double, confidence: Double = 0.9) throws {
        guard x > 0, x.isFinite else {
            throw LawFileError.invalid(path: file.origin, reason: "\(variable.rawValue) must be positive and finite")
        }
        if file.form == .brokenPowerLaw, (file.against ?? .flops) == variable {
            let curve: BrokenPowerLaw
            do { curve = try BrokenPowerLaw(parameters: file.parameters, variable: variable) } catch let e as LawError {
                throw LawFileError.invalid(path: file.origin, reason: e.description)
            }
            let samples = file.samples.compactMap { try? BrokenPowerLaw(parameters: $0, variable: variable) }.map { $0.value(x: x) }
            self.init(point: .variable(variable, x), loss: curve.value(x: x), samples: samples, confidence: confidence)
            return
        }
        guard file.form == .powerLaw, (file.against ?? .flops) == variable else {
            let has = file.form == .powerLaw ? "a power law in \((file.against ?? .flops).rawValue)" : "\(file.form.withArticle) law"
            throw LawFileError.invalid(path: file.origin, reason: "\(has) cannot predict from \(variable.rawValue) alone")
        }
        let law = try PowerLaw(parameters: file.parameters)
        let samples = file.samples.compactMap { try? PowerLaw(parameters: $0) }.map { $0.loss(x: x) }
        self.init(point: .variable(variable, x), loss: law.loss(x: x), samples: samples, confidence: confidence)
    }

    /// The value a power law or broken power law fitted against a run column (`againstColumn`)
    /// takes at x.
    public init(law file: LawFile, x: Double, confidence: Double = 0.9) throws {
        guard let column = file.againstColumn else {
            throw LawFileError.invalid(path: file.origin, reason: "--x is for a law fitted against a run column (fit --against COLUMN); this \(file.form.rawValue) law is in \((file.against ?? .flops).rawValue)")
        }
        guard x > 0, x.isFinite else {
            throw LawFileError.invalid(path: file.origin, reason: "x (\(column)) must be positive and finite, got \(x)")
        }
        let value: ([String: Double]) throws -> Double
        switch file.form {
        case .brokenPowerLaw: value = { try BrokenPowerLaw(parameters: $0).value(x: x) }
        case .powerLaw: value = { try PowerLaw(parameters: $0).loss(x: x) }
        default: throw LawFileError.invalid(path: file.origin, reason: "\"against_column\" is for a power law or broken power law")
        }
        let y: Double
        do { y = try value(file.parameters) } catch let e as LawError {
            throw LawFileError.invalid(path: file.origin, reason: e.description)
        }
        self.init(point: .column(column, x), loss: y, samples: file.samples.compactMap { try? value($0) }, confidence: confidence)
    }

    private init(point: Point, loss: Double, samples: [Double], confidence: Double) {
        self.point = point
        self.loss = loss
        self.confidence = confidence
        let values = samples.filter(\.isFinite).sorted()
        self.samples = values.count
        if values.count >= 2 {
            let tail = (1 - confidence) / 2
            func q(_ p: Double) -> Double {
                let h = Double(values.count - 1) * p
                let lo = Int(h.rounded(.down)), hi = min(lo + 1, values.count - 1)
                return values[lo] + (h - Double(lo)) * (values[hi] - values[lo])
            }
            self.interval = (q(tail), q(1 - tail))
        }
    }
}
