import Foundation

/// A law as stored on disk: the JSON `scaleplan fit --save` writes and `plan --law` /
/// `predict --law` read. Only `form` and `parameters` are required, so a law can be written
/// by hand from a paper:
///
///     {"form": "chinchilla", "parameters": {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.336, "beta": 0.283}}
///
/// Fit output adds standard errors, intervals, diagnostics and (with `--bootstrap`) the
/// bootstrap samples, from which plans and predictions get their intervals.
public struct LawFile: Sendable, Equatable {
    public var form: LawForm
    public var parameters: [String: Double]
    /// For `power-law`: the variable (`flops`, `params`, `tokens`); compute when absent.
    public var against: ScalingVariable?
    /// One parameter set per bootstrap resample, when the fit was bootstrapped.
    public var samples: [[String: Double]]
    /// Where the law came from (a file path, a preset name), for messages.
    public var origin: String
    /// For `downstream`: the link's shape (`"link"` in the file).
    public var linkKind: LinkKind?
    /// For `downstream`: the metric column the link was fitted to (`"metric"`).
    public var metric: String?
    /// For `power-law` and `broken-power-law` fitted against a run column (`"against_column"`):
    /// the column x was read from; such a law is a curve in that x (`predict --x`).
    public var againstColumn: String?

    public init(form: LawForm, parameters: [String: Double], against: ScalingVariable? = nil,
                samples: [[String: Double]] = [], origin: String = "",
                linkKind: LinkKind? = nil, metric: String? = nil, againstColumn: String? = nil) {
        self.form = form; self.parameters = parameters; self.against = against
        self.samples = samples; self.origin = origin
        self.linkKind = linkKind; self.metric = metric; self.againstColumn = againstColumn
    }

