import Foundation
import Testing
@testable import scaleplan
@testable import ScalingLaws
import ArgumentParser

/// A fresh directory for one test's files.
private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("scaleplan-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

extension ParsableArguments {
    /// The message the user reads for the error `body` throws, as the command line prints it
    /// (nil when it throws none): a test that any error will do passes on the wrong one.
    static func failure(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return message(for: error) }
    }
}

@Suite struct RunInputOptionsTests {
    @Test func loadsFiltersAndGroups() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("runs.csv").path
        try "N,C,val_loss,dataset\n1e8,1.2e18,3.5,c4\n2e8,2.4e18,3.6,rpj\n4e8,4.8e18,3.3,c4\n8e8,9.6e18,3.2,c4\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let options = try RunInputOptions.parse([path, "--column", "loss=val_loss", "--where", "dataset=c4",
                                                 "--exclude-loss-above", "3.41", "--group", "dataset"])
        let loaded = try options.load()
        #expect(loaded.read.runs.count == 4)
        #expect(loaded.log.runs.map(\.params) == [4e8, 8e8])
        #expect(loaded.outcomes.map(\.excluded) == [1, 1])
        #expect(loaded.groups?.map(\.value) == ["c4"])
        #expect(loaded.notes == ["tokens derived as C/(6N) for 4 runs",
                                 "1 run excluded by --where dataset=c4",
                                 "1 run excluded by --exclude-loss-above 3.41"])
    }

    /// Only the tags a filter or group names are read; a filter on a missing one still lists
    /// every tag the file has, as reading them all does.
    @Test func keptTagsAndTheirMessages() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("runs.csv").path
        try "N,D,loss,dataset,note\n1e8,2e9,3.5,c4,a\n2e8,4e9,3.4,rpj,b\n".write(toFile: path, atomically: true, encoding: .utf8)
        let grouped = try RunInputOptions.parse([path, "--group", "dataset"]).load()
        #expect(grouped.log.runs.map(\.tags) == [["dataset": "c4"], ["dataset": "rpj"]])
        #expect(grouped.groups?.map(\.value) == ["c4", "rpj"])
        do { _ = try RunInputOptions.parse([path, "--where", "size=7"]).load() } catch {
            #expect("\(error)" == "--where size=7: no run has a column 'size' (columns: dataset, note)")
        }
        do { _ = try RunInputOptions.parse([path, "--group", "size"]).load() } catch {
            #expect("\(error)" == "--group size: no run has a column 'size' (columns: dataset, note)")
        }
    }

    /// --last-checkpoints kept as rows stream by is what collapsing the whole logs gives, and
    /// a file named twice (whose rows then form one trajectory) is collapsed after reading.
    @Test func lastCheckpointsAsTheLibraryCollapsesThem() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
        try "params,tokens,loss\n1e8,3e9,3.0\n1e8,1e9,4.0\n1e8,4e9,2.9\n1e8,2e9,3.5\n".write(toFile: a, atomically: true, encoding: .utf8)
        try "params,tokens,loss\n2e8,1e9,3.8\n2e8,2e9,3.1\n".write(toFile: b, atomically: true, encoding: .utf8)
        for files in [[a, b], [a, b, a]] {
            let loaded = try RunInputOptions.parse(files + ["--last-checkpoints", "2"]).load()
            let whole = RunLog(combining: try files.map { try RunFileReader().readWhole(data: Data(contentsOf: URL(fileURLWithPath: $0)),
                                                                                    name: $0, format: nil, fileColumns: []) })
                .lastCheckpoints(2)
            #expect(loaded.read.runs == whole.runs)
            #expect(loaded.notes == whole.notes)
        }
        // By hand: a's last two by tokens are 3e9 (3.0) and 4e9 (2.9); b's are 1e9 and 2e9.
        let loaded = try RunInputOptions.parse([a, b, "--last-checkpoints", "2"]).load()
        #expect(loaded.read.runs.map(\.loss) == [(3.0 + 2.9) / 2, (3.8 + 3.1) / 2])
        #expect(loaded.read.runs.map(\.source.line) == [4, 3])
    }

    @Test func badArgumentsAreValidationErrors() throws {
        // No files parses (report --law needs none) but cannot load.
        #expect(try RunInputOptions.parse([]).files.isEmpty)
        #expect(RunInputOptions.failure { try RunInputOptions.parse([]).load() } == "give at least one run file (CSV or JSON Lines)")
        // Each option's mistake is named, with the text the user wrote.
        let column = try #require(RunInputOptions.failure { try RunInputOptions.parse(["a.csv", "--column", "size=N"]) })
        #expect(column.contains("size=N") && column.contains("loss"), "\(column)")
        let condition = try #require(RunInputOptions.failure { try RunInputOptions.parse(["a.csv", "--where", "dataset"]) })
        #expect(condition.contains("dataset"), "\(condition)")
        let limit = try #require(RunInputOptions.failure { try RunInputOptions.parse(["a.csv", "--exclude-loss-above", "nan"]) })
        #expect(limit.hasPrefix("--exclude-loss-above: ") && limit.contains("nan"), "\(limit)")
    }
}

