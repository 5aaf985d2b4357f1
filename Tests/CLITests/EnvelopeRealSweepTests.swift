import Foundation
import Testing

/// Hoffmann et al.'s approach 1 on a real sweep: the OLMo ladder's 16 training curves (Bhagia et
/// al. 2024), against an independent numpy computation written from the paper's description
/// (`python3 scripts/reference/envelope.py ../shared/data/olmo-ladder/ladder-runs`: linear
/// interpolation in (log C, log L), the lowest curve at 1,500 log-spaced FLOPs in the default
/// window, `numpy.polyfit` of log N_opt on log C): a = 0.478084711617, k = 0.224540253636, the
/// window 4.35449e18 to 1.96551e20, eight curves forming the envelope.
@Suite struct EnvelopeRealSweepTests {
    @Test("fit --form envelope on the OLMo ladder agrees with the numpy reference",
          .enabled(if: FileManager.default.fileExists(atPath: CLIHarness.shared.appendingPathComponent("data/olmo-ladder/final.json").path),
                   "needs ../shared/data/olmo-ladder"))
    func olmoEnvelope() throws {
        let folder = "../shared/data/olmo-ladder/ladder-runs/"
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let table = scratch.file("sizes.csv", "file,params\n190M-*,190354176\n370M-*,371262464\n760M-*,758220288\n1B-*,1279395840\n")
        let files = ["190M", "370M", "760M", "1B"].flatMap { s in ["1xC", "2xC", "5xC", "10xC"].map { folder + "\(s)-\($0).csv" } }
        let r = try CLIHarness.run(["fit"] + files + ["--file-values", table, "--form", "envelope",
                                    "--column", "loss=eval/c4_en-validation/CrossEntropyLoss",
                                    "--column", "tokens=throughput/total_tokens", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r.stdout)
        let p = try #require(o["parameters"] as? [String: Double])
        #expect(abs(p["a"]! / 0.478084711617 - 1) < 1e-9, "a = \(p["a"]!)")
        #expect(abs(p["k"]! / 0.224540253636 - 1) < 1e-8, "k = \(p["k"]!)")
        #expect(abs(p["b"]! - (1 - 0.478084711617)) < 1e-9)
        let envelope = try #require(o["envelope"] as? [String: Any])
        let window = try #require(envelope["flops_window"] as? [Double])
        #expect(abs(window[0] / 4.35449e18 - 1) < 1e-5 && abs(window[1] / 1.96551e20 - 1) < 1e-5, "\(window)")
        #expect(envelope["default_window"] as? Bool == true)
        let formed = (envelope["formed_by"] as? [String] ?? []).map { ($0 as NSString).lastPathComponent }
        #expect(Set(formed) == ["190M-1xC.csv", "190M-2xC.csv", "370M-1xC.csv", "370M-2xC.csv", "370M-5xC.csv",
                                "760M-1xC.csv", "760M-2xC.csv", "1B-1xC.csv"], "\(formed)")
        let notes = (o["notes"] as? [String] ?? []).joined(separator: "\n")
        #expect(notes.contains("FLOP window: 4.35e+18 to 1.97e+20"), "\(notes)")
        #expect(!notes.contains("10xC.csv"), "no 10xC run forms the envelope")
    }
}
