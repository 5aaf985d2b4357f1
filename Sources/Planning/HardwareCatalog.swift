/// The built-in accelerators, embedded so that plans work without the `data/` folder; the
/// same figures are published in `data/hardware.json` (a test keeps the two equal).
///
/// Dense peaks: where a datasheet prints only the with-sparsity tensor figure (marked with an
/// asterisk by NVIDIA and AMD), the dense figure is half of it. Prices are indicative
/// on-demand cloud rates, rounded; they vary by provider, commitment and month: pass
/// `--train-price` / `--infer-price` for real decisions.
public enum HardwareCatalog {
    private static let indicativePrice = "indicative on-demand cloud price per GPU-hour (rounded, 2024-25 public list prices); not a quote"

    public static let builtIn: [HardwareProfile] = [
        ampere(slug: "a100-40gb", name: "NVIDIA A100 40GB SXM", memory: 40, bandwidth: 1555,
               memorySource: "NVIDIA A100 Tensor Core GPU datasheet: 40GB HBM2, 1,555 GB/s", price: 1.5),
        ampere(slug: "a100-80gb", name: "NVIDIA A100 80GB SXM", memory: 80, bandwidth: 2039,
               memorySource: "NVIDIA A100 Tensor Core GPU datasheet: 80GB HBM2e, 2,039 GB/s", price: 1.8),
        hopper(slug: "h100-sxm", name: "NVIDIA H100 SXM", memory: 80, bandwidth: 3350,
               source: "NVIDIA H100 Tensor Core GPU datasheet (SXM)", memorySource: "80GB HBM3, 3.35 TB/s", price: 3.0),
        hopper(slug: "h200", name: "NVIDIA H200 SXM", memory: 141, bandwidth: 4800,
               source: "NVIDIA H200 Tensor Core GPU datasheet (SXM)", memorySource: "141GB HBM3e, 4.8 TB/s", price: 3.8),
        HardwareProfile(
            slug: "b200", name: "NVIDIA B200 (HGX B200)",
            peakDenseFLOPS: [.fp64: 37e12, .fp32: 75e12, .tf32: 1.1e15, .bf16: 2.25e15, .fp16: 2.25e15,
                             .fp8: 4.5e15, .int8: 4.5e15, .fp4: 9e15],
            memoryGB: 180, memoryBandwidthGBps: 7700, priceUSDPerGPUHour: 5.5, boardPowerW: 1000,
            sources: ["power": "NVIDIA HGX B200 datasheet, individual GPU: max thermal design power (TDP) configurable up to 1,000 W",
                      "peak_dense_flops": "NVIDIA HGX B200 datasheet, individual-GPU column: tensor FP4 18 PF, FP8/FP6 9 PF, INT8 9 POPS, FP16/BF16 4.5 PF, TF32 2.2 PF are with sparsity (dense is half); FP32 75, FP64 37 TFLOPS",
                      "memory": "NVIDIA HGX B200 datasheet, individual GPU: 180GB HBM3e (the B200 package is also quoted at 192 GB)",
                      "bandwidth": "NVIDIA HGX B200 datasheet, individual GPU: 7.7 TB/s",
                      "price": indicativePrice]),
        HardwareProfile(
            slug: "l40s", name: "NVIDIA L40S",
            peakDenseFLOPS: [.fp32: 91.6e12, .tf32: 183e12, .bf16: 362.05e12, .fp16: 362.05e12,
                             .fp8: 733e12, .int8: 733e12],
            memoryGB: 48, memoryBandwidthGBps: 864, priceUSDPerGPUHour: 1.0, boardPowerW: 350,
            sources: ["power": "NVIDIA L40S datasheet: max power consumption 350 W",
                      "peak_dense_flops": "NVIDIA L40S datasheet: dense TF32 183, BF16/FP16 362.05, FP8 733 TFLOPS, INT8 733 TOPS (with sparsity: twice these)",
                      "memory": "NVIDIA L40S datasheet: 48GB GDDR6 with ECC",
                      "bandwidth": "NVIDIA L40S datasheet: 864 GB/s",
                      "price": indicativePrice]),
        HardwareProfile(
            slug: "mi300x", name: "AMD Instinct MI300X",
            peakDenseFLOPS: [.fp64: 163.4e12, .fp32: 163.4e12, .tf32: 653.7e12, .bf16: 1307.4e12,
                             .fp16: 1307.4e12, .fp8: 2614.9e12, .int8: 2614.9e12],
            memoryGB: 192, memoryBandwidthGBps: 5300, priceUSDPerGPUHour: 3.0, boardPowerW: 750,
            sources: ["power": "AMD Instinct MI300X data sheet: total board power (TBP) 750 W peak",
                      "peak_dense_flops": "AMD Instinct MI300X data sheet: dense FP64/FP32 matrix 163.4, TF32 653.7, FP16/BF16 1,307.4, FP8 2,614.9 TFLOPS, INT8 2,614.9 TOPS (with sparsity: twice the TF32 and lower-precision figures)",
                      "memory": "AMD Instinct MI300X data sheet: 192 GB HBM3",
                      "bandwidth": "AMD Instinct MI300X data sheet: 5.3 TB/s peak",
                      "price": indicativePrice]),
    ]

