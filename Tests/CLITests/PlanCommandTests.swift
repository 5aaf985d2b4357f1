import Foundation
import Testing

/// End-to-end tests of `scaleplan plan`, `sweep`, `presets` and `hardware`: they run the built
/// binary, found next to the test bundle (both live in the build products directory).
@Suite("scaleplan plan / sweep / presets / hardware")
struct PlanCommandTests {
    @Test("plan prints the comparison table with the savings (Sardana & Frankle §2: 13.6B, −28%)")
    func planText() throws {
        let r = try runScaleplan(["plan", "--preset", "chinchilla-sardana", "--quality-of", "30B", "--inference-tokens", "1e13"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("13.6B") && r.stdout.contains("30.0B") && r.stdout.contains("−28%"))
    }

    @Test("plan --format json has the contract's keys")
    func planJSON() throws {
        let r = try runScaleplan(["plan", "--preset", "chinchilla-sardana", "--quality-of", "30B", "--requests", "1e9",
                                  "--objective", "cost", "--train-gpu", "a100-80gb", "--infer-gpu", "h100-sxm",
                                  "--train-price", "1.8", "--infer-price", "3", "--format", "json"])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for key in ["objective", "target_loss", "recommended", "chinchilla", "savings"] { #expect(object[key] != nil) }
        let recommended = try #require(object["recommended"] as? [String: Any])
        for key in ["params", "tokens", "tokens_per_param", "loss", "training_flops", "inference_flops", "total_flops",
                    "training_cost_usd", "inference_cost_usd", "total_cost_usd"] { #expect(recommended[key] is Double) }
        // Same figure as the scipy reference (Benchmarks/planning/reference.py check): N = 18965195711.9.
        let n = try #require(recommended["params"] as? Double)
        #expect(abs(n - 18965195711.9) / n < 1e-8)
        let savings = try #require(object["savings"] as? [String: Any])
        #expect(savings["flops_fraction"] is Double && savings["cost_fraction"] is Double)
    }

    @Test("sweep: each row is the plan at its point (plan's own answer; Sardana's 13.6B by scipy; a bound size by hand)")
    func sweepJSON() throws {
        let common = ["--preset", "chinchilla-sardana", "--quality-of", "30B"]
        let r = try runScaleplan(["sweep"] + common + ["--vary", "inference-tokens=1e11:1e13:3:log", "--format", "json"])
        #expect(r.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        try #require(array.count == 3)
        for (row, tokens) in zip(array, [1e11, 1e12, 1e13]) {
            let vary = try #require(row["vary"] as? [String: Double])
            #expect(abs(try #require(vary["inference-tokens"]) / tokens - 1) < 1e-12)
            // The same point asked of `plan` (solved cold, where the sweep starts warm).
            let plan = try runScaleplan(["plan"] + common + ["--inference-tokens", "\(tokens)", "--format", "json"])
            let alone = try #require((try jsonObject(plan.stdout))["recommended"] as? [String: Double])
            let swept = try #require(row["recommended"] as? [String: Double])
            for key in ["params", "tokens", "total_flops"] {
                #expect(abs(try #require(swept[key]) / (try #require(alone[key])) - 1) < 1e-9, "\(key) at \(tokens)")
            }
        }
        // At 1e13 tokens, Sardana & Frankle §2 (Benchmarks/planning/reference.py, scipy brentq):
        // N = 1.361282965e10, D = 4.426237389e12.
        let last = try #require(array[2]["recommended"] as? [String: Double])
        #expect(abs(try #require(last["params"]) / 1.361282965e10 - 1) < 1e-8)
        #expect(abs(try #require(last["tokens"]) / 4.426237389e12 - 1) < 1e-8)

        // Two axes in CSV: at 1e13 tokens and --max-params 10B the bound holds, and the tokens
        // are those putting a 10B model on Chinchilla-30B's loss, by hand in Python:
        // ℓ = 1.958253360475841, D = (B / (ℓ − E − A·1e10^−α))^(1/β) = 8238422614621.384,
        // total 6·N·D + 2·N·1e13 = 6.94305356877283e23.
        let csv = try runScaleplan(["sweep"] + common + ["--vary", "inference-tokens=1e11:1e13:3:log",
                                                         "--vary", "max-params=10B:20B:2", "--format", "csv"])
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(lines.count == 7)
        let header = try #require(lines.first)
        let row = try #require(lines.first { Double($0[0]).map { abs($0 / 1e13 - 1) < 1e-12 } == true && $0[1] == "10000000000" })
        func cell(_ name: String) throws -> Double {
            let column = try #require(header.firstIndex(of: name))
            return try #require(Double(row[column]))
        }
        #expect(abs(try cell("params") / 1e10 - 1) < 1e-12)
        #expect(abs(try cell("tokens") / 8238422614621.384 - 1) < 1e-12)
        #expect(abs(try cell("total_flops") / 6.94305356877283e23 - 1) < 1e-12)
        // Every other format renders the same points.
        for format in ["text", "markdown", "latex"] {
            let t = try runScaleplan(["sweep"] + common + ["--vary", "inference-tokens=1e11:1e13:3:log",
                                                           "--vary", "max-params=10B:20B:2", "--format", format])
            #expect(t.status == 0 && t.stdout.contains("13.6B") && t.stdout.contains("10.0B"), "\(format): \(t.stdout)")
        }
    }

    @Test("A law file with bootstrap samples gives intervals around the recommendation")
    func intervals() throws {
        let law = #"{"form": "chinchilla", "parameters": {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.336, "beta": 0.283}, "samples": [{"E": 1.68, "A": 400, "B": 410, "alpha": 0.335, "beta": 0.282}, {"E": 1.70, "A": 410, "B": 412, "alpha": 0.337, "beta": 0.284}]}"#
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("scaleplan-plan-test-\(UUID().uuidString).json")
        try Data(law.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try runScaleplan(["plan", "--law", url.path, "--quality-of", "30B", "--inference-tokens", "1e13", "--format", "json"])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let intervals = try #require(object["intervals"] as? [String: [Double]])
        let params = try #require(intervals["params"]), tokens = try #require(intervals["tokens"])
        let n = try #require((object["recommended"] as? [String: Any])?["params"] as? Double)
        #expect(params.count == 2 && params[0] < n && n < params[1])
        // Each sample law planned on its own (its own Chinchilla-30B loss, then the root of
        // d(6ND + 2N·1e13)/d log N along it, scipy brentq): N = 13822045607.85 and 13518317979.10;
        // numpy.percentile(…, [5, 95]) of those: [13533504360.54, 13806859226.41], and of the
        // tokens [4357005543037.6, 4570392526668.3].
        #expect(abs(params[0] / 13533504360.536867 - 1) < 1e-8 && abs(params[1] / 13806859226.413284 - 1) < 1e-8, "\(params)")
        #expect(abs(tokens[0] / 4357005543037.5957 - 1) < 1e-8 && abs(tokens[1] / 4570392526668.346 - 1) < 1e-8, "\(tokens)")
        let text = try runScaleplan(["plan", "--law", url.path, "--quality-of", "30B", "--inference-tokens", "1e13"])
        #expect(text.stdout.contains("90% interval"))
    }

    @Test("--unique-tokens: the plan says how often the data is repeated (JSON and text)")
    func repeatedData() throws {
        let args = ["plan", "--preset", "chinchilla-sardana", "--quality-of", "30B", "--inference-tokens", "1e13", "--unique-tokens", "1T"]
        let r = try runScaleplan(args + ["--format", "json"])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let recommended = try #require(object["recommended"] as? [String: Any])
        // Independent scipy solve (see Tests/PlanningTests/RepeatedDataPlanTests.swift): D = 4015964332518.41.
        let tokens = try #require(recommended["tokens"] as? Double)
        #expect(abs(tokens - 4015964332518.4097) / tokens < 1e-9)
        #expect(abs((recommended["repetitions"] as? Double ?? .nan) - (tokens / 1e12 - 1)) < 1e-12)
        #expect((object["repeated_data"] as? [String: Any])?["unique_tokens"] as? Double == 1e12)
        let text = try runScaleplan(args)
        #expect(text.status == 0 && text.stdout.contains("repeated 3.02 times"))
    }

    @Test("--hardware-file reads TOML; a bad key is named with the file")
    func hardwareTOML() throws {
        let ok = try runScaleplan(["hardware", "--hardware-file", "data/my-hardware.toml", "--format", "csv"], inRepository: true)
        #expect(ok.status == 0 && ok.stdout.contains("h100-pcie,NVIDIA H100 PCIe,26,51,378,756.5,756.5,1513,1513,"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hw-\(UUID().uuidString).toml")
        try "[[profiles]]\nslug = \"x\"\nprice_usd_per_gpu_hour = 1\nmemroy_gb = 80\npeak_dense_flops = { bf16 = 1e14 }\n"
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let bad = try runScaleplan(["plan", "--preset", "chinchilla-sardana", "--quality-of", "30B", "--objective", "cost",
                                    "--hardware-file", file.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("scaleplan: \(file.path): profiles[0] ('x'): unknown key 'memroy_gb'"))
    }

    @Test("presets and hardware list what the design names")
    func listings() throws {
        let presets = try runScaleplan(["presets"])
        #expect(presets.status == 0)
        for name in ["chinchilla", "hoffmann2022-unrounded", "chinchilla-sardana", "epoch2024", "muennighoff2023"] {
            #expect(presets.stdout.contains(name))
        }
        let hardware = try runScaleplan(["hardware"])
        #expect(hardware.status == 0 && hardware.stdout.contains("mi300x") && hardware.stdout.contains("b200"))
    }

    @Test("Errors give a message on stderr and a non-zero exit below 128",
          arguments: [
            (["plan", "--preset", "chinchilla-sardana", "--target-loss", "1.6"], "floor E = 1.69"),
            (["plan", "--preset", "chinchilla-sardana", "--quality-of", "30B", "--max-params", "5B", "--max-tokens", "1T"], "contradictory"),
            (["plan", "--preset", "chinchilla-sardana", "--quality-of", "30B", "--train-gpu", "z100"], "unknown hardware 'z100'"),
            (["plan", "--preset", "nope", "--quality-of", "30B"], "unknown preset"),
            (["plan", "--preset", "chinchilla-sardana"], "give a target"),
            (["sweep", "--preset", "chinchilla-sardana", "--quality-of", "30B", "--vary", "colour=1:2:3"], "not a numeric plan option"),
          ])
    func errors(arguments: [String], message: String) throws {
        let r = try runScaleplan(arguments)
        #expect(r.status != 0 && r.status < 128)
        #expect(r.stderr.contains("scaleplan: ") && r.stderr.contains(message))
        #expect(!r.stdout.contains("nan") && !r.stderr.contains("nan"))
    }
}

private struct Result { var status: Int32; var stdout: String; var stderr: String }

/// The `scaleplan` executable in the build products directory (where the test bundle is).
private func scaleplanURL() throws -> URL {
    var candidates: [URL] = []
    if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
    candidates.append(Bundle.main.bundleURL)
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(root.appendingPathComponent(".build/debug"))
    for dir in candidates {
        let url = dir.appendingPathComponent("scaleplan")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue { return url }
    }
    throw CLIError.notFound(candidates.map(\.path))
}

private enum CLIError: Error { case notFound([String]) }

/// Runs the binary; `inRepository`: with the package root as working directory (for data/ paths).
private func runScaleplan(_ arguments: [String], inRepository: Bool = false) throws -> Result {
    let process = Process()
    process.executableURL = try scaleplanURL()
    process.arguments = arguments
    if inRepository {
        process.currentDirectoryURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                  stderr: String(decoding: stderr, as: UTF8.self))
}
