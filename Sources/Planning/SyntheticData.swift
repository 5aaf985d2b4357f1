import Foundation

/// Rephrased synthetic data added to a capped pool of unique tokens (WRAP: Maini et al. 2024,
/// "Rephrasing the Web", arXiv 2401.16380), with what it costs to make.
///
/// **Worth.** S rephrased tokens join the U unique ones; each is worth k real unique tokens
/// (`worth`, default 1). The pool then holds U + S raw tokens worth U + k·S, so an epoch over it
/// is worth w̄ = (U + k·S)/(U + S) per raw token. Since the repetition decay is homogeneous of
/// degree one (D′(c·D, c·U) = c·D′(D, U)), the law sees exactly w̄·D′(D, U + S): a pool of U + S
/// with a data multiplier w̄ (`Planner.dataMultiplier`).
///
/// **Cost.** Generating S tokens with a rephraser of N_g parameters reads r·S prompt tokens and
/// writes S, 2·N_g FLOPs per token each way: 2·N_g·(1 + r)·S FLOPs, shared by the `reuse`
/// training runs that use the corpus. Reading is priced like serving's prefill, writing like its
/// decode (on the inference hardware), unless a rephraser utilisation is given.
public struct SyntheticData: Sendable, Equatable {
    public var tokens: Double
    public var worth: Double
    public var rephraserParams: Double
    public var promptRatio: Double
    public var reuse: Double
    /// The rephraser's utilisation for reading and writing alike; nil: serving's.
    public var utilisation: Double?
    /// `--synthetic-fraction f`: this share of every training token is synthetic
    /// (`SyntheticFraction`), and `tokens` is what the plan trains on (f·D); nil: a fixed
    /// corpus of `tokens` joins the unique pool.
    public var fraction: Double?

    public init(tokens: Double, worth: Double = 1, rephraserParams: Double = 7e9, promptRatio: Double = 1.1,
                reuse: Double = 1, utilisation: Double? = nil, fraction: Double? = nil) {
        self.tokens = tokens; self.worth = worth; self.rephraserParams = rephraserParams
        self.promptRatio = promptRatio; self.reuse = reuse; self.utilisation = utilisation
        self.fraction = fraction
    }

    /// Checks the values; errors name the quantity and the limit.
    public func validate() throws {
        guard tokens >= 0, tokens.isFinite else { throw PlanningError.invalidInput("synthetic tokens must be ≥ 0, not \(tokens)") }
        guard worth > 0, worth.isFinite else { throw PlanningError.invalidInput("a synthetic token's worth must be > 0 (1: a real unique token), not \(worth)") }
        guard rephraserParams > 0, rephraserParams.isFinite else { throw PlanningError.invalidInput("the rephraser's parameters must be > 0, not \(rephraserParams)") }
        guard promptRatio >= 0, promptRatio.isFinite else { throw PlanningError.invalidInput("the prompt ratio must be ≥ 0, not \(promptRatio)") }
        guard reuse >= 1, reuse.isFinite else { throw PlanningError.invalidInput("the corpus must serve at least 1 training run, not \(reuse)") }
        if let u = utilisation, !(u > 0 && u <= 1) { throw PlanningError.invalidInput("the rephraser's utilisation must be in (0, 1], not \(u)") }
        if let f = fraction, !(f >= 0 && f < 1) {
            throw PlanningError.invalidInput("the synthetic fraction must be in [0, 1) (0: no synthetic tokens; below 1: some real data), not \(f)")
        }
    }

    /// FLOPs to generate the whole corpus: 2·N_g·(1 + r)·S.
    public var generationFLOPs: Double { 2 * rephraserParams * (1 + promptRatio) * tokens }

    /// The pool of raw tokens and the worth of one of its tokens, for U real unique tokens.
    public func pool(unique u: Double) -> (raw: Double, multiplier: Double) {
        (u + tokens, tokens > 0 ? (u + worth * tokens) / (u + tokens) : 1)
    }
}

/// What the synthetic data cost one plan, and when it pays.
public struct SyntheticSummary: Sendable, Equatable {
    public var data: SyntheticData
    /// The whole corpus's generation, and this run's share of it (÷ reuse).
    public var generationFLOPs: Double
    public var generationGPUHours: Double?
    public var generationUSD: Double?
    public var generationKWh: Double?
    public var generationCO2Tonnes: Double?
    /// Training runs sharing the corpus before the rephrasing pays for itself against the same
    /// plan without it (in the plan's objective); nil when it never pays, 0 when the target
    /// cannot be reached without it.
    public var breakEvenReuses: Double?
}

extension CostModel {
    /// A synthetic corpus's generation cost: FLOPs, and where serving is priced, GPU-hours,
    /// dollars, energy and emissions (reading at the prefill's pricing, writing at the decode's,
    /// or both at the rephraser's utilisation when given).
    public func generationCost(_ s: SyntheticData) -> SyntheticSummary {
        var out = SyntheticSummary(data: s, generationFLOPs: s.generationFLOPs)
        guard var read = prefillPricing, var write = decodePricing else { return out }
        if let u = s.utilisation { read.utilisation = u; write.utilisation = u }
        let readFLOPs = 2 * s.rephraserParams * s.promptRatio * s.tokens, writeFLOPs = 2 * s.rephraserParams * s.tokens
        let hours = (read: read.gpuHours(flops: readFLOPs), write: rooflineWritingGPUHours(s) ?? write.gpuHours(flops: writeFLOPs))
        out.generationGPUHours = hours.read + hours.write
        out.generationUSD = hours.read * read.priceUSDPerGPUHour + hours.write * write.priceUSDPerGPUHour
        if let pr = read.boardPowerW, let pw = write.boardPowerW {
            let kWh = energy.kWh(gpuHours: hours.read, boardPowerW: pr) + energy.kWh(gpuHours: hours.write, boardPowerW: pw)
            out.generationKWh = kWh
            out.generationCO2Tonnes = energy.co2Tonnes(kWh: kWh)
        }
        return out
    }
}

extension CostBreakdown {
    /// Adds `share` of a generation cost to the training cost (a run's share of its corpus).
    public mutating func addTraining(_ s: SyntheticSummary, share: Double) {
        trainingFLOPs += share * s.generationFLOPs
        if let h = s.generationGPUHours { trainingGPUHours = trainingGPUHours.map { $0 + share * h } }
        if let x = s.generationUSD { trainingUSD = trainingUSD.map { $0 + share * x } }
        if let k = s.generationKWh { trainingKWh = trainingKWh.map { $0 + share * k } }
        if let c = s.generationCO2Tonnes { trainingCO2Tonnes = trainingCO2Tonnes.map { $0 + share * c } }
    }
}
