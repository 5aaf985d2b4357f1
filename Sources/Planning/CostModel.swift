/// What the planner minimises.
public enum PlanObjective: String, Codable, CaseIterable, Sendable {
    /// Training plus inference FLOPs: 6·N·D_tr + 2·N·D_inf (Sardana & Frankle 2024, eq. 3).
    case flops
    /// Training plus inference dollars (Sardana & Frankle 2024, §3, eq. 5).
    case cost
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

    public init(hardware: String, dataType: DataType, peakFLOPS: Double, utilisation: Double, priceUSDPerGPUHour: Double) {
        self.hardware = hardware; self.dataType = dataType; self.peakFLOPS = peakFLOPS
        self.utilisation = utilisation; self.priceUSDPerGPUHour = priceUSDPerGPUHour
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

extension CostTerm {
    /// The term's weights in the objective's unit (FLOPs or dollars).
    public func coefficients(for objective: PlanObjective) throws -> CostCoefficients {
        switch objective {
        case .flops: return flops
        case .cost:
            guard let pricing else { throw PlanningError.missingPricing("the cost objective needs hardware and prices for \(name) (give --train-gpu/--infer-gpu or prices)") }
            return pricing.usdPerFLOP * flops
        }
    }
}

/// The costs of training and serving a candidate model, term by term.
public struct CostModel: Sendable {
    public var terms: [any CostTerm]
    /// The inference the model serves (what the inference terms were built from).
    public var demand: InferenceDemand

    public init(terms: [any CostTerm], demand: InferenceDemand) { self.terms = terms; self.demand = demand }

    /// The paper's model: training compute, inference prefill and decode.
    public init(demand: InferenceDemand, training: Pricing? = nil, prefill: Pricing? = nil, decode: Pricing? = nil) {
        self.init(terms: [TrainingCompute(pricing: training),
                          InferencePrefill(tokens: demand.inputTokens, pricing: prefill),
                          InferenceDecode(tokens: demand.outputTokens, pricing: decode)],
                  demand: demand)
    }

    /// The same model serving `demand` instead (other terms, prices and hardware kept).
    public func serving(_ demand: InferenceDemand) -> CostModel {
        CostModel(terms: terms.map { term -> any CostTerm in
            if let p = term as? InferencePrefill { return InferencePrefill(tokens: demand.inputTokens, pricing: p.pricing) }
            if let d = term as? InferenceDecode { return InferenceDecode(tokens: demand.outputTokens, pricing: d.pricing) }
            return term
        }, demand: demand)
    }

    /// True when every term has a price (dollars and GPU-hours can be reported).
    public var isPriced: Bool { terms.allSatisfy { $0.pricing != nil } }

    /// Total weights of the objective, summed over terms.
    public func coefficients(for objective: PlanObjective) throws -> CostCoefficients {
        try terms.reduce(.zero) { $0 + (try $1.coefficients(for: objective)) }
    }

    /// FLOPs, GPU-hours and dollars of a candidate, split into training and inference.
    public func breakdown(params n: Double, tokens d: Double) -> CostBreakdown {
        var out = CostBreakdown()
        for term in terms {
            let f = term.flops.value(params: n, tokens: d)
            let hours = term.pricing.map { $0.gpuHours(flops: f) }
            let usd = term.pricing.map { $0.usdPerFLOP * f }
            switch term.phase {
            case .training:
                out.trainingFLOPs += f
                out.trainingGPUHours = add(out.trainingGPUHours, hours); out.trainingUSD = add(out.trainingUSD, usd)
            case .inference:
                out.inferenceFLOPs += f
                out.inferenceGPUHours = add(out.inferenceGPUHours, hours); out.inferenceUSD = add(out.inferenceUSD, usd)
            }
        }
        if !isPriced { out.trainingUSD = nil; out.inferenceUSD = nil; out.trainingGPUHours = nil; out.inferenceGPUHours = nil }
        return out
    }

    private func add(_ a: Double?, _ b: Double?) -> Double? { b.map { (a ?? 0) + $0 } ?? a }
}

/// FLOPs, and with a priced model GPU-hours and dollars, of training and of inference.
public struct CostBreakdown: Sendable, Equatable {
    public var trainingFLOPs = 0.0
    public var inferenceFLOPs = 0.0
    public var trainingGPUHours: Double?
    public var inferenceGPUHours: Double?
    public var trainingUSD: Double?
    public var inferenceUSD: Double?

    public init() {}

    public var totalFLOPs: Double { trainingFLOPs + inferenceFLOPs }
    public var totalUSD: Double? { trainingUSD.flatMap { t in inferenceUSD.map { t + $0 } } }
    public var totalGPUHours: Double? { trainingGPUHours.flatMap { t in inferenceGPUHours.map { t + $0 } } }
}
