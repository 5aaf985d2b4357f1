import Foundation
import Fitting
import Planning
import ScalingLaws

/// The report `scaleplan report` writes: what was fitted and on which runs, the law with its
/// intervals, diagnostics and charts, then a plan at several inference demands with its
/// charts. Built from results (a `FitResult`, a `PlanReport`); it computes nothing new but
/// the charts' curves.
public struct ScalingReport: Sendable {
    /// A fit and the runs behind it.
    public struct FitPart: Sendable {
        public var fit: FitResult
        /// The runs the fit used (after filters).
        public var runs: [Run]
        /// Runs read before filters, and what the reader and filters said (derivations, exclusions).
        public var runsRead: Int
        public var files: [String]
        public var notes: [String]
        /// An IsoFLOP analysis of the same runs, when they form IsoFLOP budgets.
        public var isoflop: FitResult?

        public init(fit: FitResult, runs: [Run], runsRead: Int, files: [String], notes: [String] = [], isoflop: FitResult? = nil) {
            self.fit = fit; self.runs = runs; self.runsRead = runsRead; self.files = files
            self.notes = notes; self.isoflop = isoflop
        }
    }

    public var title = "Scaling-law report"
    /// The fit, when the report was made from runs.
    public var fitPart: FitPart?
    /// The law planned with and where it came from (the fit's, a law file, a preset).
    public var law: ChinchillaLaw
    public var samples: [ChinchillaLaw]
    public var lawSource: String
    /// A data-constrained law's half-lives (`R_D`, `R_N`; ∞ allowed), shown with the law.
    public var halfLives: [String: Double] = [:]
    public var plan: PlanReport?
    /// Words for the plan's quality target, e.g. "the quality of the Chinchilla-optimal model at 1e25 FLOPs".
    public var targetDescription = ""
    /// How the costs are counted, e.g. "FLOPs" or "dollars on a100-80gb".
    public var costDescription = ""
    /// The command that made the report, shown at the end so it can be run again.
    public var command: String?
    public var confidence: Double
    /// A downstream link to chart against compute (`report --link`).
    public var downstream: Downstream?

    /// A link from loss to a metric, with its bootstrap samples and where it came from.
    public struct Downstream: Sendable {
        public var link: DownstreamLink
        public var samples: [DownstreamLink]
        public var metric: String
        public var source: String
        public init(link: DownstreamLink, samples: [DownstreamLink], metric: String, source: String) {
            self.link = link; self.samples = samples; self.metric = metric; self.source = source
        }
    }

    public init(law: ChinchillaLaw, samples: [ChinchillaLaw] = [], lawSource: String, confidence: Double = 0.9) {
        self.law = law; self.samples = samples; self.lawSource = lawSource; self.confidence = confidence
    }

    public func document() throws -> ReportDocument {
        var doc = ReportDocument(title: title)
        if let part = fitPart {
            doc.sections += fitSections(part)
        } else {
            doc.sections += lawSections()
        }
        if let downstream {
            doc.append(.heading("Downstream: \(downstream.metric)", level: 2))
            doc.append(.paragraph("The link in \(downstream.source), \(downstream.link.kind.formula), turns the law's loss into \(downstream.metric); the line is the compute-optimal model's, through both steps\(downstream.samples.isEmpty && samples.isEmpty ? "" : ", with an interval pairing the law's bootstrap samples with the link's")."))
            doc.append(.figure(name: "downstream.svg", caption: "\(downstream.metric) against compute: runs and the chained prediction",
                               svg: FitCharts.downstream(law: law, samples: samples, link: downstream.link, linkSamples: downstream.samples,
                                                         metric: downstream.metric, runs: fitPart?.runs ?? [], confidence: confidence).svg()))
        }
        if let plan { doc.sections += try planSections(plan) }
        if let command {
            doc.append(.heading("Reproduce", level: 2))
            doc.append(.code(command))
        }
        return doc
    }

    /// Whether an IsoFLOP analysis of the runs is worth showing: at least 3 budgets, most runs
    /// (3 in 4) in one, and every budget's minimum inside the sizes it sampled. Runs at
    /// scattered compute (points read off a figure, say) fall into many small spurious
    /// "budgets" whose parabolas are flat or extrapolated; those are left out.
    public static func formsIsoFLOPBudgets(_ iso: FitResult, runs: Int) -> Bool {
        let profiles = iso.isoflopProfiles
        let members = profiles.reduce(0) { $0 + $1.budgetRuns }
        return profiles.count >= 3 && 4 * members >= 3 * runs && profiles.allSatisfy(\.minimumInsideSampledRange)
    }

