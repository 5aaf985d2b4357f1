import ArgumentParser
import Foundation
import Planning
import Reporting

struct HardwareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hardware",
        abstract: "List the hardware profiles (built in, plus --hardware-file) with their datasheet sources.",
        discussion: """
        Peaks are dense FLOP/s (not the with-sparsity figures); prices are indicative. A user \
        profile with a built-in slug replaces the built-in one.

        Examples:
          scaleplan hardware
          scaleplan hardware --format json
          scaleplan hardware --hardware-file data/my-hardware.toml
        """)

    @Option(name: .customLong("hardware-file"), help: "Extra hardware profiles, a .json or .toml file (see data/hardware.json, data/my-hardware.toml).")
    var hardwareFile: String?

    @Option(help: "Output format: text, markdown, csv, latex or json (json: the profiles with their sources).")
    var format: TableFormat = .text

    func run() throws {
        let profiles = try hardwareFile.map { HardwareFile.merged(try HardwareFile.read(path: $0)) } ?? HardwareCatalog.builtIn
        if format == .json {
            print(String(decoding: try HardwareFile.encode(profiles), as: UTF8.self))
        } else {
            print(Table(hardware: profiles).render(format), terminator: "")
        }
    }
}
