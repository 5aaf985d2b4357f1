import Foundation
import Testing

/// `fit --fix/--tie/--bound/--fix-from/--free` end to end, and the data-constrained law the fit
/// saves scored against the objective it reported.
@Suite struct ParameterConstraintCommandTests {
    /// Muennighoff et al.'s eqs. 5–7 written out here (U_N from the law's own G, α, β).
    static func dataConstrainedLoss(_ p: [String: Any], n: Double, d: Double, u uRaw: Double) -> Double {
        func value(_ k: String) -> Double { (p[k] as? Double) ?? ((p[k] as? String) == "inf" ? .infinity : .nan) }
        let (e, a, b, alpha, beta, rD, rN) = (value("E"), value("A"), value("B"), value("alpha"), value("beta"), value("R_D"), value("R_N"))
        let u = min(uRaw, d)
        func decayed(_ total: Double, _ unique: Double, _ r: Double) -> Double {
            guard total > unique, r.isFinite else { return total }
            return unique + unique * r * (1 - exp(-(total / unique - 1) / r))
        }
        let g = pow(alpha * a / (beta * b), 1 / (alpha + beta))
        let nOpt = g * pow(g * u, beta / alpha)
        let nEff = decayed(n, min(n, nOpt), rN), dEff = decayed(d, u, rD)
        return e + a / pow(nEff, alpha) + b / pow(dEff, beta)
    }

    static func huber(_ r: Double, _ delta: Double = 1e-3) -> Double {
        abs(r) <= delta ? 0.5 * r * r : delta * (abs(r) - 0.5 * delta)
    }

