import ArgumentParser
import Foundation
import Reporting
import ScalingLaws

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict the loss of a model from a law file or a published law.",
        discussion: """
        With a law that carries bootstrap samples (fit --bootstrap N --save LAW.json), the \
        prediction comes with an interval at --confidence. With --unique-tokens U the run \
        repeats U unique tokens D/U times, and the loss is that of Muennighoff et al.'s \
        effective data D′ and effective parameters N′ (a data-constrained law's R*_D and R*_N; \
        a Chinchilla law takes R*_D = 15.4 and does not discount parameters).

        Examples:
          scaleplan predict --law law.json --params 7B --tokens 1.4T
          scaleplan predict --law law.json --params 70B --flops 5.76e23 --format json
          scaleplan predict --preset muennighoff2023 --params 8.7B --tokens 178B --unique-tokens 44.5B
        """
    )

    @Option(help: ArgumentHelp("Law file (the JSON that fit --save writes, or one written by hand).", valueName: "LAW.json"))
    var law: String?

    @Option(help: ArgumentHelp("A published law by name (see `scaleplan presets`).", valueName: "NAME"))
    var preset: String?

    @Option(help: "Parameters N (e.g. 7B).")
    var params: Quantity

    @Option(help: "Training tokens D (e.g. 1.4T).")
    var tokens: Quantity?

    @Option(help: "Training compute C; with --params gives D = C/(6N).")
    var flops: Quantity?

    @Option(help: "Unique tokens U among the D trained on (repeated data; e.g. 100B).")
    var uniqueTokens: Quantity?

    @Option(help: "Confidence level of the interval.")
    var confidence: Double = 0.9

    @Option(help: "Output format: text, markdown, csv, latex, json.")
    var format: TableFormat = .text

    func validate() throws {
        if (law == nil) == (preset == nil) { throw ValidationError("give one of --law LAW.json or --preset NAME") }
        if (tokens == nil) == (flops == nil) { throw ValidationError("give exactly one of --tokens and --flops") }
        if !(confidence > 0 && confidence < 1) { throw ValidationError("--confidence must be between 0 and 1") }
    }

    func run() throws {
        let file = try law.map { try LawFile.read(path: $0) } ?? LawPreset.named(preset!).lawFile
        let n = params.value
        let d = tokens?.value ?? TrainingFLOPs.tokens(flops: flops!.value, params: n)
        let scale = ModelScale(params: n, tokens: d, uniqueTokens: uniqueTokens?.value)
        let prediction = try LossPrediction(law: file, scale: scale, confidence: confidence)
        print(prediction.render(format), terminator: "")
    }
}
