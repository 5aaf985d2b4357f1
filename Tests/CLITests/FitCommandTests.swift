import Foundation
import Testing

/// End-to-end tests of `scaleplan fit` and `scaleplan predict`: the built binary, real files.
struct FitCommandTests {

    /// A noiseless sweep of L = 1.8 + 450/N^0.34 + 1800/D^0.36 on a 4 × 4 grid.
    static let sweep: String = {
        var lines = ["params,tokens,loss,group"]
        for n in [2e7, 8e7, 3.2e8, 1.28e9] {
            for d in [4e8, 1.6e9, 6.4e9, 2.56e10] {
                let loss = 1.8 + 450 * pow(n, -0.34) + 1800 * pow(d, -0.36)
                lines.append("\(n),\(d),\(loss),\(n < 1e8 ? "small" : "large")")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func jsonCarriesTheContractKeysAndTheTruth() throws {
        let scratch = Scratch()
        let runs = scratch.file("runs.csv", Self.sweep)
        let r = try CLIHarness.run(["fit", runs, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for key in ["form", "parameters", "standard_errors", "objective", "runs", "compute_optimal", "diagnostics"] {
            #expect(o[key] != nil, "missing \(key)")
        }
        #expect(o["form"] as? String == "chinchilla")
        let p = try #require(o["parameters"] as? [String: Double])
        let truth = ["E": 1.8, "A": 450, "B": 1800, "alpha": 0.34, "beta": 0.36]
        for (name, value) in truth { #expect(abs(p[name]! / value - 1) < 1e-6, "\(name)") }
        let runsObject = try #require(o["runs"] as? [String: Any])
        #expect(runsObject["used"] as? Int == 16)
        let co = try #require(o["compute_optimal"] as? [String: Any])
        // a = β/(α+β) = 0.36/0.70 (closed form).
        #expect(abs((co["params_exponent"] as! Double) - 0.36 / 0.70) < 1e-6)
    }

    @Test func saveRefusesToOverwriteAndPredictReadsTheLaw() throws {
        let scratch = Scratch()
        let runs = scratch.file("runs.csv", Self.sweep)
        let law = scratch.path("law.json")
        var r = try CLIHarness.run(["fit", runs, "--bootstrap", "20", "--seed", "1", "--save", law])
        #expect(r.status == 0, "\(r.stderr)")
        r = try CLIHarness.run(["fit", runs, "--save", law])
        #expect(r.status != 0 && r.stderr.contains("--force"))
        r = try CLIHarness.run(["fit", runs, "--save", law, "--force", "--bootstrap", "20", "--seed", "1"])
        #expect(r.status == 0)
        // predict: the closed form at N = 1e9, D = 2e10, with an interval from the samples.
        r = try CLIHarness.run(["predict", "--law", law, "--params", "1B", "--tokens", "20B", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let expected = 1.8 + 450 * pow(1e9, -0.34) + 1800 * pow(2e10, -0.36)
        #expect(abs((o["loss"] as! Double) / expected - 1) < 1e-6)
        let interval = try #require(o["interval"] as? [Double])
        #expect(interval[0] <= expected * (1 + 1e-6) && expected * (1 - 1e-6) <= interval[1])
        // --flops gives the same point through D = C/(6N).
        r = try CLIHarness.run(["predict", "--law", law, "--params", "1e9", "--flops", "1.2e20", "--format", "json"])
        let viaFlops = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(abs((viaFlops["loss"] as! Double) / expected - 1) < 1e-9)
    }

    @Test func handWrittenLawFromAPaper() throws {
        let scratch = Scratch()
        let law = scratch.file("hoffmann.json", #"{"form": "chinchilla", "parameters": {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}}"#)
        let r = try CLIHarness.run(["predict", "--law", law, "--params", "70B", "--tokens", "1.4T", "--format", "json"])
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let expected = 1.69 + 406.4 * pow(70e9, -0.34) + 410.7 * pow(1.4e12, -0.28)
        #expect(abs((o["loss"] as! Double) - expected) < 1e-12)
        #expect(o["interval"] == nil)
    }

    @Test func groupsFitSeparately() throws {
        let scratch = Scratch()
        let runs = scratch.file("runs.csv", Self.sweep + (0..<8).map { i in
            let n = 5e7 * pow(2, Double(i % 4)), d = 1e9 * pow(3, Double(i / 4))
            return "\(n),\(d),\(2 + 300 * pow(n, -0.3) + 900 * pow(d, -0.3)),other"
        }.joined(separator: "\n") + "\n")
        let r = try CLIHarness.run(["fit", runs, "--group", "group", "--form", "power-law", "--against", "params", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["group"] as? String } == ["small", "large", "other"])
    }

    @Test(arguments: [
        ("empty.csv", "", "empty"),
        ("header.csv", "params,tokens,loss\n", "no runs"),
        ("missing.csv", "params,loss\n1e8,3.0\n", "missing column"),
        ("text.csv", "params,tokens,loss\n1e8,abc,3.0\n", "text.csv:2: column 'tokens'"),
        ("nan.csv", "params,tokens,loss\n1e8,1e9,nan\n", "nan.csv:2: column 'loss'"),
        ("negative.csv", "params,tokens,loss\n-1e8,1e9,3.0\n", "negative.csv:2: column 'params'"),
        ("zero.csv", "params,tokens,loss\n1e8,0,3.0\n", "zero.csv:2: column 'tokens'"),
    ])
    func badInputIsAClearError(file: String, contents: String, message: String) throws {
        let scratch = Scratch()
        let path = scratch.file(file, contents)
        let r = try CLIHarness.run(["fit", path])
        #expect(r.status != 0 && r.status < 128)
        #expect(r.stderr.hasPrefix("scaleplan: "), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(!r.stderr.lowercased().contains("fatal error"))
        #expect(r.stderr.contains(message) || r.stderr.lowercased().contains(message), "\(r.stderr)")
    }

    @Test func unidentifiableSweepsAreRefused() throws {
        let scratch = Scratch()
        let single = scratch.file("single.csv", "params,tokens,loss\n" + (1...8).map { "1e8,\(Double($0) * 1e9),\(3.5 - 0.1 * Double($0))" }.joined(separator: "\n"))
        var r = try CLIHarness.run(["fit", single])
        #expect(r.status == 1 && r.stderr.contains("same model size"), "\(r.stderr)")
        let flat = scratch.file("flat.csv", "params,tokens,loss\n" + (1...8).map { "\(Double($0) * 1e8),\(Double(9 - $0) * 1e9),2.5" }.joined(separator: "\n"))
        r = try CLIHarness.run(["fit", flat])
        #expect(r.status == 1 && r.stderr.contains("same loss"), "\(r.stderr)")
    }

    /// Every format shows the law the sweep was made from, each parameter in its own row: to
    /// the 4 significant digits the tables print, and to 1e-9 in CSV (which prints exactly).
    @Test func everyFormatRenders() throws {
        let scratch = Scratch()
        let runs = scratch.file("runs.csv", Self.sweep)
        let truth = ["E": 1.8, "A": 450, "B": 1800, "alpha": 0.34, "beta": 0.36]
        let names = ["E": "E", "A": "A", "B": "B", "α": "alpha", "β": "beta", "$\\alpha$": "alpha", "$\\beta$": "beta"]
        for (format, tolerance) in [("text", 5e-4), ("markdown", 5e-4), ("csv", 1e-9), ("latex", 5e-4)] {
            let r = try CLIHarness.run(["fit", runs, "--format", format])
            #expect(r.status == 0, "\(format): \(r.stderr)")
            #expect(r.stdout.range(of: #"\b(nan|NaN|inf|-inf)\b"#, options: .regularExpression) == nil)
            var shown: [String: Double] = [:]
            for line in r.stdout.split(separator: "\n") {
                let cells = line.split(whereSeparator: { " |,&".contains($0) }).map(String.init)
                guard cells.count >= 2, let name = names[cells[0]], shown[name] == nil, let value = Double(cells[1]) else { continue }
                shown[name] = value
            }
            #expect(Set(shown.keys) == Set(truth.keys), "\(format): \(r.stdout)")
            for (name, value) in truth {
                #expect(abs((shown[name] ?? .nan) / value - 1) < tolerance, "\(format) \(name): \(shown[name] ?? .nan)")
            }
        }
    }

    @Test(.enabled(if: CLIHarness.hasSharedData, "needs ../shared/data"))
    func epochFitFromTheCommandLine() throws {
        let r = try CLIHarness.run(["fit", CLIHarness.epochData, "--exclude-loss-above", "3.41", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let objective = try #require(o["objective"] as? [String: Any])
        #expect((objective["value"] as! Double) <= 0.0010182741)
        let runs = try #require(o["runs"] as? [String: Any])
        #expect(runs["used"] as? Int == 240 && runs["excluded"] as? Int == 5)
    }
}
