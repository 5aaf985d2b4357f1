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

/// The costs of training and serving a candidate model, term by term.
///
/// Every term's FLOPs are a bilinear form in (N, D), and its GPU-hours and dollars are its FLOPs
/// times a constant, so the model sums the terms once, per phase, into bilinear forms: planning
/// then evaluates a handful of forms instead of walking the terms (a sweep plans millions).
public struct CostModel: Sendable {
    /// The inference the model serves (what the inference terms were built from).
    public let demand: InferenceDemand
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
        /// The first term without a price, if any (the cost objective then cannot be used).
        var unpriced: String?

        /// Adds one term (generic, so the paper's three terms are summed without boxing).
        mutating func add<Term: CostTerm>(_ term: Term) {
            let f = term.flops
            guard let pricing = term.pricing else {
                if unpriced == nil { unpriced = term.name }
                if term.phase == .training { trainingFLOPs = trainingFLOPs + f } else { inferenceFLOPs = inferenceFLOPs + f }
                return
            }
            let hours = pricing.gpuHours(flops: 1) * f, usd = pricing.usdPerFLOP * f
            switch term.phase {
            case .training:
                trainingFLOPs = trainingFLOPs + f; trainingHours = trainingHours + hours; trainingUSD = trainingUSD + usd
            case .inference:
                inferenceFLOPs = inferenceFLOPs + f; inferenceHours = inferenceHours + hours; inferenceUSD = inferenceUSD + usd
            }
        }
    }

    public init(terms: [any CostTerm], demand: InferenceDemand) {
        var sums = Sums()
        for term in terms { sums.add(term) }
        self.storage = .custom(terms); self.demand = demand; self.sums = sums
    }

    /// The paper's model: training compute, inference prefill and decode.
    public init(demand: InferenceDemand, training: Pricing? = nil, prefill: Pricing? = nil, decode: Pricing? = nil) {
        let train = TrainingCompute(pricing: training)
        let input = InferencePrefill(tokens: demand.inputTokens, pricing: prefill)
        let output = InferenceDecode(tokens: demand.outputTokens, pricing: decode)
        var sums = Sums()
        sums.add(train); sums.add(input); sums.add(output)
        self.storage = .paper(train, input, output); self.demand = demand; self.sums = sums
    }

    /// The same model serving `demand` instead (other terms, prices and hardware kept).
    public func serving(_ demand: InferenceDemand) -> CostModel {
        if case let .paper(train, input, output) = storage {
            return CostModel(demand: demand, training: train.pricing, prefill: input.pricing, decode: output.pricing)
        }
        return CostModel(terms: terms.map { term -> any CostTerm in
            if let p = term as? InferencePrefill { return InferencePrefill(tokens: demand.inputTokens, pricing: p.pricing) }
            if let d = term as? InferenceDecode { return InferenceDecode(tokens: demand.outputTokens, pricing: d.pricing) }
            return term
        }, demand: demand)
    }

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
        }
        return out
    }
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
