import Foundation
import ScalingLaws

/// Fits a scaling law to runs. The one entry point of the fitting engine.
public enum Fitter {
    /// Fits `options.form` to `runs`. `progress` is called as bootstrap resamples finish;
    /// `phases` with every phase of the fit that reports (grid, search, polish, bootstrap).
    public static func fit(_ runs: [Run], options: FitOptions,
                           progress: (@Sendable (Int, Int) -> Void)? = nil,
                           phases: FitProgress? = nil) throws -> FitResult {
        try validate(options)
        if let column = options.againstColumn {
            return try fit(runs, against: column, options: options, progress: progress, phases: phases)
        }
        let progress = reporting(bootstrap: progress, phases: phases)
        if options.form == .downstream {
            var result = try DownstreamFit(runs: runs, options: options).run(progress: progress)
            if options.holdoutLargest > 0 { result.diagnostics.holdout = try DownstreamFit(runs: runs, options: options).holdout() }
            return result
        }
        try requireKnown(runs, options: options)
        if options.form == .envelope {
            guard options.constraints.isEmpty else { throw ParameterConstraintError.notParametric(form: options.form.rawValue) }
            return try EnvelopeAnalysis(runs: runs, options: options).run()
        }
        if options.form == .isoflop {
            guard options.constraints.isEmpty else { throw ParameterConstraintError.notParametric(form: options.form.rawValue) }
            return try IsoFLOPAnalysis(runs: runs, options: options).run()
        }
        var result = try fitSeparable(runs, options: options, progress: progress)
        if options.holdoutLargest > 0 {
            do {
                result.diagnostics.holdout = try holdout(runs, options: options)
            } catch let error as FitError {
                // A bad option is the user's to fix; runs that leave nothing to fit once the
                // largest are held out (all constant loss, one size, ...) only cost the check.
                if case .invalidOption = error { throw error }
                result.warnings.append("no holdout check: without the \(options.holdoutLargest) largest runs \(error)")
            }
        }
        return result
    }

    /// A power law or broken power law in a run column: each run's x read from its tag
    /// `column`, carried through the one-variable pipeline (search, bootstrap, holdout) as its
    /// token count, and the result labelled with the column.
    static func fit(_ runs: [Run], against column: String, options: FitOptions,
                    progress: (@Sendable (Int, Int) -> Void)?, phases: FitProgress?) throws -> FitResult {
        guard options.form == .powerLaw || options.form == .brokenPowerLaw else {
            throw FitError.invalidOption("--against \(column): a run column is an x for --form power-law or broken-power-law, not \(options.form.rawValue)")
        }
        let carried = try runs.map { run -> Run in
            guard let text = run.tags[column] else {
                throw FitError.invalidOption("--against \(column): \(run.source) has no column '\(column)'")
            }
            guard let x = Double(text.trimmingCharacters(in: .whitespaces)), x.isFinite, x > 0 else {
                throw FitError.invalidOption("--against \(column): \(run.source) has '\(text)'; x must be a positive number (the law is in log x)")
            }
            var r = run
            r.tokens = x
            return r
        }
        var inner = options
        inner.againstColumn = nil
        inner.against = .tokens
        var result: FitResult
        do { result = try fit(carried, options: inner, progress: progress, phases: phases) } catch let FitError.unidentifiable(why) {
            throw FitError.unidentifiable(why.replacingOccurrences(of: "token count", with: "\(column) (--against)"))
        }
        result.against = nil
        result.againstColumn = column
        if result.diagnostics.holdout != nil {
            result.diagnostics.holdout!.kind = "largest-\(column)"
            result.diagnostics.holdout!.xKey = column
        }
        result.warnings = result.warnings.map { $0.replacingOccurrences(of: "most-trained", with: "largest-\(column)") }
        return result
    }

