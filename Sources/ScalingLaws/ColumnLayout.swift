/// The columns of one file resolved: which column index holds which quantity, and which
/// columns are kept as tags. Built from the header (CSV) or an object's keys (JSON Lines).
struct ColumnLayout: Sendable {
    /// The file's column names, as written.
    var header: [String]
    /// Column index per quantity present.
    var index: [RunQuantity: Int]
    /// Columns kept verbatim as tags: (name as written, index).
    var tags: [(name: String, index: Int)]

    typealias Slot = (quantity: RunQuantity, index: Int, name: String)
    /// The quantities' columns as fields, for the per-row loop (no dictionary look-ups).
    var slots: (params: Slot?, tokens: Slot?, flops: Slot?, loss: Slot?, uniqueTokens: Slot?)

    /// Resolves `header` by the user's `mapping` first, then the aliases.
    ///
    /// Throws when a `--column` names a column that is not there, when two columns stand for
    /// the same quantity, when there is no loss (unless `requireLoss` is false), or when fewer than two of params, tokens and
    /// flops are present (the third comes from C = 6·N·D, but two are needed) — unless
    /// `alone` names the one the caller needs and it is present (a one-variable fit).
    init(header: [String], mapping: ColumnMapping, file: String, alone: RunQuantity? = nil,
         requireLoss: Bool = true) throws(RunFileError) {
        let names = header.map { $0.trimmingSpaces() }
        var index: [RunQuantity: Int] = [:]
        var claimed = Set<Int>()
        for quantity in RunQuantity.allCases {
            guard let wanted = mapping.overrides[quantity] else { continue }
            let exact = names.indices.filter { names[$0] == wanted }
            let loose = names.indices.filter { ColumnAliases.normalise(names[$0]) == ColumnAliases.normalise(wanted) }
            let hits = exact.isEmpty ? loose : exact
            guard let first = hits.first else {
                throw .unknownColumn(file: file, quantity: quantity, column: wanted, found: names)
            }
            guard hits.count == 1 else {
                throw .ambiguousColumns(file: file, quantity: quantity, columns: hits.map { names[$0] })
            }
            index[quantity] = first
            claimed.insert(first)
        }
        var candidates: [RunQuantity: [Int]] = [:]
        for (i, name) in names.enumerated() where !claimed.contains(i) {
            guard let quantity = ColumnAliases.quantity(forColumn: name), index[quantity] == nil,
                  mapping.overrides[quantity] == nil else { continue }
            candidates[quantity, default: []].append(i)
        }
        for quantity in RunQuantity.allCases {
            guard let hits = candidates[quantity] else { continue }
            guard hits.count == 1 else {
                throw .ambiguousColumns(file: file, quantity: quantity, columns: hits.map { names[$0] })
            }
            index[quantity] = hits[0]
            claimed.insert(hits[0])
        }
        let scale: [RunQuantity] = [.params, .tokens, .flops]
        let presentScale = scale.filter { index[$0] != nil }
        var missing: [RunQuantity] = []
        if index[.loss] == nil && requireLoss { missing.append(.loss) }
        if presentScale.count < 2 && !(alone.map { index[$0] != nil } ?? false) {
            missing += alone.map { [$0] } ?? scale.filter { index[$0] == nil }
        }
        guard missing.isEmpty else {
            throw .missingColumns(file: file, missing: missing, found: names)
        }
        self.header = names
        self.index = index
        func slot(_ q: RunQuantity) -> Slot? { index[q].map { (q, $0, names[$0]) } }
        self.slots = (slot(.params), slot(.tokens), slot(.flops), slot(.loss), slot(.uniqueTokens))
        var seenTags = Set<String>()
        self.tags = names.enumerated().compactMap { i, name in
            // A repeated tag name keeps its first column: a run's tags are a dictionary.
            guard !claimed.contains(i), !name.isEmpty, seenTags.insert(name).inserted else { return nil }
            return (name, i)
        }
    }
}
