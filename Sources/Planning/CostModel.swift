/// What the planner minimises.
public enum PlanObjective: String, Codable, CaseIterable, Sendable {
    /// Training plus inference FLOPs: 6·N·D_tr + 2·N·D_inf (Sardana & Frankle 2024, eq. 3).
    case flops
    /// Training plus inference dollars (Sardana & Frankle 2024, §3, eq. 5).
    case cost
    /// Training plus inference energy, kWh (GPU-hours × board power × PUE).
    case energy
    /// Training plus inference emissions, tonnes CO2-equivalent (energy × grid intensity).
    case co2
}

/// Which phase of a model's life a cost belongs to.
public enum CostPhase: String, Sendable, Codable { case training, inference }

/// A cost written as a bilinear form in model size N and training tokens D:
///
///     cost(N, D) = perParamToken·N·D + perParam·N + perToken·D + fixed
///
/// Every term scaleplan knows is of this form: training compute (6·N·D), inference (2·N per
/// token served), and the terms planned next (synthetic data generation: a cost per training
/// token; failures: a factor on training; energy: a cost per FLOP). With all coefficients
/// ≥ 0 the planner's optimality condition keeps one root (see `IsoLossCurve`).
public struct CostCoefficients: Sendable, Equatable {
    public var perParamToken: Double
    public var perParam: Double
    public var perToken: Double
    public var fixed: Double

    public init(perParamToken: Double = 0, perParam: Double = 0, perToken: Double = 0, fixed: Double = 0) {
        self.perParamToken = perParamToken; self.perParam = perParam; self.perToken = perToken; self.fixed = fixed
    }

    public func value(params n: Double, tokens d: Double) -> Double {
        perParamToken * n * d + perParam * n + perToken * d + fixed
    }

    public static func + (a: Self, b: Self) -> Self {
        Self(perParamToken: a.perParamToken + b.perParamToken, perParam: a.perParam + b.perParam,
             perToken: a.perToken + b.perToken, fixed: a.fixed + b.fixed)
    }

    public static func * (k: Double, a: Self) -> Self {
        Self(perParamToken: k * a.perParamToken, perParam: k * a.perParam, perToken: k * a.perToken, fixed: k * a.fixed)
    }

    public static let zero = Self()
}

/// How FLOPs turn into GPU-hours and dollars on one kind of accelerator:
/// GPU-hours = FLOPs / (3600 · peak · utilisation); dollars = GPU-hours · price.
public struct Pricing: Sendable, Equatable {
    public var hardware: String
    public var dataType: DataType
    /// Peak dense FLOP/s of `hardware` in `dataType`.
    public var peakFLOPS: Double
    /// Model FLOPs utilisation (MFU), in (0, 1].
    public var utilisation: Double
    public var priceUSDPerGPUHour: Double
    /// Board power in watts, for energy and emissions; nil when unknown.
    public var boardPowerW: Double?

    public init(hardware: String, dataType: DataType, peakFLOPS: Double, utilisation: Double, priceUSDPerGPUHour: Double,
                boardPowerW: Double? = nil) {
        self.hardware = hardware; self.dataType = dataType; self.peakFLOPS = peakFLOPS
        self.utilisation = utilisation; self.priceUSDPerGPUHour = priceUSDPerGPUHour; self.boardPowerW = boardPowerW
    }

    public func gpuHours(flops: Double) -> Double { flops / (3600 * peakFLOPS * utilisation) }
    /// c/u in Sardana & Frankle's notation: dollars per FLOP at this utilisation.
    public var usdPerFLOP: Double { priceUSDPerGPUHour / (3600 * peakFLOPS * utilisation) }
}

/// One part of the cost of owning a model. New kinds of cost are new conforming types.
public protocol CostTerm: Sendable {
    var name: String { get }
    var phase: CostPhase { get }
    /// FLOPs of this term as a bilinear form in (N, D_tr).
    var flops: CostCoefficients { get }
    /// How this term's FLOPs are paid for; nil in a FLOPs-only model.
    var pricing: Pricing? { get }
}

/// The costs of training and serving a candidate model, term by term.
///
/// Every term's FLOPs are a bilinear form in (N, D), and its GPU-hours and dollars are its FLOPs
/// times a constant, so the model sums the terms once, per phase, into bilinear forms: planning
/// then evaluates a handful of forms instead of walking the terms (a sweep plans millions).
///
/// With a training calendar (`TrainingCalendar`: G GPUs that fail), training GPU-hours and
/// dollars are divided by the goodput (Daly 2006), a constant for a given G; energy is
/// GPU-hours × board power × PUE and emissions energy × grid intensity (`EnergyModel`), again
/// constants per GPU-hour. So every objective stays a bilinear form and the planner's search
/// is unchanged.
public struct CostModel: Sendable {
    /// The inference the model serves (what the inference terms were built from).
    public let demand: InferenceDemand
    /// The GPUs training runs on and how they fail; nil: no calendar (goodput 1).
    public let calendar: TrainingCalendar?
    public let energy: EnergyModel
    /// Decode priced from the hardware (`--serving roofline`); nil: at the fixed decode
    /// utilisation of the decode term. Its cost per token depends on N in a way that is not
    /// bilinear, so the planner searches for it (`Planner+Roofline.swift`).
    public let roofline: RooflineServing?
    private let storage: Storage
    private let sums: Sums