    /// The names `options.constraints` may use: the parameters of the form, in display order.
    public static func parameterNames(_ options: FitOptions) -> [String] {
        switch options.form {
        case .chinchilla: return ChinchillaLaw.parameterNames
        case .dataConstrained: return DataConstrainedLaw.parameterNames
        case .powerLaw: return options.floor ? ["E", "A", "alpha"] : ["A", "alpha"]
        case .kaplan: return KaplanLaw.parameterNames
        case .isoflop, .envelope: return []
        case .downstream: return options.link.parameterNames
        case .brokenPowerLaw: return BrokenPowerLaw.parameterNames(breaks: options.breaks)
        }
    }

    static func validate(_ options: FitOptions) throws {
        if case let .huber(delta) = options.objective.loss, !(delta > 0 && delta.isFinite) {
            throw FitError.invalidOption("--delta must be a positive number, got \(delta)")
        }
        guard options.confidence > 0, options.confidence < 1 else {
            throw FitError.invalidOption("--confidence must be between 0 and 1 (e.g. 0.9), got \(options.confidence)")
        }
        guard options.bootstrap >= 0 else { throw FitError.invalidOption("--bootstrap must not be negative") }
        guard options.gridSize >= 5 else { throw FitError.invalidOption("the exponent grid needs at least 5 points per axis") }
    }

    /// One callback for both: bootstrap counts go to `bootstrap` too.
    static func reporting(bootstrap: (@Sendable (Int, Int) -> Void)?, phases: FitProgress?) -> FitProgress? {
        guard bootstrap != nil || phases != nil else { return nil }
        return { phase, done, total in
            phases?(phase, done, total)
            if phase == .bootstrap { bootstrap?(done, total) }
        }
    }

    static func fitSeparable(_ runs: [Run], options: FitOptions,
                             progress: FitProgress?) throws -> FitResult {
        switch options.form {
        case .chinchilla:
            // Each fix or tie takes one parameter off those the runs must identify.
            let held = options.constraints.fixed.count + options.constraints.ties.count
            // log N, log D, L and log L once, for the check and the fit.
            let columns = RunColumns(runs)
            try requireIdentifiable(runs, parameters: max(1, 5 - held), form: .chinchilla, axes: [\.params, \.tokens],
                                    logs: [columns.logParams, columns.logTokens])
            var fit = chinchillaFit(runs, logParams: columns.logParams, logTokens: columns.logTokens, form: .chinchilla, options: options)
            fit.observations = (columns.loss, columns.logLoss)
            return try fit.run(progress: progress)
        case .dataConstrained:
            return try DataConstrainedFit(runs: runs, options: options).run(progress: progress)
        case .powerLaw:
            let key: KeyPath<Run, Double> = options.against == .flops ? \.flops : (options.against == .params ? \.params : \.tokens)
            try requireIdentifiable(runs, parameters: options.floor ? 3 : 2, form: .powerLaw, axes: [key])
            let form = SeparableForm(logAxes: [runs.map { log($0[keyPath: key]) }], hasFloor: options.floor,
                                     coefficientNames: ["A"], floorName: "E", exponentNames: ["alpha"])
            return try LawFit(form: form, lawForm: .powerLaw, displayOrder: options.floor ? ["E", "A", "alpha"] : ["A", "alpha"],
                                    runs: runs, options: options).run(progress: progress)
        case .kaplan:
            try requireIdentifiable(runs, parameters: 4, form: .kaplan, axes: [\.params, \.tokens])
            let form = KaplanForm(logParams: runs.map { log($0.params) }, logTokens: runs.map { log($0.tokens) })
            return try LawFit(form: form, lawForm: .kaplan, displayOrder: KaplanLaw.parameterNames,
                              runs: runs, options: options).run(progress: progress)
        case .downstream:
            return try DownstreamFit(runs: runs, options: options).run(progress: progress)
        case .brokenPowerLaw:
            guard options.breaks >= 1, options.breaks <= 3 else {
                throw FitError.invalidOption("--breaks must be 1, 2 or 3 (the search is a grid over break locations), got \(options.breaks)")
            }
            let key: KeyPath<Run, Double> = options.against == .flops ? \.flops : (options.against == .params ? \.params : \.tokens)
            let names = BrokenPowerLaw.parameterNames(breaks: options.breaks)
            try requireIdentifiable(runs, parameters: names.count - options.constraints.fixed.count, form: .brokenPowerLaw, axes: [key])
            let form = BrokenPowerLawForm(x: runs.map { $0[keyPath: key] }, breaks: options.breaks, objective: options.objective)
            return try LawFit(form: form, lawForm: .brokenPowerLaw, displayOrder: names, runs: runs, options: options).run(progress: progress)
        case .isoflop, .envelope:
            throw FitError.invalidOption("\(options.form.rawValue) is not a parametric form")
        }
    }

