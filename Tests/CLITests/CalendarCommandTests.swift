import Foundation
import Testing

/// `--train-gpus`, failures, `--deadline-days`, energy and `scaleplan cost`, end to end.
@Suite("Training calendar, energy and cost (CLI)")
struct CalendarCommandTests {
    static let plan70B = ["plan", "--preset", "chinchilla-sardana", "--quality-of", "70B", "--requests", "5e10",
                          "--objective", "cost", "--train-gpu", "h100-sxm"]

    @Test("Without the new options the output keeps today's keys: no training or serving objects")
    func defaultsUnchanged() throws {
        let r = try CLIHarness.run(["plan", "--preset", "chinchilla-sardana", "--quality-of", "30B", "--inference-tokens", "1e13", "--format", "json"])
        #expect(r.status == 0)
        let recommended = try #require(try jsonObject(r.stdout)["recommended"] as? [String: Any])
        for key in ["training", "serving", "total_energy_kwh", "total_co2_t", "training_gpu_hours"] { #expect(recommended[key] == nil) }
        // Priced without --train-gpus: energy, but no calendar keys.
        let priced = try CLIHarness.run(Self.plan70B + ["--format", "json"])
        let training = try #require((try jsonObject(priced.stdout)["recommended"] as? [String: Any])?["training"] as? [String: Any])
        #expect(training["energy_kwh"] is Double && training["co2_t"] is Double)
        for key in ["gpus", "wall_clock_days", "goodput", "expected_interruptions", "checkpoint_interval_minutes"] { #expect(training[key] == nil) }
    }

    @Test("cost: a 70B on 2T tokens on 2,048 H100s, every figure checked by hand (Daly's goodput 0.957275)")
    func costByHand() throws {
        let r = try CLIHarness.run(["cost", "--params", "70B", "--tokens", "2T", "--train-gpu", "h100-sxm", "--train-gpus", "2048",
                                    "--preset", "chinchilla-sardana", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try jsonObject(r.stdout)
        // Worked by hand: M = 50,677 / 2048 = 24.7446 h, δ = 1 min, R = 10 min → τ = 53.827 min,
        // goodput 0.9572754; 6·70e9·2e12 / (989.5e12 · 0.5 · 3600) = 471,618.66 useful GPU-hours.
        let training = try #require(object["training"] as? [String: Any])
        func value(_ key: String) throws -> Double { try #require(training[key] as? Double) }
        #expect(abs(try value("goodput") - 0.9572754) < 1e-6)
        #expect(abs(try value("checkpoint_interval_minutes") - 53.82717) < 1e-4)
        #expect(relativeError(try value("gpu_hours"), 492_667.68) < 1e-7)
        #expect(relativeError(try value("wall_clock_days"), 10.023350) < 1e-6)
        #expect(relativeError(try value("expected_interruptions"), 9.721721) < 1e-6)
        #expect(relativeError(try value("energy_kwh"), 379_354.12) < 1e-7)   // × 700 W × PUE 1.1
        #expect(relativeError(try value("co2_t"), 146.05134) < 1e-6)        // × 0.385 kg/kWh
        #expect(try value("gpus") == 2048)
        // The loss by hand: 1.69 + 406.4/70e9^0.336 + 410.7/2e12^0.283.
        #expect(abs(try #require(object["loss"] as? Double) - 1.9178803) < 1e-6)
        #expect(object["total_co2_t"] is Double && object["serving"] is [String: Any])
        // Without a law there is no loss key (never null).
        let bare = try CLIHarness.run(["cost", "--params", "70B", "--tokens", "2T", "--format", "json"])
        #expect(try jsonObject(bare.stdout)["loss"] == nil)
        for format in ["text", "markdown", "csv", "latex"] {
            let t = try CLIHarness.run(["cost", "--params", "70B", "--tokens", "2T", "--train-gpus", "2048", "--format", format])
            #expect(t.status == 0 && t.stdout.contains("wall-clock days") && t.stdout.contains("CO2"))
        }
    }

    @Test("--gpu-mtbf-hours inf turns failures off: goodput 1, no interruptions, no checkpoint interval")
    func noFailures() throws {
        let r = try CLIHarness.run(["cost", "--params", "7B", "--tokens", "1T", "--train-gpus", "64", "--gpu-mtbf-hours", "inf", "--format", "json"])
        #expect(r.status == 0)
        let training = try #require(try jsonObject(r.stdout)["training"] as? [String: Any])
        #expect(training["goodput"] as? Double == 1 && training["expected_interruptions"] as? Double == 0)
        #expect(training["checkpoint_interval_minutes"] == nil)
    }

    @Test("A deadline binds as \"deadline\" and raises N; one no plan meets says by how many days")
    func deadline() throws {
        let free = try jsonObject(try CLIHarness.run(Self.plan70B + ["--train-gpus", "4096", "--format", "json"]).stdout)
        let freeRecommended = try #require(free["recommended"] as? [String: Any])
        let days = try #require((freeRecommended["training"] as? [String: Any])?["wall_clock_days"] as? Double)
        let r = try CLIHarness.run(Self.plan70B + ["--train-gpus", "4096", "--deadline-days", String(days * 0.7), "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try jsonObject(r.stdout)
        #expect(object["binding_constraints"] as? [String] == ["deadline"])
        let recommended = try #require(object["recommended"] as? [String: Any])
        #expect(try #require(recommended["params"] as? Double) > (try #require(freeRecommended["params"] as? Double)))
        let bound = try #require((recommended["training"] as? [String: Any])?["wall_clock_days"] as? Double)
        #expect(relativeError(bound, days * 0.7) < 1e-8)
        let text = try CLIHarness.run(Self.plan70B + ["--train-gpus", "4096", "--deadline-days", String(days * 0.7)])
        #expect(text.stdout.contains("binding constraint: --deadline-days"))
        let impossible = try CLIHarness.run(Self.plan70B + ["--train-gpus", "4096", "--deadline-days", "5"])
        #expect(impossible.status == 1)
        #expect(impossible.stderr.contains("5 days") && impossible.stderr.contains("more"), "\(impossible.stderr)")
    }

    @Test("Bad input names the option and the amount")
    func badInput() throws {
        let cases: [([String], [String])] = [
            (["--pue", "0.9"], ["--pue", "0.1 below 1"]),
            (["--train-gpus", "8", "--gpu-mtbf-hours", "0"], ["--gpu-mtbf-hours", "> 0"]),
            (["--train-gpus", "8", "--gpu-mtbf-hours=-10"], ["--gpu-mtbf-hours"]),
            (["--deadline-days", "30"], ["--deadline-days needs --train-gpus"]),
            (["--objective", "watts"], ["--objective", "energy", "co2"]),
        ]
        for (extra, words) in cases {
            let r = try CLIHarness.run(Self.plan70B + extra)
            #expect(r.status == 1, "\(extra)")
            for w in words { #expect(r.stderr.contains(w), "\(extra): \(r.stderr)") }
        }
    }

    @Test("--objective energy and co2 plan, and sweep varies the calendar")
    func objectivesAndSweep() throws {
        for objective in ["energy", "co2"] {
            let r = try CLIHarness.run(["plan", "--preset", "chinchilla-sardana", "--quality-of", "30B", "--inference-tokens", "1e13",
                                        "--objective", objective, "--format", "json"])
            #expect(r.status == 0)
            let o = try jsonObject(r.stdout)
            #expect(o["objective"] as? String == objective)
        }
        let s = try CLIHarness.run(Self.plan70B.map { $0 == "plan" ? "sweep" : $0 } + ["--vary", "train-gpus=512:8192:3:log", "--format", "json"])
        #expect(s.status == 0, "\(s.stderr)")
        let plans = try #require(try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? [[String: Any]])
        let goodputs = plans.compactMap { (($0["recommended"] as? [String: Any])?["training"] as? [String: Any])?["goodput"] as? Double }
        #expect(goodputs.count == 3 && goodputs[0] > goodputs[1] && goodputs[1] > goodputs[2])
    }
}

private func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / abs(b) }
