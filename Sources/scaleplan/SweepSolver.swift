import Foundation
import Planning
import ScalingLaws
import Reporting

/// The plans of a sweep: the options with each point's values set, planned in order, each
/// solve warm-started from the optimum extrapolated from the two points before it (a faster
/// solve; the bracket, not the guess, guarantees the answer).
///
/// A point's plan depends on nothing but the point and its warm start, and the warm start on
/// nothing but the two optima before it. It does depend on the start, though: Newton stops
/// within 1e-13 of the root in t, so another start can change the last bits of the answer, and
/// solving pieces of a sweep independently would change last digits of the CSV. `solveRows` solves it in
/// parallel all the same and gives exactly the chain's answer: each chunk of `chunkSize` points
/// guesses its first warm start from the `leadIn` points before it, and a chunk whose guess
/// turns out different from the chain's (known once the chunk before is final) is re-solved
/// from the true start until it meets its own first solve again (two equal optima in a row:
/// from there the warm starts, hence the plans, are the same). The chunk size is fixed, so the
/// output never depends on the machine.
struct SweepSolver: @unchecked Sendable {   // @unchecked: for the key paths, which are immutable
    /// Points per chunk of a parallel solve.
    static let chunkSize = 1000
    /// Points before a chunk solved to guess its first warm start.
    static let leadIn = 4

    let options: PlanSpec
    let keyPaths: [WritableKeyPath<PlanSpec, Double?>]
    let points: [[(name: String, value: Double)]]
    let law: ChinchillaLaw
    let lawFile: LawFile
    let samples: [ChinchillaLaw]
    /// When only the demand varies: the first point's planner, whose cost model each point
    /// re-serves for its demand (no cost model, hardware look-up or limits rebuilt per point).
    let demandOnlyPlanner: Planner?
    /// The target, when no axis changes it.
    let fixedTarget: PlanTarget?

    /// Options a sweep can vary that change nothing but the demand. With roofline serving the
    /// context follows from the request shape, so there only the token total qualifies.
    static let demandAxes: Set<String> = ["inference-tokens", "requests", "input-tokens", "output-tokens"]
    static let targetAxes: Set<String> = ["target-loss", "quality-of", "budget-flops", "budget-usd", "target-metric"]

    init(options: PlanSpec, axes: [VaryAxis], points: [[(name: String, value: Double)]],
         law: ChinchillaLaw, lawFile: LawFile, samples: [ChinchillaLaw]) {
        self.options = options; self.keyPaths = axes.map(\.keyPath); self.points = points
        self.law = law; self.lawFile = lawFile; self.samples = samples
        var first = options
        if let point = points.first { for (keyPath, (_, value)) in zip(keyPaths, point) { first[keyPath: keyPath] = value } }
        let names = Set(axes.map(\.name))
        let roofline = (options.serving ?? "fixed-mfu").lowercased() != "fixed-mfu"
        let demandOnly = names.isSubset(of: roofline ? ["inference-tokens"] : Self.demandAxes)
        // Built from the first point; if that fails, every point is built from scratch, so the
        // error is the one the first point gives.
        demandOnlyPlanner = demandOnly ? try? first.planner(law: law, lawFile: lawFile) : nil
        fixedTarget = names.isDisjoint(with: Self.targetAxes) ? try? first.target() : nil
    }

    /// Plans the points of `range` in order, calling `each` with each point's index and plan.
    func solve(_ range: Range<Int>, _ each: (Int, Plan) throws -> Void) throws {
        var chain = Chain(self)
        for i in range { try chain.plan(i) { try each(i, $0) } }
    }

    /// The state of one chain of solves: the options and planner being updated, and the two
    /// previous optima.
    struct Chain {
        let solver: SweepSolver
        var o: PlanSpec   // every point sets the same axes, so one copy serves them all
        var planner: Planner
        /// Whether only the demand varies: then `planner` is kept and its cost model, re-served
        /// from `baseCost` per point; else a planner is built per point.
        let demandOnly: Bool
        let baseCost: CostModel
        var previous: Double?, beforePrevious: Double?

        init(_ solver: SweepSolver) {
            self.solver = solver; o = solver.options
            demandOnly = solver.demandOnlyPlanner != nil
            // (Without it the first point replaces this planner before it is used.)
            planner = solver.demandOnlyPlanner ?? Planner(law: solver.law, costModel: CostModel(demand: .none))
            baseCost = planner.costModel
        }

        /// The plan of point `i`, warm-started from the two previous optima.
        mutating func plan(_ i: Int) throws -> Plan {
            var made: Plan?
            try plan(i) { made = $0 }
            return made!
        }