    /// Chinchilla's L = E + A/N^α + B/D^β against the given sizes and token counts (raw N and
    /// D, or the effective N′ and D′ of a data-constrained fit).
    static func chinchillaFit(_ runs: [Run], params: [Double], tokens: [Double], form lawForm: LawForm,
                              options: FitOptions) -> LawFit {
        chinchillaFit(runs, logParams: params.concurrentMap { log($0) }, logTokens: tokens.concurrentMap { log($0) },
                      form: lawForm, options: options)
    }

    /// The same from log N and log D.
    static func chinchillaFit(_ runs: [Run], logParams: [Double], logTokens: [Double], form lawForm: LawForm,
                              options: FitOptions) -> LawFit {
        let form = SeparableForm(logAxes: [logParams, logTokens], hasFloor: true,
                                 coefficientNames: ["A", "B"], floorName: "E", exponentNames: ["alpha", "beta"])
        return LawFit(form: form, lawForm: lawForm, displayOrder: ChinchillaLaw.parameterNames, runs: runs, options: options)
    }

    /// The variable a fit needs of every run: a power law's; for other forms all three.
    static func requireKnown(_ runs: [Run], options: FitOptions) throws {
        if options.form == .powerLaw || options.form == .brokenPowerLaw {
            let needed = RunQuantity(rawValue: options.against.rawValue)!
            if let run = runs.first(where: { !$0.knows(needed) }) {
                throw FitError.invalidOption("a power law in \(needed.rawValue) needs the \(needed.rawValue) of every run; \(run.source) has none")
            }
        } else if let run = runs.first(where: { !$0.knowsScale }) {
            throw FitError.invalidOption("\(options.form.withArticle) fit needs params and tokens (or compute) of every run; \(run.source) gives only one of them")
        }
    }

    /// The value a holdout orders runs by: compute, or a power law's own variable.
    static func holdoutVariable(_ options: FitOptions) -> ScalingVariable {
        options.form == .powerLaw || options.form == .brokenPowerLaw ? options.against : .flops
    }

    /// Refuses data that cannot identify the law: too few runs, no variation in loss, or an
    /// axis with a single value (one model size cannot tell A from E). `logs`: the logs of the
    /// two axes' values, when the caller has them already.
    static func requireIdentifiable(_ runs: [Run], parameters: Int, form: LawForm, axes: [KeyPath<Run, Double>],
                                    logs: [[Double]]? = nil) throws {
        guard runs.count > parameters else { throw FitError.tooFewRuns(needed: parameters + 1, got: runs.count, form: form) }
        let firstLoss = runs[0].loss
        if !runs.contains(where: { $0.loss != firstLoss }) { throw FitError.constantLoss(firstLoss) }
        let names: [KeyPath<Run, Double>: String] = [\.params: "model size (params)", \.tokens: "token count", \.flops: "compute"]
        // Plain closures for the known axes: a key-path read per run is slow at a million runs.
        func values(_ axis: KeyPath<Run, Double>) -> [Double] {
            switch axis {
            case \Run.params: return runs.map { $0.params }
            case \Run.tokens: return runs.map { $0.tokens }
            case \Run.flops: return runs.map { $0.flops }
            default: return runs.map { $0[keyPath: axis] }
            }
        }
        // Whether an axis varies: read from the runs until the first value that differs.
        func first(_ axis: KeyPath<Run, Double>) -> (Double, varies: Bool) {
            switch axis {
            case \Run.params: let first = runs[0].params; return (first, runs.contains { $0.params != first })
            case \Run.tokens: let first = runs[0].tokens; return (first, runs.contains { $0.tokens != first })
            default: let first = runs[0][keyPath: axis]; return (first, runs.contains { $0[keyPath: axis] != first })
            }
        }
        for axis in axes {
            let (first, varies) = first(axis)
            if !varies {
                throw FitError.unidentifiable("every run has the same \(names[axis] ?? "value") (\(first)); vary it across runs")
            }
        }
        if axes.count == 2 {
            let x = logs?[0] ?? values(axes[0]).concurrentMap { log($0) }, y = logs?[1] ?? values(axes[1]).concurrentMap { log($0) }
            if abs(Statistics.correlation(x, y)) > 0.9999 {
                throw FitError.unidentifiable("params and tokens move together (every run has the same tokens per parameter), so their effects cannot be separated; add runs at other ratios")
            }
        }
    }