    /// The paper's model keeps its three terms as they are; the array of existentials is built
    /// only when asked for (`terms`), so a sweep building a model per point allocates nothing.
    private enum Storage: Sendable {
        case paper(TrainingCompute, InferencePrefill, InferenceDecode)
        case custom([any CostTerm])
    }

    /// Every cost term, in order.
    public var terms: [any CostTerm] {
        switch storage {
        case let .paper(train, input, output): return [train, input, output]
        case let .custom(terms): return terms
        }
    }

    private struct Sums: Sendable {
        var trainingFLOPs = CostCoefficients.zero, inferenceFLOPs = CostCoefficients.zero
        var trainingHours = CostCoefficients.zero, inferenceHours = CostCoefficients.zero
        var trainingUSD = CostCoefficients.zero, inferenceUSD = CostCoefficients.zero
        var trainingKWh = CostCoefficients.zero, inferenceKWh = CostCoefficients.zero
        /// The first term without a price, if any (the cost objective then cannot be used).
        var unpriced: String?
        /// The first priced term whose hardware has no board power (no energy figures then).
        var unpowered: String?
        /// 1 / goodput: training GPU-hours per GPU-hour of useful work.
        let trainingFactor: Double
        let energy: EnergyModel
        /// With roofline serving the decode term contributes FLOPs only here.
        let decodeByRoofline: Bool

        init(trainingFactor: Double = 1, energy: EnergyModel = EnergyModel(), decodeByRoofline: Bool = false) {
            self.trainingFactor = trainingFactor; self.energy = energy; self.decodeByRoofline = decodeByRoofline
        }

        /// Adds one term (generic, so the paper's three terms are summed without boxing).
        mutating func add<Term: CostTerm>(_ term: Term) {
            let f = term.flops
            if decodeByRoofline, term is InferenceDecode { inferenceFLOPs = inferenceFLOPs + f; return }
            guard let pricing = term.pricing else {
                if unpriced == nil { unpriced = term.name }
                if term.phase == .training { trainingFLOPs = trainingFLOPs + f } else { inferenceFLOPs = inferenceFLOPs + f }
                return
            }
            let factor = term.phase == .training ? trainingFactor : 1
            let hours = (factor * pricing.gpuHours(flops: 1)) * f, usd = (factor * pricing.usdPerFLOP) * f
            let kWh = pricing.boardPowerW.map { energy.kWh(gpuHours: 1, boardPowerW: $0) * hours } ?? .zero
            if pricing.boardPowerW == nil, unpowered == nil { unpowered = pricing.hardware }
            switch term.phase {
            case .training:
                trainingFLOPs = trainingFLOPs + f; trainingHours = trainingHours + hours; trainingUSD = trainingUSD + usd
                trainingKWh = trainingKWh + kWh
            case .inference:
                inferenceFLOPs = inferenceFLOPs + f; inferenceHours = inferenceHours + hours; inferenceUSD = inferenceUSD + usd
                inferenceKWh = inferenceKWh + kWh
            }
        }
    }

    public init(terms: [any CostTerm], demand: InferenceDemand, calendar: TrainingCalendar? = nil,
                energy: EnergyModel = EnergyModel(), roofline: RooflineServing? = nil) {
        var sums = Sums(trainingFactor: 1 / (calendar?.goodput ?? 1), energy: energy, decodeByRoofline: roofline != nil)
        for term in terms { sums.add(term) }
        self.storage = .custom(terms); self.demand = demand; self.sums = sums
        self.calendar = calendar; self.energy = energy; self.roofline = roofline
    }

    /// The paper's model: training compute, inference prefill and decode.
    public init(demand: InferenceDemand, training: Pricing? = nil, prefill: Pricing? = nil, decode: Pricing? = nil,
                calendar: TrainingCalendar? = nil, energy: EnergyModel = EnergyModel(), roofline: RooflineServing? = nil) {
        let train = TrainingCompute(pricing: training)
        let input = InferencePrefill(tokens: demand.inputTokens, pricing: prefill)
        let output = InferenceDecode(tokens: demand.outputTokens, pricing: decode)
        var sums = Sums(trainingFactor: 1 / (calendar?.goodput ?? 1), energy: energy, decodeByRoofline: roofline != nil)
        sums.add(train); sums.add(input); sums.add(output)
        self.storage = .paper(train, input, output); self.demand = demand; self.sums = sums
        self.calendar = calendar; self.energy = energy; self.roofline = roofline
    }

