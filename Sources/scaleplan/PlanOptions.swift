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
    @Option(name: .customLong("quality-of"), help: "Plan for the loss of the Chinchilla-optimal model with this many parameters (e.g. 30B).", transform: PlanNumber.parse)
    var qualityOf: Double?
    @Option(name: .customLong("budget-flops"), help: "Lowest loss for this many training + inference FLOPs.", transform: PlanNumber.parse)
    var budgetFlops: Double?
    @Option(name: .customLong("budget-usd"), help: "Lowest loss for this many training + inference dollars.", transform: PlanNumber.parse)
    var budgetUsd: Double?
    @Option(name: .customLong("target-metric"), help: "With --link: plan for the loss at which the link reaches this metric (e.g. an accuracy of 0.6).", transform: PlanNumber.parse)
    var targetMetric: Double?
    @Option(help: "A downstream link (fit --form downstream --save) for --target-metric.")
    var link: String?

    @OptionGroup var demand: DemandOptions

    @Option(help: "Fix the model size; plan only the tokens.", transform: PlanNumber.parse)
    var params: Double?
    @Option(name: .customLong("max-params"), help: "Largest model allowed (memory or latency limit).", transform: PlanNumber.parse)
    var maxParams: Double?
    @Option(name: .customLong("max-tokens"), help: "Most training tokens allowed.", transform: PlanNumber.parse)
    var maxTokens: Double?
    @Option(name: .customLong("unique-tokens"), help: "Unique training data available; more tokens repeat it, worth less (Muennighoff et al. 2023).", transform: PlanNumber.parse)
    var uniqueTokens: Double?
    @Option(name: .customLong("data-multiplier"), help: ArgumentHelp("Each training token is worth this many tokens of the law's data (better or selected data); a number, or the file `compare --save-multiplier` writes. Costs stay on the tokens trained.", valueName: "M|FILE.json"), transform: PlanOptions.multiplier)
    var dataMultiplier: Double?
    @Option(name: .customLong("synthetic-tokens"), help: "Rephrased synthetic tokens added to the unique data (WRAP, Maini et al. 2024); needs --unique-tokens. Their generation is a cost of the plan.", transform: PlanNumber.parse)
    var syntheticTokens: Double?
    @Option(name: .customLong("synthetic-worth"), help: "Real unique tokens one synthetic token is worth (default 1).", transform: PlanNumber.parse)
    var syntheticWorth: Double?
    @Option(name: .customLong("rephraser-params"), help: "Parameters of the model that rephrases (default 7B, as WRAP). With --serving roofline it writes at its own replica's roofline and must fit --max-infer-gpus.", transform: PlanNumber.parse)
    var rephraserParams: Double?
    @Option(name: .customLong("rephraser-prompt-ratio"), help: "Prompt tokens read per token written (default 1.1).", transform: PlanNumber.parse)
    var rephraserPromptRatio: Double?
    @Option(name: .customLong("rephraser-mfu"), help: "The rephraser's utilisation (default: serving's prefill utilisation for reading, decode for writing).", transform: PlanNumber.parse)
    var rephraserMfu: Double?
    @Option(name: .customLong("synthetic-reuse"), help: "Training runs that share the synthetic corpus (default 1); each carries its share of the generation cost.", transform: PlanNumber.parse)
    var syntheticReuse: Double?
    @Flag(name: .customLong("optimise-synthetic"), help: "Let the planner choose how many rephrased tokens to make (the cheapest mix of rephrasing, repetition and size); needs --unique-tokens.")
    var optimiseSynthetic = false
    @Option(name: .customLong("synthetic-fraction"), help: "This share of every training token is synthetic, generated fresh and never repeated (0 ≤ f < 1): D_eff = D′((1 − f)·D, U) + k·f·D with k = --synthetic-worth; generation is a cost per training token. Instead of --synthetic-tokens.", transform: PlanNumber.parse)
    var syntheticFraction: Double?

    @Option(help: "What to minimise: flops, cost (dollars), energy (kWh) or co2 (tonnes). Default: cost with --budget-usd, else flops.")
    var objective: String?

    @OptionGroup var hardware: CostModelOptions

    @Option(help: "Confidence level of bootstrap intervals (when the law has samples).", transform: PlanNumber.parse)
    var confidence: Double?

    @Option(help: "Output format: text, markdown, csv, latex or json (report: markdown or html).")
    var format: String = "text"

    /// `--data-multiplier`: a number, or a multiplier file (`compare --save-multiplier`).
    static func multiplier(_ text: String) throws -> Double {
        if FileManager.default.fileExists(atPath: text) {
            guard let data = FileManager.default.contents(atPath: text),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let m = (object["data_multiplier"] as? NSNumber)?.doubleValue else {
                throw ValidationError("--data-multiplier \(text): not a multiplier file (expected JSON with \"data_multiplier\", as compare --save-multiplier writes)")
            }
            return m
        }
        return try PlanNumber.parse(text)
    }

    /// The option values as a plain struct (property-wrapper reads are slow in a sweep's loop).
    var spec: PlanSpec {
        var spec = PlanSpec(format: TableFormat(rawValue: format.lowercased()) ?? .text)
        spec.law = law; spec.preset = preset; spec.targetLoss = targetLoss; spec.qualityOf = qualityOf
        spec.budgetFlops = budgetFlops; spec.budgetUsd = budgetUsd
        spec.params = params; spec.maxParams = maxParams; spec.maxTokens = maxTokens
        spec.uniqueTokens = uniqueTokens; spec.dataMultiplier = dataMultiplier; spec.objective = objective; spec.confidence = confidence
        spec.syntheticTokens = syntheticTokens; spec.syntheticWorth = syntheticWorth; spec.rephraserParams = rephraserParams
        spec.rephraserPromptRatio = rephraserPromptRatio; spec.rephraserMfu = rephraserMfu; spec.syntheticReuse = syntheticReuse
        spec.optimiseSynthetic = optimiseSynthetic
        spec.syntheticFraction = syntheticFraction
        spec.link = link
        spec.targetMetric = targetMetric
        demand.apply(to: &spec)
        hardware.apply(to: &spec)
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

/// The inference demand (`plan`, `sweep`, `report`, `cost`).
struct DemandOptions: ParsableArguments {
    @Option(name: .customLong("inference-tokens"), help: "Tokens the model will serve over its lifetime (e.g. 2T).", transform: PlanNumber.parse)
    var inferenceTokens: Double?
    @Option(help: "Requests the model will serve (with --input-tokens, --output-tokens).", transform: PlanNumber.parse)
    var requests: Double?
    @Option(name: .customLong("input-tokens"), help: "Prompt tokens per request (default 70, Sardana & Frankle).", transform: PlanNumber.parse)
    var inputTokens: Double?
    @Option(name: .customLong("output-tokens"), help: "Generated tokens per request (default 215).", transform: PlanNumber.parse)
    var outputTokens: Double?

    func apply(to spec: inout PlanSpec) {
        spec.inferenceTokens = inferenceTokens; spec.requests = requests
        spec.inputTokens = inputTokens; spec.outputTokens = outputTokens
    }
}

/// Hardware, prices, the training calendar and energy (`plan`, `sweep`, `report`, `cost`).
struct CostModelOptions: ParsableArguments {
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

    @Option(name: .customLong("train-gpus"), help: "GPUs training runs on: gives wall-clock days, and models failures (Daly 2006).", transform: PlanNumber.parse)
    var trainGpus: Double?
    @Option(name: .customLong("deadline-days"), help: "Training must finish within this many days on --train-gpus GPUs (failures included).", transform: PlanNumber.parse)
    var deadlineDays: Double?
    @Option(name: .customLong("gpu-mtbf-hours"), help: "GPU-hours between unexpected interruptions, per GPU (default 50,677: Meta's Llama 3 report, 419 interruptions in 54 days on 16,384 GPUs); 'inf' turns failures off.", transform: PlanSpec.parseHours)
    var gpuMtbfHours: Double?
    @Option(name: .customLong("checkpoint-minutes"), help: "Minutes to write a checkpoint (default 1).", transform: PlanNumber.parse)
    var checkpointMinutes: Double?
    @Option(name: .customLong("restart-minutes"), help: "Minutes to restart after a failure (default 10).", transform: PlanNumber.parse)
    var restartMinutes: Double?
    @Option(name: .customLong("gpu-power-w"), help: "Board power per GPU in watts, training and inference (default: the profile's datasheet TDP).", transform: PlanNumber.parse)
    var gpuPowerW: Double?
    @Option(help: "Power usage effectiveness of the data centre (default 1.1).", transform: PlanNumber.parse)
    var pue: Double?
    @Option(name: .customLong("grid-kgco2-per-kwh"), help: "Grid carbon intensity, kg CO2e per kWh (default 0.385, the US average of Meta's Llama model cards).", transform: PlanNumber.parse)
    var gridKgco2PerKwh: Double?

    @Option(help: "How decode is priced: fixed-mfu (at --decode-mfu, the default) or roofline (from the inference GPU's compute, memory and bandwidth).")
    var serving: String?
    @Option(name: .customLong("infer-gpus"), help: "GPUs per serving replica (roofline; default: the fewest whose memory holds the weights and one full sequence's KV cache).")
    var inferGpus: Int?
    @Option(help: "Sequences decoded together (roofline; default: the largest that fits the replica, at most --max-batch).")
    var batch: Int?
    @Option(name: .customLong("max-batch"), help: "Largest batch (roofline; default 256).")
    var maxBatch: Int?
    @Option(help: "Tokens of context per sequence (roofline; default: input + output tokens per request).", transform: PlanNumber.parse)
    var context: Double?
    @Option(name: .customLong("kv-dtype"), help: "Data type of the KV cache (roofline; default bf16).")
    var kvDtype: String?
    @Option(name: .customLong("kv-groups"), help: "Query heads per KV head, grouped-query attention (roofline; default 8; 1 is multi-head).", transform: PlanNumber.parse)
    var kvGroups: Double?
    @Option(name: .customLong("bandwidth-utilisation"), help: "Share of peak memory bandwidth decode achieves (roofline; default 0.8).", transform: PlanNumber.parse)
    var bandwidthUtilisation: Double?
    @Option(name: .customLong("max-ms-per-token"), help: "Decode latency limit per generated token, ms (roofline; binds as \"latency\").", transform: PlanNumber.parse)
    var maxMsPerToken: Double?
    @Option(name: .customLong("max-infer-gpus"), help: "Largest serving replica: larger models are infeasible (roofline; binds as \"memory\").")
    var maxInferGpus: Int?

    func apply(to spec: inout PlanSpec) {
        spec.serving = serving; spec.inferGpus = inferGpus.map(Double.init); spec.batch = batch.map(Double.init)
        spec.maxBatch = maxBatch.map(Double.init); spec.context = context; spec.kvDtype = kvDtype; spec.kvGroups = kvGroups
        spec.bandwidthUtilisation = bandwidthUtilisation; spec.maxMsPerToken = maxMsPerToken
        spec.maxInferGpus = maxInferGpus.map(Double.init)
        spec.trainGpu = trainGpu; spec.trainDtype = trainDtype; spec.trainPrice = trainPrice; spec.trainMfu = trainMfu
        spec.inferGpu = inferGpu; spec.inferDtype = inferDtype; spec.inferPrice = inferPrice
        spec.prefillMfu = prefillMfu; spec.decodeMfu = decodeMfu; spec.hardwareFile = hardwareFile
        spec.trainGpus = trainGpus; spec.deadlineDays = deadlineDays; spec.gpuMtbfHours = gpuMtbfHours
        spec.checkpointMinutes = checkpointMinutes; spec.restartMinutes = restartMinutes
        spec.gpuPowerW = gpuPowerW; spec.pue = pue; spec.gridKgco2PerKwh = gridKgco2PerKwh
    }
}
