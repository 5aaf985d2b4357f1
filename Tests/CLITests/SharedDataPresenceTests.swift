import Foundation
import Testing

/// Every test that compares against published data skips, visibly, when ../shared/data is
/// absent — right for a bare clone, wrong in CI, where a missing folder would turn all of them
/// into skips and leave the run green. CI sets SCALEPLAN_REQUIRE_SHARED_DATA=1 (.ci/run), and
/// then this test fails unless every file those tests read is there.
@Suite struct SharedDataPresenceTests {
    static let variable = "SCALEPLAN_REQUIRE_SHARED_DATA"
    static var required: Bool {
        let value = ProcessInfo.processInfo.environment[variable] ?? ""
        return !value.isEmpty && value != "0"
    }

    @Test("with SCALEPLAN_REQUIRE_SHARED_DATA set (as in CI), ../shared/data holds every file the tests read",
          .enabled(if: required, "SCALEPLAN_REQUIRE_SHARED_DATA is not set: published-data tests may skip"))
    func sharedDataIsThere() {
        let missing = CLIHarness.missingSharedData
        #expect(missing.isEmpty, "\(Self.variable) is set but ../shared/data beside the repository lacks \(missing.joined(separator: ", ")): the published-data tests would all skip")
    }
}
