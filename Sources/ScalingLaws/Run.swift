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
///
/// A run without tags holds no reference-counted field (its file is an index into
/// `SourceFile`'s table, its tags are boxed only when there are some), so the million runs of
/// a large file are copied as plain bytes, 64 each, and the two threads that read a file never
/// touch a shared reference count (see the module README).
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
    /// The tags, boxed; nil when there are none (the common case: no reference to count).
    private var tagBox: TagBox?
    /// The line of `source`; its file is `sourceFile`.
    var sourceLine: Int
    /// Unique tokens U among the D seen (data-constrained fits); nil when not given.
    public var uniqueTokens: Double?
    /// Which of params/tokens/flops was computed from the other two, if any.
    public var derived: RunQuantity?
    /// The file of `source`: 4 bytes, after the one-byte fields (the run is 64 bytes).
    var sourceFile: SourceFile

    /// Extra columns, kept verbatim (`group`, `run`, `dataset`, …).
    public var tags: [String: String] {
        get { tagBox?.tags ?? [:] }
        set { tagBox = newValue.isEmpty ? nil : TagBox(newValue) }
    }

    /// Whether the run has any tag (without building the dictionary of a run that has none).
    public var hasTags: Bool { tagBox != nil }

    /// Where the run was read from: a file and line (never a column; one given is dropped).
    public var source: SourceLocation {
        get { SourceLocation(file: sourceFile.name, line: sourceLine) }
        set { sourceFile = SourceFile(newValue.file); sourceLine = newValue.line }
    }

    public init(params: Double, tokens: Double, flops: Double? = nil, loss: Double,
                uniqueTokens: Double? = nil, tags: [String: String] = [:],
                derived: RunQuantity? = nil, source: SourceLocation = SourceLocation(file: "-", line: 0)) {
        self.init(params: params, tokens: tokens, flops: flops, loss: loss, uniqueTokens: uniqueTokens, tags: tags,
                  derived: derived, file: SourceFile(source.file), line: source.line)
    }

    /// The run of a file whose name is already in `SourceFile`'s table (the readers').
    init(params: Double, tokens: Double, flops: Double?, loss: Double, uniqueTokens: Double?,
         tags: [String: String], derived: RunQuantity?, file: SourceFile, line: Int) {
        self.params = params
        self.tokens = tokens
        self.flops = flops ?? TrainingFLOPs.estimate(params: params, tokens: tokens)
        self.loss = loss
        self.uniqueTokens = uniqueTokens
        self.tagBox = tags.isEmpty ? nil : TagBox(tags)
        self.derived = flops == nil ? (derived ?? .flops) : derived
        self.sourceFile = file
        self.sourceLine = line
    }

    /// Field by field, tags by value (as the stored dictionary compared before it was boxed).
    public static func == (a: Run, b: Run) -> Bool {
        a.params == b.params && a.tokens == b.tokens && a.flops == b.flops && a.loss == b.loss
            && a.sourceLine == b.sourceLine && a.uniqueTokens == b.uniqueTokens && a.derived == b.derived
            && a.sourceFile == b.sourceFile && a.tags == b.tags
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

/// A run's tags in one immutable box: a run with tags shares it with its copies, a run
/// without has none.
private final class TagBox: Sendable {
    let tags: [String: String]
    init(_ tags: [String: String]) { self.tags = tags }
}
