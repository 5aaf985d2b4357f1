import ArgumentParser
import Foundation
import Planning
import Reporting
import ScalingLaws

/// The values of `PlanOptions`, and how they become a law, a target, a demand and a planner.
struct PlanSpec {
    var law: String?
    var preset: String?
    var targetLoss: Double?
    var qualityOf: Double?
    var budgetFlops: Double?
    var budgetUsd: Double?
    var inferenceTokens: Double?
    var requests: Double?
    var inputTokens: Double?
    var outputTokens: Double?
    var params: Double?
    var maxParams: Double?
    var maxTokens: Double?
    var uniqueTokens: Double?
    var objective: String?
    var trainGpu: String?
    var trainDtype: String?
    var trainPrice: Double?
    var trainMfu: Double?
    var inferGpu: String?
    var inferDtype: String?
    var inferPrice: Double?
    var prefillMfu: Double?
    var decodeMfu: Double?
    var hardwareFile: String?
    var confidence: Double?
    var format: TableFormat
    /// Hardware resolved once (a sweep sets it so that --hardware-file is read once, not per point).
    var hardwareProfiles: [HardwareProfile]? = nil
    /// A downstream link and the metric to plan for (`--link`, `--target-metric`).
    var link: String? = nil
    var targetMetric: Double? = nil

    /// Numeric options `sweep --vary` can set, by long name.
    /// (Computed: key paths are not Sendable, so no stored static.)
    static var numeric: [String: WritableKeyPath<PlanSpec, Double?>] { [
        "target-loss": \.targetLoss, "quality-of": \.qualityOf, "budget-flops": \.budgetFlops,
        "budget-usd": \.budgetUsd, "inference-tokens": \.inferenceTokens, "requests": \.requests,
        "input-tokens": \.inputTokens, "output-tokens": \.outputTokens, "params": \.params,
        "max-params": \.maxParams, "max-tokens": \.maxTokens, "unique-tokens": \.uniqueTokens, "train-price": \.trainPrice,
        "train-mfu": \.trainMfu, "infer-price": \.inferPrice, "prefill-mfu": \.prefillMfu,
        "decode-mfu": \.decodeMfu, "confidence": \.confidence, "target-metric": \.targetMetric,
    ] }

    /// The law and its bootstrap samples, from --law or --preset.
    func lawFile() throws -> LawFile {
        switch (law, preset) {
        case let (path?, nil): return try LawFile.read(path: path)
        case let (nil, name?): return try LawPreset.named(name).lawFile
        case (nil, nil): throw CommandError("give a law: --law LAW.json or --preset NAME (see `scaleplan presets`)")
        default: throw CommandError("give either --law or --preset, not both")
        }
    }

    func target() throws -> PlanTarget {
        // Written out, not as an array: a sweep calls this once per point.
        var count = 0, found = PlanTarget.loss(.nan)
        if let l = targetLoss { count += 1; found = .loss(l) }
        if let n = qualityOf { count += 1; found = .qualityOf(params: n) }
        if let c = budgetFlops { count += 1; found = .budgetFLOPs(c) }
        if let x = budgetUsd { count += 1; found = .budgetUSD(x) }
        if let m = targetMetric { count += 1; found = .loss(try lossForMetric(m)) }
        guard count == 1 else {
            throw CommandError(count == 0 ? "give a target: --target-loss, --target-metric, --quality-of, --budget-flops or --budget-usd"
                                             : "give only one of --target-loss, --target-metric, --quality-of, --budget-flops, --budget-usd")
        }
        return found
    }

    /// The loss at which `--link`'s link reaches `metric` (refused, with the reachable range,
    /// when it never does).
    func lossForMetric(_ metric: Double) throws -> Double {
        guard let link else { throw CommandError("--target-metric needs --link LINK.json: the link from loss to that metric") }
        let file = try LawFile.read(path: link)
        do { return try file.link().loss(metric: metric) } catch let error as LinkError {
            throw CommandError("--target-metric \(metric): \(link): \(error)")
        }
    }

    func demand() throws -> InferenceDemand {
        if let tokens = inferenceTokens {
            guard requests == nil, inputTokens == nil, outputTokens == nil else {
                throw CommandError("give the demand as --inference-tokens or as --requests with --input-tokens/--output-tokens, not both")
            }
            return try InferenceDemand(tokens: tokens).validated()
        }
        if let requests {
            return try InferenceDemand(requests: requests, inputTokens: inputTokens ?? InferenceDemand.paperInputTokensPerRequest,
                                       outputTokens: outputTokens ?? InferenceDemand.paperOutputTokensPerRequest).validated()
        }
        guard inputTokens == nil, outputTokens == nil else { throw CommandError("--input-tokens and --output-tokens need --requests") }
        return .none
    }

