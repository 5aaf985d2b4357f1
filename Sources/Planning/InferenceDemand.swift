/// The inference a model serves over its lifetime, split into prompt (input, prefill) and
/// generated (output, decode) tokens, which cost differently: prefill runs at high
/// utilisation, decode is memory-bound (Sardana & Frankle 2024, §3: 50% vs 1% MFU by default).
///
/// Inference FLOPs are 2·N per token either way (a forward pass).
public struct InferenceDemand: Sendable, Equatable {
    /// Total prompt tokens processed (prefill).
    public var inputTokens: Double
    /// Total tokens generated (decode).
    public var outputTokens: Double
    /// Number of requests, when the demand was given as requests.
    public var requests: Double?

    /// The request shape Sardana & Frankle assume (§3): 70 input and 215 output tokens.
    public static let paperInputTokensPerRequest = 70.0
    public static let paperOutputTokensPerRequest = 215.0

    public static let none = InferenceDemand(inputTokens: 0, outputTokens: 0)

    public init(inputTokens: Double, outputTokens: Double, requests: Double? = nil) {
        self.inputTokens = inputTokens; self.outputTokens = outputTokens; self.requests = requests
    }

    /// `requests` requests of `input` prompt and `output` generated tokens each.
    public init(requests: Double, inputTokens input: Double, outputTokens output: Double) {
        self.init(inputTokens: requests * input, outputTokens: requests * output, requests: requests)
    }

    /// A total token count, split between prompt and generation in the paper's 70 : 215 ratio
    /// (only the dollar objective depends on the split).
    public init(tokens: Double) {
        let share = Self.paperInputTokensPerRequest / (Self.paperInputTokensPerRequest + Self.paperOutputTokensPerRequest)
        self.init(inputTokens: tokens * share, outputTokens: tokens * (1 - share))
    }

    /// D_inf: all tokens served.
    public var tokens: Double { inputTokens + outputTokens }

    /// The same demand scaled by `factor` (break-even searches scale the whole demand).
    public func scaled(by factor: Double) -> InferenceDemand {
        InferenceDemand(inputTokens: inputTokens * factor, outputTokens: outputTokens * factor,
                        requests: requests.map { $0 * factor })
    }

    /// Throws when a count is negative or not finite.
    public func validated() throws -> InferenceDemand {
        for (name, v) in [("input tokens", inputTokens), ("output tokens", outputTokens), ("requests", requests ?? 0)]
        where !(v.isFinite && v >= 0) {
            throw PlanningError.invalidInput("inference demand: \(name) must be a finite number ≥ 0, not \(v)")
        }
        return self
    }
}
