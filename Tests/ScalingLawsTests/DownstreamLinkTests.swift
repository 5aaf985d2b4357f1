import Foundation
import Testing
@testable import ScalingLaws

/// The links' closed forms, their inverses and ranges, and link files.
@Suite struct DownstreamLinkTests {
    let gadre = try! DownstreamLink(kind: .exponential, parameters: ["epsilon": 0.86, "k": 2.3, "gamma": 0.72])
    let olmo = try! DownstreamLink(kind: .sigmoid, parameters: ["a": -0.7, "b": 0.95, "k": 5, "L0": 1.1])

    @Test func closedFormsByHand() throws {
        // 0.86 − 2.3·e^(−1.44) = 0.86 − 2.3·0.2369277587 = 0.3150661549.
        #expect(abs(gadre.metric(loss: 2) - 0.3150661549) < 1e-9)
        // −0.7/(1 + e^(−5·(1.5 − 1.1))) + 0.95 = 0.95 − 0.7/1.1353352832 = 0.3334420454.
        #expect(abs(olmo.metric(loss: 1.5) - 0.3334420454) < 1e-9)
        // M(0) and M(∞) bound what the links reach.
        #expect(abs(gadre.range.low - (0.86 - 2.3)) < 1e-12 && gadre.range.high == 0.86)
        #expect(abs(olmo.range.low - 0.25) < 1e-12)
        #expect(abs(olmo.range.high - (-0.7 / (1 + exp(5.5)) + 0.95)) < 1e-12)
    }

    @Test func inversesUndoTheLinks() throws {
        for l in [0.5, 1.0, 2.0, 3.5] {
            #expect(abs(try gadre.loss(metric: gadre.metric(loss: l)) - l) < 1e-9)
            #expect(abs(try olmo.loss(metric: olmo.metric(loss: l)) - l) < 1e-9)
        }
    }

    @Test func anUnreachableMetricIsRefusedWithTheRange() {
        #expect(throws: LinkError.self) { try gadre.loss(metric: 0.9) }
        do { _ = try olmo.loss(metric: 0.96); Issue.record("no error") } catch {
            #expect("\(error)".contains("never reaches a metric of 0.96"))
            #expect("\(error)".contains("(0.25, 0.947"))
        }
    }

    @Test func linkFilesRoundTripAndAreNotLossLaws() throws {
        let json = #"{"form": "downstream", "link": "sigmoid", "metric": "hellaswag", "parameters": {"a": -0.7, "b": 0.95, "k": 5, "L0": 1.1}, "samples": [{"a": -0.6, "b": 0.9, "k": 4, "L0": 1.0}]}"#
        let file = try LawFile.decode(Data(json.utf8), origin: "link.json")
        #expect(file.linkKind == .sigmoid && file.metric == "hellaswag")
        #expect(try file.link() == olmo)
        #expect(file.linkSamples().count == 1)
        #expect(throws: LawFileError.self) { try file.law() }
        do { _ = try file.law() } catch { #expect("\(error)".contains("link.json: this is a downstream link")) }
        let chinchilla = LawFile(form: .chinchilla, parameters: ["E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28], origin: "law.json")
        do { _ = try chinchilla.link(); Issue.record("no error") } catch {
            #expect("\(error)".contains("law.json: this is a chinchilla law of the loss, not a downstream link"))
        }
        let noLink = #"{"form": "downstream", "parameters": {"a": 1}}"#
        #expect(throws: LawFileError.self) { try LawFile.decode(Data(noLink.utf8), origin: "x.json") }
    }

    /// The chain: the loss law's point loss through the link; with only the link's samples
    /// the interval is theirs at that loss; with only the law's, the link of the loss's
    /// percentiles (the link is monotone).
    @Test func chainIntervalsComeFromBothFiles() throws {
        let law = LawFile(form: .chinchilla, parameters: ["E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28])
        let scale = ModelScale(params: 1e9, tokens: 2e10)
        let loss = try ChinchillaLaw(parameters: law.parameters).loss(at: scale)
        var linkSamples: [[String: Double]] = []
        for i in 0..<101 { linkSamples.append(["epsilon": 0.86, "k": 2.3, "gamma": 0.62 + 0.002 * Double(i)]) }
        let link = LawFile(form: .downstream, parameters: gadre.namedParameters, samples: linkSamples, linkKind: .exponential)
        let p = try MetricPrediction(link: link, law: law, scale: scale)
        #expect(abs(p.loss - loss) < 1e-12 && abs(p.metric - gadre.metric(loss: loss)) < 1e-12)
        // γ's 5th and 95th percentiles of 0.62…0.82 in steps of 0.002 are 0.63 and 0.81.
        let i = try #require(p.metricInterval)
        #expect(abs(i.low - (0.86 - 2.3 * exp(-0.63 * loss))) < 1e-9)
        #expect(abs(i.high - (0.86 - 2.3 * exp(-0.81 * loss))) < 1e-9)
        #expect(p.lossInterval == nil)

        var lawSamples: [[String: Double]] = []
        for j in 0..<101 { var s = law.parameters; s["E"] = 1.6 + 0.002 * Double(j); lawSamples.append(s) }
        let sampledLaw = LawFile(form: .chinchilla, parameters: law.parameters, samples: lawSamples)
        let bare = LawFile(form: .downstream, parameters: gadre.namedParameters, linkKind: .exponential)
        let q = try MetricPrediction(link: bare, law: sampledLaw, scale: scale)
        let li = try #require(q.lossInterval), mi = try #require(q.metricInterval)
        // E from 1.6 to 1.8: the loss's percentiles move with E's (1.61 and 1.79).
        #expect(abs(li.low - (loss - 1.69 + 1.61)) < 1e-9 && abs(li.high - (loss - 1.69 + 1.79)) < 1e-9)
        #expect(abs(mi.low - gadre.metric(loss: li.low)) < 1e-9 && abs(mi.high - gadre.metric(loss: li.high)) < 1e-9)
    }
}
