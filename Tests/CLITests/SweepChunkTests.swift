import Foundation
import Planning
import Reporting
@testable import scaleplan
import Testing

/// A long CSV sweep is solved in chunks, in parallel, each chunk from a guessed warm start and
/// re-solved where the guess was not the one chain's (`SweepSolver.solveRows`). Its rows must
/// be those of one chain over the whole sweep (`SweepSolver.solve`), bit for bit, and it must
/// fail where the chain fails, with the chain's error.
@Suite("Sweeps solved in parallel chunks (CLI)")
struct SweepChunkTests {
    /// The solver, row layout and points `sweep ARGUMENTS` plans.
    static func sweep(_ arguments: [String]) throws -> (solver: SweepSolver, layout: SweepRowLayout, columns: Int,
                                                          points: [[(name: String, value: Double)]]) {
        let command = try SweepCommand.parse(arguments)
        var options = command.options.spec
        options.hardwareProfiles = try options.loadHardwareProfiles()
        let axes = try command.vary.map(VaryAxis.init)
        let file = try options.lawFile()
        let points = SweepCommand.points(axes)
        let solver = SweepSolver(options: options, axes: axes, points: points, law: try file.chinchilla(), lawFile: file,
                                 samples: file.chinchillaSamples())
        var first: Plan?
        try solver.solve(0..<1) { _, plan in first = plan }
        let table = SweepTable(varying: points[0].map(\.name), first: first)
        return (solver, table.layout, table.table.columns.count, points)
    }

    /// Every row of one chain, flat.
    static func chainRows(_ s: (solver: SweepSolver, layout: SweepRowLayout, columns: Int, points: [[(name: String, value: Double)]])) throws -> [Double] {
        var rows: [Double] = []
        try s.solver.solve(s.points.indices) { i, plan in s.layout.appendValues(vary: s.points[i], plan: plan, to: &rows) }
        return rows
    }

    static func chunkedRows(_ s: (solver: SweepSolver, layout: SweepRowLayout, columns: Int, points: [[(name: String, value: Double)]]),
                            chunkSize: Int, leadIn: Int) throws -> [Double] {
        let layout = s.layout, points = s.points
        return Array(try s.solver.solveRows(columns: s.columns, chunkSize: chunkSize, leadIn: leadIn) { i, plan, row in
            layout.appendValues(vary: points[i], plan: plan, to: &row)
        }.joined())
    }

    static let base = ["--preset", "chinchilla-sardana", "--quality-of", "30B", "--format", "csv"]

    @Test("Chunked rows are the chain's, bit for bit, with limits binding in some chunks and not others", arguments: [
        // Chinchilla's 30B model is above 20B: the limit binds at low demand, not at high.
        ["--vary", "inference-tokens=1e9:1e16:700:log", "--max-params", "20B"],
        // 5T tokens: binds at high demand; priced, so the cost columns too.
        ["--vary", "inference-tokens=1e9:1e16:700:log", "--max-tokens", "5T", "--objective", "cost", "--train-gpu", "h100-sxm"],
        ["--vary", "inference-tokens=1e9:1e16:300:log", "--objective", "cost", "--train-gpu", "h100-sxm", "--serving", "roofline"],
        // A grid, and an axis that is not the demand (the planner rebuilt per point).
        ["--vary", "inference-tokens=1e10:1e15:30:log", "--vary", "max-params=10B:40B:20"],
        ["--vary", "max-params=14B:40B:400:log", "--inference-tokens", "1e12"],
    ])
    func sameRows(_ options: [String]) throws {
        let s = try Self.sweep(Self.base + options)
        let chain = try Self.chainRows(s)
        #expect(chain.count == s.points.count * s.columns)
        // Some rows at a limit and some not (params or tokens column exactly at it), when there is one.
        let params = stride(from: s.points[0].count, to: chain.count, by: s.columns).map { chain[$0] }
        let tokens = stride(from: s.points[0].count + 1, to: chain.count, by: s.columns).map { chain[$0] }
        if options.contains("--max-params") {
            #expect(params.contains { abs($0 / 20e9 - 1) < 1e-12 } && params.contains { $0 < 19.9e9 })
        }
        if options.contains("--max-tokens") {
            #expect(tokens.contains { abs($0 / 5e12 - 1) < 1e-12 } && tokens.contains { $0 < 4.9e12 })
        }
        // 0 points of lead-in: every chunk after the first starts cold and is re-solved.
        for (chunkSize, leadIn) in [(64, 0), (64, 4), (7, 0), (250, 4)] {
            let chunked = try Self.chunkedRows(s, chunkSize: chunkSize, leadIn: leadIn)
            #expect(chunked.count == chain.count)
            let first = chain.indices.first { $0 >= chunked.count || chunked[$0].bitPattern != chain[$0].bitPattern }
            #expect(first == nil, "chunks of \(chunkSize), lead-in \(leadIn): row \((first ?? 0) / s.columns) differs")
        }
    }

    @Test("A sweep failing mid-way fails with the chain's error, from a chunk after the first")
    func sameFailure() throws {
        // Descending limits: a model below ≈2.9B parameters cannot reach 30B's loss at all.
        let s = try Self.sweep(Self.base + ["--vary", "max-params=40B:1B:500:log"])
        var reached = 0
        let chainError = #expect(throws: PlanningError.self) {
            try s.solver.solve(s.points.indices) { i, _ in reached = i + 1 }
        }
        #expect(reached > 64, "the failure should not be in the first chunk (first \(reached) points planned)")
        for (chunkSize, leadIn) in [(64, 0), (64, 4), (10, 4)] {
            let chunkError = #expect(throws: PlanningError.self) { _ = try Self.chunkedRows(s, chunkSize: chunkSize, leadIn: leadIn) }
            #expect(chunkError.map { "\($0)" } == chainError.map { "\($0)" })
        }
    }

    @Test("A CSV sweep across chunks prints what one chain's table prints, and stops where it stops")
    func sameOutput() throws {
        for options in [["--vary", "inference-tokens=1e9:1e16:2500:log", "--max-params", "20B"],
                        ["--vary", "inference-tokens=1e9:1e16:1500:log", "--objective", "energy", "--train-gpu", "h100-sxm",
                         "--train-gpus", "2048", "--deadline-days", "60"],
                        ["--vary", "max-params=40B:1B:2500:log"]] {
            let chunked = try CLIHarness.run(["sweep"] + Self.base + options)
            let stored = try CLIHarness.run(["sweep"] + Self.base + options + ["--repeat", "2"])   // one chain, a table of cells
            #expect(chunked.status == stored.status, "\(chunked.stderr) \(stored.stderr)")
            #expect(chunked.stdout == stored.stdout, "\(options)")
            #expect(chunked.stderr == stored.stderr.split(separator: "\n").filter { !$0.hasPrefix("sweep: ") }.map { $0 + "\n" }.joined())
        }
    }
}
