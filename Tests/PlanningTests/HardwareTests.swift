import Foundation
import Testing
@testable import Planning

@Suite("Hardware profiles")
struct HardwareTests {
    /// data/hardware.json, found relative to this file (Tests/PlanningTests/ → package root).
    static let publishedFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/hardware.json")

    @Test("data/hardware.json and the embedded catalogue agree")
    func publishedMatchesEmbedded() throws {
        let published = try HardwareFile.read(path: Self.publishedFile.path)
        #expect(published == HardwareCatalog.builtIn)
    }

    @Test("The design's slugs are all built in, with dense figures and a source for each")
    func slugs() throws {
        for slug in ["a100-40gb", "a100-80gb", "h100-sxm", "h200", "b200", "l40s", "mi300x"] {
            let p = try HardwareCatalog.profile(slug.uppercased())
            #expect(p.sources["peak_dense_flops"] != nil && p.sources["price"] != nil && p.sources["memory"] != nil)
            #expect(try p.peak(.bf16) > 0)
        }
        // Dense, not with sparsity: H100 SXM BF16 is 1,979 TFLOPS with sparsity in the datasheet.
        #expect(try HardwareCatalog.profile("h100-sxm").peak(.bf16) == 989.5e12)
        #expect(try HardwareCatalog.profile("a100-80gb").peak(.bf16) == 312e12)
    }

    @Test("An unknown slug lists the known ones")
    func unknown() {
        // The design's seven slugs, written out (not read back from the catalogue under test).
        let error = #expect(throws: PlanningError.self) { try HardwareCatalog.profile("z100") }
        #expect(error == .unknownHardware("z100", known: ["a100-40gb", "a100-80gb", "h100-sxm", "h200", "b200", "l40s", "mi300x"]))
    }

    @Test("User profiles load from JSON, replace a built-in slug, and bad files name the problem")
    func userFile() throws {
        let json = #"{"profiles": [{"slug": "h100-sxm", "peak_dense_flops": {"bf16": 8e14}, "price_usd_per_gpu_hour": 2.0}]}"#
        let user = try HardwareFile.decode(Data(json.utf8), origin: "mine.json")
        let merged = HardwareFile.merged(user)
        #expect(merged.count == HardwareCatalog.builtIn.count)
        #expect(try HardwareCatalog.profile("h100-sxm", in: merged).peak(.bf16) == 8e14)
        let bad = #"{"profiles": [{"slug": "x", "peak_dense_flops": {"bf17": 1e14}, "price_usd_per_gpu_hour": 2}]}"#
        #expect(throws: PlanningError.self) { try HardwareFile.decode(Data(bad.utf8), origin: "bad.json") }
        do { _ = try HardwareFile.decode(Data(bad.utf8), origin: "bad.json"); Issue.record("no error") } catch {
            #expect("\(error)".contains("bad.json") && "\(error)".contains("bf17"))
        }
        let misspelt = #"{"profiles": [{"slug": "x", "peak_dense_flops": {"bf16": 1e14}, "price_usd_per_gpu_hour": 2, "memory_gbs": 80}]}"#
        do { _ = try HardwareFile.decode(Data(misspelt.utf8), origin: "bad.json"); Issue.record("no error") } catch {
            #expect("\(error)".contains("bad.json: profiles[0] ('x'): unknown key 'memory_gbs'"))
        }
    }
}
