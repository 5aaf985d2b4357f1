import Foundation
import ScalingLaws

/// What predicts one run's loss from a law file: a law of (N, D) at the run's scale, or a curve
/// in one of the run's own quantities — a power law or a broken power law (Caballero et al.
/// 2022) in params, tokens or flops, evaluated at the run's value of that quantity (compute as
/// the file gives it, not 6·N·D). The bootstrap samples, when the file has them, predict the
/// same way.
struct RunPredictor {
    /// The quantity a one-variable curve reads; nil for a law of (N, D).
    let variable: ScalingVariable?
    private let predict: (Run) -> Double
    private let samples: [(Run) -> Double]

    /// Throws as `LawFile.law()` does for a file that predicts no loss (IsoFLOP, a downstream
    /// link, a curve against an arbitrary column).
    init(_ file: LawFile) throws {
        if file.form == .brokenPowerLaw, file.againstColumn == nil {
            let variable = file.against ?? .flops
            let curve: BrokenPowerLaw
            do { curve = try BrokenPowerLaw(parameters: file.parameters, variable: variable) } catch let e as LawError {
                throw LawFileError.invalid(path: file.origin, reason: e.description)
            }
            let quantity = RunQuantity(rawValue: variable.rawValue)!
            self.variable = variable
            predict = { curve.value(x: $0.value(of: quantity)!) }
            samples = file.samples.compactMap { try? BrokenPowerLaw(parameters: $0, variable: variable) }
                .map { sample in { sample.value(x: $0.value(of: quantity)!) } }
            return
        }
        let law = try file.law()
        variable = (law as? PowerLaw)?.variable
        predict = Self.loss(of: law)
        samples = file.sampleLaws().map(Self.loss(of:))
    }

    /// L̂ at the run.
    func loss(at run: Run) -> Double { predict(run) }

    /// L̂ of each bootstrap sample at the run.
    func sampleLosses(at run: Run) -> [Double] { samples.map { $0(run) } }

    var sampleCount: Int { samples.count }

    /// A power law at the run's own value of its variable, any other law at (N, D) and the
    /// run's unique tokens.
    private static func loss(of law: any ScalingLaw) -> (Run) -> Double {
        guard let power = law as? PowerLaw else { return { law.loss(at: $0.scale) } }
        let quantity = RunQuantity(rawValue: power.variable.rawValue)!
        return { power.loss(x: $0.value(of: quantity)!) }
    }
}
