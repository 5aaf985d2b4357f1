import Foundation
import Testing

/// Repeated data end to end: `simulate --unique-tokens`, `fit --form data-constrained`,
/// `predict --unique-tokens`, and a plan that takes R*_D from the law file. The law's own values
/// are checked against a reference computation in ScalingLawsTests (DataConstrainedLawTests);
/// here the figures come from that same reference (Python, from the paper's eqs. 5–7) or from
/// the simulated truth.
@Suite struct DataConstrainedCommandTests {
    @Test("predict --preset muennighoff2023 --unique-tokens: the paper's law on N′ and D′")
    func predictWithRepeatedData() throws {
        let r = try CLIHarness.run(["predict", "--preset", "muennighoff2023", "--params", "8.7B", "--tokens", "178B",
                                    "--unique-tokens", "44.5B", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r.stdout)
        let expected = 2.2070192725672224   // eqs. 5–7 with the preset's coefficients (Python reference)
        #expect(abs((o["loss"] as? Double ?? .nan) / expected - 1) < 1e-13)
        #expect(o["unique_tokens"] as? Double == 44.5e9)
        // Without --unique-tokens every token is fresh: Chinchilla's form.
        let fresh = try jsonObject(try CLIHarness.run(["predict", "--preset", "muennighoff2023", "--params", "8.7B",
                                                      "--tokens", "178B", "--format", "json"]).stdout)
        let chinchilla = exp(0.6254804) + exp(6.255414) / pow(8.7e9, 0.3526596) + exp(7.3049974) / pow(178e9, 0.3526596)
        #expect(abs((fresh["loss"] as? Double ?? .nan) / chinchilla - 1) < 1e-13)
    }

    @Test("predict refuses unique tokens for a law without data, and --law with --preset")
    func predictRefusals() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("power-\(UUID().uuidString).json")
        try #"{"form": "power-law", "parameters": {"E": 1.7, "A": 100, "alpha": 0.05}}"#.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try CLIHarness.run(["predict", "--law", file.path, "--params", "1B", "--tokens", "20B", "--unique-tokens", "5B"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("unique tokens need a chinchilla or data-constrained law"))
        let both = try CLIHarness.run(["predict", "--law", file.path, "--preset", "chinchilla", "--params", "1B", "--tokens", "20B"])
        #expect(both.status == 64 && both.stderr.contains("give one of --law LAW.json or --preset NAME"))
    }

