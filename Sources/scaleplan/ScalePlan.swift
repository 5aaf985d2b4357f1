import ArgumentParser
import Foundation

@main
struct ScalePlan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaleplan",
        abstract: "Fit scaling laws to training sweeps and plan inference-aware training runs.",
        discussion: """
        Fit a law to your runs (fit), predict losses from it (predict), and decide model size \
        and training tokens for a quality target and an inference demand.
        """,
        version: "0.1.0",
        subcommands: [
            Fit.self,
            Predict.self,
            PlanCommand.self,
            SweepCommand.self,
            PresetsCommand.self,
            HardwareCommand.self,
            Simulate.self,
        ]
    )

    /// Parses, runs, and reports failures the way scripts expect: argument errors through
    /// swift-argument-parser (usage and help), everything else as `scaleplan: message` on
    /// stderr with exit status 1.
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as CleanExit {
            exit(withError: error)
        } catch let error as ValidationError {
            exit(withError: error)
        } catch {
            // `--help` and `help NAME` parse to argument-parser's help command, whose run()
            // throws a help request: a success that argument-parser prints itself.
            if exitCode(for: error) == .success { exit(withError: error) }
            FileHandle.standardError.write(Data("scaleplan: \(error)\n".utf8))
            Foundation.exit(1)
        }
    }
}