        /// Calls `use` with the plan of point `i`, warm-started from the two previous optima.
        /// (Written so that neither the plan, a kilobyte, nor the options or the planner are
        /// copied per point: the plan is lent, not returned, and no optional is unwrapped.)
        mutating func plan(_ i: Int, _ use: (Plan) throws -> Void) throws {
            for (keyPath, (_, value)) in zip(solver.keyPaths, solver.points[i]) { o[keyPath: keyPath] = value }
            if demandOnly {
                planner.costModel = baseCost.serving(try PlanSpec.demand(
                    inferenceTokens: o.inferenceTokens, requests: o.requests, inputTokens: o.inputTokens, outputTokens: o.outputTokens))
            } else {
                planner = try o.planner(law: solver.law, lawFile: solver.lawFile)
            }
            if let p = previous {
                if let b = beforePrevious { planner.warmStart = 2 * p - b } else { planner.warmStart = p }
            } else {
                planner.warmStart = nil
            }
            let target: PlanTarget
            if let fixed = solver.fixedTarget { target = fixed } else { target = try o.target() }
            if solver.samples.isEmpty {
                // `plan(_:samples:confidence:)` without samples is `plan(_:)`, with a copy more.
                let plan = try planner.plan(target)
                (beforePrevious, previous) = (previous, plan.curvePosition)
                try use(plan)
            } else {
                let plan = try planner.plan(target, samples: solver.samples, confidence: o.confidence ?? 0.9)
                (beforePrevious, previous) = (previous, plan.curvePosition)
                try use(plan)
            }
        }

        /// Forgets the previous optima (a point failed).
        mutating func restart() { (beforePrevious, previous) = (nil, nil) }
    }

    /// One chunk's solve: each point's row (`columns` numbers) and optimum.
    struct ChunkSolve: Sendable {
        let range: Range<Int>
        /// The two optima before the chunk its first point was warm-started from.
        var entry: (Double?, Double?)
        var rows: [Double] = []
        var positions: [Double?] = []
        /// The point that failed (the chunk stops there), with its error.
        var failure: (index: Int, error: any Error)?

        /// Points solved (the failing one excluded).
        var end: Int { range.lowerBound + positions.count }
    }

    /// Every point's row of `columns` numbers (`row` appends a plan's), in order, chunk by
    /// chunk, the chunks solved in parallel: the same rows one chain (`solve`) gives, or its
    /// first error. (`chunkSize` and `leadIn` are for tests: 0 points of lead-in start every
    /// chunk cold, so every chunk after the first is re-solved.)
    func solveRows(columns: Int, chunkSize: Int = Self.chunkSize, leadIn: Int = Self.leadIn,
                   _ row: @escaping @Sendable (Int, Plan, inout [Double]) -> Void) throws -> [[Double]] {
        let count = (points.count + chunkSize - 1) / chunkSize
        let box = ParallelResults<ChunkSolve>(count: count)
        performConcurrently(count) { k in
            let range = k * chunkSize..<min(points.count, (k + 1) * chunkSize)
            var chain = Chain(self)
            for i in max(0, range.lowerBound - leadIn)..<range.lowerBound {
                do { _ = try chain.plan(i) } catch { chain.restart() }
            }
            var chunk = ChunkSolve(range: range, entry: (chain.beforePrevious, chain.previous))
            chunk.rows.reserveCapacity(range.count * columns)
            chunk.positions.reserveCapacity(range.count)
            for i in range {
                do {
                    try chain.plan(i) { plan in
                        row(i, plan, &chunk.rows)
                        chunk.positions.append(plan.curvePosition)
                    }
                } catch {
                    chunk.failure = (i, error)
                    break
                }
            }
            box.set(k, chunk)
        }
        var chunks = box.all
        // The chain's state entering each chunk is known once the chunk before is final.
        var truth: (Double?, Double?) = (nil, nil)
        for k in chunks.indices {
            if !Self.same(chunks[k].entry, truth) { try resolve(&chunks[k], from: truth, columns: columns, row) }
            if let failure = chunks[k].failure { throw failure.error }
            let p = chunks[k].positions
            truth = (p.count > 1 ? p[p.count - 2] : truth.1, p.last ?? nil)
        }
        return chunks.map(\.rows)
    }

    /// Re-solves `chunk` from the chain's true state until it meets its first solve again.
    private func resolve(_ chunk: inout ChunkSolve, from truth: (Double?, Double?), columns: Int,
                         _ row: (Int, Plan, inout [Double]) -> Void) throws {
        var chain = Chain(self)
        (chain.beforePrevious, chain.previous) = truth
        let first = chunk.range.lowerBound, solved = chunk.end, guessed = chunk.positions
        var newRow: [Double] = []
        for i in chunk.range {
            // Two optima in a row equal to the first solve's: from here on it was right (its
            // failure too, if it failed here or later).
            if i > first + 1, i <= solved, Self.same((chain.beforePrevious, chain.previous), (guessed[i - first - 2], guessed[i - first - 1])) {
                return
            }
            let plan = try chain.plan(i)   // a failure here is the chain's first
            newRow.removeAll(keepingCapacity: true)
            row(i, plan, &newRow)
            let offset = (i - first) * columns
            if i < solved {
                chunk.rows.replaceSubrange(offset..<offset + columns, with: newRow)
                chunk.positions[i - first] = plan.curvePosition
            } else {
                chunk.rows.append(contentsOf: newRow)
                chunk.positions.append(plan.curvePosition)
            }
        }
        chunk.failure = nil   // solved to its end without one
    }

    /// The same optima, bit for bit (the warm start is computed from their bits).
    static func same(_ a: (Double?, Double?), _ b: (Double?, Double?)) -> Bool {
        func same(_ x: Double?, _ y: Double?) -> Bool { x?.bitPattern == y?.bitPattern }
        return same(a.0, b.0) && same(a.1, b.1)
    }
}