    @Test("a data-constrained fit saves the law it found: the saved file scores the reported objective")
    func savedLawReproducesTheObjective() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        var lines: [String] = []
        for (unique, seed) in [("1e15", "1"), ("3e9", "2"), ("6e8", "3")] {
            let r = try CLIHarness.run(["simulate", "--preset", "muennighoff2023", "--params", "1e7:3e9:6", "--tokens", "2e8:1e11:6",
                                        "--unique-tokens", unique, "--noise", "0.02", "--seed", seed])
            #expect(r.status == 0, "\(r.stderr)")
            let rows = r.stdout.split(separator: "\n").map(String.init)
            lines += lines.isEmpty ? rows : Array(rows.dropFirst())
        }
        let runs = scratch.file("runs.csv", lines.joined(separator: "\n") + "\n"), law = scratch.path("law.json")
        let fit = try CLIHarness.run(["fit", runs, "--form", "data-constrained", "--save", law, "--format", "json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let reported = try #require((try jsonObject(fit.stdout)["objective"] as? [String: Any])?["value"] as? Double)
        let saved = try jsonObject(try String(contentsOfFile: law, encoding: .utf8))
        let parameters = try #require(saved["parameters"] as? [String: Any])
        var objective = 0.0
        for line in lines.dropFirst() {
            let c = line.split(separator: ",").map { Double($0)! }   // params,tokens,flops,unique_tokens,loss
            objective += Self.huber(log(Self.dataConstrainedLoss(parameters, n: c[0], d: c[1], u: c[3])) - log(c[4]))
        }
        #expect(abs(objective / reported - 1) < 1e-9, "saved law scores \(objective), fit reported \(reported)")
        let convergence = try #require(try jsonObject(fit.stdout)["convergence"] as? [String: Any])
        #expect(convergence["converged"] as? Bool == true)
    }

    @Test("--tie, --fix and --bound show in JSON and text; --fix-from with --free is a staged fit")
    func constraintsInEveryFormat() throws {
        let tied = try CLIHarness.run(["fit", "data/example-sweep.csv", "--tie", "alpha=beta", "--format", "json"])
        #expect(tied.status == 0, "\(tied.stderr)")
        let o = try jsonObject(tied.stdout)
        let p = try #require(o["parameters"] as? [String: Double])
        #expect(p["alpha"] == p["beta"])
        #expect((o["tied"] as? [[String]]) == [["alpha", "beta"]] && (o["fixed"] as? [String]) == [])

        let fixed = try CLIHarness.run(["fit", "data/example-sweep.csv", "--fix", "alpha=0.34", "--bound", "E=1.5:1.7"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stdout.contains("fixed"))
        #expect(fixed.stdout.range(of: #"α\s+0\.3400\s+fixed"#, options: .regularExpression) != nil, "\(fixed.stdout)")

        // Hold the preset's five and free only the half-lives: E..β come back exactly as held.
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let sim = try CLIHarness.run(["simulate", "--preset", "muennighoff2023", "--params", "1e8:3e9:5", "--tokens", "1e9:1e11:5",
                                      "--unique-tokens", "1e9", "--noise", "0.01"])
        let runs = scratch.file("runs.csv", sim.stdout)
        let staged = try CLIHarness.run(["fit", runs, "--form", "data-constrained", "--fix-from", "muennighoff2023",
                                         "--free", "R_D", "--free", "R_N", "--format", "json"])
        #expect(staged.status == 0, "\(staged.stderr)")
        let s = try jsonObject(staged.stdout)
        let sp = try #require(s["parameters"] as? [String: Any])
        #expect(sp["alpha"] as? Double == 0.3526596 && sp["E"] as? Double == exp(0.6254804))
        #expect(Set(s["fixed"] as? [String] ?? []) == ["E", "A", "B", "alpha", "beta"])
        #expect((s["standard_errors"] as? [String: Double])?["alpha"] == nil)
    }

    @Test("a law with R*_D = ∞ (\"inf\" in the file) plans with repeated tokens counting in full")
    func infiniteHalfLifePlans() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let five = #""E": 1.8, "A": 450, "B": 1800, "alpha": 0.34, "beta": 0.36"#
        let dc = scratch.file("dc.json", #"{"form": "data-constrained", "parameters": {"# + five + #", "R_D": "inf"}}"#)
        let plain = scratch.file("plain.json", #"{"form": "chinchilla", "parameters": {"# + five + "}}")
        let capped = try CLIHarness.run(["plan", "--law", dc, "--target-loss", "2.4", "--unique-tokens", "5B",
                                         "--inference-tokens", "1e12", "--format", "json"])
        #expect(capped.status == 0, "\(capped.stderr)")
        let free = try CLIHarness.run(["plan", "--law", plain, "--target-loss", "2.4", "--inference-tokens", "1e12", "--format", "json"])
        // No decay and no parameter discount: the cap changes nothing, so the plan is Chinchilla's law's.
        let a = try #require(try jsonObject(capped.stdout)["recommended"] as? [String: Any])
        let b = try #require(try jsonObject(free.stdout)["recommended"] as? [String: Any])
        for key in ["params", "tokens", "total_flops"] {
            #expect(abs((a[key] as? Double ?? .nan) / (b[key] as? Double ?? .nan) - 1) < 1e-9, "\(key)")
        }
    }

    @Test("bad constraints: a clear error naming the option, exit 1")
    func refusals() throws {
        let cases: [([String], String)] = [
            (["--fix", "gamma=1"], "--fix gamma=1: 'gamma' is not a parameter of the chinchilla form"),
            (["--fix", "E=1", "--fix", "A=1", "--fix", "B=1", "--fix", "alpha=.3", "--fix", "beta=.3"], "nothing is left to fit"),
            (["--bound", "E=2:1"], "--bound E=2:1: the low end 2 is not below the high end 1"),
            (["--tie", "alpha=A"], "--tie: alpha (an exponent) cannot be tied to A (a coefficient)"),
            (["--tie", "alpha_N=alpha"], "--tie alpha_N=alpha: 'alpha_N' is not a parameter of the chinchilla form"),
            (["--fix", "alpha=abc"], "--fix alpha=abc: 'abc' is not a number"),
            (["--fix-from", "kaplan-law.json"], "--fix-from kaplan-law.json: no such file"),
            (["--fix-from", "muennighoff2023"], "--fix-from muennighoff2023: preset muennighoff2023 is a data-constrained law; its parameters cannot be held in a chinchilla fit"),
            (["--free", "E"], "--free goes with --fix-from"),
        ]
        for (arguments, message) in cases {
            let r = try CLIHarness.run(["fit", "data/example-sweep.csv"] + arguments)
            #expect(r.status != 0 && r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
    }
}
