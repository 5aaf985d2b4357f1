import Foundation
import ScalingLaws

/// The Chinchilla Fig. 4 points as reconstructed by Besiroglu et al. 2024 (Epoch AI), read
/// from ../shared/data beside the repository. Nil when that folder is absent (a clone with
/// only the repository): tests that need it skip.
enum EpochData {
    static let path: String = {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/chinchilla-epoch/svg_extracted_data.csv").path
    }()

    static var available: Bool { FileManager.default.fileExists(atPath: path) }

    /// All 245 runs, tokens derived as C / (6N). Minimal reader: the fitting tests should not
    /// depend on the run-file reader they are not testing.
    static func runs() throws -> [Run] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var runs: [Run] = []
        for (i, line) in text.split(separator: "\n").enumerated() where i > 0 {
            let f = line.split(separator: ",").map(String.init)
            let n = Double(f[3])!, c = Double(f[4])!, loss = Double(f[6])!
            runs.append(Run(params: n, tokens: c / (6 * n), flops: c, loss: loss))
        }
        return runs
    }

    /// Epoch's filter: the 5 highest-loss runs (loss > 3.41) dropped, 240 left.
    static func filteredRuns() throws -> [Run] { try runs().filter { $0.loss <= 3.41 } }
}
