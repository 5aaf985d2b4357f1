import Foundation
import Testing

/// Repeated data end to end: `fit --form data-constrained`, `predict --unique-tokens`, and a
/// plan that takes R*_D from the law file. Expected losses are computed here, inline, from
/// Muennighoff et al.'s eqs. 5–7, independently of the library.
@Suite struct DataConstrainedCommandTests {
    /// Muennighoff et al.'s law: E + A/N′^α + B/D′^β on effective N′ and D′.
    static func loss(n: Double, d: Double, u uniqueTokens: Double, e: Double, a: Double, b: Double,
                     alpha: Double, beta: Double, rD: Double, rN: Double) -> Double {
        let u = min(uniqueTokens, d)
        let g = pow(alpha * a / (beta * b), 1 / (alpha + beta))
        let uN = min(n, g * pow(g * u, beta / alpha))
        let nEff = uN + uN * rN * (1 - exp(-(n / uN - 1) / rN))
        let dEff = u + u * rD * (1 - exp(-(d / u - 1) / rD))
        return e + a / pow(nEff, alpha) + b / pow(dEff, beta)
    }

    @Test("predict --preset muennighoff2023 --unique-tokens: the paper's law on N′ and D′")
    func predictWithRepeatedData() throws {
        let r = try CLIHarness.run(["predict", "--preset", "muennighoff2023", "--params", "8.7B", "--tokens", "178B",
                                    "--unique-tokens", "44.5B", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r.stdout)
        let expected = Self.loss(n: 8.7e9, d: 178e9, u: 44.5e9, e: exp(0.6254804), a: exp(6.255414), b: exp(7.3049974),
                                 alpha: 0.3526596, beta: 0.3526596, rD: 15.387756, rN: 5.309743)
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

    @Test("fit --form data-constrained recovers R*_D and R*_N; the saved law predicts and plans with them")
    func fitPredictPlan() throws {
        let (e, a, b, alpha, beta, rD, rN) = (1.8, 450.0, 1800.0, 0.34, 0.36, 10.0, pow(100, 8.0 / 24))
        var lines = ["params,tokens,unique_tokens,loss"]
        var grid: [(Double, Double, Double)] = []
        for i in 0..<6 {
            for j in 0..<6 {
                let n = 1e7 * pow(200, Double(i) / 5), d = 2e8 * pow(500, Double(j) / 5)
                for u in [d, 3e9, 6e8] where u <= d {
                    grid.append((n, d, u))
                    lines.append("\(n),\(d),\(u),\(Self.loss(n: n, d: d, u: u, e: e, a: a, b: b, alpha: alpha, beta: beta, rD: rD, rN: rN))")
                }
            }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let runs = dir.appendingPathComponent("runs.csv").path, law = dir.appendingPathComponent("law.json").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: runs, atomically: true, encoding: .utf8)

        let fit = try CLIHarness.run(["fit", runs, "--form", "data-constrained", "--save", law, "--format", "json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let parameters = try #require(try jsonObject(fit.stdout)["parameters"] as? [String: Double])
        #expect(abs(parameters["R_D"]! / rD - 1) < 1e-9)
        #expect(abs(parameters["R_N"]! / rN - 1) < 1e-9)
        #expect(abs(parameters["beta"]! / beta - 1) < 1e-4)

        let (n, d, u) = grid[grid.count / 2]
        let p = try CLIHarness.run(["predict", "--law", law, "--params", "\(n)", "--tokens", "\(d)", "--unique-tokens", "\(u)", "--format", "json"])
        #expect(p.status == 0, "\(p.stderr)")
        let expected = Self.loss(n: n, d: d, u: u, e: e, a: a, b: b, alpha: alpha, beta: beta, rD: rD, rN: rN)
        #expect(abs((try jsonObject(p.stdout)["loss"] as? Double ?? .nan) / expected - 1) < 1e-5)

        let plan = try CLIHarness.run(["plan", "--law", law, "--target-loss", "2.3", "--unique-tokens", "20B", "--format", "json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let repeated = try #require(try jsonObject(plan.stdout)["repeated_data"] as? [String: Any])
        #expect(abs((repeated["half_life"] as? Double ?? .nan) / rD - 1) < 1e-9)
    }
}
