/// What a fit is doing, for a progress display: the library never prints, it reports its
/// phases through a `FitProgress` callback and the caller shows them (or not).
public enum FitPhase: String, Sendable {
    /// The exponent grid: its points searched (reported as it starts and ends).
    case grid
    /// The polish of the grid's best starts: starts polished of those to polish.
    case search
    /// The Newton steps on every run of a large sweep, after the search on a subset: steps
    /// so far (the total is not known ahead: 0).
    case polish
    /// Bootstrap resamples fitted of those drawn.
    case bootstrap
}

/// Called with (phase, done, total) as a fit goes; total 0 when not known ahead. May be called
/// from several threads at once (the bootstrap's).
public typealias FitProgress = @Sendable (FitPhase, Int, Int) -> Void
