import Foundation
import Testing
@testable import scaleplan
import Fitting
import ScalingLaws

/// A fitted law survives the trip to disk: `fit --save` writes it, `predict --law` reads it
/// back, and the prediction is exactly what the law the fit holds in memory predicts — for
/// every form that predicts a loss. The file is also checked against the fit's own claim: the
/// objective it reports is recomputed from the saved law's predictions of the runs, with
/// Huber's ρ written out here (Hoffmann et al. 2022, App. D.2: δ = 10⁻³ on log L; the
/// objective is the plain sum over runs, not a mean).
@Suite("fit → save → read back → predict")
struct LawRoundTripTests {
    /// The simulated IsoFLOP sweep in data/ (63 runs; params, tokens and flops all given).
    static let sweep = "data/sweep-epoch-1pct.csv"

    struct Case: CustomTestStringConvertible, Sendable {
        var form: LawForm
        var against: ScalingVariable?
        var testDescription: String { against.map { "\(form.rawValue) in \($0.rawValue)" } ?? form.rawValue }
        var arguments: [String] { ["--form", form.rawValue] + (against.map { ["--against", $0.rawValue] } ?? []) }
    }

    static let cases = [Case(form: .chinchilla), Case(form: .kaplan), Case(form: .powerLaw, against: .flops),
                        Case(form: .powerLaw, against: .params), Case(form: .powerLaw, against: .tokens)]

    /// Huber's ρ, δ = 10⁻³ (Huber 1964).
    static func huber(_ r: Double, delta: Double = 1e-3) -> Double {
        abs(r) <= delta ? r * r / 2 : delta * (abs(r) - delta / 2)
    }

    /// The points predicted: inside the sweep, and far outside it (where a lost digit shows).
    static let points: [(params: Double, tokens: Double)] = [(1e8, 2e9), (7e9, 1.4e12), (7e10, 1.4e12), (1e12, 3e13)]

    @Test("predictions of the saved law equal the in-memory law's exactly; the reported objective is the saved law's",
          arguments: cases)
    func roundTrip(_ c: Case) throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let lawPath = scratch.path("law.json")
        let fit = try CLIHarness.run(["fit", Self.sweep, "--save", lawPath, "--format", "json"] + c.arguments)
        #expect(fit.status == 0, "\(fit.stderr)")
        let printed = try jsonObject(fit.stdout)
        // Numbers as printed, read exactly (JSONSerialization can misread a double's last digit).
        struct Printed: Decodable {
            struct Objective: Decodable { var value: Double }
            var parameters: [String: Double]
            var objective: Objective
        }
        let exact = try JSONDecoder().decode(Printed.self, from: Data(fit.stdout.utf8))
        let printedParameters = exact.parameters

        // The same fit in this process: the law as the fit holds it.
        let runs = try RunFileReader().read(path: CLIHarness.repositoryRoot.appendingPathComponent(Self.sweep).path).runs
        let result = try Fitter.fit(runs, options: FitOptions(form: c.form, against: c.against ?? .flops))
        #expect(printedParameters == result.parameters)
        let inMemory: any ScalingLaw
        switch c.form {
        case .chinchilla: inMemory = try ChinchillaLaw(parameters: result.parameters)
        case .kaplan: inMemory = try KaplanLaw(parameters: result.parameters)
        default:
            var law = try PowerLaw(parameters: result.parameters)
            law.variable = c.against!
            inMemory = law
        }

        // Read back: the file names its form (and a power law its variable).
        let file = try LawFile.read(path: lawPath)
        #expect(file.form == c.form)
        #expect(file.against == c.against)
        #expect(file.parameters == result.parameters)

        // predict --law, as the user runs it, at each point: the loss to the last bit.
        for point in Self.points {
            var arguments = ["predict", "--law", lawPath, "--format", "json"]
            let expected: Double
            switch c.against {
            case nil:
                arguments += ["--params", "\(point.params)", "--tokens", "\(point.tokens)"]
                expected = inMemory.loss(at: ModelScale(params: point.params, tokens: point.tokens))
            case let variable?:
                let x = variable == .flops ? 6 * point.params * point.tokens : (variable == .params ? point.params : point.tokens)
                arguments += ["--\(variable.rawValue)", "\(x)"]
                expected = (inMemory as! PowerLaw).loss(x: x)
            }
            let predicted = try CLIHarness.run(arguments)
            #expect(predicted.status == 0, "\(predicted.stderr)")
            struct Prediction: Decodable { var loss: Double }
            let loss = try JSONDecoder().decode(Prediction.self, from: Data(predicted.stdout.utf8)).loss
            #expect(loss == expected, "\(c.testDescription) at \(point): read back \(loss), in memory \(expected)")
        }

        // The objective the fit reports, recomputed from the saved law's predictions of the runs.
        let saved = try file.law()
        let recomputed = runs.reduce(0.0) { sum, run in
            let predicted: Double
            switch c.against {
            case nil: predicted = saved.loss(at: ModelScale(params: run.params, tokens: run.tokens))
            case .flops?: predicted = (saved as! PowerLaw).loss(x: run.flops)
            case .params?: predicted = (saved as! PowerLaw).loss(x: run.params)
            case .tokens?: predicted = (saved as! PowerLaw).loss(x: run.tokens)
            }
            return sum + Self.huber(log(predicted) - log(run.loss))
        }
        let objective = try #require(printed["objective"] as? [String: Any])
        #expect(objective["loss"] as? String == "huber" && objective["delta"] as? Double == 1e-3 && objective["space"] as? String == "log")
        let reported = exact.objective.value
        #expect(reported == result.objectiveValue)
        #expect(abs(recomputed / reported - 1) < 1e-9, "\(c.testDescription): recomputed \(recomputed), reported \(reported)")
    }

    @Test("an IsoFLOP analysis saves its allocation, and predict and plan refuse it, saying why")
    func isoflopRefuses() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let lawPath = scratch.path("law.json")
        let fit = try CLIHarness.run(["fit", Self.sweep, "--form", "isoflop", "--save", lawPath])
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(try LawFile.read(path: lawPath).form == .isoflop)
        let predict = try CLIHarness.run(["predict", "--law", lawPath, "--params", "7B", "--tokens", "1.4T"])
        #expect(predict.status == 1 && predict.stdout.isEmpty)
        #expect(predict.stderr.contains("\(lawPath): an isoflop law file cannot predict a loss; fit --form chinchilla, power-law or kaplan"),
                "\(predict.stderr)")
        let plan = try CLIHarness.run(["plan", "--law", lawPath, "--quality-of", "30B"])
        #expect(plan.status == 1 && plan.stdout.isEmpty)
        #expect(plan.stderr.contains(lawPath) && plan.stderr.contains("isoflop"), "\(plan.stderr)")
    }
}
