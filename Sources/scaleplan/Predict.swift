import ArgumentParser
import Foundation
import Reporting
import ScalingLaws

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict the loss of a model from a law file.",
        discussion: """
        With a law that carries bootstrap samples (fit --bootstrap N --save LAW.json), the \
        prediction comes with an interval at --confidence.

        Examples:
          scaleplan predict --law law.json --params 7B --tokens 1.4T
          scaleplan predict --law law.json --params 70B --flops 5.76e23 --format json
        """
    )

    @Option(help: "Law file (the JSON that fit --save writes, or one written by hand).")
    var law: String

    @Option(help: "Parameters N (e.g. 7B).")
    var params: Quantity

    @Option(help: "Training tokens D (e.g. 1.4T).")
    var tokens: Quantity?

    @Option(help: "Training compute C; with --params gives D = C/(6N).")
    var flops: Quantity?

    @Option(help: "Confidence level of the interval.")
    var confidence: Double = 0.9

    @Option(help: "Output format: text, markdown, csv, latex, json.")
    var format: TableFormat = .text

    func validate() throws {
        if (tokens == nil) == (flops == nil) { throw ValidationError("give exactly one of --tokens and --flops") }
        if !(confidence > 0 && confidence < 1) { throw ValidationError("--confidence must be between 0 and 1") }
    }

    func run() throws {
        let file = try LawFile.read(path: law)
        let n = params.value
        let d = tokens?.value ?? TrainingFLOPs.tokens(flops: flops!.value, params: n)
        let prediction = try LossPrediction(law: file, scale: ModelScale(params: n, tokens: d), confidence: confidence)
        print(prediction.render(format), terminator: "")
    }
}
