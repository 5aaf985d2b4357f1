import Foundation

extension LawFile {
    /// The law this file describes, of whatever form (IsoFLOP fits describe an allocation,
    /// not a loss, and cannot predict one).
    public func law() throws -> any ScalingLaw {
        do {
            switch form {
            case .chinchilla, .dataConstrained: return try ChinchillaLaw(parameters: parameters)
            case .powerLaw:
                var law = try PowerLaw(parameters: parameters)
                law.variable = against ?? .flops
                return law
            case .kaplan: return try KaplanLaw(parameters: parameters)
            case .isoflop:
                throw LawFileError.invalid(path: origin, reason: "\(form.withArticle) law file cannot predict a loss; fit --form chinchilla, power-law or kaplan")
            }
        } catch let e as LawError {
            throw LawFileError.invalid(path: origin, reason: e.description)
        }
    }

    /// The bootstrap samples as laws of the same form (invalid samples are skipped).
    public func sampleLaws() -> [any ScalingLaw] {
        samples.compactMap { try? LawFile(form: form, parameters: $0, against: against, origin: origin).law() }
    }
}

/// A loss predicted by a law, with a percentile interval over the law's bootstrap samples
/// when it has them.
public struct LossPrediction: Sendable {
    public var scale: ModelScale
    public var loss: Double
    public var interval: (low: Double, high: Double)?
    public var confidence: Double
    public var samples: Int

    public init(law file: LawFile, scale: ModelScale, confidence: Double = 0.9) throws {
        guard scale.params > 0, scale.tokens > 0, scale.params.isFinite, scale.tokens.isFinite else {
            throw LawFileError.invalid(path: file.origin, reason: "params and tokens must be positive and finite")
        }
        let law = try file.law()
        self.scale = scale
        self.loss = law.loss(at: scale)
        self.confidence = confidence
        let values = file.sampleLaws().map { $0.loss(at: scale) }.filter(\.isFinite).sorted()
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
