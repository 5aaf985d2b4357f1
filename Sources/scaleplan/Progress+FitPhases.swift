import Fitting

extension Progress {
    /// The callback to hand to `Fitter.fit(phases:)`: each phase of the fit on the line in turn.
    var phases: FitProgress {
        { [self] phase, done, total in update(phase: phase.rawValue, done, of: total) }
    }
}
