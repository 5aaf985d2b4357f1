/// Which column of a run file holds which quantity.
///
/// Column names are compared after normalising: lower case, surrounding spaces trimmed, and
/// inner spaces and hyphens read as underscores (`Model Size` = `model_size` = `model-size`).
///
/// | quantity        | accepted names                                                             |
/// |-----------------|----------------------------------------------------------------------------|
/// | `params`        | params, N, n_params, parameters, model_size, num_params                     |
/// | `tokens`        | tokens, D, T, n_tokens, training_tokens, data, dataset_size                 |
/// | `flops`         | flops, C, compute, training_flop, training_flops                            |
/// | `loss`          | loss, L, final_loss                                                         |
/// | `unique_tokens` | unique_tokens, U                                                            |
///
/// `val_loss`, `train_loss`, `eval_loss` and the like are deliberately *not* aliases of `loss`:
/// logs often carry several of them, and picking one silently would fit the wrong target.
/// Name it with `--column loss=val_loss`; the missing-column error suggests the candidates.
public enum ColumnAliases {
    /// Normalised accepted names per quantity (see the table above).
    public static let names: [RunQuantity: [String]] = [
        .params: ["params", "n", "n_params", "parameters", "model_size", "num_params"],
        .tokens: ["tokens", "d", "t", "n_tokens", "training_tokens", "data", "dataset_size"],
        .flops: ["flops", "c", "compute", "training_flop", "training_flops"],
        .loss: ["loss", "l", "final_loss"],
        .uniqueTokens: ["unique_tokens", "u"],
    ]

    private static let quantityOfName: [String: RunQuantity] = {
        var out: [String: RunQuantity] = [:]
        for (quantity, list) in names { for name in list { out[name] = quantity } }
        return out
    }()

    /// The quantity a column name stands for, if it is one of the accepted names.
    public static func quantity(forColumn name: String) -> RunQuantity? {
        quantityOfName[normalise(name)]
    }

    /// Lower case, trimmed, spaces and hyphens as underscores.
    public static func normalise(_ name: String) -> String {
        String(name.trimmingSpaces().lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }
}

/// The user's column choices (`--column loss=val_loss`), which override the aliases.
public struct ColumnMapping: Sendable, Equatable {
    /// Quantity → the file's column name.
    public var overrides: [RunQuantity: String]

    public init(overrides: [RunQuantity: String] = [:]) { self.overrides = overrides }

    /// Parses `QUANTITY=COLUMN` arguments, e.g. `["loss=loss_c4_val", "params=N"]`.
    public init(parsing arguments: [String]) throws(ColumnMappingError) {
        var overrides: [RunQuantity: String] = [:]
        for argument in arguments {
            guard let eq = argument.firstIndex(of: "=") else { throw .malformed(argument) }
            let key = ColumnAliases.normalise(String(argument[..<eq]))
            let column = String(argument[argument.index(after: eq)...]).trimmingSpaces()
            guard let quantity = RunQuantity(rawValue: key), !column.isEmpty else { throw .malformed(argument) }
            if let earlier = overrides[quantity], earlier != column { throw .conflicting(quantity, earlier, column) }
            overrides[quantity] = column
        }
        self.overrides = overrides
    }
}

/// A `--column` argument that cannot be used.
public enum ColumnMappingError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case conflicting(RunQuantity, String, String)

    public var description: String {
        switch self {
        case let .malformed(argument):
            let names = RunQuantity.allCases.map(\.rawValue).joined(separator: ", ")
            return "--column '\(argument)': expected QUANTITY=COLUMN with QUANTITY one of \(names) (e.g. --column loss=val_loss)"
        case let .conflicting(quantity, a, b):
            return "--column gives \(quantity.rawValue) twice ('\(a)' and '\(b)'): keep one"
        }
    }
}

extension StringProtocol {
    /// Without surrounding spaces and tabs.
    func trimmingSpaces() -> String {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
