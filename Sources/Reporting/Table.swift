/// One table behind every tabular output of every command: a title, named columns, rows of
/// cells, and notes printed under it. Renderers (`Table+Text.swift`, …) turn it into text,
/// Markdown, CSV, LaTeX or JSON; numbers stay numbers until then, so CSV and JSON can print
/// them exactly while text rounds them for people.
public struct Table: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        /// Header shown to people.
        public var title: String
        /// Machine name used in CSV headers and JSON keys (defaults to the title).
        public var key: String
        public var alignment: Alignment

        public init(_ title: String, key: String? = nil, alignment: Alignment = .right) {
            self.title = title
            self.key = key ?? title
            self.alignment = alignment
        }
    }

    public enum Alignment: Sendable, Equatable { case left, right }

    public var title: String?
    public var columns: [Column]
    public var rows: [[Cell]]
    /// Lines printed after the table (warnings, footnotes).
    public var notes: [String]

    public init(title: String? = nil, columns: [Column], rows: [[Cell]] = [], notes: [String] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.notes = notes
    }

    public mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "row has \(row.count) cells, table has \(columns.count) columns")
        rows.append(row)
    }
}

/// A table cell. Numbers carry how to show them to people; machine formats ignore the style.
public enum Cell: Sendable, Equatable {
    case text(String)
    case number(Double, NumberStyle)
    /// An interval [low, high] around a value, shown as "[low, high]".
    case interval(Double, Double, NumberStyle)
    case empty
}

/// How a number is shown to people. Machine formats (CSV, JSON) always print it exactly.
public enum NumberStyle: Sendable, Equatable {
    /// `significant` significant digits, scientific notation outside [1e-3, 1e6).
    case decimal(significant: Int)
    /// A count with an SI-like suffix: `7.0B` parameters, `1.4T` tokens.
    case count
    /// FLOPs in scientific notation: `3.1e23`.
    case flops
    /// US dollars with a suffix: `$1.2M`.
    case usd
    /// A fraction shown as a percentage: 0.17 → `17%`.
    case percent
    /// A signed fraction shown as a change: −0.28 → `−28%`.
    case change
}

/// The formats every tabular output can be rendered in (`--format`).
public enum TableFormat: String, CaseIterable, Sendable {
    case text, markdown, csv, latex, json
}
