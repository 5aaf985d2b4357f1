import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// Hoffmann's approach 2 on Porian et al. 2024's IsoFLOP profiles (../shared/data/porian2024;
/// skipped when absent). The paper's point is that the exponent a of N* ∝ C^a falls from
/// Kaplan's value (≈ 0.88) to Chinchilla's (≈ 0.5) as the training setup is corrected.
///
/// Reference: the slope of log n* on log C over the per-budget optima Porian et al. published
/// (`porian2024_isoflop_optima.csv`, interpolated minima from their own code), computed with
/// numpy's polyfit. Their interpolation is not our parabola, so agreement is to a few
/// hundredths, not digits.
@Suite(.enabled(if: PorianData.available, "needs ../shared/data/porian2024 beside the repository"))
struct PorianIsoFLOPTests {

    static let referenceSlopes: [String: Double] = [
        "summary_df|rw|base|long|kaplan|kaplan|train": 0.834,
        "summary_df|rw|base|short|kaplan|standard|val": 0.604,
        "summary_df|rw|base|short|chinchilla|standard|val": 0.571,
        "summary_df|rw|tuned|short|const|standard|val": 0.497,
        "summary_df_att|rw|tuned|short|const|attention|train": 0.504,
        "summary_df_owt2|owt2|base|long|kaplan|kaplan|train": 0.870,
        "summary_df_owt2|owt2|tuned|short|const|standard|val": 0.518,
    ]

    @Test func exponentsFollowThePublishedOptima() throws {
        let reader = RunFileReader(columns: try ColumnMapping(parsing: ["params=n", "tokens=t"]))
        let groups = try reader.read(path: PorianData.points).grouped(by: "config_id")
        var checked = 0
        for group in groups {
            guard let reference = Self.referenceSlopes[group.value] else { continue }
            let fit = try Fitter.fit(group.runs, options: FitOptions(form: .isoflop))
            #expect(abs(fit.parameters["a"]! - reference) < 0.03, "\(group.value): a = \(fit.parameters["a"]!), reference \(reference)")
            checked += 1
        }
        #expect(checked == Self.referenceSlopes.count)
    }
}

enum PorianData {
    static let points = URL(fileURLWithPath: EpochData.path).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("porian2024/porian2024_isoflop_points.csv").path
    static var available: Bool { FileManager.default.fileExists(atPath: points) }
}

/// Approach 2 on all 15 of Porian et al.'s configurations against an independent numpy
/// computation of the method as documented (`python3 scripts/reference/isoflop.py
/// ../shared/data/porian2024/porian2024_isoflop_points.csv [--whole]`: budgets within 5%,
/// sizes within a factor 4 of the minimum or at least the 5 nearest, `numpy.polyfit` parabolas,
/// vertices outside the fitted sizes left out, `numpy.polyfit` of log N* on log C). Same method,
/// separate code: agreement to rounding, in a and in the number of budgets used.
@Suite(.enabled(if: PorianData.available, "needs ../shared/data/porian2024 beside the repository"))
struct PorianIsoFLOPReferenceTests {
    /// (configuration, a with the default window, budgets used, a on whole profiles, budgets used)
    static let reference: [(String, Double, Int, Double, Int)] = [
        ("summary_df_att|rw|base|long|kaplan|attention|train", 0.708682518887, 10, 0.735572859491, 8),
        ("summary_df_att|rw|base|short|chinchilla|attention|train", 0.562612222352, 12, 0.582826479059, 8),
        ("summary_df_att|rw|base|short|kaplan|attention|train", 0.607392518645, 12, 0.663021255037, 10),
        ("summary_df_att|rw|tuned|short|const|attention|train", 0.506506758539, 12, 0.522263208402, 12),
        ("summary_df_kaplan_tuned_hparams|rw|tuned|long|const|kaplan|train", 0.684186615251, 11, 0.714959637469, 11),
        ("summary_df_owt2|owt2|base|long|kaplan|kaplan|train", 0.848356512331, 11, 0.842700882215, 8),
        ("summary_df_owt2|owt2|base|long|kaplan|standard|val", 0.692792950995, 10, 0.752994449845, 10),
        ("summary_df_owt2|owt2|base|short|chinchilla|standard|val", 0.543913725835, 12, 0.554834212528, 12),
        ("summary_df_owt2|owt2|base|short|kaplan|standard|val", 0.592162326276, 12, 0.611280087447, 12),
        ("summary_df_owt2|owt2|tuned|short|const|standard|val", 0.511590378114, 12, 0.511321225288, 12),
        ("summary_df|rw|base|long|kaplan|kaplan|train", 0.858449649203, 11, 0.865158254833, 8),
        ("summary_df|rw|base|long|kaplan|standard|val", 0.69553026879, 10, 0.779524294302, 9),
        ("summary_df|rw|base|short|chinchilla|standard|val", 0.547319758269, 12, 0.562977911939, 12),
        ("summary_df|rw|base|short|kaplan|standard|val", 0.59824409228, 12, 0.659013853688, 12),
        ("summary_df|rw|tuned|short|const|standard|val", 0.508711833252, 12, 0.513685460437, 12),
    ]

    @Test func everyConfigurationMatchesTheReference() throws {
        let reader = RunFileReader(columns: try ColumnMapping(parsing: ["params=n", "tokens=t"]))
        let groups = Dictionary(uniqueKeysWithValues: try reader.read(path: PorianData.points).grouped(by: "config_id").map { ($0.value, $0.runs) })
        #expect(groups.count == Self.reference.count)
        for (name, windowed, windowedBudgets, whole, wholeBudgets) in Self.reference {
            let runs = try #require(groups[name], "\(name)")
            let local = try Fitter.fit(runs, options: FitOptions(form: .isoflop))
            #expect(abs(local.parameters["a"]! / windowed - 1) < 1e-9, "\(name): a = \(local.parameters["a"]!), reference \(windowed)")
            #expect(local.isoflopProfiles.count == windowedBudgets, "\(name)")
            var wholeOptions = FitOptions(form: .isoflop)
            wholeOptions.isoflopWindow = 0
            let all = try Fitter.fit(runs, options: wholeOptions)
            #expect(abs(all.parameters["a"]! / whole - 1) < 1e-9, "\(name) whole profiles: a = \(all.parameters["a"]!), reference \(whole)")
            #expect(all.isoflopProfiles.count == wholeBudgets, "\(name) whole profiles")
        }
    }
}
