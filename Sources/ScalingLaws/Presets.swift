import Foundation

/// A published Chinchilla-form law with its exact coefficients and where they come from.
/// Rounding matters: the loss of "Chinchilla-70B" moves visibly between these sets, so each
/// preset carries the exact values its source prints.
public struct LawPreset: Sendable, Equatable {
    /// Command-line name (`--preset`).
    public var name: String
    public var law: ChinchillaLaw
    public var form: LawForm
    /// Parameters beyond the Chinchilla five (the data-constrained decay constants).
    public var extraParameters: [String: Double]
    public var citation: String
    public var note: String

    public init(name: String, law: ChinchillaLaw, form: LawForm = .chinchilla,
                extraParameters: [String: Double] = [:], citation: String, note: String) {
        self.name = name; self.law = law; self.form = form
        self.extraParameters = extraParameters; self.citation = citation; self.note = note
    }

    /// The preset as a law file (what `plan --preset` plans with).
    public var lawFile: LawFile {
        LawFile(form: form, parameters: law.namedParameters.merging(extraParameters) { a, _ in a },
                origin: "preset \(name)")
    }
}

extension LawPreset {
    private static let hoffmann = "Hoffmann et al. 2022, \"Training Compute-Optimal Large Language Models\", arXiv 2203.15556"

    public static let all: [LawPreset] = [
        LawPreset(name: "chinchilla", law: ChinchillaLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28),
                  citation: hoffmann + ", eq. 10 (approach 3)",
                  note: "as printed in the paper; same as hoffmann2022"),
        LawPreset(name: "hoffmann2022", law: ChinchillaLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28),
                  citation: hoffmann + ", eq. 10 (approach 3)",
                  note: "as printed in the paper"),
        LawPreset(name: "hoffmann2022-unrounded",
                  law: ChinchillaLaw(E: exp(0.5267228), A: exp(6.0073404), B: exp(6.0179186),
                                     alpha: 0.33917084, beta: 0.2849083),
                  citation: hoffmann + ", App. D.2: the approach-3 fit before rounding, in a comment after eq. 10 of the arXiv TeX source (as used by Besiroglu et al. 2024)",
                  note: "E = e^0.5267228 ≈ 1.6934, A = e^6.0073404 ≈ 406.4, B = e^6.0179186 ≈ 410.7, unrounded exponents"),
        LawPreset(name: "chinchilla-sardana", law: ChinchillaLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.336, beta: 0.283),
                  citation: "Sardana & Frankle 2024, \"Beyond Chinchilla-Optimal\", arXiv 2401.00448, §2; de Vries 2023, \"Go smol or go home\"",
                  note: "the coefficient set the inference-aware papers use (their figures are reproduced with it)"),
        LawPreset(name: "epoch2024", law: ChinchillaLaw(E: 1.8172, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658),
                  citation: "Besiroglu et al. 2024, \"Chinchilla Scaling: A replication attempt\", arXiv 2404.10102",
                  note: "refit of Hoffmann's approach 3 on points read off Chinchilla's Fig. 4"),
        LawPreset(name: "muennighoff2023",
                  law: ChinchillaLaw(E: exp(0.6254804), A: exp(6.255414), B: exp(7.3049974),
                                     alpha: 0.3526596, beta: 0.3526596),
                  form: .dataConstrained, extraParameters: ["R_D": 15.387756, "R_N": 5.309743],
                  citation: "Muennighoff et al. 2023, \"Scaling Data-Constrained Language Models\", arXiv 2305.16264; fitted values as published in the authors' repository (huggingface/datablations, README, \"Parametric Fit\")",
                  note: "E = e^0.6254804 ≈ 1.869, A = e^6.255414 ≈ 520.8, B = e^7.3049974 ≈ 1487.7, α = β = 0.3526596; on effective N', D' with repetition constants R*_D = 15.387756, R*_N = 5.309743 (≈ 15.4 and 5.3 in the paper); with unique data it is the Chinchilla form"),
    ]

    /// A preset by case-insensitive name, or an error listing the names.
    public static func named(_ name: String) throws -> LawPreset {
        if let p = all.first(where: { $0.name.lowercased() == name.lowercased() }) { return p }
        throw LawPresetError.unknown(name, known: all.map(\.name))
    }
}

public enum LawPresetError: Error, Equatable, CustomStringConvertible {
    case unknown(String, known: [String])
    public var description: String {
        switch self {
        case let .unknown(name, known): return "unknown preset '\(name)' (known: \(known.joined(separator: ", ")))"
        }
    }
}
