import ArgumentParser
import Reporting
import ScalingLaws

struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "List the published scaling laws built in, with their sources.",
        discussion: """
        Each preset carries the coefficients exactly as published and a citation; use one \
        with `plan --preset NAME`.

        Examples:
          scaleplan presets
          scaleplan presets --format csv
          scaleplan plan --preset epoch2024 --quality-of 70B \\
              --inference-tokens 1e13
        """)

    @Option(help: "Output format: text, markdown, csv, latex or json.")
    var format: TableFormat = .text

    func run() throws {
        print(Table(presets: LawPreset.all).render(format), terminator: "")
    }
}