    func planObjective() throws -> PlanObjective {
        guard let objective else { return budgetUsd != nil ? .cost : .flops }
        guard let o = PlanObjective(rawValue: objective.lowercased()) else {
            throw CommandError("--objective must be flops or cost, not '\(objective)'")
        }
        return o
    }

    /// True when dollars are asked for: the cost objective, or any hardware or price option.
    var wantsPricing: Bool {
        if (try? planObjective()) == .cost { return true }
        if trainGpu != nil || trainDtype != nil || inferGpu != nil || inferDtype != nil { return true }
        return trainPrice != nil || inferPrice != nil || trainMfu != nil || prefillMfu != nil || decodeMfu != nil
    }

    /// Built-in profiles plus those of --hardware-file.
    func loadHardwareProfiles() throws -> [HardwareProfile] {
        try hardwareFile.map { HardwareFile.merged(try HardwareFile.read(path: $0)) } ?? HardwareCatalog.builtIn
    }

    /// The cost model for `demand`: FLOPs only, or priced on the chosen hardware.
    func costModel(demand: InferenceDemand) throws -> CostModel {
        guard wantsPricing else { return CostModel(demand: demand) }
        let profiles = try hardwareProfiles ?? loadHardwareProfiles()
        let trainHW = try HardwareCatalog.profile(trainGpu ?? "a100-80gb", in: profiles)
        let inferHW = try HardwareCatalog.profile(inferGpu ?? trainHW.slug, in: profiles)
        func pricing(_ hw: HardwareProfile, _ dtype: String, _ price: Double?, _ mfu: Double, _ flag: String) throws -> Pricing {
            guard let type = DataType(rawValue: dtype.lowercased()) else {
                throw CommandError("unknown data type '\(dtype)' (known: \(DataType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard mfu > 0, mfu <= 1 else { throw CommandError("--\(flag) must be in (0, 1], not \(mfu)") }
            let usd = price ?? hw.priceUSDPerGPUHour
            guard usd >= 0, usd.isFinite else { throw CommandError("prices must be ≥ 0, not \(usd)") }
            return Pricing(hardware: hw.slug, dataType: type, peakFLOPS: try hw.peak(type), utilisation: mfu, priceUSDPerGPUHour: usd)
        }
        let inferType = inferDtype ?? "int8"
        return CostModel(demand: demand,
                         training: try pricing(trainHW, trainDtype ?? "bf16", trainPrice, trainMfu ?? 0.5, "train-mfu"),
                         prefill: try pricing(inferHW, inferType, inferPrice, prefillMfu ?? 0.5, "prefill-mfu"),
                         decode: try pricing(inferHW, inferType, inferPrice, decodeMfu ?? 0.01, "decode-mfu"))
    }

    var constraints: [any AllocationConstraint] {
        var out: [any AllocationConstraint] = []
        if let maxParams { out.append(MaxParams(maxParams)) }
        if let maxTokens { out.append(MaxTokens(maxTokens)) }
        return out
    }

    /// The planner these options describe, for `law`. Repeated data (--unique-tokens) loses
    /// value at the R*_D of `lawFile` when it is a data-constrained law (else at the paper's
    /// 15.4), and with its R*_N so do parameters beyond what the data supports.
    func planner(law: ChinchillaLaw, lawFile: LawFile? = nil) throws -> Planner {
        var planner = Planner(law: law, costModel: try costModel(demand: try demand()), objective: try planObjective(),
                              constraints: constraints, fixedParams: params)
        planner.uniqueData = uniqueTokens.map {
            UniqueData(uniqueTokens: $0, halfLife: lawFile?.repetitionHalfLife ?? RepeatedData.fittedHalfLife,
                       paramsHalfLife: lawFile?.paramsHalfLife)
        }
        return planner
    }

    /// Plans with these options; with bootstrap samples in the law file, with intervals.
    func makePlan() throws -> Plan {
        let file = try lawFile()
        let planner = try planner(law: try file.chinchilla(), lawFile: file)
        return try planner.plan(try target(), samples: file.chinchillaSamples(), confidence: confidence ?? 0.9)
    }
}
