import Foundation

/// The list of files a report wrote into its directory, each with a hash of its contents,
/// kept in `.scaleplan-report` so a later report knows which files it may replace.
///
/// Format: comment lines starting with `#`, then one line per file: 16 hex digits of the
/// FNV-1a 64-bit hash, two spaces, the file name. The hash detects edits, not tampering.
struct ReportManifest {
    var hashes: [String: UInt64] = [:]

    init() {}

    /// The manifest at `path`; empty when there is none or it cannot be read (then no file
    /// counts as ours, which errs on the side of refusing).
    init(contentsOf path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2, let hash = UInt64(parts[0], radix: 16) else { continue }
            hashes[parts[1].trimmingCharacters(in: .whitespaces)] = hash
        }
    }

    var text: String {
        let header = [
            "# Files written by scaleplan report, with FNV-1a hashes of their contents.",
            "# scaleplan replaces these files (if unchanged) and refuses to overwrite any other.",
        ]
        let lines = hashes.keys.sorted().map { name in
            let hex = String(hashes[name]!, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex + "  " + name
        }
        return (header + lines).joined(separator: "\n") + "\n"
    }

    /// FNV-1a, 64 bits (Fowler, Noll, Vo): offset basis 0xcbf29ce484222325, prime 0x100000001b3.
    static func hash(_ data: Data) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
}

/// Why a report could not be written.
public enum ReportWriteError: Error, CustomStringConvertible, Equatable {
    public enum Conflict: Sendable, Equatable {
        case notWrittenByScaleplan(String)
        case editedSinceWritten(String)
    }

    case wouldOverwrite(directory: String, [Conflict])
    case notADirectory(String)
    case invalidFileName(String)
    case duplicateFileName(String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .wouldOverwrite(directory, conflicts):
            let list = conflicts.map { conflict -> String in
                switch conflict {
                case let .notWrittenByScaleplan(name): return "'\(name)' was not written by scaleplan"
                case let .editedSinceWritten(name): return "'\(name)' was changed since scaleplan wrote it"
                }
            }
            return "report directory '\(directory)': \(list.joined(separator: "; ")); "
                + "nothing was written: choose another directory, or overwrite with --force"
        case let .notADirectory(path):
            return "report directory '\(path)' is a file, not a directory: choose another output directory"
        case let .invalidFileName(name):
            return "report file name '\(name)' must be a plain, visible file name (letters, digits, '.', '-', '_')"
        case let .duplicateFileName(name):
            return "report file name '\(name)' is used twice: give each figure its own name"
        case let .cannotWrite(path, reason):
            return "cannot write '\(path)': \(reason)"
        }
    }
}