    /// The A100s share their compute (NVIDIA A100 datasheet, SXM column).
    private static func ampere(slug: String, name: String, memory: Double, bandwidth: Double,
                               memorySource: String, price: Double) -> HardwareProfile {
        HardwareProfile(
            slug: slug, name: name,
            peakDenseFLOPS: [.fp64: 19.5e12, .fp32: 19.5e12, .tf32: 156e12, .bf16: 312e12, .fp16: 312e12, .int8: 624e12],
            memoryGB: memory, memoryBandwidthGBps: bandwidth, priceUSDPerGPUHour: price, boardPowerW: 400,
            sources: ["power": "NVIDIA A100 Tensor Core GPU datasheet (SXM): max thermal design power (TDP) 400 W",
                      "peak_dense_flops": "NVIDIA A100 Tensor Core GPU datasheet (SXM): FP64 Tensor 19.5, FP32 19.5, TF32 156, BF16/FP16 312 TFLOPS, INT8 624 TOPS dense (the starred figures, twice these, are with sparsity)",
                      "memory": memorySource, "bandwidth": memorySource, "price": indicativePrice])
    }

    /// H100 SXM and H200 share their compute; the datasheets print with-sparsity tensor
    /// figures (TF32 989, BF16/FP16 1,979, FP8 3,958 TFLOPS, INT8 3,958 TOPS): dense is half.
    private static func hopper(slug: String, name: String, memory: Double, bandwidth: Double,
                               source: String, memorySource: String, price: Double) -> HardwareProfile {
        HardwareProfile(
            slug: slug, name: name,
            peakDenseFLOPS: [.fp64: 67e12, .fp32: 67e12, .tf32: 494.5e12, .bf16: 989.5e12, .fp16: 989.5e12,
                             .fp8: 1979e12, .int8: 1979e12],
            memoryGB: memory, memoryBandwidthGBps: bandwidth, priceUSDPerGPUHour: price, boardPowerW: 700,
            sources: ["power": "\(source): max thermal design power (TDP) up to 700 W (configurable)",
                      "peak_dense_flops": "\(source): FP64 Tensor 67, FP32 67 TFLOPS; tensor TF32 989, BF16/FP16 1,979, FP8 3,958 TFLOPS and INT8 3,958 TOPS are with sparsity, dense is half",
                      "memory": "\(source): \(memorySource)", "bandwidth": "\(source): \(memorySource)", "price": indicativePrice])
    }

    /// A profile by case-insensitive slug among `profiles`, or an error listing the slugs.
    public static func profile(_ slug: String, in profiles: [HardwareProfile] = builtIn) throws -> HardwareProfile {
        if let p = profiles.first(where: { $0.slug.lowercased() == slug.lowercased() }) { return p }
        throw PlanningError.unknownHardware(slug, known: profiles.map(\.slug))
    }
}
