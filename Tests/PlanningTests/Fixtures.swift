import ScalingLaws
@testable import Planning

/// Sardana & Frankle's coefficient set (arXiv 2401.00448, §2): E 1.69, A 406.4, B 410.7,
/// α 0.336, β 0.283.
let sardana = ChinchillaLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.336, beta: 0.283)

/// A FLOPs planner for `tokens` of inference demand.
func flopsPlanner(_ law: ChinchillaLaw = sardana, tokens: Double, constraints: [any AllocationConstraint] = [],
                  fixedParams: Double? = nil) -> Planner {
    Planner(law: law, costModel: CostModel(demand: InferenceDemand(tokens: tokens)), objective: .flops,
            constraints: constraints, fixedParams: fixedParams)
}

func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / abs(b) }
