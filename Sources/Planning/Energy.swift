/// Energy and emissions of GPU-hours: energy = GPU-hours × board power × PUE, emissions =
/// energy × the grid's carbon intensity (location-based, as Meta's model cards report them).
///
/// The defaults reproduce Meta's published figures: the Llama 2 paper (Touvron et al. 2023,
/// Table 2) gives 184,320 A100-80GB GPU-hours at 400 W for Llama 2 7B and 31.22 tCO2eq, i.e.
/// 73,728 kWh of board energy × 1.1 × 0.385 kgCO2eq/kWh; the Llama 3 model card gives
/// 1.3M H100 GPU-hours at 700 W and 390 tCO2eq for Llama 3 8B.
public struct EnergyModel: Sendable, Equatable {
    /// Power usage effectiveness: facility energy per unit of IT energy (≥ 1).
    public var pue: Double
    /// kg CO2-equivalent per kWh drawn from the grid.
    public var gridKgCO2PerKWh: Double

    /// The US-average intensity used in Meta's Llama model cards.
    public static let llamaGridKgCO2PerKWh = 0.385
    public static let defaultPUE = 1.1

    public init(pue: Double = defaultPUE, gridKgCO2PerKWh: Double = llamaGridKgCO2PerKWh) {
        self.pue = pue; self.gridKgCO2PerKWh = gridKgCO2PerKWh
    }

    /// kWh drawn by `gpuHours` on boards of `boardPowerW` watts.
    public func kWh(gpuHours: Double, boardPowerW: Double) -> Double { gpuHours * boardPowerW / 1000 * pue }
    /// Tonnes of CO2-equivalent for `kWh`.
    public func co2Tonnes(kWh: Double) -> Double { kWh * gridKgCO2PerKWh / 1000 }

    /// Throws when PUE < 1 or the intensity is negative.
    public func validated() throws -> EnergyModel {
        guard pue.isFinite, pue >= 1 else {
            throw PlanningError.outsideLimit(.pue, "the PUE (facility energy per unit of IT energy) must be ≥ 1, not \(fmt(pue))\(pue < 1 ? " (\(fmt(1 - pue)) below 1)" : "")")
        }
        guard gridKgCO2PerKWh.isFinite, gridKgCO2PerKWh >= 0 else {
            throw PlanningError.outsideLimit(.gridIntensity, "the grid's carbon intensity must be a finite number ≥ 0 kg CO2 per kWh, not \(fmt(gridKgCO2PerKWh))")
        }
        return self
    }
}

/// The GPUs a training run gets, and how they fail (`--train-gpus`, `--gpu-mtbf-hours`, ...).
public struct TrainingCalendar: Sendable, Equatable {
    public var gpus: Double
    public var failures: FailureModel
    public let schedule: FailureSchedule

    public init(gpus: Double, failures: FailureModel = FailureModel()) throws {
        guard gpus.isFinite, gpus >= 1 else {
            throw PlanningError.invalidInput("a training run needs at least 1 GPU, not \(fmt(gpus))")
        }
        self.gpus = gpus; self.failures = try failures.validated()
        schedule = failures.schedule(gpus: gpus)
    }

    public var goodput: Double { schedule.goodput }
}
