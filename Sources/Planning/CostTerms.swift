/// Training compute: 6·N·D_tr FLOPs (Kaplan et al. 2020, §2.1; Hoffmann et al. 2022).
public struct TrainingCompute: CostTerm {
    public var name: String { "training" }
    public var phase: CostPhase { .training }
    public var pricing: Pricing?
    public init(pricing: Pricing? = nil) { self.pricing = pricing }
    public var flops: CostCoefficients { CostCoefficients(perParamToken: 6) }
}

/// Prompt processing: 2·N FLOPs per input token, compute-bound, at the prefill utilisation
/// (Sardana & Frankle 2024, §3: 50% MFU by default).
public struct InferencePrefill: CostTerm {
    public var name: String { "inference prefill" }
    public var phase: CostPhase { .inference }
    /// Input tokens over the model's lifetime.
    public var tokens: Double
    public var pricing: Pricing?
    public init(tokens: Double, pricing: Pricing? = nil) { self.tokens = tokens; self.pricing = pricing }
    public var flops: CostCoefficients { CostCoefficients(perParam: 2 * tokens) }
}

/// Generation: 2·N FLOPs per output token, memory-bound, at the decode utilisation
/// (Sardana & Frankle 2024, §3: 1% MFU by default).
public struct InferenceDecode: CostTerm {
    public var name: String { "inference decode" }
    public var phase: CostPhase { .inference }
    /// Output tokens over the model's lifetime.
    public var tokens: Double
    public var pricing: Pricing?
    public init(tokens: Double, pricing: Pricing? = nil) { self.tokens = tokens; self.pricing = pricing }
    public var flops: CostCoefficients { CostCoefficients(perParam: 2 * tokens) }
}
