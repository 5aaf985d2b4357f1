/// Turns the cells of one row into a validated `Run`: parses numbers, checks them, and
/// derives the missing one of params, tokens and flops by C = 6·N·D (Kaplan et al. 2020,
/// §2.1), shared by the CSV and JSON Lines readers.
struct RunAssembly {
    /// A quantity's cell: the text (or the number, from JSON) and the column it came from.
    enum Cell {
        case text(Substring)
        case number(Double)
        case missing
    }

    /// The file, as an index (no reference to count per row); its name is looked up only for a message.
    var file: SourceFile
    var line: Int

    init(file: SourceFile, line: Int) { self.file = file; self.line = line }

    /// Parses one quantity's cell. Empty and missing cells give nil; the caller decides if
    /// that is an error. Loss takes no size suffix; every quantity must be finite and > 0.
    func value(_ cell: Cell, of quantity: RunQuantity, column: String) throws(RunFileError) -> Double? {
        let value: Double
        switch cell {
        case .missing:
            return nil
        case let .number(v):
            value = v
        case let .text(raw):
            do {
                value = try NumberParsing.parse(raw, allowingSuffix: quantity != .loss)
            } catch .empty {
                return nil
            } catch {
                throw .invalidRow(location(column), .number(error))
            }
        }
        guard value.isFinite, value > 0 else {
            // The text as written, for the message (built only here: this path is rare).
            let text: String
            switch cell {
            case let .text(raw): text = raw.trimmingSpaces()
            default: text = "\(value)"
            }
            guard value.isFinite else { throw .invalidRow(location(column), .number(.notFinite(text))) }
            throw .invalidRow(location(column), .notPositive(quantity, text: text))
        }
        return value
    }

    /// Builds the run from parsed values. `columns` names each quantity's column (for
    /// messages about empty cells); `found` lists all columns (for messages about missing ones).
    /// With `alone`, a row giving only that one of params, tokens and flops is a run whose
    /// other two are unknown (NaN). Without `requireLoss`, a run without a loss has it unknown
    /// (NaN).
    func run(params: Double?, tokens: Double?, flops: Double?, loss: Double?, uniqueTokens: Double?,
             tags: [String: String], columns: [RunQuantity: String], found: [String],
             alone: RunQuantity? = nil, requireLoss: Bool = true) throws(RunFileError) -> Run {
        guard let loss = loss ?? (requireLoss ? nil : .nan) else {
            if let column = columns[.loss] { throw .invalidRow(location(column), .emptyCell) }
            throw .invalidRow(location(nil), .missingQuantities([.loss], found: found))
        }
        let n: Double, d: Double, c: Double
        var derived: RunQuantity? = nil
        switch (params, tokens, flops) {
        case let (n0?, d0?, c0?):
            (n, d, c) = (n0, d0, c0)
        case let (n0?, d0?, nil):
            (n, d, c) = (n0, d0, TrainingFLOPs.estimate(params: n0, tokens: d0)); derived = .flops
        case let (n0?, nil, c0?):
            (n, d, c) = (n0, TrainingFLOPs.tokens(flops: c0, params: n0), c0); derived = .tokens
        case let (nil, d0?, c0?):
            (n, d, c) = (TrainingFLOPs.params(flops: c0, tokens: d0), d0, c0); derived = .params
        default:
            // One of the three, and the one a one-variable fit needs: the others stay unknown.
            let given: [RunQuantity: Double] = [.params: params, .tokens: tokens, .flops: flops].compactMapValues { $0 }
            // A downstream link (`alone` = loss) needs none of them.
            if (given.count == 1 && alone.map { given[$0] != nil } == true) || alone == .loss {
                return Run(params: params ?? .nan, tokens: tokens ?? .nan, flops: flops ?? .nan, loss: loss,
                           uniqueTokens: uniqueTokens, tags: tags, derived: nil, file: file, line: line)
            }
            let absent = [(RunQuantity.params, params), (.tokens, tokens), (.flops, flops)].filter { $0.1 == nil }.map(\.0)
            if let empty = absent.first(where: { columns[$0] != nil }), let column = columns[empty] {
                throw .invalidRow(location(column), .emptyCell)
            }
            throw .invalidRow(location(nil), .missingQuantities(absent, found: found))
        }
        guard n.isFinite, d.isFinite, c.isFinite, n > 0, d > 0, c > 0 else {
            throw .invalidRow(location(nil), .derivedNotFinite(derived ?? .flops))
        }
        return Run(params: n, tokens: d, flops: c, loss: loss, uniqueTokens: uniqueTokens, tags: tags,
                   derived: derived, file: file, line: line)
    }

    private func location(_ column: String?) -> SourceLocation {
        SourceLocation(file: file.name, line: line, column: column)
    }
}
