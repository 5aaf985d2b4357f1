import CSV
import Foundation

/// Values that hold for a whole run file, from a small CSV table: a `file` column naming run
/// files (by path as given, by base name, or by a shell pattern such as `190M-*.csv`) and any
/// other columns, whose values are added to every row of that file as if the file had the
/// column.
///
/// For logs that lack a quantity every row shares — a training trajectory exported from a
/// tracker carries tokens and loss per checkpoint, but not the model's parameter count:
///
///     file,params
///     190M-*.csv,190354176
///     370M-*.csv,371262464
///
/// An exact path or base name wins over a pattern, and the first matching pattern over later
/// ones. A file's own column of the same name wins over the table's; a file the table does not
/// name gets nothing.
public struct FileValues: Sendable, Equatable {
    /// One file-wide column: its name and the text of its value.
    public struct Column: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) { self.name = name; self.value = value }
    }

    /// Table rows by the file name they give.
    public var rows: [String: [Column]]
    /// The names holding pattern characters (`*`, `?`, `[`), in table order.
    public var patterns: [String]
    /// Where the table came from, for messages.
    public var origin: String

    public init(rows: [String: [Column]], patterns: [String] = [], origin: String) {
        self.rows = rows; self.patterns = patterns; self.origin = origin
    }

    /// Reads the table. Errors name the table file and line.
    public static func read(path: String) throws(RunFileError) -> FileValues {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(file: path) }
        return try read(data: data, origin: path)
    }

    /// Reads the table from its bytes (a byte-order mark is dropped); `origin` names it in messages.
    public static func read(data: Data, origin: String) throws(RunFileError) -> FileValues {
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        guard let text = String(data: body, encoding: .utf8) else { throw .notUTF8(file: origin) }
        return try parse(text, origin: origin)
    }

    public static func parse(_ text: String, origin: String) throws(RunFileError) -> FileValues {
        guard let reader = try? CSVReader(string: text, hasHeaderRow: false),
              let header = reader.next()?.map({ $0.trimmingSpaces() }) else { throw .empty(file: origin) }
        guard let fileIndex = header.firstIndex(of: "file") else {
            throw .missingFileColumn(file: origin, found: header)
        }
        var rows: [String: [Column]] = [:]
        var patterns: [String] = []
        var line = 1
        while let row = reader.next() {
            line += 1 + row.reduce(0) { $0 + RunFileReader.lineBreaks(in: $1) }
            if row.allSatisfy({ $0.trimmingSpaces().isEmpty }) { continue }
            let here = SourceLocation(file: origin, line: line)
            guard row.count == header.count else {
                throw .invalidRow(here, .fieldCount(expected: header.count, found: row.count))
            }
            let name = row[fileIndex].trimmingSpaces()
            guard !name.isEmpty else { throw .invalidRow(SourceLocation(file: origin, line: line, column: "file"), .emptyCell) }
            guard rows[name] == nil else { throw .invalidRow(here, .duplicateFileEntry(name)) }
            if name.contains(where: { "*?[".contains($0) }) { patterns.append(name) }
            rows[name] = header.indices.filter { $0 != fileIndex && !header[$0].isEmpty }.compactMap { i in
                let value = row[i].trimmingSpaces()
                return value.isEmpty ? nil : Column(name: header[i], value: value)
            }
        }
        return FileValues(rows: rows, patterns: patterns, origin: origin)
    }

    /// The columns for the run file `path`: its row by the path as given, else by base name,
    /// else by the first pattern matching the path or its base name.
    public func columns(for path: String) -> [Column] {
        let base = (path as NSString).lastPathComponent
        if let row = rows[path] ?? rows[base] { return row }
        let hit = patterns.first { fnmatch($0, path, 0) == 0 || fnmatch($0, base, 0) == 0 }
        return hit.flatMap { rows[$0] } ?? []
    }
}
