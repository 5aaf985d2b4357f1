import Foundation
import Testing
@testable import ScalingLaws

/// Law files: what `fit --save` writes and what a person writes by hand from a paper.
struct LawFileTests {
    func decode(_ json: String) throws -> LawFile { try LawFile.decode(Data(json.utf8), origin: "law.json") }

    @Test func handWrittenChinchilla() throws {
        let file = try decode(#"{"form": "chinchilla", "parameters": {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.336, "beta": 0.283}}"#)
        let law = try file.chinchilla()
        #expect(law == ChinchillaLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.336, beta: 0.283))
        // Closed form at N = 70B, D = 1.4T.
        #expect(abs(law.loss(params: 70e9, tokens: 1.4e12) - (1.69 + 406.4 * pow(70e9, -0.336) + 410.7 * pow(1.4e12, -0.283))) < 1e-15)
    }

    /// Numbers read back to the bit: the shortest decimal that round-trips a double (what fit
    /// --save writes) must give that double again, in parameters and in samples. Linux
    /// Foundation's JSONSerialization reads 1.7728472402679094 as 1.7728472402679096.
    @Test func numbersReadExactly() throws {
        let values = [1.7728472402679094, 0.3457357416048501, 465.7651578182128, 8021750272975.673, 0.10687245586335191]
        let text = values.map { "\($0)" }
        #expect(text == ["1.7728472402679094", "0.3457357416048501", "465.7651578182128", "8021750272975.673", "0.10687245586335191"])
        let file = try decode(#"{"form": "chinchilla", "parameters": {"E": \#(text[0]), "alpha": \#(text[1]), "A": \#(text[2]), "B": \#(text[3]), "beta": \#(text[4])}, "samples": [{"E": \#(text[0]), "A": 1, "B": \#(text[3]), "alpha": 0.5, "beta": \#(text[4])}]}"#)
        #expect(file.parameters == ["E": values[0], "alpha": values[1], "A": values[2], "B": values[3], "beta": values[4]])
        #expect(file.samples == [["E": values[0], "A": 1, "B": values[3], "alpha": 0.5, "beta": values[4]]])
    }

    /// Samples are laws of the file's form: a hand-edited one that lacks a parameter, adds one,
    /// or has a negative value is refused with its index (it was skipped, or widened intervals).
    /// A sample with an exponent at its bound 0 (a fit can leave one) is kept, as before.
    @Test func samplesAreLawsOfTheForm() throws {
        let head = #"{"form": "chinchilla", "parameters": {"E": 1.7, "A": 400, "B": 400, "alpha": 0.3, "beta": 0.3}, "samples": "#
        let good = #"{"E": 1.7, "A": 400, "B": 400, "alpha": 0.3, "beta": 0.3}"#
        #expect(throws: LawFileError.invalid(path: "law.json", reason: "samples[1] lacks parameter 'beta' (every sample names the parameters the law has)")) {
            try decode(head + "[\(good), {\"E\": 1.7, \"A\": 400, \"B\": 400, \"alpha\": 0.3}]}")
        }
        #expect(throws: LawFileError.invalid(path: "law.json", reason: "samples[0] has parameter 'G', which the law's parameters do not")) {
            try decode(head + "[{\"E\": 1.7, \"A\": 400, \"B\": 400, \"alpha\": 0.3, \"beta\": 0.3, \"G\": 1}]}")
        }
        #expect(throws: LawFileError.invalid(path: "law.json", reason: "samples[1]: parameter alpha = -0.3 is invalid: must not be negative")) {
            try decode(head + "[\(good), {\"E\": 1.7, \"A\": 400, \"B\": 400, \"alpha\": -0.3, \"beta\": 0.3}]}")
        }
        let atBound = try decode(head + "[\(good), {\"E\": 1.7, \"A\": 400, \"B\": 400, \"alpha\": 0, \"beta\": 0.3}]}")
        #expect(atBound.samples.count == 2 && atBound.chinchillaSamples().count == 1)
        // A downstream link's parameters may be negative (a sigmoid's a ∈ [−1, 0]).
        let link = try decode(#"{"form": "downstream", "link": "sigmoid", "metric": "acc", "parameters": {"a": -0.5, "b": 0.9, "k": 3, "L0": 1}, "samples": [{"a": -0.6, "b": 0.9, "k": 3, "L0": 1}]}"#)
        #expect(link.samples.count == 1)
    }

