import Foundation
import Testing
@testable import Planning

@Suite("Hardware profiles from TOML")
struct HardwareTOMLTests {
    /// data/my-hardware.toml, relative to this file (Tests/PlanningTests/ → package root).
    static let exampleFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/my-hardware.toml")

    @Test("data/my-hardware.toml reads as the H100 PCIe datasheet's dense figures")
    func exampleFile() throws {
        let profiles = try HardwareFile.read(path: Self.exampleFile.path)
        let p = try #require(profiles.first)
        #expect(profiles.count == 1 && p.slug == "h100-pcie")
        // NVIDIA H100 datasheet, PCIe column: BF16 1,513 and FP8 3,026 TFLOPS with sparsity
        // (dense: half), FP64 26 TFLOPS (no sparsity figure); 80 GB at 2 TB/s.
        #expect(try p.peak(.bf16) == 1513e12 / 2)
        #expect(try p.peak(.fp8) == 3026e12 / 2)
        #expect(try p.peak(.fp64) == 26e12)
        #expect(p.memoryGB == 80 && p.memoryBandwidthGBps == 2000 && p.priceUSDPerGPUHour == 2.2)
        #expect(p.sources["peak_dense_flops"] != nil && p.sources["price"] != nil)
    }

    @Test("The same profile in TOML and in JSON decodes to equal values (TOML integers are numbers)")
    func sameAsJSON() throws {
        let toml = """
        [[profiles]]
        slug = "lab-gpu"
        memory_gb = 96                 # an integer, where JSON would say 96 too
        price_usd_per_gpu_hour = 2.5
        peak_dense_flops = { bf16 = 4e14, int8 = 800_000_000_000_000 }
        sources = { price = "our contract" }
        """
        let json = #"{"profiles": [{"slug": "lab-gpu", "memory_gb": 96, "price_usd_per_gpu_hour": 2.5, "peak_dense_flops": {"bf16": 4e14, "int8": 8e14}, "sources": {"price": "our contract"}}]}"#
        let fromTOML = try HardwareFile.decodeTOML(toml, origin: "lab.toml")
        #expect(fromTOML == (try HardwareFile.decode(Data(json.utf8), origin: "lab.json")))
        #expect(try fromTOML[0].peak(.int8) == 8e14 && fromTOML[0].name == "lab-gpu")
    }

    @Test("A bad TOML file names the file and the key (or the line) at fault",
          arguments: [
            ("[[profiles]]\nslug = \"x\"\nprice_usd_per_gpu_hour = 1\nmemory_gbs = 80\npeak_dense_flops = { bf16 = 1e14 }\n",
             ["bad.toml", "profiles[0] ('x')", "unknown key 'memory_gbs'"]),
            ("[[profiles]]\nslug = \"x\"\nprice_usd_per_gpu_hour = \"cheap\"\npeak_dense_flops = { bf16 = 1e14 }\n",
             ["bad.toml", "profiles[0].price_usd_per_gpu_hour", "expected a number"]),
            ("[[profiles]]\nslug = \"x\"\npeak_dense_flops = { bf16 = 1e14 }\n",
             ["bad.toml", "profiles[0]", "missing key 'price_usd_per_gpu_hour'"]),
            ("[[profiles]]\nslug = \"x\"\nprice_usd_per_gpu_hour = 1\npeak_dense_flops = { bf17 = 1e14 }\n",
             ["bad.toml", "unknown data type 'bf17'"]),
            ("[[profiles]]\nslug = \"x\"\nprice_usd_per_gpu_hour = = 1\n",
             ["bad.toml:3:"]),
            ("[profile]\nslug = \"x\"\n", ["bad.toml", "unknown key 'profile'"]),
          ])
    func errors(toml: String, mentions: [String]) {
        do {
            _ = try HardwareFile.decodeTOML(toml, origin: "bad.toml")
            Issue.record("no error for \(toml)")
        } catch {
            for text in mentions { #expect("\(error)".contains(text), "\(error) should mention \(text)") }
        }
    }

    @Test("The extension chooses the format; any other extension is refused")
    func extensionChoosesFormat() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hardware-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let toml = "[[profiles]]\nslug = \"x\"\nprice_usd_per_gpu_hour = 1\npeak_dense_flops = { bf16 = 1e14 }\n"
        for name in ["a.toml", "a.TOML", "a.txt"] {
            try toml.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        #expect(try HardwareFile.read(path: directory.appendingPathComponent("a.toml").path)[0].slug == "x")
        #expect(try HardwareFile.read(path: directory.appendingPathComponent("a.TOML").path)[0].slug == "x")
        do { _ = try HardwareFile.read(path: directory.appendingPathComponent("a.txt").path); Issue.record("no error") } catch {
            #expect("\(error)".contains("a.txt") && "\(error)".contains(".json or .toml"))
        }
    }
}
