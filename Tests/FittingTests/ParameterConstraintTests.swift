import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// Fixed, tied and bounded parameters: against an independent multi-start solve on real data,
/// and as properties that hold for any form.
@Suite struct ParameterConstraintTests {
    /// Epoch AI's 240 points under constraints, against scripts/reference/constrained_fit.py
    /// (numpy/scipy written from the formulas: L-BFGS-B from Hoffmann et al.'s grid of 4,500
    /// starts — 900 for the tie, 180 with both exponents fixed — polished to relative 1e-13;
    /// see scripts/reference/README.md). Objective Σ Huber_δ=1e-3(log L̂ − log L).
    @Test(.enabled(if: EpochData.available, "needs ../shared/data/chinchilla-epoch"),
          arguments: [
              // (constraints, objective, E, A, B, α, β)
              ("tie", 0.00102217489394, [1.81804799515, 561.557412874, 1752.08708479, 0.357057897491, 0.357057897491]),
              ("fix", 0.00117967847722, [1.69048812027, 415.014176143, 370.238902186, 0.34, 0.28]),
              ("bound", 0.0010891291617, [1.9, 874.449364178, 4899.47625692, 0.382350734883, 0.407736137963]),
          ])
    func epochUnderConstraints(_ kind: String, _ objective: Double, _ expected: [Double]) throws {
        var options = FitOptions()
        switch kind {
        case "tie": options.constraints.ties = [.init("alpha", "beta")]
        case "fix": options.constraints.fixed = ["alpha": 0.34, "beta": 0.28]
        default: options.constraints.bounds = ["E": .init(1.9, 2.5)]
        }
        let fit = try Fitter.fit(EpochData.filteredRuns(), options: options)
        // The reference prints 12 significant digits; both ends polish to ~1e-13.
        #expect(abs(fit.objectiveValue / objective - 1) < 1e-9, "\(kind): \(fit.objectiveValue)")
        for (name, value) in zip(ChinchillaLaw.parameterNames, expected) {
            #expect(abs(fit.parameters[name]! / value - 1) < 1e-6, "\(kind) \(name): \(fit.parameters[name]!)")
        }
        switch kind {
        case "tie":
            #expect(fit.parameters["alpha"] == fit.parameters["beta"] && fit.tied == [["alpha", "beta"]])
            #expect(fit.standardErrors["alpha"] == fit.standardErrors["beta"])
        case "fix":
            #expect(Set(fit.fixed) == ["alpha", "beta"])
            #expect(fit.standardErrors["alpha"] == nil && fit.standardErrors["beta"] == nil && fit.standardErrors["E"] != nil)
        default:
            #expect(fit.parameters["E"] == 1.9 && fit.diagnostics.atBound.contains("E"))
        }
    }

    /// Noiseless runs from a law with α = β: the free fit finds them equal, so fixing any
    /// parameter at its free optimum, or tying α to β, must leave the fit where it was.
    static let truth = ChinchillaLaw(E: 1.8, A: 450, B: 1800, alpha: 0.34, beta: 0.34)

    static func runs() -> [Run] {
        SyntheticSweep.chinchilla(truth, budgets: SyntheticSweep.logSpaced(1e17, 1e21, 5), noise: 0)
    }

    struct Case: Sendable, CustomStringConvertible {
        var form: LawForm
        var against: ScalingVariable = .flops
        var description: String { form == .powerLaw ? "power-law(\(against))" : form.rawValue }
    }

    /// Random subsets of each form's parameters, each fixed at the free optimum (seeded draws).
    @Test(arguments: [Case(form: .chinchilla), Case(form: .powerLaw, against: .flops),
                      Case(form: .powerLaw, against: .tokens), Case(form: .kaplan)])
    func fixingAtTheFreeOptimumChangesNothing(_ c: Case) throws {
        var options = FitOptions(form: c.form, against: c.against)
        let runs = Self.noisyRuns()
        let free = try Fitter.fit(runs, options: options)
        let names = Fitter.parameterNames(options)
        var rng = SeededGenerator(seed: 42)
        for trial in 0..<4 {
            // 1 … (all − 1) parameters, drawn without replacement.
            let count = 1 + Int(rng.next() % UInt64(names.count - 1))
            let chosen = Array(names.shuffled(using: &rng).prefix(count))
            options.constraints = ParameterConstraints(fixed: Dictionary(uniqueKeysWithValues: chosen.map { ($0, free.parameters[$0]!) }))
            let held = try Fitter.fit(runs, options: options)
            #expect(abs(held.objectiveValue / free.objectiveValue - 1) < 1e-9, "\(c) trial \(trial) fixing \(chosen)")
            for name in names {
                #expect(abs(held.parameters[name]! / free.parameters[name]! - 1) < 1e-5, "\(c) trial \(trial) fixing \(chosen): \(name)")
            }
            #expect(Set(held.fixed) == Set(chosen))
        }
    }

