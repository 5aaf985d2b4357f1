import ArgumentParser
import Foundation
import Reporting
import ScalingLaws

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a sweep from a known law, to test an analysis against the truth.",
        discussion: """
        Writes CSV (params,tokens,flops,loss; and unique_tokens with --unique-tokens). The default grid is isoFLOP: for each compute \
        budget, --sizes-per-budget model sizes from N*/spread to N*·spread around the law's \
        compute-optimal N*, with tokens = C/(6N). --params/--tokens give a full grid instead. \
        Noise multiplies each loss by exp(σ·z), z standard normal; the same --seed gives the same file.

        Examples:
          scaleplan simulate --law law.json --budgets 1e18:1e21:7 --noise 0.01 --seed 1 --out sweep.csv
          scaleplan simulate --law law.json --params 10M:1B:8 --tokens 1B:100B:6
          scaleplan simulate --preset muennighoff2023 --params 10M:1B:6 --tokens 1B:100B:6 --unique-tokens 2B
        """)

    @Option(help: ArgumentHelp("Law file (JSON), as `fit --save` writes it or by hand.", valueName: "LAW.json"))
    var law: String?

    @Option(help: ArgumentHelp("A published law by name (see `scaleplan presets`).", valueName: "NAME"))
    var preset: String?

    @Option(help: ArgumentHelp("Compute budgets FROM:TO:COUNT, log-spaced (isoFLOP grid; default 1e18:1e21:7).",
                               valueName: "FROM:TO:COUNT"))
    var budgets: String?

    @Option(help: "Model sizes per budget (isoFLOP grid).")
    var sizesPerBudget = 9

    @Option(help: "Sizes span N*/spread to N*·spread (isoFLOP grid).")
    var spread = 4.0

    @Option(help: ArgumentHelp("Model sizes FROM:TO:COUNT, log-spaced (full grid, with --tokens).", valueName: "FROM:TO:COUNT"))
    var params: String?

    @Option(help: ArgumentHelp("Training tokens FROM:TO:COUNT, log-spaced (full grid, with --params).", valueName: "FROM:TO:COUNT"))
    var tokens: String?

    @Option(help: ArgumentHelp("Every run draws its tokens from this many unique ones, repeating them beyond the first epoch (Muennighoff et al.'s effective data and parameters price the repetition).", valueName: "U"), transform: Quantity.parse)
    var uniqueTokens: Quantity?

    @Option(help: ArgumentHelp("σ of the log-normal noise on loss (0: the law's values exactly).", valueName: "SIGMA"))
    var noise = 0.0

    @Option(help: "Seed of the noise.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Write the CSV here instead of standard output.", valueName: "FILE"))
    var out: String?

    @Flag(help: "Overwrite --out if it exists.")
    var force = false

    func validate() throws {
        guard (law == nil) != (preset == nil) else { throw ValidationError("give one of --law LAW.json or --preset NAME") }
        guard (params == nil) == (tokens == nil) else { throw ValidationError("--params and --tokens go together (a full grid)") }
        if params != nil, budgets != nil { throw ValidationError("--budgets (isoFLOP grid) and --params/--tokens (full grid) exclude each other") }
    }

    @Flag(help: "No progress bar on standard error (it shows only on a terminal, for work over a second).")
    var quiet = false

    func run() throws {
        let simulation = try Simulation(law: try resolveLaw(), grid: try grid(), noise: noise, seed: seed,
                                        uniqueTokens: uniqueTokens?.value)
        if let out, FileManager.default.fileExists(atPath: out), !force {
            throw CommandFailure("\(out) exists: pass --force to overwrite it, or choose another --out")
        }
        let samples = try simulation.samples()
        let progress = Progress("simulate", isTerminal: !quiet && Progress.isTerminal, delay: 1)
        defer { progress.finish() }
        guard let out else {
            try SimulationCSV.write(samples, unique: uniqueTokens != nil, to: FileHandle.standardOutput, progress: progress.callback)
            return
        }
        // Written beside the target, then renamed over it: a failed write leaves no half file.
        let partial = out + ".\(ProcessInfo.processInfo.processIdentifier).partial"
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw CommandFailure("\(out): cannot write the file (\(String(cString: strerror(errno))))")
        }
        do {
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try SimulationCSV.write(samples, unique: uniqueTokens != nil, to: handle, progress: progress.callback)
            try handle.close()
            guard rename(partial, out) == 0 else {
                throw CommandFailure("\(out): cannot write the file (\(String(cString: strerror(errno))))")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error as? CommandFailure ?? CommandFailure("\(out): cannot write the file (\(error.localizedDescription))")
        }
    }

    private func grid() throws -> Simulation.Grid {
        if let params, let tokens {
            return .grid(params: try range(params, "--params"), tokens: try range(tokens, "--tokens"))
        }
        return .isoFLOP(budgets: try range(budgets ?? "1e18:1e21:7", "--budgets"), sizes: sizesPerBudget, spread: spread)
    }

    private func range(_ text: String, _ option: String) throws -> LogSpacedRange {
        do { return try LogSpacedRange(parsing: text) } catch { throw CommandFailure("\(option) \(error)") }
    }

    /// The law to simulate: a preset, or a law file holding a Chinchilla, data-constrained or
    /// power law. With --unique-tokens, a Chinchilla or data-constrained law on effective N′, D′.
    private func resolveLaw() throws -> any ScalingLaw {
        let file = try preset.map { try LawPreset.named($0).lawFile } ?? LawFile.read(path: law!)
        if uniqueTokens != nil { return try file.repeatedDataLaw() }
        switch file.form {
        case .chinchilla, .dataConstrained, .powerLaw:
            return try file.law()
        default:
            throw CommandFailure("\(file.origin): simulate supports chinchilla, data-constrained and power-law laws, not \(file.form.rawValue)")
        }
    }
}

/// A command-line failure with a message for the user.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