    /// Reads a law file. Errors name the file and what is wrong with it.
    public static func read(path: String) throws -> LawFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LawFileError.unreadable(path: path)
        }
        return try decode(data, origin: path)
    }

    public static func decode(_ data: Data, origin: String) throws -> LawFile {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw LawFileError.invalid(path: origin, reason: "not valid JSON")
        }
        guard let root = object as? [String: Any] else {
            throw LawFileError.invalid(path: origin, reason: "expected a JSON object at the top level")
        }
        guard let formName = root["form"] as? String else {
            throw LawFileError.invalid(path: origin, reason: "missing \"form\" (e.g. \"chinchilla\")")
        }
        guard let form = LawForm(rawValue: formName) else {
            throw LawFileError.invalid(path: origin, reason: LawError.unknownForm(formName).description)
        }
        guard let rawParameters = root["parameters"] as? [String: Any] else {
            throw LawFileError.invalid(path: origin, reason: "missing \"parameters\" object")
        }
        let parameters = try numbers(rawParameters, at: "parameters", in: origin)
        var against: ScalingVariable? = nil
        if let name = root["against"] as? String {
            guard let v = ScalingVariable(rawValue: name) else {
                throw LawFileError.invalid(path: origin, reason: "\"against\" must be flops, params or tokens, not '\(name)'")
            }
            against = v
        }
        var samples: [[String: Double]] = []
        if let rawSamples = root["samples"] as? [Any] {
            for (i, s) in rawSamples.enumerated() {
                guard let dict = s as? [String: Any] else {
                    throw LawFileError.invalid(path: origin, reason: "samples[\(i)] is not an object")
                }
                samples.append(try numbers(dict, at: "samples[\(i)]", in: origin))
            }
        }
        var linkKind: LinkKind? = nil
        if let name = root["link"] as? String {
            guard let kind = LinkKind(rawValue: name) else {
                throw LawFileError.invalid(path: origin, reason: "\"link\" must be exponential or sigmoid, not '\(name)'")
            }
            linkKind = kind
        }
        var againstColumn: String? = nil
        if let column = root["against_column"] {
            guard let name = column as? String, !name.isEmpty, form == .powerLaw || form == .brokenPowerLaw, against == nil else {
                throw LawFileError.invalid(path: origin, reason: "\"against_column\" (a column name) is for a power law or broken power law without \"against\"")
            }
            againstColumn = name
        }
        if form == .downstream && linkKind == nil {
            throw LawFileError.invalid(path: origin, reason: "a downstream law file needs \"link\": \"exponential\" or \"sigmoid\"")
        }
        try Self.checkSamples(samples, parameters: parameters, form: form, against: against, origin: origin)
        // JSONSerialization (Linux Foundation) can misread a double's last digit — the
        // 1.7728472402679094 that fit --save writes reads back as 1.7728472402679096 — so a law
        // read back would not predict what the fit's law predicts. JSONDecoder reads numbers
        // exactly: once the document has passed the checks above, the numbers come from it.
        if let exact = try? JSONDecoder().decode(ExactNumbers.self, from: data),
           Set(exact.parameters.keys) == Set(parameters.keys), (exact.samples ?? []).count == samples.count {
            return LawFile(form: form, parameters: exact.parameters.mapValues(\.value), against: against,
                           samples: (exact.samples ?? []).map { $0.mapValues(\.value) }, origin: origin,
                           linkKind: linkKind, metric: root["metric"] as? String, againstColumn: againstColumn)
        }
        return LawFile(form: form, parameters: parameters, against: against, samples: samples, origin: origin,
                       linkKind: linkKind, metric: root["metric"] as? String, againstColumn: againstColumn)
    }

    /// Bootstrap samples are laws of the file's form: each names the same parameters as
    /// `parameters` and, where the form is a law of the loss, has no negative value. A
    /// hand-edited sample that does would otherwise be skipped silently, or widen an interval.
    private static func checkSamples(_ samples: [[String: Double]], parameters: [String: Double], form: LawForm,
                                     against: ScalingVariable?, origin: String) throws {
        let names = Set(parameters.keys)
        let lawOfLoss = (try? LawFile(form: form, parameters: parameters, against: against, origin: origin).law()) != nil
        for (i, sample) in samples.enumerated() {
            if let missing = names.subtracting(sample.keys).sorted().first {
                throw LawFileError.invalid(path: origin, reason: "samples[\(i)] lacks parameter '\(missing)' (every sample names the parameters the law has)")
            }
            if let extra = Set(sample.keys).subtracting(names).sorted().first {
                throw LawFileError.invalid(path: origin, reason: "samples[\(i)] has parameter '\(extra)', which the law's parameters do not")
            }
            // Every parameter of a law of the loss is ≥ 0. A fit can leave a sample with an
            // exponent at its bound 0 (not a valid law: such samples are skipped when planned
            // or predicted, as before), but never a negative or NaN value.
            guard lawOfLoss else { continue }
            if let (name, value) = sample.sorted(by: { $0.key < $1.key }).first(where: { !($0.value >= 0) }) {
                throw LawFileError.invalid(path: origin, reason: "samples[\(i)]: parameter \(name) = \(value) is invalid: must not be negative")
            }
        }
    }

    /// The numbers of a law file, as JSONDecoder reads them (exactly).
    private struct ExactNumbers: Decodable {
        var parameters: [String: ExactNumber]
        var samples: [[String: ExactNumber]]?
    }

    /// A number, or "inf" (a half-life of ∞).
    private struct ExactNumber: Decodable {
        var value: Double
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let v = try? c.decode(Double.self) { value = v; return }
            let text = try c.decode(String.self)
            guard ["inf", "+inf", "infinity"].contains(text.lowercased()) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a number")
            }
            value = .infinity
        }
    }

    private static func numbers(_ dict: [String: Any], at key: String, in origin: String) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for (name, value) in dict {
            // A half-life of ∞ (no decay) is written "inf": JSON numbers have no infinity.
            if let text = value as? String, ["inf", "+inf", "infinity"].contains(text.lowercased()) {
                out[name] = .infinity
                continue
            }
            guard let number = value as? NSNumber, !number.isJSONBoolean else {
                throw LawFileError.invalid(path: origin, reason: "\(key).\(name) is not a number")
            }
            let v = number.doubleValue
            guard v.isFinite else { throw LawFileError.invalid(path: origin, reason: "\(key).\(name) is not finite") }
            out[name] = v
        }
        return out
    }

    /// The law as a Chinchilla law, or an error saying why it is not one.
    public func chinchilla() throws -> ChinchillaLaw {
        guard form == .chinchilla || form == .dataConstrained else {
            throw LawFileError.wrongForm(path: origin, expected: .chinchilla, found: form)
        }
        do { return try ChinchillaLaw(parameters: parameters) } catch let e as LawError {
            throw LawFileError.invalid(path: origin, reason: e.description)
        }
    }

    /// R*_D of a data-constrained law (its `R_D`, or the paper's 15.4 when the file has
    /// none); nil for other forms, whose repeated data planning discounts at the paper's value.
    public var repetitionHalfLife: Double? {
        form == .dataConstrained ? parameters["R_D"] ?? RepeatedData.fittedHalfLife : nil
    }

    /// R*_N of a data-constrained law (its `R_N`); nil for other forms and when the file has
    /// none (excess parameters not discounted).
    public var paramsHalfLife: Double? {
        form == .dataConstrained ? parameters["R_N"] : nil
    }

    /// The bootstrap samples as Chinchilla laws (samples that are not valid laws are skipped).
    public func chinchillaSamples() -> [ChinchillaLaw] {
        samples.compactMap { try? ChinchillaLaw(parameters: $0) }
    }
}

public enum LawFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case invalid(path: String, reason: String)
    case wrongForm(path: String, expected: LawForm, found: LawForm)

    public var description: String {
        switch self {
        case let .unreadable(path): return "\(path): cannot read the law file (does it exist?)"
        case let .invalid(path, reason): return "\(path): \(reason)"
        case let .wrongForm(path, expected, found):
            if found == .downstream {
                return "\(path): this needs \(expected.withArticle) law of the loss; the file holds a downstream link (loss → metric): give it as --link, and a loss law as --law"
            }
            return "\(path): this needs \(expected.withArticle) law, the file holds \(found.withArticle) law"
        }
    }
}