    /// The same model serving `demand` instead (other terms, prices and hardware kept).
    public func serving(_ demand: InferenceDemand) -> CostModel {
        if case let .paper(train, input, output) = storage {
            return CostModel(demand: demand, training: train.pricing, prefill: input.pricing, decode: output.pricing,
                             calendar: calendar, energy: energy, roofline: roofline)
        }
        return CostModel(terms: terms.map { term -> any CostTerm in
            if let p = term as? InferencePrefill { return InferencePrefill(tokens: demand.inputTokens, pricing: p.pricing) }
            if let d = term as? InferenceDecode { return InferenceDecode(tokens: demand.outputTokens, pricing: d.pricing) }
            return term
        }, demand: demand, calendar: calendar, energy: energy, roofline: roofline)
    }

    /// The training term's pricing (hardware, peak, utilisation), when priced.
    public var trainingPricing: Pricing? {
        terms.first { $0.phase == .training && $0.pricing != nil }?.pricing
    }

    /// The prefill term's pricing, when priced.
    public var prefillPricing: Pricing? {
        if case let .paper(_, input, _) = storage { return input.pricing }
        return terms.lazy.compactMap { $0 as? InferencePrefill }.first?.pricing
    }

    /// The decode term's pricing, when priced.
    public var decodePricing: Pricing? {
        if case let .paper(_, _, output) = storage { return output.pricing }
        return terms.lazy.compactMap { $0 as? InferenceDecode }.first?.pricing
    }

    /// True when every priced term's hardware has a board power (energy can be reported).
    public var hasEnergy: Bool { isPriced && sums.unpowered == nil }

    /// True when every term has a price (dollars and GPU-hours can be reported).
    public var isPriced: Bool { sums.unpriced == nil }

    /// Total weights of the objective, summed over terms.
    public func coefficients(for objective: PlanObjective) throws -> CostCoefficients {
        switch objective {
        case .flops: return sums.trainingFLOPs + sums.inferenceFLOPs
        case .cost:
            if let name = sums.unpriced {
                throw PlanningError.missingPricing("the cost objective needs hardware and prices for \(name) (give --train-gpu/--infer-gpu or prices)")
            }
            return sums.trainingUSD + sums.inferenceUSD
        case .energy, .co2:
            if let name = sums.unpriced {
                throw PlanningError.missingPricing("the \(objective.rawValue) objective needs hardware for \(name) (its GPU-hours)")
            }
            if let hardware = sums.unpowered {
                throw PlanningError.missingPricing("the \(objective.rawValue) objective needs the board power of '\(hardware)', which its profile does not give")
            }
            let kWh = sums.trainingKWh + sums.inferenceKWh
            return objective == .energy ? kWh : energy.co2Tonnes(kWh: 1) * kWh
        }
    }

    /// FLOPs, GPU-hours and dollars of a candidate, split into training and inference.
    public func breakdown(params n: Double, tokens d: Double) -> CostBreakdown {
        var out = CostBreakdown()
        out.trainingFLOPs = sums.trainingFLOPs.value(params: n, tokens: d)
        out.inferenceFLOPs = sums.inferenceFLOPs.value(params: n, tokens: d)
        if isPriced {
            out.trainingGPUHours = sums.trainingHours.value(params: n, tokens: d)
            out.inferenceGPUHours = sums.inferenceHours.value(params: n, tokens: d)
            out.trainingUSD = sums.trainingUSD.value(params: n, tokens: d)
            out.inferenceUSD = sums.inferenceUSD.value(params: n, tokens: d)
            if sums.unpowered == nil {
                let t = sums.trainingKWh.value(params: n, tokens: d), i = sums.inferenceKWh.value(params: n, tokens: d)
                out.trainingKWh = t; out.inferenceKWh = i
                out.trainingCO2Tonnes = energy.co2Tonnes(kWh: t); out.inferenceCO2Tonnes = energy.co2Tonnes(kWh: i)
            }
            if let calendar, let hours = out.trainingGPUHours {
                let wallClockHours = hours / calendar.gpus
                out.calendar = CalendarFigures(
                    gpus: calendar.gpus, wallClockDays: wallClockHours / 24, goodput: calendar.goodput,
                    expectedInterruptions: calendar.schedule.jobMTBFHours.isFinite ? wallClockHours / calendar.schedule.jobMTBFHours : 0,
                    checkpointIntervalMinutes: calendar.schedule.checkpointIntervalHours.map { $0 * 60 })
            }
            if let decode = decodePricing { out.decodeUtilisation = decode.utilisation }
            if let roofline {
                // The plan's model meets the limits (the planner saw to it); a comparison model
                // that does not is priced as it would be served without them.
                let served: RooflineServing.Decode
                switch roofline.decode(params: n) {
                case let .success(d): served = d
                case .failure: served = try! roofline.decode(params: n, enforcingLimits: false).get()
                }
                let hours = demand.outputTokens * served.gpuHoursPerToken
                out.serving = served
                out.decodeUtilisation = served.utilisation
                out.inferenceGPUHours = out.inferenceGPUHours.map { $0 + hours }
                out.inferenceUSD = out.inferenceUSD.map { $0 + hours * roofline.priceUSDPerGPUHour }
                if let kWh = out.inferenceKWh, let watts = roofline.boardPowerW {
                    let total = kWh + energy.kWh(gpuHours: hours, boardPowerW: watts)
                    out.inferenceKWh = total; out.inferenceCO2Tonnes = energy.co2Tonnes(kWh: total)
                }
            }
        }
        return out
    }

