import ArgumentParser
import Foundation
import Planning
import Reporting
import ScalingLaws

/// One `--vary NAME=FROM:TO:STEPS[:log]` axis.
struct VaryAxis {
    var name: String
    var keyPath: WritableKeyPath<PlanSpec, Double?>
    var values: [Double]

    init(_ spec: String) throws {
        let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw CommandError("--vary '\(spec)': expected NAME=FROM:TO:STEPS[:log]") }
        name = parts[0].hasPrefix("--") ? String(parts[0].dropFirst(2)) : parts[0]
        guard let kp = PlanSpec.numeric[name] else {
            throw CommandError("--vary: '\(name)' is not a numeric plan option (one of: \(PlanSpec.numeric.keys.sorted().joined(separator: ", ")))")
        }
        keyPath = kp
        let range = parts[1].split(separator: ":").map(String.init)
        guard range.count == 3 || (range.count == 4 && range[3].lowercased() == "log") else {
            throw CommandError("--vary '\(spec)': expected NAME=FROM:TO:STEPS or NAME=FROM:TO:STEPS:log")
        }
        let from = try PlanNumber.parse(range[0]), to = try PlanNumber.parse(range[1])
        guard let steps = Int(range[2]), steps >= 1 else { throw CommandError("--vary '\(spec)': STEPS must be a whole number ≥ 1") }
        let logarithmic = range.count == 4
        if logarithmic && !(from > 0 && to > 0) { throw CommandError("--vary '\(spec)': a log sweep needs FROM and TO > 0") }
        values = (0..<steps).map { i in
            let f = steps == 1 ? 0 : Double(i) / Double(steps - 1)
            return logarithmic ? exp(log(from) + f * (log(to) - log(from))) : from + f * (to - from)
        }
    }
}

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Plan over a range of one or two plan options, or find break-even demand.",
        discussion: """
        --vary NAME=FROM:TO:STEPS[:log]: NAME is a numeric plan option without dashes \
        (inference-tokens, train-price, max-params, ...); give it once, or twice for a grid.
        --break-even F: the demand at which the recommended model is smaller than Chinchilla's by F.
        --candidate-params N: the demand at which a model of N params is cheaper to own than Chinchilla's.

        Examples:
          scaleplan sweep --preset chinchilla-sardana --quality-of 30B \\
              --vary inference-tokens=1e9:1e16:8:log
          scaleplan sweep --preset chinchilla-sardana --quality-of 30B \\
              --objective cost --vary inference-tokens=1e11:1e14:4:log \\
              --vary infer-price=1:4:4 --format csv
          scaleplan sweep --preset chinchilla-sardana --quality-of 30B \\
              --break-even 0.25
        """)

    @OptionGroup var options: PlanOptions

    @Option(help: "NAME=FROM:TO:STEPS[:log]; once or twice (a grid).")
    var vary: [String] = []

    @Option(name: .customLong("break-even"), help: "Find the demand where the recommended model is this fraction smaller than Chinchilla's.", transform: PlanNumber.parse)
    var breakEven: Double?

    @Option(name: .customLong("candidate-params"), help: "Find the demand where a model of this size becomes cheaper to own than Chinchilla's.", transform: PlanNumber.parse)
    var candidateParams: Double?

    /// Benchmarking: solve the sweep this many times and report plans per second on stderr.
    @Option(name: .customLong("repeat"), help: .hidden)
    var repeatCount: Int = 1

    func run() throws {
        _ = try self.options.tableFormat
        var options = self.options.spec
        options.hardwareProfiles = try options.loadHardwareProfiles()
        let format = options.format
        if breakEven != nil || candidateParams != nil {
            guard vary.isEmpty else { throw CommandError("--break-even and --candidate-params do not combine with --vary") }
            return try runBreakEven(format, options)
        }
        guard (1...2).contains(vary.count) else { throw CommandError("give --vary once or twice (or --break-even / --candidate-params)") }
        guard repeatCount >= 1 else { throw CommandError("--repeat must be ≥ 1") }
        let axes = try vary.map(VaryAxis.init)
        if axes.count == 2 && axes[0].name == axes[1].name { throw CommandError("--vary the same option twice: '\(axes[0].name)'") }
        let file = try options.lawFile()
        let law = try file.chinchilla(), samples = file.chinchillaSamples()
        let grid = Self.points(axes)

        let solver = SweepSolver(options: options, axes: axes, points: grid, law: law, lawFile: file, samples: samples)
        typealias Row = (vary: [(name: String, value: Double)], plan: Plan)
        // With --link, each point's metric at its plan's loss, next to it (read once the plans
        // are made, so a sweep that fails says why before a bad link file does).
        func readLink() throws -> (link: DownstreamLink?, metricName: String) {
            let linkFile = try options.link.map { try LawFile.read(path: $0) }
            return (try linkFile?.link(), linkFile?.metric ?? "metric")
        }

        if repeatCount > 1 {
            // The benchmark times the plans alone, in one chain (one thread), keeping them.
            var results: [Row] = []
            let start = Date()
            for _ in 0..<repeatCount {
                results = []
                results.reserveCapacity(grid.count)
                try solver.solve(grid.indices) { i, plan in results.append((grid[i], plan)) }
            }
            let seconds = Date().timeIntervalSince(start), count = Double(repeatCount * grid.count)
            FileHandle.standardError.write(Data("sweep: \(Int(count)) plans in \(String(format: "%.3f", seconds)) s = \(String(format: "%.0f", count / seconds)) plans/s\n".utf8))
            return try render(results, format, try readLink())
        }
        if format == .json {
            var results: [Row] = []
            try solver.solve(grid.indices) { i, plan in results.append((grid[i], plan)) }
            return try render(results, format, try readLink())
        }
        if format == .csv && options.link == nil {
            // Each row's numbers, then CSV records written into bytes: both in parallel.
            var first: Plan?
            try solver.solve(0..<1) { _, plan in first = plan }
            let table = SweepTable(varying: grid[0].map(\.name), first: first)
            let layout = table.layout, columns = table.table.columns.count
            let blocks = try solver.solveRows(columns: columns) { i, plan, row in
                layout.appendValues(vary: grid[i], plan: plan, to: &row)
            }
            var header = ByteText()
            header.write(table.csvHeader)
            try StandardOutput.write([header] + SweepRowLayout.csvRecords(blocks, columns: columns))
            return
        }
        // A table is built as the plans come (the plans need not be kept); the first plan says
        // which columns there are.
        var sweep: SweepTable?
        var losses: [Double] = []
        try solver.solve(grid.indices) { i, plan in
            if sweep == nil { sweep = SweepTable(varying: grid[i].map(\.name), first: plan) }
            sweep!.append(vary: grid[i], plan: plan)
            if options.link != nil { losses.append(plan.recommended.loss) }
        }
        var table = sweep!.table
        sweep = nil   // the table's rows uniquely referenced, for the metric column
        let (link, metricName) = try readLink()
        if let link {
            table.columns.append(Table.Column(metricName, key: "metric"))
            for (i, loss) in losses.enumerated() {
                table.rows[i].append(.number(link.metric(loss: loss), .decimal(significant: 4)))
            }
        }
        print(table.render(format), terminator: "")
    }

    /// The points of one axis, or of a grid of two (the second varying fastest).
    static func points(_ axes: [VaryAxis]) -> [[(name: String, value: Double)]] {
        axes.count == 1
            ? axes[0].values.map { [(axes[0].name, $0)] }
            : axes[0].values.flatMap { a in axes[1].values.map { b in [(axes[0].name, a), (axes[1].name, b)] } }
    }

    /// Kept plans (JSON, or the benchmark's repeats) in `format`.
    private func render(_ results: [(vary: [(name: String, value: Double)], plan: Plan)], _ format: TableFormat,
                        _ link: (link: DownstreamLink?, metricName: String)) throws {
        let (link, metricName) = link
        if format == .json {
            print(JSON.text(results.map { r -> [String: Any] in
                var object = r.plan.jsonObject
                object["vary"] = Dictionary(uniqueKeysWithValues: r.vary.map { ($0.name, $0.value) })
                if let link { object["metric"] = link.metric(loss: r.plan.recommended.loss); object["metric_name"] = metricName }
                return object
            }), terminator: "")
            return
        }
        var table = Table(sweep: results)
        if let link {
            table.columns.append(Table.Column(metricName, key: "metric"))
            for (i, r) in results.enumerated() {
                table.rows[i].append(.number(link.metric(loss: r.plan.recommended.loss), .decimal(significant: 4)))
            }
        }
        print(table.render(format), terminator: "")
    }

    private func runBreakEven(_ format: TableFormat, _ options: PlanSpec) throws {
        guard (breakEven == nil) != (candidateParams == nil) else { throw CommandError("give --break-even or --candidate-params, not both") }
        let file = try options.lawFile()
        let law = try file.chinchilla()
        let loss: Double
        switch try options.target() {
        case let .loss(l): loss = l
        case let .qualityOf(n): loss = Planner.qualityLoss(ofParams: n, law: law)
        default: throw CommandError("break-even needs a quality target: --target-loss or --quality-of")
        }
        var shape = try options.demand()
        if shape.tokens == 0 { shape = InferenceDemand(tokens: 1) }
        let objective = try options.planObjective()
        let solver = BreakEven(law: law, objective: objective, demandShape: shape, costModel: try options.costModel(demand: shape))
        let demand = try breakEven.map { try solver.demandForShrink($0, loss: loss) }
            ?? solver.demandForCandidate(params: candidateParams!, loss: loss)
        let planner = Planner(law: law, costModel: try options.costModel(demand: demand), objective: objective,
                              fixedParams: candidateParams)
        let plan = try planner.plan(.loss(loss))
        var summary: [String: Any] = ["inference_tokens": demand.tokens]
        if let r = demand.requests { summary["requests"] = r }
        if let f = breakEven { summary["fraction"] = f } else { summary["candidate_params"] = candidateParams! }
        if format == .json {
            print(JSON.text(["break_even": summary, "plan": plan.jsonObject]), terminator: "")
            return
        }
        var table = Table(plan: plan)
        let volume = NumberFormatting.format(demand.tokens, .count) + " tokens"
            + (demand.requests.map { " (" + NumberFormatting.format($0, .count) + " requests)" } ?? "")
        table.title = breakEven.map { "break-even demand: \(volume), where the recommended model is \(NumberFormatting.format($0, .percent)) smaller than Chinchilla's" }
            ?? "break-even demand: \(volume), where a \(NumberFormatting.format(candidateParams!, .count))-parameter model costs as much to own as Chinchilla's"
        print(table.render(format), terminator: "")
    }
}

/// Standard output written with `write(2)`, bytes as they are (no `String`, no stdio buffer).
enum StandardOutput {
    static func write(_ parts: [ByteText]) throws {
        fflush(nil)   // anything printed before goes first
        for part in parts {
            try part.bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = Foundation.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw CommandError("cannot write the output: \(String(cString: strerror(errno)))")
                    }
                    offset += n
                }
            }
        }
    }
}
