import Testing
import Foundation
@testable import Fitting
import ScalingLaws

@Test(.enabled(if: EpochData.available)) func scratchEpoch() throws {
    let runs = try EpochData.filteredRuns()
    let form = SeparableForm(logAxes: [runs.map { log($0.params) }, runs.map { log($0.tokens) }], hasFloor: true,
                             coefficientNames: ["A", "B"], floorName: "E", exponentNames: ["alpha", "beta"])
    let data = FitData(model: form.model, loss: runs.map(\.loss), logLoss: runs.map { log($0.loss) }, weights: runs.map { _ in 1 })
    let t0 = Date()
    let out = GlobalSearch().fit(form, data, objective: .hoffmann)!
    print("time", Date().timeIntervalSince(t0))
    print(form.namedNatural(out.theta), String(format: "%.13g", out.value), out.convergence, out.startsPolished, out.startsAgreeing)
}

@Test(.enabled(if: EpochData.available)) func scratchBootstrap() throws {
    let runs = try EpochData.filteredRuns()
    let form = SeparableForm(logAxes: [runs.map { log($0.params) }, runs.map { log($0.tokens) }], hasFloor: true,
                             coefficientNames: ["A", "B"], floorName: "E", exponentNames: ["alpha", "beta"])
    let data = FitData(model: form.model, loss: runs.map(\.loss), logLoss: runs.map { log($0.loss) }, weights: runs.map { _ in 1 })
    let out = GlobalSearch().fit(form, data, objective: .hoffmann)!
    let cov = try AsymptoticCovariance.estimate(data, objective: .hoffmann, theta: out.theta)
    let d = form.naturalDerivative(out.theta)
    print("curvature se", (0..<5).map { (cov.covariance[$0, $0]).squareRoot() * d[$0] }, cov.conditionNumber)
    let t0 = Date()
    let b = Bootstrap(resamples: 200, seed: 1, search: GlobalSearch()).run(form, data, objective: .hoffmann, fullOptimum: out.theta)
    print("boot time", Date().timeIntervalSince(t0), b.failures)
    let nat = b.thetas.map { form.natural($0) }
    for j in 0..<5 {
        let v = nat.map { $0[j] }; let m = v.reduce(0,+)/Double(v.count)
        print(form.parameterNames[j], (v.reduce(0) { $0 + ($1-m)*($1-m) } / Double(v.count-1)).squareRoot())
    }
}
