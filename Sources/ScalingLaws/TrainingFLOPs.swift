/// FLOP accounting for dense decoder-only transformers.
public enum TrainingFLOPs {
    /// Training compute C ≈ 6·N·D: 2 FLOPs per parameter per token forward, 4 backward
    /// (Kaplan et al. 2020, §2.1; Hoffmann et al. 2022 use the same approximation).
    public static func estimate(params: Double, tokens: Double) -> Double { 6 * params * tokens }

    /// Tokens D = C / (6·N).
    public static func tokens(flops: Double, params: Double) -> Double { flops / (6 * params) }

    /// Parameters N = C / (6·D).
    public static func params(flops: Double, tokens: Double) -> Double { flops / (6 * tokens) }

    /// Inference compute ≈ 2·N per token (forward pass only; Sardana & Frankle 2024, §2).
    public static func inference(params: Double, tokens: Double) -> Double { 2 * params * tokens }
}
