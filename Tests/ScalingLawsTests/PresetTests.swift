import Foundation
import Testing
@testable import ScalingLaws

@Suite("Published law presets")
struct PresetTests {
    @Test("Hoffmann et al. as printed and the chinchilla alias agree")
    func printed() throws {
        let p = try LawPreset.named("hoffmann2022").law
        #expect(p == ChinchillaLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28))
        #expect(try LawPreset.named("CHINCHILLA").law == p)
    }

    @Test("The unrounded TeX values round to the printed ones")
    func unrounded() throws {
        let u = try LawPreset.named("hoffmann2022-unrounded").law
        // python math.exp: e^0.5267228 = 1.6933736809989528, e^6.0073404 = 406.4010175194737,
        // e^6.0179186 = 410.7228269450398 — to the last digit, then rounded as the paper prints.
        #expect(relativeError(u.E, 1.6933736809989528) < 1e-15)
        #expect(relativeError(u.A, 406.4010175194737) < 1e-15)
        #expect(relativeError(u.B, 410.7228269450398) < 1e-15)
        #expect(u.alpha == 0.33917084 && u.beta == 0.2849083)
        #expect(abs(u.A - 406.4) < 0.005 && abs(u.B - 410.7) < 0.05 && abs(u.E - 1.69) < 0.005)
        #expect((u.alpha * 100).rounded() / 100 == 0.34)
        #expect((u.beta * 100).rounded() / 100 == 0.28)
    }

    @Test("Sardana and Epoch coefficient sets are exact")
    func others() throws {
        #expect(try LawPreset.named("chinchilla-sardana").law == ChinchillaLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.336, beta: 0.283))
        #expect(try LawPreset.named("epoch2024").law == ChinchillaLaw(E: 1.8172, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658))
    }

    @Test("Every preset reads back through its law file")
    func lawFiles() throws {
        for preset in LawPreset.all {
            #expect(try preset.lawFile.chinchilla() == preset.law)
            #expect(!preset.citation.isEmpty)
        }
        #expect(try LawPreset.named("muennighoff2023").lawFile.parameters["R_D"] == 15.387756)
    }

    @Test("Muennighoff et al.'s fit, as published in their repository, without repetition")
    func muennighoff() throws {
        let law = try LawPreset.named("muennighoff2023").law
        // python: a, b, e, alpha = 6.255414, 7.3049974, 0.6254804, 0.3526596 (datablations README);
        // E + A/N^alpha + B/D^alpha at N = 1e9, D = 2e10 with A, B, E = exp(a), exp(b), exp(e).
        #expect(abs(law.loss(params: 1e9, tokens: 2e10) - 2.564635032958579) < 1e-12)
        #expect(abs(law.A - 520.8249516599187) < 1e-9)
    }

    @Test("An unknown preset names the known ones")
    func unknown() {
        // The thrown error itself, read: it names what was asked for and every preset, in the
        // order `scaleplan presets` lists them (the six names the design gives, written out).
        let error = #expect(throws: LawPresetError.self) { try LawPreset.named("gpt5") }
        #expect(error == .unknown("gpt5", known: ["chinchilla", "hoffmann2022", "hoffmann2022-unrounded",
                                                   "chinchilla-sardana", "epoch2024", "muennighoff2023"]))
        #expect(error?.description == "unknown preset 'gpt5' (known: chinchilla, hoffmann2022, hoffmann2022-unrounded, chinchilla-sardana, epoch2024, muennighoff2023)")
    }
}
