import Foundation
import Testing
@testable import ScalingLaws

/// The example sweeps in data/ are what data/README.md says made them: regenerating them
/// with the same law, grid and seed gives the same runs, number for number.
@Suite struct ExampleDataTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func read(_ name: String) throws -> RunLog {
        try RunFileReader().read(path: Self.root.appendingPathComponent("data/\(name)").path)
    }

    func law() throws -> ChinchillaLaw {
        try LawFile.read(path: Self.root.appendingPathComponent("data/example-law.json").path).chinchilla()
    }

    func simulate(_ grid: Simulation.Grid, noise: Double = 0, seed: UInt64 = 0) throws -> [Run] {
        try Simulation(law: try law(), grid: grid, noise: noise, seed: seed).runs()
    }

    @Test func exampleSweep() throws {
        let file = try read("example-sweep.csv")
        let again = try simulate(.isoFLOP(budgets: try LogSpacedRange(parsing: "1e18:1e21:7"), sizes: 9, spread: 4),
                                 noise: 0.01, seed: 1)
        #expect(file.runs.count == 63)
        #expect(file.runs.map(\.loss) == again.map(\.loss))
        #expect(file.runs.map(\.params) == again.map(\.params))
    }

    @Test func exampleGrid() throws {
        let file = try read("example-grid.csv")
        let again = try simulate(.grid(params: try LogSpacedRange(parsing: "10M:1B:9"),
                                       tokens: try LogSpacedRange(parsing: "1B:100B:6")), noise: 0.01, seed: 2)
        #expect(file.runs.count == 54)
        #expect(file.runs.map(\.loss) == again.map(\.loss))
    }

    /// The example law is the `epoch2024` preset, so `--preset epoch2024` makes the same files.
    @Test func exampleLawIsTheEpochPreset() throws {
        #expect(try law() == LawPreset.named("epoch2024").law)
    }

    /// Noiseless: each loss is the law's value at the file's N and D, to the last bit.
    @Test func exampleNoiseless() throws {
        let file = try read("example-noiseless.csv")
        let law = try law()
        #expect(file.runs.count == 55)
        for run in file.runs { #expect(run.loss == law.loss(params: run.params, tokens: run.tokens)) }
    }
}