    /// Fits without the K largest-compute runs (a power law: the K largest in its variable)
    /// and predicts them.
    static func holdout(_ runs: [Run], options: FitOptions) throws -> HoldoutCheck {
        let k = options.holdoutLargest
        guard runs.count - k > 6 else {
            throw FitError.invalidOption("--holdout-largest \(k) leaves \(runs.count - k) runs: too few to fit")
        }
        let variable = holdoutVariable(options)
        func x(_ run: Run) -> Double {
            switch variable {
            case .flops: return run.flops
            case .params: return run.params
            case .tokens: return run.tokens
            }
        }
        let order = runs.indices.sorted { x(runs[$0]) > x(runs[$1]) }
        let held = Set(order.prefix(k))
        var reduced = options
        reduced.bootstrap = 0
        reduced.holdoutLargest = 0
        let fit = try fitSeparable(runs.indices.filter { !held.contains($0) }.map { runs[$0] }, options: reduced, progress: nil)
        let predictions = order.prefix(k).map { i -> HoldoutCheck.Prediction in
            let run = runs[i]
            return HoldoutCheck.Prediction(source: run.source, x: x(run), observed: run.loss,
                                           predicted: predict(fit, at: run))
        }
        return HoldoutCheck(heldOut: k, variable: variable, predictions: predictions)
    }

    /// The loss `fit` predicts for `run` (for data-constrained fits, at the run's N′ and D′).
    static func predict(_ fit: FitResult, at run: Run) -> Double {
        let p = fit.parameters
        switch fit.form {
        case .chinchilla:
            return ChinchillaLaw(E: p["E"]!, A: p["A"]!, B: p["B"]!, alpha: p["alpha"]!, beta: p["beta"]!).loss(params: run.params, tokens: run.tokens)
        case .dataConstrained:
            return ((try? DataConstrainedLaw(parameters: p))?.loss(at: run.scale)) ?? .nan
        case .powerLaw:
            // The run's own value of the variable (its logged compute, not 6·N·D).
            let law = PowerLaw(E: p["E"] ?? 0, A: p["A"]!, alpha: p["alpha"]!, against: fit.against ?? .flops)
            switch law.variable {
            case .flops: return law.loss(x: run.flops)
            case .params: return law.loss(x: run.params)
            case .tokens: return law.loss(x: run.tokens)
            }
        case .kaplan:
            return KaplanLaw(Nc: p["N_c"]!, Dc: p["D_c"]!, alphaN: p["alpha_N"]!, alphaD: p["alpha_D"]!).loss(params: run.params, tokens: run.tokens)
        case .brokenPowerLaw:
            guard let law = try? BrokenPowerLaw(parameters: p, variable: fit.against ?? .flops) else { return .nan }
            switch law.variable {
            case .flops: return law.value(x: run.flops)
            case .params: return law.value(x: run.params)
            case .tokens: return law.value(x: run.tokens)
            }
        case .isoflop, .downstream, .envelope:
            return .nan
        }
    }
}
