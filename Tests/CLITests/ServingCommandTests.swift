import Foundation
import Testing

/// `--serving roofline` and its limits, end to end.
@Suite("Roofline serving (CLI)")
struct ServingCommandTests {
    static let plan70B = ["plan", "--preset", "chinchilla-sardana", "--quality-of", "70B", "--requests", "5e10",
                          "--objective", "cost", "--train-gpu", "h100-sxm", "--serving", "roofline"]

    static func serving(_ arguments: [String], _ side: String = "recommended") throws -> [String: Any] {
        let r = try CLIHarness.run(arguments + ["--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require((try jsonObject(r.stdout)[side] as? [String: Any])?["serving"] as? [String: Any])
    }

    @Test("cost --serving roofline: a 70B in bf16 on H100s needs 2 GPUs per replica and the figures follow by hand")
    func costByHand() throws {
        let r = try CLIHarness.run(["cost", "--params", "70B", "--tokens", "2T", "--requests", "1e10", "--serving", "roofline",
                                    "--infer-gpu", "h100-sxm", "--infer-dtype", "bf16", "--batch", "1", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let serving = try #require(try jsonObject(r.stdout)["serving"] as? [String: Any])
        #expect(serving["mode"] as? String == "roofline" && serving["gpus_per_replica"] as? Int == 2 && serving["batch"] as? Int == 1)
        #expect(serving["bound"] as? String == "memory-bandwidth")
        // KV per token from the shape rule: L = (70e9/(12·120²))^(1/3), d = 120·L, 2·L·(d/8)·2 bytes.
        let layers = cbrt(70e9 / (12 * 120 * 120)), kv = 2 * layers * (120 * layers / 8) * 2
        #expect(abs(try #require(serving["kv_bytes_per_token"] as? Double) - kv) / kv < 1e-12)
        // (140e9 + 285·kv) / (2 · 3.35e12 · 0.8) seconds per token, batch 1.
        let ms = (140e9 + 285 * kv) / (2 * 3.35e12 * 0.8) * 1000
        #expect(abs(try #require(serving["decode_ms_per_token"] as? Double) - ms) / ms < 1e-12)
        // Decode GPU-hours: 2.15e12 generated tokens × 2 GPUs × step / 3600, plus prefill 2·N·7e11 / (989.5e12·0.5·3600).
        let decodeHours = 2.15e12 * 2 * ms / 1000 / 3600, prefillHours = 2 * 70e9 * 7e11 / (989.5e12 * 0.5 * 3600)
        #expect(abs(try #require(serving["gpu_hours"] as? Double) - (decodeHours + prefillHours)) / decodeHours < 1e-9)
    }

    @Test("Without --serving the mode is fixed-mfu and the roofline keys are absent; roofline options need it")
    func fixedByDefault() throws {
        let s = try Self.serving(Array(Self.plan70B.dropLast(2)))
        #expect(s["mode"] as? String == "fixed-mfu" && s["decode_utilisation"] as? Double == 0.01)
        for key in ["gpus_per_replica", "batch", "decode_ms_per_token", "bound", "kv_bytes_per_token"] { #expect(s[key] == nil) }
        let r = try CLIHarness.run(Array(Self.plan70B.dropLast(2)) + ["--max-ms-per-token", "20"])
        #expect(r.status == 1 && r.stderr.contains("--max-ms-per-token needs --serving roofline"))
    }

    @Test("--max-ms-per-token binds as latency and is met; one no batch meets is refused with the shortfall")
    func latency() throws {
        let free = try Self.serving(Self.plan70B)
        let ms = try #require(free["decode_ms_per_token"] as? Double)
        let r = try CLIHarness.run(Self.plan70B + ["--max-ms-per-token", String(ms / 2), "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try jsonObject(r.stdout)
        #expect(object["binding_constraints"] as? [String] == ["latency"])
        let limited = try #require((object["recommended"] as? [String: Any])?["serving"] as? [String: Any])
        #expect(try #require(limited["decode_ms_per_token"] as? Double) <= ms / 2 * (1 + 1e-9))
        let impossible = try CLIHarness.run(Self.plan70B + ["--max-ms-per-token", "0.1"])
        #expect(impossible.status == 1 && impossible.stderr.contains("ms per token") && impossible.stderr.contains("over"))
    }

    @Test("--max-infer-gpus binds as memory for a 16-bit model on small GPUs")
    func memory() throws {
        let args = ["plan", "--preset", "chinchilla-sardana", "--quality-of", "70B", "--requests", "5e10", "--objective", "cost",
                    "--train-gpu", "a100-80gb", "--infer-gpu", "l40s", "--infer-dtype", "fp16", "--serving", "roofline"]
        let free = try Self.serving(args)
        let gpus = try #require(free["gpus_per_replica"] as? Int)
        #expect(gpus >= 2)
        let r = try CLIHarness.run(args + ["--max-infer-gpus", String(gpus - 1), "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try jsonObject(r.stdout)
        #expect(object["binding_constraints"] as? [String] == ["memory"])
        let bound = try #require((object["recommended"] as? [String: Any])?["serving"] as? [String: Any])
        #expect(try #require(bound["gpus_per_replica"] as? Int) <= gpus - 1)
        for format in ["text", "markdown", "csv", "latex"] {
            let t = try CLIHarness.run(args + ["--format", format])
            #expect(t.status == 0 && t.stdout.contains("decode ms/token"))
        }
    }

    @Test("Bad serving options are refused naming the option")
    func bad() throws {
        for (extra, word) in [(["--serving", "psychic"], "--serving"), (["--kv-dtype", "fp7"], "--kv-dtype"),
                              (["--bandwidth-utilisation", "1.5"], "--bandwidth-utilisation"), (["--kv-groups", "0.5"], "--kv-groups"),
                              (["--decode-mfu", "0.05"], "--decode-mfu")] {
            let r = try CLIHarness.run(Self.plan70B + extra)
            #expect(r.status != 0 && r.stderr.contains(word), "\(extra): \(r.stderr)")
        }
    }

    @Test("--unique-tokens and --synthetic-tokens work with roofline serving; a rephraser no replica holds is refused naming --max-infer-gpus")
    func cappedData() throws {
        let capped = ["plan", "--preset", "chinchilla-sardana", "--quality-of", "30B", "--requests", "5e10", "--objective", "cost",
                      "--train-gpu", "h100-sxm", "--unique-tokens", "2e11", "--serving", "roofline"]
        let r = try CLIHarness.run(capped + ["--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let recommended = try #require(try jsonObject(r.stdout)["recommended"] as? [String: Any])
        // The data is repeated (more raw tokens than unique ones) and the serving figures are there.
        #expect(try #require(recommended["tokens"] as? Double) > 2e11)
        #expect((recommended["serving"] as? [String: Any])?["mode"] as? String == "roofline")
        let synthetic = try CLIHarness.run(capped + ["--synthetic-tokens", "1e11", "--format", "json"])
        #expect(synthetic.status == 0, "\(synthetic.stderr)")
        let tooLarge = try CLIHarness.run(capped + ["--synthetic-tokens", "1e11", "--rephraser-params", "405B", "--infer-dtype", "bf16",
                                                            "--max-infer-gpus", "4"])
        #expect(tooLarge.status == 1)
        #expect(tooLarge.stderr.hasPrefix("scaleplan: --max-infer-gpus: the rephraser's 4.050e11 parameters need 11 GPUs"), "\(tooLarge.stderr)")
        #expect(tooLarge.stderr.contains("7 more than the largest replica of 4"), "\(tooLarge.stderr)")
    }
}
