import Foundation
import Testing

/// Errors raised deep in the planner reach the user naming the option that set the limit and
/// by how much it is missed (the library names the limit; the executable its option).
@Suite("Limit errors name their option (CLI)")
struct LimitMessageTests {
    static let plan = ["plan", "--preset", "chinchilla-sardana", "--requests", "5e10", "--objective", "cost", "--train-gpu", "h100-sxm"]
    static let roofline = plan + ["--serving", "roofline"]

    /// Runs, expects exit status 1 and a message starting `scaleplan: <option>:` that holds every word.
    static func refused(_ arguments: [String], option: String, _ words: [String]) throws {
        let r = try CLIHarness.run(arguments)
        #expect(r.status == 1, "\(arguments): \(r.stdout)")
        #expect(r.stderr.hasPrefix("scaleplan: \(option): "), "\(arguments): \(r.stderr)")
        for w in words { #expect(r.stderr.contains(w), "\(arguments): \(r.stderr)") }
        #expect(!r.stderr.contains("nan") && !r.stderr.contains("inf "), "\(r.stderr)")
    }

    @Test("A latency no batch meets: --max-ms-per-token, and how many ms over")
    func latency() throws {
        // The smallest model of 70B quality decodes one sequence in more than 0.1 ms.
        try Self.refused(Self.roofline + ["--quality-of", "70B", "--max-ms-per-token", "0.1"], option: "--max-ms-per-token",
                         ["decodes within 0.1 ms per token", "ms over"])
        // A given model: plan --params and cost.
        try Self.refused(Self.roofline + ["--quality-of", "70B", "--params", "70B", "--max-ms-per-token", "5"], option: "--max-ms-per-token",
                         ["7.000e10-parameter model takes", "ms over the limit of 5 ms"])
        try Self.refused(["cost", "--params", "70B", "--tokens", "2T", "--serving", "roofline", "--max-ms-per-token", "5"],
                         option: "--max-ms-per-token", ["ms over the limit of 5 ms"])
    }

    @Test("A model that fits no replica: --max-infer-gpus, and how many GPUs more")
    func replica() throws {
        // 400B quality: even its smallest model (≈39B parameters, 78 GB in fp16) needs 2 L40S (48 GB).
        try Self.refused(Self.roofline + ["--quality-of", "400B", "--infer-gpu", "l40s", "--infer-dtype", "fp16", "--max-infer-gpus", "1"],
                         option: "--max-infer-gpus", ["fits a replica of 1 GPUs", "needs 2 GPUs", "(1 more)"])
        try Self.refused(["cost", "--params", "70B", "--tokens", "2T", "--serving", "roofline", "--infer-dtype", "bf16", "--max-infer-gpus", "1"],
                         option: "--max-infer-gpus", ["needs 2 GPUs", "1 more than the replica's 1"])
    }

    @Test("A replica or batch given too small or too large: --infer-gpus, --batch")
    func fixed() throws {
        // 70B in bf16: 140 GB of weights on 80 GB GPUs needs 2.
        try Self.refused(["cost", "--params", "70B", "--tokens", "2T", "--serving", "roofline", "--infer-dtype", "bf16", "--infer-gpus", "1"],
                         option: "--infer-gpus", ["needs 2 GPUs", "1 more than the replica's 1"])
        try Self.refused(["cost", "--params", "70B", "--tokens", "2T", "--serving", "roofline", "--batch", "100000"],
                         option: "--batch", ["a batch of 100000 does not fit", "at most"])
        try Self.refused(Self.roofline + ["--quality-of", "70B", "--batch", "100000"], option: "--batch",
                         ["a batch of 100000 fits no replica", "holds"])
    }

    @Test("From a sweep too: the point no plan meets names the option")
    func sweep() throws {
        try Self.refused(["sweep", "--preset", "chinchilla-sardana", "--requests", "5e10", "--objective", "cost", "--train-gpu", "h100-sxm",
                          "--serving", "roofline", "--quality-of", "70B", "--vary", "max-ms-per-token=0.1:20:3"],
                         option: "--max-ms-per-token", ["decodes within 0.1 ms per token", "ms over"])
    }

    @Test("A deadline no plan meets: --deadline-days, and how many days more")
    func deadline() throws {
        try Self.refused(Self.plan + ["--quality-of", "70B", "--train-gpus", "4096", "--deadline-days", "5"], option: "--deadline-days",
                         ["trains in 5 days on 4096 GPUs", "days, ", "more"])
    }

    @Test("MTBF ≤ 0, PUE < 1, negative checkpoint time: the option and the amount")
    func ranges() throws {
        for (extra, option, words) in [
            (["--train-gpus", "8", "--gpu-mtbf-hours", "0"], "--gpu-mtbf-hours", ["> 0", "not 0"]),
            (["--train-gpus", "8", "--gpu-mtbf-hours=-10"], "--gpu-mtbf-hours", ["not -10"]),
            (["--pue", "0.9"], "--pue", ["≥ 1", "0.1 below 1"]),
            (["--grid-kgco2-per-kwh=-1"], "--grid-kgco2-per-kwh", ["≥ 0", "not -1"]),
            (["--train-gpus", "8", "--checkpoint-minutes=-1"], "--checkpoint-minutes", ["≥ 0", "not -1"]),
        ] as [([String], String, [String])] {
            let r = try CLIHarness.run(Self.plan + ["--quality-of", "70B"] + extra)
            #expect(r.status == 1, "\(extra)")
            #expect(r.stderr.contains(option), "\(extra): \(r.stderr)")
            for w in words { #expect(r.stderr.contains(w), "\(extra): \(r.stderr)") }
        }
    }
}