@Suite struct SimulateCommandTests {
    @Test func writesTheSimulationAndRefusesToOverwrite() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let law = dir.appendingPathComponent("law.json").path
        try #"{"form": "chinchilla", "parameters": {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}}"#
            .write(toFile: law, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("sweep.csv").path
        let arguments = ["--law", law, "--budgets", "1e18:1e20:3", "--sizes-per-budget", "5",
                         "--noise", "0.02", "--seed", "9", "--out", out]
        try Simulate.parse(arguments).run()

        // The file reads back to exactly the runs the library simulates (exact printing).
        let written = try RunFileReader().read(path: out)
        let expected = try Simulation(law: ChinchillaLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28),
                                      grid: .isoFLOP(budgets: try LogSpacedRange(parsing: "1e18:1e20:3"), sizes: 5, spread: 4),
                                      noise: 0.02, seed: 9).runs()
        #expect(written.runs.count == 15)
        #expect(written.runs.map(\.loss) == expected.map(\.loss))
        #expect(written.runs.map(\.params) == expected.map(\.params))
        #expect(written.runs.map(\.flops) == expected.map(\.flops))

        #expect(throws: CommandFailure.self) { try Simulate.parse(arguments).run() }
        try Simulate.parse(arguments + ["--force"]).run()
    }

    @Test func presetsAreSimulatedToo() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("sweep.csv").path
        try Simulate.parse(["--preset", "chinchilla", "--params", "1B:1B:1", "--tokens", "20B:20B:1", "--out", out]).run()
        let run = try RunFileReader().read(path: out).runs[0]
        // Hoffmann et al. 2022 eq. 10 at N = 1e9, D = 2e10, by hand.
        let byHand = 1.69 + 406.4 * pow(1e9, -0.34) + 410.7 * pow(2e10, -0.28)
        #expect(abs(run.loss - byHand) <= 1e-14 * byHand)
        let unknown = try #require(Simulate.failure { try Simulate.parse(["--preset", "no-such-law"]).run() })
        #expect(unknown.hasPrefix("unknown preset 'no-such-law' (known: ") && unknown.contains("chinchilla-sardana"), "\(unknown)")
    }

    /// A grid larger than a batch of rows and than the parallel threshold: every row is the
    /// law's value at its point, checked by hand at a few, in grid order.
    @Test func largeGridsAreWrittenInOrder() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("sweep.csv").path
        try Simulate.parse(["--preset", "chinchilla", "--params", "1e7:1e10:400", "--tokens", "1e9:1e12:400", "--out", out]).run()
        let runs = try RunFileReader().read(path: out).runs
        #expect(runs.count == 160_000)
        for (i, j) in [(0, 0), (123, 45), (250, 399), (399, 399)] {
            let run = runs[i * 400 + j]
            // Log-spaced grid points (12 significant digits inside, ends exact), rounded to whole counts.
            func point(_ lo: Double, _ hi: Double, _ k: Int) -> Double {
                k == 0 ? lo : k == 399 ? hi : Double(String(format: "%.12g", lo * pow(hi / lo, Double(k) / 399)))!.rounded()
            }
            #expect(run.params == point(1e7, 1e10, i) && run.tokens == point(1e9, 1e12, j))
            let byHand = 1.69 + 406.4 * pow(run.params, -0.34) + 410.7 * pow(run.tokens, -0.28)
            #expect(abs(run.loss - byHand) <= 1e-14 * byHand)
        }
    }

    /// A --out that cannot be written says why, and leaves nothing behind.
    @Test func unwritableOutput() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("missing/sweep.csv").path
        do {
            try Simulate.parse(["--preset", "chinchilla", "--out", out]).run()
            Issue.record("wrote \(out)")
        } catch {
            #expect("\(error)" == "\(out): cannot write the file (No such file or directory)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func optionConflicts() {
        let lawOrPreset = "give one of --law LAW.json or --preset NAME"
        #expect(Simulate.failure { try Simulate.parse([]) } == lawOrPreset)
        #expect(Simulate.failure { try Simulate.parse(["--law", "a.json", "--preset", "x"]) } == lawOrPreset)
        #expect(Simulate.failure { try Simulate.parse(["--law", "a.json", "--params", "1M:1B:3"]) }
                == "--params and --tokens go together (a full grid)")
        #expect(Simulate.failure { try Simulate.parse(["--law", "a.json", "--params", "1M:1B:3", "--tokens", "1B:2B:2", "--budgets", "1e18:1e19:2"]) }
                == "--budgets (isoFLOP grid) and --params/--tokens (full grid) exclude each other")
    }
}
