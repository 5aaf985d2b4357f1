/// What is wrong with a run file, and where: `runs.csv:14: column 'tokens': 'abc' is not a number`.
/// Lines are 1-based; in a CSV file the header is line 1.
public enum RunFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(file: String)
    case notUTF8(file: String)
    case empty(file: String)
    /// A header (or blank lines) but no data rows.
    case noRuns(file: String)
    case jsonArray(file: String)
    case missingColumns(file: String, missing: [RunQuantity], found: [String])
    case ambiguousColumns(file: String, quantity: RunQuantity, columns: [String])
    case unknownColumn(file: String, quantity: RunQuantity, column: String, found: [String])
    /// A `FileValues` table without its `file` column.
    case missingFileColumn(file: String, found: [String])
    /// One row (or one cell, when the location has a column) cannot be read.
    case invalidRow(SourceLocation, RowProblem)

    public var description: String {
        switch self {
        case let .unreadable(file):
            return "\(file): cannot read the file (does it exist?)"
        case let .notUTF8(file):
            return "\(file): not UTF-8 text: save the file as UTF-8 (CSV with a header, or JSON Lines)"
        case let .empty(file):
            return "\(file): the file is empty: expected a CSV header (e.g. params,tokens,loss) and one run per line"
        case let .noRuns(file):
            return "\(file): no runs: the file has a header but no data rows"
        case let .jsonArray(file):
            return "\(file): a JSON array is not read: write JSON Lines, one object per line (e.g. jq -c '.[]')"
        case let .missingColumns(file, missing, found):
            // A whole file lacks the column: a value all its rows share can come from a table.
            var hint = missing.contains(where: { $0 != .loss }) ? ", or give a value the whole file shares with --file-values" : ""
            let scale: [RunQuantity] = [.params, .tokens, .flops]
            if missing.count == 2, let only = scale.first(where: { !missing.contains($0) }) {
                hint += "; a law in \(only.rawValue) alone needs only that column (--form power-law --against \(only.rawValue))"
            }
            return "\(file): " + Self.missingText(missing, found: found) + hint
        case let .ambiguousColumns(file, quantity, columns):
            let list = columns.map { "'\($0)'" }.joined(separator: " and ")
            return "\(file): columns \(list) \(columns.count == 2 ? "both" : "all") stand for \(quantity.rawValue): choose one with --column \(quantity.rawValue)=\(columns[0])"
        case let .unknownColumn(file, quantity, column, found):
            return "\(file): --column \(quantity.rawValue)=\(column): there is no column '\(column)' (columns found: \(Self.shortList(found, limit: 12)))"
        case let .missingFileColumn(file, found):
            return "\(file): a file-values table needs a 'file' column naming the run files (columns found: \(Self.shortList(found, limit: 12)))"
        case let .invalidRow(location, problem):
            if problem == .emptyCell, let column = location.column {
                return "\(location.file):\(location.line): column '\(column)' is empty"
            }
            return "\(location): \(problem)"
        }
    }

    /// The error with its row's line moved on by `lines` (a part of a file read on its own).
    func shifted(by lines: Int) -> RunFileError {
        guard lines != 0, case .invalidRow(var location, let problem) = self else { return self }
        location.line += lines
        return .invalidRow(location, problem)
    }

    /// Where the problem is, when it is in a row.
    public var location: SourceLocation? {
        if case let .invalidRow(location, _) = self { return location }
        return nil
    }

    static func missingText(_ missing: [RunQuantity], found: [String]) -> String {
        let names = missing.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        var text = "missing column\(missing.count > 1 ? "s" : "") \(names)"
        if missing.contains(where: { $0 != .loss }) {
            text += " (a run needs loss and two of params, tokens, flops; the third is 6·N·D)"
        }
        text += "; columns found: \(found.isEmpty ? "none" : shortList(found, limit: 12))"
        if let quantity = missing.first {
            let key = quantity == .loss ? "loss" : quantity.rawValue
            let guesses = found.filter { ColumnAliases.normalise($0).contains(key) }
            let example = guesses.first ?? "COLUMN"
            text += ". Map a column with --column \(quantity.rawValue)=\(example)"
            if guesses.count > 1 { text += " (candidates: \(shortList(guesses, limit: 4)))" }
        }
        return text
    }

    /// The first `limit` names, then how many more (wide logs have hundreds of columns).
    static func shortList(_ names: [String], limit: Int) -> String {
        let shown = names.prefix(limit).joined(separator: ", ")
        return names.count > limit ? shown + ", … (\(names.count - limit) more)" : shown
    }
}

/// What is wrong with one row or cell of a run file.
public enum RowProblem: Equatable, Sendable, CustomStringConvertible {
    /// The cell's text is not an acceptable number.
    case number(NumberParsing.Failure)
    /// A quantity that must be positive is zero or negative.
    case notPositive(RunQuantity, text: String)
    case emptyCell
    /// CSV: the row has a different number of fields than the header.
    case fieldCount(expected: Int, found: Int)
    /// JSON Lines: the line is not a JSON object.
    case notJSONObject
    /// JSON Lines: a value is neither a number nor a string holding one.
    case notNumeric(String)
    /// JSON Lines: the object lacks loss or two of params/tokens/flops.
    case missingQuantities([RunQuantity], found: [String])
    /// The derived quantity overflows (e.g. 6·N·D beyond 1.8e308).
    case derivedNotFinite(RunQuantity)
    /// A `FileValues` table names the same file twice.
    case duplicateFileEntry(String)

    public var description: String {
        switch self {
        case let .number(failure): return failure.description
        case let .notPositive(quantity, text): return "\(quantity.rawValue) must be positive, got '\(text)'"
        case .emptyCell: return "is empty"
        case let .fieldCount(expected, found):
            return "\(found) field\(found == 1 ? "" : "s") where the header has \(expected) (a stray comma or a missing quote?)"
        case .notJSONObject: return "not a JSON object (JSON Lines: one {...} object per line)"
        case let .notNumeric(text): return "\(text) is not a number"
        case let .missingQuantities(missing, found): return RunFileError.missingText(missing, found: found)
        case let .derivedNotFinite(quantity): return "\(quantity.rawValue) derived by C = 6·N·D is not finite"
        case let .duplicateFileEntry(name): return "'\(name)' is named twice: one row per run file"
        }
    }
}
