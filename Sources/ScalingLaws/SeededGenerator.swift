import Foundation

/// A small, fast, reproducible random number generator: xoshiro256** (Blackman & Vigna 2018,
/// "Scrambled linear pseudorandom number generators", https://prng.di.unimi.it), its 256-bit
/// state filled from the seed by SplitMix64 (Steele, Lea & Flood 2014), as the authors advise.
///
/// The same seed gives the same sequence on every platform and Swift version, which
/// `SystemRandomNumberGenerator` does not: simulations (`scaleplan simulate --seed`) and
/// bootstrap resamples (`fit --bootstrap --seed`) are reproducible with it. Not for
/// cryptography.
///
///     var generator = SeededGenerator(seed: 42)
///     let i = Int.random(in: 0..<n, using: &generator)
///     let z = generator.nextStandardNormal()
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var splitMix = SplitMix64(state: seed)
        state = (splitMix.next(), splitMix.next(), splitMix.next(), splitMix.next())
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    public static func == (a: SeededGenerator, b: SeededGenerator) -> Bool {
        a.state == b.state
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference `splitmix64.c`): every seed,
/// including 0, gives a well-mixed state for xoshiro, which must not start all zero.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@inline(__always)
private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

extension RandomNumberGenerator {
    /// A uniform draw in [0, 1) from the top 53 bits (every representable multiple of 2⁻⁵³).
    public mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A standard normal draw by the Box–Muller transform (Box & Muller 1958):
    /// z = √(−2 ln u₁) · cos(2π u₂) with u₁ ∈ (0, 1], u₂ ∈ [0, 1).
    ///
    /// It takes two uniforms per draw and discards the sine partner, so a generator's
    /// position depends only on how many draws were made (no hidden cached value).
    public mutating func nextStandardNormal() -> Double {
        let u1 = 1 - nextUnitInterval()   // (0, 1]: ln u₁ stays finite
        let u2 = nextUnitInterval()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
