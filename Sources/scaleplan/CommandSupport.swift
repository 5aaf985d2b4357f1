import ArgumentParser
import Foundation
import Reporting

/// Output formats shared by every command (`--format`).
extension TableFormat: ExpressibleByArgument {}

/// Writes `text` to `path`, refusing to replace an existing file unless `force`.
func write(_ text: String, to path: String, force: Bool) throws {
    if FileManager.default.fileExists(atPath: path) && !force {
        throw CommandError("\(path) exists: pass --force to overwrite it")
    }
    do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
        throw CommandError("\(path): cannot write (\(error.localizedDescription))")
    }
}

/// A failure with a message for the user (printed as `scaleplan: message`).
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
