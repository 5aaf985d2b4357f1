import Foundation

/// A downstream metric predicted through a link: from a given loss (`predict --link --loss`),
/// or chained from a loss law at a model (`predict --law --link --params --tokens`: Gadre et
/// al.'s and Bhagia et al.'s two steps).
///
/// Intervals carry both files' uncertainty: the chain's samples pair each of the loss law's
/// bootstrap samples with a link sample drawn at random (seeded), so max(n_law, n_link)
/// values of M(L) give the percentile interval; a file without samples contributes its point
/// estimate.
public struct MetricPrediction: Sendable {
    /// The model, when the loss was predicted by a law.
    public var scale: ModelScale?
    public var loss: Double
    public var lossInterval: (low: Double, high: Double)?
    /// The metric's column name, from the link file.
    public var metricName: String?
    public var metric: Double
    public var metricInterval: (low: Double, high: Double)?
    public var confidence: Double
    /// Values behind the metric's interval.
    public var samples: Int

    /// The metric a model of loss `loss` reaches by the link.
    public init(link file: LawFile, loss: Double, confidence: Double = 0.9) throws {
        guard loss.isFinite else { throw LawFileError.invalid(path: file.origin, reason: "the loss must be a finite number") }
        let link = try file.link()
        let values = file.linkSamples().map { $0.metric(loss: loss) }
        self.init(scale: nil, loss: loss, lossSamples: [], metricName: file.metric, metric: link.metric(loss: loss),
                  metricSamples: values, confidence: confidence)
    }

    /// The loss `law` predicts at `scale`, then the metric the link gives it.
    public init(link linkFile: LawFile, law lawFile: LawFile, scale: ModelScale, confidence: Double = 0.9,
                seed: UInt64 = 0) throws {
        let link = try linkFile.link()
        let point = try LossPrediction(law: lawFile, scale: scale, confidence: confidence)
        let repeated = scale.uniqueTokens != nil
        let lossSamples = lawFile.sampleLaws(repeatedData: repeated).map { $0.loss(at: scale) }.filter(\.isFinite)
        let links = linkFile.linkSamples()
        var chained: [Double] = []
        var generator = SeededGenerator(seed: seed)
        let draws = max(lossSamples.count, links.count)
        if draws >= 2 {
            for b in 0..<draws {
                let l = lossSamples.isEmpty ? point.loss : lossSamples[b % lossSamples.count]
                let k = links.isEmpty ? link : links[lossSamples.count >= links.count ? Int.random(in: 0..<links.count, using: &generator) : b]
                chained.append(k.metric(loss: l))
            }
        }
        self.init(scale: scale, loss: point.loss, lossSamples: lossSamples, metricName: linkFile.metric,
                  metric: link.metric(loss: point.loss), metricSamples: chained, confidence: confidence)
    }

    private init(scale: ModelScale?, loss: Double, lossSamples: [Double], metricName: String?, metric: Double,
                 metricSamples: [Double], confidence: Double) {
        self.scale = scale; self.loss = loss; self.metricName = metricName; self.metric = metric
        self.confidence = confidence
        lossInterval = Self.percentiles(lossSamples, confidence: confidence)
        let finite = metricSamples.filter(\.isFinite)
        samples = finite.count
        metricInterval = Self.percentiles(finite, confidence: confidence)
    }

    /// The central `confidence` percentile interval (linear interpolation between order
    /// statistics), or nil with fewer than two values.
    static func percentiles(_ values: [Double], confidence: Double) -> (low: Double, high: Double)? {
        let v = values.filter(\.isFinite).sorted()
        guard v.count >= 2 else { return nil }
        func q(_ p: Double) -> Double {
            let h = Double(v.count - 1) * p
            let lo = Int(h.rounded(.down)), hi = min(lo + 1, v.count - 1)
            return v[lo] + (h - Double(lo)) * (v[hi] - v[lo])
        }
        let tail = (1 - confidence) / 2
        return (q(tail), q(1 - tail))
    }
}
