import ArgumentParser
import Foundation
import Planning
import Reporting
import ScalingLaws

/// The options of `plan`, shared by `sweep` (which varies any numeric one of them).
struct PlanOptions: ParsableArguments {
    @Option(help: "A law file (the JSON `fit --save` writes, or one written by hand).")
    var law: String?
    @Option(help: "A published law (see `scaleplan presets`).")
    var preset: String?

    @Option(name: .customLong("target-loss"), help: "Plan for this loss.", transform: PlanNumber.parse)
    var targetLoss: Double?
    @Option(name: .customLong("target-metric"), help: "With --link: plan for the loss at which the link reaches this metric (e.g. an accuracy of 0.6).", transform: PlanNumber.parse)
    var targetMetric: Double?
    @Option(help: "A downstream link (fit --form downstream --save) for --target-metric.")
    var link: String?
    @Option(name: .customLong("quality-of"), help: "Plan for the loss of the Chinchilla-optimal model with this many parameters (e.g. 30B).", transform: PlanNumber.parse)
    var qualityOf: Double?
    @Option(name: .customLong("budget-flops"), help: "Lowest loss for this many training + inference FLOPs.", transform: PlanNumber.parse)
    var budgetFlops: Double?
    @Option(name: .customLong("budget-usd"), help: "Lowest loss for this many training + inference dollars.", transform: PlanNumber.parse)
    var budgetUsd: Double?

    @Option(name: .customLong("inference-tokens"), help: "Tokens the model will serve over its lifetime (e.g. 2T).", transform: PlanNumber.parse)
    var inferenceTokens: Double?
    @Option(help: "Requests the model will serve (with --input-tokens, --output-tokens).", transform: PlanNumber.parse)
    var requests: Double?
    @Option(name: .customLong("input-tokens"), help: "Prompt tokens per request (default 70, Sardana & Frankle).", transform: PlanNumber.parse)
    var inputTokens: Double?
    @Option(name: .customLong("output-tokens"), help: "Generated tokens per request (default 215).", transform: PlanNumber.parse)
    var outputTokens: Double?

    @Option(help: "Fix the model size; plan only the tokens.", transform: PlanNumber.parse)
    var params: Double?
    @Option(name: .customLong("max-params"), help: "Largest model allowed (memory or latency limit).", transform: PlanNumber.parse)
    var maxParams: Double?
    @Option(name: .customLong("max-tokens"), help: "Most training tokens allowed.", transform: PlanNumber.parse)
    var maxTokens: Double?
    @Option(name: .customLong("unique-tokens"), help: "Unique training data available; more tokens repeat it, worth less (Muennighoff et al. 2023).", transform: PlanNumber.parse)
    var uniqueTokens: Double?

    @Option(help: "What to minimise: flops or cost (dollars). Default: cost with --budget-usd, else flops.")
    var objective: String?

    @Option(name: .customLong("train-gpu"), help: "Training hardware slug (default a100-80gb when costs are reported).")
    var trainGpu: String?
    @Option(name: .customLong("train-dtype"), help: "Training data type (default bf16).")
    var trainDtype: String?
    @Option(name: .customLong("train-price"), help: "Training price in USD per GPU-hour (default: the profile's).", transform: PlanNumber.parse)
    var trainPrice: Double?
    @Option(name: .customLong("train-mfu"), help: "Training utilisation (default 0.5).", transform: PlanNumber.parse)
    var trainMfu: Double?
    @Option(name: .customLong("infer-gpu"), help: "Inference hardware slug (default: the training one).")
    var inferGpu: String?
    @Option(name: .customLong("infer-dtype"), help: "Inference data type (default int8).")
    var inferDtype: String?
    @Option(name: .customLong("infer-price"), help: "Inference price in USD per GPU-hour (default: the profile's).", transform: PlanNumber.parse)
    var inferPrice: Double?
    @Option(name: .customLong("prefill-mfu"), help: "Prefill utilisation (default 0.5).", transform: PlanNumber.parse)
    var prefillMfu: Double?
    @Option(name: .customLong("decode-mfu"), help: "Decode utilisation (default 0.01).", transform: PlanNumber.parse)
    var decodeMfu: Double?
    @Option(name: .customLong("hardware-file"), help: "Extra hardware profiles, a .json or .toml file (see data/hardware.json, data/my-hardware.toml).")
    var hardwareFile: String?

    @Option(help: "Confidence level of bootstrap intervals (when the law has samples).", transform: PlanNumber.parse)
    var confidence: Double?

    @Option(help: "Output format: text, markdown, csv, latex or json (report: markdown or html).")
    var format: String = "text"

    /// The option values as a plain struct (property-wrapper reads are slow in a sweep's loop).
    var spec: PlanSpec {
        var spec = PlanSpec(law: law, preset: preset, targetLoss: targetLoss, qualityOf: qualityOf, budgetFlops: budgetFlops,
                 budgetUsd: budgetUsd, inferenceTokens: inferenceTokens, requests: requests, inputTokens: inputTokens,
                 outputTokens: outputTokens, params: params, maxParams: maxParams, maxTokens: maxTokens,
                 uniqueTokens: uniqueTokens, objective: objective, trainGpu: trainGpu, trainDtype: trainDtype, trainPrice: trainPrice,
                 trainMfu: trainMfu, inferGpu: inferGpu, inferDtype: inferDtype, inferPrice: inferPrice,
                 prefillMfu: prefillMfu, decodeMfu: decodeMfu, hardwareFile: hardwareFile, confidence: confidence,
                 format: TableFormat(rawValue: format.lowercased()) ?? .text)
        spec.link = link
        spec.targetMetric = targetMetric
        return spec
    }

    /// The output format of `plan` and `sweep`, checked (a report reads `format` itself: it
    /// takes markdown or html).
    var tableFormat: TableFormat {
        get throws {
            guard let f = TableFormat(rawValue: format.lowercased()) else {
                throw ValidationError("--format must be one of \(TableFormat.allCases.map(\.rawValue).joined(separator: ", ")), not '\(format)'")
            }
            return f
        }
    }
}