    /// A half-life of ∞ is written "inf" (JSON has no infinity); the other numbers stay exact.
    @Test func infiniteHalfLivesReadBack() throws {
        let file = try decode(#"{"form": "data-constrained", "parameters": {"E": 1.7728472402679094, "A": 450, "B": 1800, "alpha": 0.34, "beta": 0.36, "R_D": "inf", "R_N": 5.3}, "samples": [{"E": 1.7, "A": 450, "B": 1800, "alpha": 0.34, "beta": 0.36, "R_D": "inf", "R_N": 7}]}"#)
        #expect(file.parameters["R_D"] == .infinity && file.parameters["E"] == 1.7728472402679094)
        #expect(file.samples == [["E": 1.7, "A": 450, "B": 1800, "alpha": 0.34, "beta": 0.36, "R_D": .infinity, "R_N": 7]])
        let law = try DataConstrainedLaw(parameters: file.parameters)
        // No decay: 40 epochs of 1B unique tokens are worth 40B fresh ones.
        #expect(law.effectiveTokens(tokens: 40e9, unique: 1e9) == 40e9)
        #expect(throws: LawFileError.self) { try decode(#"{"form": "chinchilla", "parameters": {"E": "lots"}}"#) }
    }

    @Test func zeroAndOneAreNumbersNotBooleans() throws {
        // A power law with no floor (E = 0) and a unit coefficient.
        let file = try decode(#"{"form": "power-law", "against": "params", "parameters": {"E": 0, "A": 1, "alpha": 0.5}}"#)
        let law = try file.law()
        #expect(abs(law.loss(at: ModelScale(params: 4, tokens: 1)) - 0.5) < 1e-15)
        let boolean = #expect(throws: LawFileError.self) { try decode(#"{"form": "chinchilla", "parameters": {"E": true}}"#) }
        #expect(boolean?.description.hasSuffix(": parameters.E is not a number") == true, "\(String(describing: boolean))")
    }

    @Test func samplesBecomeLaws() throws {
        let file = try decode(#"{"form": "chinchilla", "parameters": {"E": 1.8, "A": 400, "B": 1500, "alpha": 0.3, "beta": 0.3}, "samples": [{"E": 1.7, "A": 400, "B": 1500, "alpha": 0.3, "beta": 0.3}, {"E": 1.9, "A": 400, "B": 1500, "alpha": 0.3, "beta": 0.3}]}"#)
        let prediction = try LossPrediction(law: file, scale: ModelScale(params: 1e9, tokens: 2e10), confidence: 0.5)
        #expect(prediction.samples == 2)
        // Two samples differing only in E by ±0.1: the 50% interval is the middle half, ±0.05.
        let centre = prediction.loss
        #expect(abs(prediction.interval!.low - (centre - 0.05)) < 1e-12 && abs(prediction.interval!.high - (centre + 0.05)) < 1e-12)
    }

    @Test(arguments: [
        (#"not json"#, "not valid JSON"),
        (#"[1, 2]"#, "JSON object"),
        (#"{"parameters": {}}"#, "missing \"form\""),
        (#"{"form": "chinchila", "parameters": {}}"#, "unknown law form 'chinchila'"),
        (#"{"form": "chinchilla"}"#, "missing \"parameters\""),
        (#"{"form": "chinchilla", "parameters": {"E": "1.69"}}"#, "parameters.E is not a number"),
        (#"{"form": "power-law", "against": "time", "parameters": {"A": 1, "alpha": 1}}"#, "\"against\" must be"),
    ])
    func malformedFilesSayWhatIsWrong(json: String, message: String) {
        do { _ = try decode(json); Issue.record("expected an error for \(json)") } catch {
            #expect("\(error)".hasPrefix("law.json: "))
            #expect("\(error)".contains(message), "\(error)")
        }
    }

    @Test func missingParameterNamesIt() throws {
        let file = try decode(#"{"form": "chinchilla", "parameters": {"E": 1.69, "A": 406.4, "alpha": 0.34, "beta": 0.28}}"#)
        do { _ = try file.chinchilla(); Issue.record("expected an error") } catch {
            #expect("\(error)" == "law.json: a chinchilla law needs parameter 'B'")
        }
    }
}
