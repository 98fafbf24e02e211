/// SplitMix64: a small, fast, seeded pseudo-random generator (Steele, Lea and Flood, 2014).
///
/// Deterministic on every platform: the same seed gives the same sequence, so a cohort is
/// reproducible from its seed alone. Not for cryptography.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one member of a family (such as one patient of a cohort): streams for
    /// different `index` values of one seed are independent for practical purposes.
    public init(seed: UInt64, index: UInt64) {
        var mixer = SplitMix64(seed: seed ^ 0x6A09_E667_F3BC_C909)
        let base = mixer.next()
        state = SplitMix64.mix(base &+ index &* 0xD1B5_4A32_D192_ED03)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// A uniformly distributed number in `0 ..< 1`.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A number in `range` (both ends included), by multiply-and-shift (the bias is below
    /// 2^-32 for the small ranges a cohort uses).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        let high = next().multipliedFullWidth(by: span).high
        return range.lowerBound + Int(high)
    }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// One element of a non-empty list, uniformly.
    public mutating func pick<T>(_ list: [T]) -> T {
        list[int(0 ... list.count - 1)]
    }

    /// The index of a weight, chosen in proportion to the weights (which must not all be 0).
    public mutating func weightedIndex(_ weights: [Int]) -> Int {
        var total = 0
        for weight in weights { total += weight }
        var ticket = int(0 ... max(0, total - 1))
        for (index, weight) in weights.enumerated() {
            if ticket < weight { return index }
            ticket -= weight
        }
        return weights.count - 1
    }

    /// An approximately normal number (the sum of four uniforms, rescaled): cheap, bounded and
    /// good enough for ages.
    public mutating func roughlyNormal(mean: Double, deviation: Double) -> Double {
        let sum = unit() + unit() + unit() + unit()
        return mean + (sum - 2) * deviation * 1.732_050_8
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
