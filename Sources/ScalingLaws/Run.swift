/// Where a value came from: a file and a 1-based line (and column, when one cell is meant).
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: String?

    public init(file: String, line: Int, column: String? = nil) {
        self.file = file; self.line = line; self.column = column
    }

    public var description: String {
        column.map { "\(file):\(line): column '\($0)'" } ?? "\(file):\(line)"
    }
}

/// One training run of a sweep: its size, data, compute and final loss.
///
/// Of `params`, `tokens` and `flops`, a file may give any two; the third is then derived by
/// C = 6·N·D and `derived` says which. A run read for a one-variable fit (a power law in one
/// of them) may know only that one: the other two are NaN, `knows` tells, and nothing that
/// prints or compares them may be used on such runs.
public struct Run: Sendable, Equatable {
    /// Model size N (parameters).
    public var params: Double
    /// Training tokens D.
    public var tokens: Double
    /// Training compute C (FLOPs).
    public var flops: Double
    /// Final loss (nats per token, usually); NaN when unknown (runs read to be predicted,
    /// `RunFileReader.requireLoss` false).
    public var loss: Double
    /// Extra columns, kept verbatim (`group`, `run`, `dataset`, …).
    public var tags: [String: String]
    /// The file and line of `source`, stored apart: a run's source names no column, and
    /// without `SourceLocation`'s optional column a run is 80 bytes, not 104 (a million-run
    /// file is read into 24 MB less). Fields are ordered so that the two one-byte tags pack.
    var sourceFile: String
    var sourceLine: Int
    /// Unique tokens U among the D seen (data-constrained fits); nil when not given.
    public var uniqueTokens: Double?
    /// Which of params/tokens/flops was computed from the other two, if any.
    public var derived: RunQuantity?

    /// Where the run was read from: a file and line (never a column; one given is dropped).
    public var source: SourceLocation {
        get { SourceLocation(file: sourceFile, line: sourceLine) }
        set { sourceFile = newValue.file; sourceLine = newValue.line }
    }

    public init(params: Double, tokens: Double, flops: Double? = nil, loss: Double,
                uniqueTokens: Double? = nil, tags: [String: String] = [:],
                derived: RunQuantity? = nil, source: SourceLocation = SourceLocation(file: "-", line: 0)) {
        self.params = params
        self.tokens = tokens
        self.flops = flops ?? TrainingFLOPs.estimate(params: params, tokens: tokens)
        self.loss = loss
        self.uniqueTokens = uniqueTokens
        self.tags = tags
        self.derived = flops == nil ? (derived ?? .flops) : derived
        self.sourceFile = source.file
        self.sourceLine = source.line
    }

    public var scale: ModelScale { ModelScale(params: params, tokens: tokens, uniqueTokens: uniqueTokens) }

    /// The loss, when the run has one (every run read for a fit does).
    public var observedLoss: Double? { loss.isNaN ? nil : loss }

    /// Whether the run knows `quantity` (given or derived).
    public func knows(_ quantity: RunQuantity) -> Bool {
        switch quantity {
        case .params: return params.isFinite
        case .tokens: return tokens.isFinite
        case .flops: return flops.isFinite
        case .loss: return !loss.isNaN
        case .uniqueTokens: return uniqueTokens != nil
        }
    }

    /// Whether it knows all of params, tokens and flops (every run but a one-variable fit's).
    public var knowsScale: Bool { params.isFinite && tokens.isFinite && flops.isFinite }
}

/// The quantities a run file can carry.
public enum RunQuantity: String, Sendable, CaseIterable, Codable {
    case params, tokens, flops, loss
    case uniqueTokens = "unique_tokens"
}
