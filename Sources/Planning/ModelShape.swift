import Foundation

/// The shape of a decoder-only transformer of N parameters, by a fixed rule: N ≈ 12·L·d²
/// (Kaplan et al. 2020, §2.1: attention 4d² and MLP 8d² per layer, embeddings left out) with
/// width d = r·L at the aspect ratio r = 120, the geometric mean of d/L over published open
/// models: Llama 2 7B, 13B, 70B (Touvron et al. 2023: 4096/32, 5120/40, 8192/80), Llama 3 8B,
/// 70B, 405B (Dubey et al. 2024: 4096/32, 8192/80, 16384/126) and Mistral 7B (4096/32).
/// So L = (N / (12·r²))^(1/3) and d = r·L; the rule gives 73.8 layers of width 8,888 for 70B
/// (Llama 2 70B: 80 of 8,192).
public struct ModelShape: Sendable, Equatable {
    public var layers: Double
    public var width: Double

    /// d / L of the rule.
    public static let aspectRatio = 120.0

    public init(layers: Double, width: Double) { self.layers = layers; self.width = width }

    /// The rule's shape for `params` parameters.
    public init(params n: Double) {
        let layers = cbrt(n / (12 * Self.aspectRatio * Self.aspectRatio))
        self.init(layers: layers, width: Self.aspectRatio * layers)
    }

    /// Bytes of key-value cache per token: 2 (K and V) · L · d_kv · bytes per value, with
    /// d_kv = d / `groups` under grouped-query attention (Ainslie et al. 2023; `groups` query
    /// heads share a KV head; 1 is multi-head attention). Llama 2 70B (L 80, d 8192, 8 groups)
    /// in 16-bit: 2·80·1024·2 = 327,680 bytes.
    public func kvBytesPerToken(groups: Double, bytesPerValue: Double) -> Double {
        2 * layers * (width / groups) * bytesPerValue
    }
}

extension DataType {
    /// Bytes per value stored in this type (weights, KV cache).
    public var bytes: Double {
        switch self {
        case .fp64: return 8
        case .fp32, .tf32: return 4
        case .bf16, .fp16: return 2
        case .fp8, .int8: return 1
        case .fp4: return 0.5
        }
    }
}
