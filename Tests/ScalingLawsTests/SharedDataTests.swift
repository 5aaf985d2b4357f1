import Foundation
import Testing
@testable import ScalingLaws

/// The real files in ../shared/data (not part of the repository: skipped when absent).
@Suite struct SharedDataTests {
    static let chinchilla = sharedData("chinchilla-epoch/svg_extracted_data.csv")
    static let gadre = sharedData("gadre2024/gadre2024_runs.csv")
    static let porian = sharedData("porian2024/porian2024_isoflop_points.csv")

    /// Epoch's points from Chinchilla's Fig. 4 read as they are: `Model Size`, `Training FLOP`
    /// and `loss` are aliases; tokens are derived as C/(6N).
    @Test(.enabled(if: chinchilla != nil, "../shared/data/chinchilla-epoch is absent: skipped"))
    func chinchillaEpochReadsAsIs() throws {
        let log = try RunFileReader().read(path: Self.chinchilla!)
        #expect(log.runs.count == 245)
        #expect(log.derivedCounts == [.tokens: 245])
        #expect(log.notes == ["tokens derived as C/(6N) for 245 runs"])
        // First row: N = 6795600349.289497, C = 9.993852799709755e18; D = C/(6N) computed in
        // Python (float64): 245105957.9245427.
        let first = log.runs[0]
        #expect(first.params == 6795600349.289497)
        #expect(relativeError(first.tokens, 245105957.9245427) < 1e-15)
        #expect(first.loss == 5.005581996196243)
        #expect(first.tags["hex_color"] == "#faebdd")
        // Epoch drops the 5 runs with loss > 3.41 (README of the data), leaving 240.
        let (kept, outcomes) = try log.filtered(by: [.excludingLoss(above: 3.41)])
        #expect(kept.runs.count == 240)
        #expect(outcomes.map(\.excluded) == [5])
    }

    /// Gadre et al. give N, D and C = 6ND, and eight losses, none called `loss`.
    @Test(.enabled(if: gadre != nil, "../shared/data/gadre2024 is absent: skipped"))
    func gadreNeedsALossColumn() throws {
        #expect(throws: RunFileError.self) { try RunFileReader().read(path: Self.gadre!) }
        do { _ = try RunFileReader().read(path: Self.gadre!) } catch {
            #expect("\(error)".contains("missing column 'loss'"))
            #expect("\(error)".contains("--column loss=loss_c4_val"))
        }
        let log = try RunFileReader(columns: ColumnMapping(parsing: ["loss=loss_c4_val"])).read(path: Self.gadre!)
        #expect(log.runs.count == 104)
        #expect(log.derivedCounts.isEmpty)
        #expect(log.warnings.isEmpty)   // C = 6ND exactly (checked in Python: max deviation 0)
        // Counts per dataset from the file (Python csv): c4_original 34, rpj 35, rw_original 35.
        let groups = try log.grouped(by: "dataset")
        #expect(groups.map(\.value) == ["c4_original", "rpj", "rw_original"])
        #expect(groups.map(\.runs.count) == [34, 35, 35])
        let (c4, _) = try log.filtered(by: [try RunFilter(parsing: "dataset=c4_original")])
        #expect(c4.runs.count == 34)
    }

    /// Porian et al.'s isoFLOP points: columns n, t, flops, loss (t = C/(6n)).
    @Test(.enabled(if: porian != nil, "../shared/data/porian2024 is absent: skipped"))
    func porianIsoFLOPPoints() throws {
        let log = try RunFileReader().read(path: Self.porian!)
        #expect(log.runs.count == 1745)
        #expect(log.derivedCounts.isEmpty)
        #expect(log.warnings.isEmpty)
        #expect(log.runs[0].params == 331776)
        #expect(log.runs[0].loss == 4.709075571728609)
        #expect(log.runs[0].tags["config_id"] == "summary_df|rw|base|long|kaplan|kaplan|train")
    }
}