    @Test("half-life options belong to the data-constrained form: elsewhere they are refused, not ignored")
    func halfLivesRefusedForOtherForms() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let runs = scratch.file("runs.csv", "params,tokens,loss\n1e8,2e9,3.1\n2e8,4e9,2.9\n4e8,8e9,2.7\n")
        for option in ["--repetition-half-life", "--params-half-life"] {
            let r = try CLIHarness.run(["fit", runs, "--form", "chinchilla", option, "15"])
            #expect(r.status == 64, "\(option): \(r.stderr)")
            #expect(r.stderr.contains("are for --form data-constrained (this fit is --form chinchilla)"), "\(r.stderr)")
        }
    }

    @Test("fit --form data-constrained recovers R*_D and R*_N; the saved law predicts and plans with them")
    func fitPredictPlan() throws {
        // Half-lives on the profile grid (100^(k/24)), so noiseless recovery can be exact.
        let (rD, rN, beta) = (10.0, pow(100, 8.0 / 24), 0.36)
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }   // the directory lives to the end of the test
        let truth = scratch.file("truth.json", """
            {"form": "data-constrained", "parameters": {"E": 1.8, "A": 450, "B": 1800, "alpha": 0.34, "beta": \(beta), "R_D": \(rD), "R_N": \(rN)}}
            """)
        // Every size and token count with all data fresh, with 3B unique tokens, and with 0.6B.
        var lines: [String] = []
        for unique in ["1e15", "3e9", "6e8"] {
            let r = try CLIHarness.run(["simulate", "--law", truth, "--params", "1e7:2e9:6", "--tokens", "2e8:1e11:6",
                                        "--unique-tokens", unique])
            #expect(r.status == 0, "\(r.stderr)")
            let rows = r.stdout.split(separator: "\n").map(String.init)
            lines += lines.isEmpty ? rows : Array(rows.dropFirst())
        }
        #expect(lines.first == "params,tokens,flops,unique_tokens,loss")
        let runs = scratch.file("runs.csv", lines.joined(separator: "\n") + "\n"), law = scratch.path("law.json")

        let fit = try CLIHarness.run(["fit", runs, "--form", "data-constrained", "--save", law, "--format", "json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let parameters = try #require(try jsonObject(fit.stdout)["parameters"] as? [String: Double])
        #expect(abs(parameters["R_D"]! / rD - 1) < 1e-9)
        #expect(abs(parameters["R_N"]! / rN - 1) < 1e-9)
        #expect(abs(parameters["beta"]! / beta - 1) < 1e-4)

        // A run from the middle of the 0.6B-unique sweep (repeated data, an over-sized model).
        let cells = lines[lines.count - 15].split(separator: ",").map(String.init)
        let (n, d, u, expected) = (cells[0], cells[1], cells[3], Double(cells[4])!)
        let p = try CLIHarness.run(["predict", "--law", law, "--params", n, "--tokens", d, "--unique-tokens", u, "--format", "json"])
        #expect(p.status == 0, "\(p.stderr)")
        #expect(abs((try jsonObject(p.stdout)["loss"] as? Double ?? .nan) / expected - 1) < 1e-5)

        let plan = try CLIHarness.run(["plan", "--law", law, "--target-loss", "2.3", "--unique-tokens", "20B", "--format", "json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let repeated = try #require(try jsonObject(plan.stdout)["repeated_data"] as? [String: Any])
        #expect(abs((repeated["half_life"] as? Double ?? .nan) / rD - 1) < 1e-9)
    }

    /// The truth law of `fitPredictPlan` written by hand (no fit involved): a plan on 20B unique
    /// tokens reports both half-lives, and R*_N moves the recommended size. The sizes are the
    /// root of N·∂L/∂N = D·∂L/∂D along L = 2.3 (the optimum of 6·N·D), solved in Python with
    /// scipy's brentq from the paper's eqs. 5–7 (central differences for the derivatives):
    /// N = 3348763545.82, D = 72613457127.4; without R_N, N = 4047669007.68.
    @Test("plan --law (data-constrained) --unique-tokens: params_half_life reported, and R*_N moves N from 4.05B to 3.35B")
    func planWithParamsHalfLife() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let base = #""E": 1.8, "A": 450, "B": 1800, "alpha": 0.34, "beta": 0.36, "R_D": 10"#
        let rN = pow(100, 8.0 / 24)
        let withRN = scratch.file("with.json", #"{"form": "data-constrained", "parameters": {"# + base + #", "R_N": \#(rN)}}"#)
        let withoutRN = scratch.file("without.json", #"{"form": "data-constrained", "parameters": {"# + base + "}}")
        let arguments = ["--target-loss", "2.3", "--unique-tokens", "20B", "--format", "json"]
        let plan = try CLIHarness.run(["plan", "--law", withRN] + arguments)
        #expect(plan.status == 0, "\(plan.stderr)")
        let o = try jsonObject(plan.stdout)
        let repeated = try #require(o["repeated_data"] as? [String: Any])
        #expect(repeated["half_life"] as? Double == 10)
        #expect(abs((repeated["params_half_life"] as? Double ?? .nan) / rN - 1) < 1e-15)
        let recommended = try #require(o["recommended"] as? [String: Any])
        #expect(abs((recommended["params"] as? Double ?? .nan) / 3348763545.8249707 - 1) < 1e-8)
        #expect(abs((recommended["tokens"] as? Double ?? .nan) / 72613457127.4347 - 1) < 1e-8)

        let plain = try CLIHarness.run(["plan", "--law", withoutRN] + arguments)
        #expect(plain.status == 0, "\(plain.stderr)")
        let p = try jsonObject(plain.stdout)
        #expect((p["repeated_data"] as? [String: Any])?["params_half_life"] == nil)
        let n = try #require((p["recommended"] as? [String: Any])?["params"] as? Double)
        #expect(abs(n / 4047669007.6760063 - 1) < 1e-8)
    }
}