    /// The same for the data-constrained law, half-lives among the parameters held.
    @Test func dataConstrainedFixingAtTheFreeOptimumChangesNothing() throws {
        let runs = DataConstrainedFitTests.runs(DataConstrainedFitTests.truth, noise: 0.01, seed: 9)
        var options = FitOptions(form: .dataConstrained)
        options.repetitionHalfLife = nil
        let free = try Fitter.fit(runs, options: options)
        let names = DataConstrainedLaw.parameterNames
        var rng = SeededGenerator(seed: 7)
        for trial in 0..<3 {
            let chosen = Array(names.shuffled(using: &rng).prefix(1 + Int(rng.next() % 5)))
            options.constraints = ParameterConstraints(fixed: Dictionary(uniqueKeysWithValues: chosen.map { ($0, free.parameters[$0]!) }))
            let held = try Fitter.fit(runs, options: options)
            #expect(abs(held.objectiveValue / free.objectiveValue - 1) < 1e-9, "trial \(trial) fixing \(chosen)")
            for name in names {
                #expect(abs(held.parameters[name]! / free.parameters[name]! - 1) < 1e-5, "trial \(trial) fixing \(chosen): \(name)")
            }
        }
    }

    /// 1% noise, so the optimum is a real M-estimate rather than an exact interpolation.
    static func noisyRuns() -> [Run] {
        SyntheticSweep.chinchilla(ChinchillaLaw(E: 1.8, A: 450, B: 1800, alpha: 0.34, beta: 0.36),
                                  budgets: SyntheticSweep.logSpaced(1e17, 1e21, 5), noise: 0.01, seed: 5)
    }

    @Test func tyingParametersWhoseOptimaAreEqualChangesNothing() throws {
        let free = try Fitter.fit(Self.runs(), options: FitOptions())
        #expect(abs(free.parameters["alpha"]! - free.parameters["beta"]!) < 1e-8)
        var options = FitOptions()
        options.constraints.ties = [.init("alpha", "beta")]
        let tied = try Fitter.fit(Self.runs(), options: options)
        for name in ChinchillaLaw.parameterNames {
            #expect(abs(tied.parameters[name]! / free.parameters[name]! - 1) < 1e-7, "\(name)")
        }
        #expect(tied.objectiveValue < 1e-18 && free.objectiveValue < 1e-18)
    }

    /// Exponents are never negative, whatever is held: fixing both half-lives of a
    /// data-constrained fit used to return α = −221 (issue 8).
    @Test func exponentsStayNonNegative() throws {
        var options = FitOptions()
        options.constraints.fixed = ["E": 3.5]   // above every loss: the law must bend the wrong way to fit
        let fit = try Fitter.fit(Self.noisyRuns(), options: options)
        #expect(fit.parameters["alpha"]! >= 0 && fit.parameters["beta"]! >= 0)
    }

    @Test func badConstraintsAreRefusedClearly() throws {
        let runs = Self.noisyRuns()
        func refusal(_ c: ParameterConstraints, form: LawForm = .chinchilla) -> String {
            var options = FitOptions(form: form)
            options.constraints = c
            do { _ = try Fitter.fit(runs, options: options); return "" } catch { return "\(error)" }
        }
        #expect(refusal(.init(fixed: ["gamma": 1])).contains("'gamma' is not a parameter of the chinchilla form"))
        #expect(refusal(.init(fixed: ["E": 1, "A": 1, "B": 1, "alpha": 0.3, "beta": 0.3])).contains("nothing is left to fit"))
        #expect(refusal(.init(bounds: ["E": .init(2, 1)])).contains("bound on E is empty"))
        #expect(refusal(.init(ties: [.init("alpha", "A")])).contains("alpha (an exponent) cannot be tied to A (a coefficient)"))
        #expect(refusal(.init(ties: [.init("alpha_N", "alpha")])).contains("'alpha_N' is not a parameter of the chinchilla form"))
        #expect(refusal(.init(fixed: ["alpha": -0.1])).contains("an exponent must be 0 or more"))
        #expect(refusal(.init(fixed: ["E": 1.5], bounds: ["E": .init(1.6, 2)])).contains("E is fixed at 1.5, outside its bound [1.6, 2.0]"))
        #expect(refusal(.init(fixed: ["alpha": 0.3]), form: .isoflop).contains("no parameters to fix"))
    }

    @Test func aLawOfAnotherFormCannotBeHeld() {
        let kaplan = LawFile(form: .kaplan, parameters: ["N_c": 8.8e13, "D_c": 5.4e13, "alpha_N": 0.076, "alpha_D": 0.095], origin: "k.json")
        #expect(throws: ParameterConstraintError.lawOfAnotherForm(law: "kaplan", fit: "chinchilla", origin: "k.json")) {
            try ParameterConstraints.values(holding: kaplan, for: .chinchilla, names: ChinchillaLaw.parameterNames, except: [])
        }
        // A Chinchilla law holds the first five of a data-constrained fit (Muennighoff et al.'s stages).
        let chinchilla = LawFile(form: .chinchilla, parameters: Self.truth.namedParameters)
        let held = try? ParameterConstraints.values(holding: chinchilla, for: .dataConstrained,
                                                    names: DataConstrainedLaw.parameterNames, except: ["alpha"])
        #expect(held.map { Set($0.keys) } == ["E", "A", "B", "beta"])
    }
}