    func fitSections(_ part: FitPart) -> [ReportDocument.Section] {
        let fit = part.fit
        var s: [ReportDocument.Section] = [.heading("What was fitted")]
        let files = part.files.map { "`\($0)`" }.joined(separator: ", ")
        s.append(.paragraph("""
            \(FitReport.formula(fit)) (Hoffmann et al. 2022) fitted to \(fit.runsUsed) of \(part.runsRead) runs \
            read from \(files). Objective: \(fit.objective), minimised globally (\(fit.search.description)); \
            \(fit.convergence.converged ? "converged" : "**not converged**") (\(fit.convergence.reason.rawValue)). \
            Standard errors: \(fit.uncertaintySource == .bootstrap ? "bootstrap over runs, \(fit.samples.count) resamples" : "curvature at the optimum").
            """))
        if !part.notes.isEmpty { s.append(.bullets(part.notes)) }

        s.append(.heading("The law"))
        var table = FitReport.parameterTable(fit)
        table.notes = []
        s.append(.table(table))
        s.append(.bullets(FitReport.summaryLines(fit).map { $0.trimmingCharacters(in: .whitespaces) }))
        if fit.intervals.isEmpty {
            s.append(.paragraph("Intervals need a bootstrap (`--bootstrap 200 --seed 1`): curvature standard errors assume the model is right and the runs independent, and are usually too narrow (Besiroglu et al. 2024)."))
        }

        s.append(.heading("Charts"))
        let extend = (part.runs.map(\.flops).max() ?? 1e22) * 10
        s.append(.figure(name: "loss-compute.svg",
                         caption: "Loss against compute: runs coloured by size, the law at fixed sizes, and the compute-optimal frontier to 10× the largest budget",
                         svg: FitCharts.lossCompute(law: law, samples: samples, runs: part.runs, confidence: confidence, extendTo: extend).svg()))
        if let iso = part.isoflop, let a = iso.parameters["a"], let k = iso.parameters["k"] {
            s.append(.paragraph("The runs form \(iso.isoflopProfiles.count) IsoFLOP budgets, so Hoffmann et al.'s approach 2 applies too: per budget a parabola in log N, then N* ∝ C^\(NumberFormatting.decimal(a, significant: 3)) (the parametric fit says C^\(NumberFormatting.decimal(law.paramsExponent, significant: 3)))."))
            s.append(.figure(name: "isoflop.svg", caption: "IsoFLOP profiles with each budget's minimum",
                             svg: FitCharts.isoflop(iso.isoflopProfiles, runs: part.runs).svg()))
            s.append(.figure(name: "optimal-size.svg", caption: "Compute-optimal model size N*(C) from the IsoFLOP minima",
                             svg: FitCharts.optimalSize(iso.isoflopProfiles, exponent: a, coefficient: k).svg()))
        }
        s.append(.figure(name: "residuals.svg", caption: "Residuals against compute",
                         svg: FitCharts.residuals(law: law, runs: part.runs).svg()))
        return s
    }

    func lawSections() -> [ReportDocument.Section] {
        var s: [ReportDocument.Section] = [.heading("The law")]
        let formula = halfLives.isEmpty ? "L(N, D) = E + A/N^α + B/D^β"
            : "L = E + A/N′^α + B/D′^β on effective parameters N′ and data D′ (Muennighoff et al. 2023)"
        s.append(.paragraph("\(formula) from \(lawSource)\(samples.isEmpty ? "" : ", with \(samples.count) bootstrap samples")."))
        var columns = [Table.Column("parameter", key: "parameter", alignment: .left), Table.Column("value", key: "value")]
        if !samples.isEmpty { columns.append(Table.Column("\(FitReport.percent(confidence)) interval", key: "interval", alignment: .left)) }
        var table = Table(columns: columns)
        let values: [(String, KeyPath<ChinchillaLaw, Double>)] = [("E", \.E), ("A", \.A), ("B", \.B), ("alpha", \.alpha), ("beta", \.beta)]
        for (name, path) in values {
            var row: [Cell] = [.text(FitReport.symbol(name)), .number(law[keyPath: path], .decimal(significant: 5))]
            if !samples.isEmpty {
                let (lo, hi) = FitCharts.centralInterval(samples.map { $0[keyPath: path] }, confidence)
                row.append(.interval(lo, hi, .decimal(significant: 4)))
            }
            table.append(row)
        }
        for name in ["R_D", "R_N"] {
            guard let value = halfLives[name] else { continue }
            var row: [Cell] = [.text(FitReport.symbol(name)), value.isFinite ? .number(value, .decimal(significant: 5)) : .text("∞")]
            if !samples.isEmpty { row.append(.empty) }
            table.append(row)
        }
        s.append(.table(table))
        let f = { (x: Double) in NumberFormatting.decimal(x, significant: 3) }
        s.append(.paragraph("Compute-optimal allocation (Hoffmann et al. eq. 4): N* ∝ C^\(f(law.paramsExponent)), D* ∝ C^\(f(law.tokensExponent)). No runs were given, so there are no diagnostics."))
        return s
    }

    func planSections(_ plan: PlanReport) throws -> [ReportDocument.Section] {
        let plans = try plan.plans()
        var s: [ReportDocument.Section] = [.heading("Planning for inference")]
        s.append(.paragraph("""
            Models of \(targetDescription), planned (Sardana & Frankle 2024) to minimise training + \
            inference \(costDescription) for several lifetime inference demands, against the \
            Chinchilla-optimal model of the same quality. A model that will serve many tokens should be smaller and trained longer.
            """))
        if let first = plans.first, let data = Table.dataAssumptions(first) { s.append(.paragraph(data)) }
        s.append(.table(PlanReport.table(plans)))
        let positive = plans.filter { $0.demand.tokens > 0 }
        if !positive.isEmpty {
            s.append(.figure(name: "plan-cost.svg", caption: "Total cost against model size at each demand (star: recommended, square: Chinchilla-optimal)",
                             svg: plan.costChart(plans).svg()))
        }
        // Demands from well below to well above the table's (at least 1e10…1e14 tokens).
        let asked = plan.demands.filter { $0 > 0 }
        let grid = FitCharts.logSpaced(min(1e10, (asked.min() ?? 1e10) / 10), max(1e14, (asked.max() ?? 1e14) * 10), 25)
        s.append(.figure(name: "tokens-per-param.svg", caption: "Recommended tokens per parameter against inference demand",
                         svg: try plan.tokensPerParamChart(demandGrid: grid).svg()))
        return s
    }
}
