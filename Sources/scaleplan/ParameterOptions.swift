import ArgumentParser
import Fitting
import Foundation
import ScalingLaws

/// `fit`'s parameter constraints: --fix, --tie, --bound, --fix-from with --free.
struct ParameterOptions: ParsableArguments {
    @Option(name: .customLong("fix"), parsing: .singleValue,
            help: ArgumentHelp("Hold a parameter at a value (repeatable); names as in the JSON `parameters` (alpha, beta, E, R_N, ...); a half-life may be inf (no decay).",
                               valueName: "NAME=VALUE"))
    var fixes: [String] = []

    @Option(name: .customLong("tie"), parsing: .singleValue,
            help: ArgumentHelp("Fit two parameters as one (repeatable), e.g. alpha=beta; both names appear in the output.",
                               valueName: "NAME=NAME"))
    var ties: [String] = []

    @Option(name: .customLong("bound"), parsing: .singleValue,
            help: ArgumentHelp("Keep a parameter within [LOW, HIGH] (repeatable); either end may be empty or inf, e.g. E=1.5:2.5, alpha=:0.5. Exponents are never below 0 in any case.",
                               valueName: "NAME=LOW:HIGH"))
    var bounds: [String] = []

    @Option(help: ArgumentHelp("Hold every parameter of this law file (or preset name) except those given by --free: a staged fit in one command. A chinchilla law may hold the first five parameters of a data-constrained fit.",
                               valueName: "LAW.json|PRESET"))
    var fixFrom: String?

    @Option(name: .customLong("free"), parsing: .singleValue,
            help: ArgumentHelp("With --fix-from: a parameter left free (repeatable).", valueName: "NAME"))
    var freed: [String] = []

    func validate() throws {
        if !freed.isEmpty && fixFrom == nil { throw ValidationError("--free goes with --fix-from LAW.json (it names what the law file does not hold)") }
    }

    /// The constraints these options state, for a fit with `options` (its form's names).
    func constraints(for options: FitOptions) throws -> ParameterConstraints {
        let names = Fitter.parameterNames(options)
        var result = ParameterConstraints()
        if (!fixes.isEmpty || !ties.isEmpty || !bounds.isEmpty || fixFrom != nil) && names.isEmpty {
            throw CommandError("--fix, --tie, --bound and --fix-from need a parametric form: the \(options.form.rawValue) analysis has no parameters to hold")
        }
        func known(_ name: String, _ option: String, _ argument: String) throws -> String {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard names.contains(trimmed) else {
                throw CommandError("\(option) \(argument): '\(trimmed)' is not a parameter of the \(options.form.rawValue) form (its parameters: \(names.joined(separator: ", ")))")
            }
            return trimmed
        }
        if let source = fixFrom {
            let law: LawFile
            if FileManager.default.fileExists(atPath: source) {
                law = try LawFile.read(path: source)
            } else if let preset = try? LawPreset.named(source) {
                law = preset.lawFile
            } else {
                throw CommandError("--fix-from \(source): no such file, and no preset of that name (see `scaleplan presets`)")
            }
            for name in freed { _ = try known(name, "--free", name) }
            do {
                result.fixed = try ParameterConstraints.values(holding: law, for: options.form, names: names, except: freed)
            } catch let error as ParameterConstraintError {
                throw CommandError("--fix-from \(source): \(error)")
            }
        }
        for argument in fixes {
            let (name, value) = try Self.split(argument, option: "--fix", shape: "NAME=VALUE, e.g. alpha=0.34")
            let key = try known(name, "--fix", argument)
            result.fixed[key] = try Self.number(value, option: "--fix", argument: argument)
        }
        for argument in ties {
            let (a, b) = try Self.split(argument, option: "--tie", shape: "NAME=NAME, e.g. alpha=beta")
            result.ties.append(.init(try known(a, "--tie", argument), try known(b, "--tie", argument)))
        }
        for argument in bounds {
            let (name, range) = try Self.split(argument, option: "--bound", shape: "NAME=LOW:HIGH, e.g. E=1.5:2.5")
            let key = try known(name, "--bound", argument)
            let ends = range.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard ends.count == 2 else { throw CommandError("--bound \(argument): expected NAME=LOW:HIGH, e.g. E=1.5:2.5 (an empty end is unbounded)") }
            let low = ends[0].isEmpty ? -Double.infinity : try Self.number(ends[0], option: "--bound", argument: argument)
            let high = ends[1].isEmpty ? Double.infinity : try Self.number(ends[1], option: "--bound", argument: argument)
            guard low < high else { throw CommandError("--bound \(argument): the low end \(ends[0]) is not below the high end \(ends[1])") }
            result.bounds[key] = .init(low, high)
        }
        return result
    }

    /// Which option an error of the library's checks came from.
    static func option(of error: ParameterConstraintError) -> String {
        switch error {
        case let .unknownParameter(_, kind, _, _): return "--\(kind)"
        case .everythingFixed: return "--fix/--fix-from"
        case .emptyBound, .fixedOutsideBound: return "--bound"
        case .invalidValue, .conflictingFixes: return "--fix"
        case .tieAcrossKinds, .tieToItself: return "--tie"
        case .lawOfAnotherForm: return "--fix-from"
        case .notParametric: return "--fix/--tie/--bound"
        }
    }

    private static func split(_ argument: String, option: String, shape: String) throws -> (String, String) {
        guard let eq = argument.firstIndex(of: "="), eq != argument.startIndex, argument.index(after: eq) != argument.endIndex else {
            throw CommandError("\(option) \(argument): expected \(shape)")
        }
        return (String(argument[..<eq]), String(argument[argument.index(after: eq)...]).trimmingCharacters(in: .whitespaces))
    }

    private static func number(_ text: String, option: String, argument: String) throws -> Double {
        switch text.lowercased() {
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default:
            do { return try NumberParsing.parse(text) } catch {
                throw CommandError("\(option) \(argument): '\(text)' is not a number (examples: 0.34, 1.5e3, 406.4, inf)")
            }
        }
    }
}
