import ArgumentParser

@main
struct ScalePlan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaleplan",
        abstract: "Fit scaling laws to training sweeps and plan inference-aware training runs.",
        version: "0.1.0",
        subcommands: [
            Fit.self,
            Simulate.self,
        ]
    )
}
