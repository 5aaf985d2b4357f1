/// Number formats an accelerator computes in; the raw value is the command-line name
/// (`--train-dtype bf16`).
public enum DataType: String, Codable, CaseIterable, Sendable, Comparable {
    case fp64, fp32, tf32, bf16, fp16, fp8, int8, fp4

    public static func < (a: DataType, b: DataType) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One accelerator: what it computes per second in each data type, its memory, and what an
/// hour of it typically costs. Every figure names where it comes from (`sources`).
///
/// Peak figures are DENSE: vendor datasheets print the "with sparsity" (2:4 structured)
/// figure for tensor cores, which is twice the dense one; dense matrix multiplies, which is
/// what training and inference run, get at most the dense peak.
public struct HardwareProfile: Sendable, Equatable, Codable {
    /// Case-insensitive command-line name (`h100-sxm`).
    public var slug: String
    public var name: String
    /// Peak dense FLOP/s (OP/s for integers) per data type.
    public var peakDenseFLOPS: [DataType: Double]
    public var memoryGB: Double
    /// Memory bandwidth in GB/s.
    public var memoryBandwidthGBps: Double
    /// A typical on-demand cloud price in USD per GPU-hour (indicative: prices vary widely).
    public var priceUSDPerGPUHour: Double
    /// Board power in watts (the datasheet's maximum thermal design power), for energy and
    /// emissions; nil when the profile does not give it (`--gpu-power-w` then supplies it).
    public var boardPowerW: Double?
    /// Where each figure comes from: keys `peak_dense_flops`, `memory`, `bandwidth`, `price`, `power`.
    public var sources: [String: String]

    public init(slug: String, name: String, peakDenseFLOPS: [DataType: Double], memoryGB: Double,
                memoryBandwidthGBps: Double, priceUSDPerGPUHour: Double, boardPowerW: Double? = nil,
                sources: [String: String]) {
        self.slug = slug; self.name = name; self.peakDenseFLOPS = peakDenseFLOPS
        self.memoryGB = memoryGB; self.memoryBandwidthGBps = memoryBandwidthGBps
        self.priceUSDPerGPUHour = priceUSDPerGPUHour; self.boardPowerW = boardPowerW; self.sources = sources
    }

    enum CodingKeys: String, CodingKey {
        case slug, name, sources
        case peakDenseFLOPS = "peak_dense_flops"
        case memoryGB = "memory_gb"
        case memoryBandwidthGBps = "memory_bandwidth_gb_per_s"
        case priceUSDPerGPUHour = "price_usd_per_gpu_hour"
        case boardPowerW = "board_power_w"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        slug = try c.decode(String.self, forKey: .slug)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? slug
        let raw = try c.decode([String: Double].self, forKey: .peakDenseFLOPS)
        var peaks: [DataType: Double] = [:]
        for (key, value) in raw {
            guard let type = DataType(rawValue: key.lowercased()) else {
                throw PlanningError.invalidInput("hardware '\(slug)': unknown data type '\(key)' in peak_dense_flops (known: \(DataType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard value.isFinite, value > 0 else {
                throw PlanningError.invalidInput("hardware '\(slug)': peak_dense_flops.\(key) must be a positive number of FLOP/s, not \(value)")
            }
            peaks[type] = value
        }
        peakDenseFLOPS = peaks
        memoryGB = try c.decodeIfPresent(Double.self, forKey: .memoryGB) ?? 0
        memoryBandwidthGBps = try c.decodeIfPresent(Double.self, forKey: .memoryBandwidthGBps) ?? 0
        priceUSDPerGPUHour = try c.decode(Double.self, forKey: .priceUSDPerGPUHour)
        guard priceUSDPerGPUHour.isFinite, priceUSDPerGPUHour >= 0 else {
            throw PlanningError.invalidInput("hardware '\(slug)': price_usd_per_gpu_hour must be ≥ 0")
        }
        boardPowerW = try c.decodeIfPresent(Double.self, forKey: .boardPowerW)
        if let w = boardPowerW, !(w.isFinite && w > 0) {
            throw PlanningError.invalidInput("hardware '\(slug)': board_power_w must be a positive number of watts, not \(w)")
        }
        sources = try c.decodeIfPresent([String: String].self, forKey: .sources) ?? [:]
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(slug, forKey: .slug)
        try c.encode(name, forKey: .name)
        try c.encode(Dictionary(uniqueKeysWithValues: peakDenseFLOPS.map { ($0.key.rawValue, $0.value) }), forKey: .peakDenseFLOPS)
        try c.encode(memoryGB, forKey: .memoryGB)
        try c.encode(memoryBandwidthGBps, forKey: .memoryBandwidthGBps)
        try c.encode(priceUSDPerGPUHour, forKey: .priceUSDPerGPUHour)
        try c.encodeIfPresent(boardPowerW, forKey: .boardPowerW)
        try c.encode(sources, forKey: .sources)
    }

    /// Peak dense FLOP/s in `type`, or an error listing the types this accelerator has.
    public func peak(_ type: DataType) throws -> Double {
        guard let value = peakDenseFLOPS[type] else {
            throw PlanningError.invalidInput("\(slug) has no \(type.rawValue) figure (it has: \(peakDenseFLOPS.keys.sorted().map(\.rawValue).joined(separator: ", ")))")
        }
        return value
    }
}
