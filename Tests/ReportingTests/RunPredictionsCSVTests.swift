import Foundation
import Testing
import Fitting
@testable import Reporting
import ScalingLaws

/// `predict --runs --format csv` is written straight into bytes (`RunPredictionsReport.csv`);
/// it must be the CSV of the predictions' table (`Table.renderCSV`, whose quoting and number
/// rules `TableFormatsTests` pins by hand) byte for byte, whatever the runs, the law and the
/// block size.
@Suite struct RunPredictionsCSVTests {
    /// Runs with names that need quotes, runs without a loss, unique tokens on some.
    static func runs(_ count: Int) -> [Run] {
        (0..<count).map { i in
            let n = 1e7 * Double(1 + i % 97), d = 2e9 * Double(1 + i % 89)
            var tags: [String: String] = [:]
            switch i % 5 {
            case 0: tags["run"] = "run \(i)"
            case 1: tags["run"] = "a,\(i)"
            case 2: tags["name"] = "say \"\(i)\""
            default: break
            }
            return Run(params: n, tokens: d, loss: i % 7 == 3 ? .nan : 1.8 + 400 / pow(n, 0.34) + 400 / pow(d, 0.28),
                       uniqueTokens: i % 11 == 4 ? d / 3 : nil, tags: tags,
                       source: SourceLocation(file: "sweep \(i % 3).csv", line: i + 2))
        }
    }

    static let chinchilla: [String: Double] = ["E": 1.82, "A": 482, "B": 2085, "alpha": 0.3478, "beta": 0.3658]

    static func text(_ parts: [ByteText]) -> String {
        String(decoding: parts.flatMap(\.bytes), as: UTF8.self)
    }

    @Test("the bytes are the table's CSV", arguments: [
        (form: LawForm.chinchilla, samples: 0, runs: 300, block: 7),
        (form: LawForm.chinchilla, samples: 3, runs: 1000, block: 64),
        (form: LawForm.dataConstrained, samples: 0, runs: 500, block: 1000),
        (form: LawForm.powerLaw, samples: 2, runs: 257, block: 16),
    ])
    func bytesAreTheTablesCSV(_ c: (form: LawForm, samples: Int, runs: Int, block: Int)) throws {
        var parameters = Self.chinchilla
        switch c.form {
        case .dataConstrained: parameters["R_D"] = 15.4; parameters["R_N"] = 5.3
        case .powerLaw: parameters = ["E": 1.7, "A": 30, "alpha": 0.05]
        default: break
        }
        var file = LawFile(form: c.form, parameters: parameters, against: c.form == .powerLaw ? .flops : nil, origin: "law.json")
        // Samples a little apart, so intervals have width; one invalid sample is skipped.
        file.samples = (0..<c.samples).map { k in parameters.mapValues { $0 * (1 + 0.01 * Double(k + 1)) } }
        let p = try RunPredictions(law: file, runs: Self.runs(c.runs))
        let table = RunPredictionsReport.table(p, law: "law.json").render(.csv)
        let bytes = Self.text(RunPredictionsReport.csv(p, block: c.block))
        #expect(bytes == table)
        // The test sees the cases it means to: quoted names, empty observed cells, intervals.
        #expect(table.contains("\"a,1\"") && table.contains("\"say \"\"2\"\"\""))
        // Runs without a loss: the observed and residual fields empty at the end of the record.
        #expect(table.split(separator: "\n").contains { $0.hasSuffix(",,") })
        if c.samples >= 2 { #expect(table.hasPrefix("run,") && table.contains("interval_low,interval_high")) }
    }

    /// A real sweep: Epoch's 245 Chinchilla runs (Besiroglu et al. 2024) as the run reader reads
    /// them, predicted by Epoch's law with bootstrap-like samples, in blocks of 50.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: RunPredictionsCSVTests.epoch), "needs ../shared/data/chinchilla-epoch beside the repository"))
    func realSweepBytesAreTheTablesCSV() throws {
        let runs = try RunFileReader().read(path: Self.epoch).runs
        var file = LawFile(form: .chinchilla, parameters: Self.chinchilla, origin: "epoch")
        file.samples = (0..<4).map { k in Self.chinchilla.mapValues { $0 * (1 + 0.002 * Double(k)) } }
        let p = try RunPredictions(law: file, runs: runs)
        #expect(p.predictions.count == 245 && p.samples == 4)
        #expect(Self.text(RunPredictionsReport.csv(p, block: 50)) == RunPredictionsReport.table(p, law: "epoch").render(.csv))
    }

    static let epoch = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data/chinchilla-epoch/svg_extracted_data.csv").path
}
