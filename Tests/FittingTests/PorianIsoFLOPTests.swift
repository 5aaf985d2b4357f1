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