    /// With roofline serving: the objective's cost of decoding one generated token with a
    /// model of `n` parameters (GPU-hours priced, or turned into kWh or t CO2; FLOPs are
    /// already in the bilinear coefficients), or nil when the model cannot be served within
    /// the limits.
    func rooflineCostPerToken(params n: Double, objective: PlanObjective, enforcingLimits: Bool = true) -> Result<Double, RooflineServing.Infeasible> {
        guard let roofline else { return .success(0) }
        return roofline.decode(params: n, enforcingLimits: enforcingLimits).map { d in
            switch objective {
            case .flops: return 0
            case .cost: return d.gpuHoursPerToken * roofline.priceUSDPerGPUHour
            case .energy: return energy.kWh(gpuHours: d.gpuHoursPerToken, boardPowerW: roofline.boardPowerW ?? .nan)
            case .co2: return energy.co2Tonnes(kWh: energy.kWh(gpuHours: d.gpuHoursPerToken, boardPowerW: roofline.boardPowerW ?? .nan))
            }
        }
    }

    /// With roofline serving: the objective's value of one GPU-hour of serving (its price, its
    /// kWh, its t CO2; 0 for FLOPs, which the bilinear coefficients already hold).
    func rooflinePerGPUHour(objective: PlanObjective) -> Double {
        guard let r = roofline else { return 0 }
        switch objective {
        case .flops: return 0
        case .cost: return r.priceUSDPerGPUHour
        case .energy: return energy.kWh(gpuHours: 1, boardPowerW: r.boardPowerW ?? 0)
        case .co2: return energy.co2Tonnes(kWh: energy.kWh(gpuHours: 1, boardPowerW: r.boardPowerW ?? 0))
        }
    }
}

/// A training run's calendar: how long G GPUs take, failures included.
public struct CalendarFigures: Sendable, Equatable {
    public var gpus: Double
    /// Training GPU-hours (useful work / goodput) / G / 24.
    public var wallClockDays: Double
    public var goodput: Double
    /// Wall-clock hours / M: failures expected during the run.
    public var expectedInterruptions: Double
    /// Daly's interval; nil without failures.
    public var checkpointIntervalMinutes: Double?
}

/// FLOPs, and with a priced model GPU-hours and dollars, of training and of inference.
public struct CostBreakdown: Sendable, Equatable {
    public var trainingFLOPs = 0.0
    public var inferenceFLOPs = 0.0
    public var trainingGPUHours: Double?
    public var inferenceGPUHours: Double?
    public var trainingUSD: Double?
    public var inferenceUSD: Double?
    /// Energy (kWh) and emissions (t CO2e), when every accelerator's board power is known.
    public var trainingKWh: Double?
    public var inferenceKWh: Double?
    public var trainingCO2Tonnes: Double?
    public var inferenceCO2Tonnes: Double?
    /// With a training calendar (`--train-gpus`).
    public var calendar: CalendarFigures?
    /// The decode utilisation the serving cost assumes (fixed, or the roofline's achieved), when priced.
    public var decodeUtilisation: Double?
    /// With roofline serving: the replica, batch, step time and bound of the decode.
    public var serving: RooflineServing.Decode?

    public init() {}

    public var totalKWh: Double? { trainingKWh.flatMap { t in inferenceKWh.map { t + $0 } } }
    public var totalCO2Tonnes: Double? { trainingCO2Tonnes.flatMap { t in inferenceCO2Tonnes.map { t + $0 } } }

    public var totalFLOPs: Double { trainingFLOPs + inferenceFLOPs }
    public var totalUSD: Double? { trainingUSD.flatMap { t in inferenceUSD.map { t + $0 } } }
    public var totalGPUHours: Double? { trainingGPUHours.flatMap { t in inferenceGPUHours.map { t + $0 } } }
}
