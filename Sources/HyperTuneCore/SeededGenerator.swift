/// The library's seeded pseudo-random generator: xoshiro256** 1.0, seeded through SplitMix64.
///
/// Every random choice in HyperTune goes through this type, and every derived quantity (doubles,
/// bounded integers, shuffles) is built here from its 64-bit outputs, never through the standard
/// library's `random(in:)`, whose algorithm may change between toolchains. The same seed therefore
/// gives the same sequence, bit for bit, on every platform and toolchain.
///
/// Algorithms:
/// - output: xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number generators",
///   ACM Transactions on Mathematical Software 47(4), 2021): 256 bits of state, period 2^256 - 1;
/// - seeding: the four state words are four consecutive outputs of SplitMix64 (Steele, Lea and Flood,
///   "Fast splittable pseudorandom number generators", OOPSLA 2014) started at the seed; a stream
///   (`init(seed:stream:)`) starts SplitMix64 at `mix(seed) ^ mix(stream ^ 0xD1B54A32D192ED03)`,
///   with `mix` the SplitMix64 finalizer, so streams of one seed are unrelated;
/// - doubles: the top 53 bits of one output, times 2^-53 (``nextDouble()``, in [0, 1));
/// - bounded integers: Lemire's multiply-and-reject method ("Fast random integer generation in an
///   interval", ACM TOMACS 29(1), 2019), exactly uniform.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// A generator seeded with `seed`.
    public init(seed: UInt64) {
        var state = seed
        s0 = Self.splitMix(&state)
        s1 = Self.splitMix(&state)
        s2 = Self.splitMix(&state)
        s3 = Self.splitMix(&state)
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }  // the one forbidden state
    }

    /// A generator for stream `stream` of `seed`: an independent sequence per stream.
    ///
    /// Samplers use one stream per trial number, so a trial's draws do not depend on how many
    /// draws other trials made.
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: Self.mix(seed) ^ Self.mix(stream ^ 0xD1B5_4A32_D192_ED03))
    }

    /// A generator seeded from an `Int` seed (its bit pattern).
    public init(seed: Int) {
        self.init(seed: UInt64(bitPattern: Int64(seed)))
    }

    /// A seed drawn from the system's entropy source, for samplers created without one.
    public static func randomSeed() -> UInt64 {
        var system = SystemRandomNumberGenerator()
        return system.next()
    }

    /// A sampler's seed from the one its user gave: the bits of `seed`, or ``randomSeed()`` for `nil`.
    public static func samplerSeed(_ seed: Int?) -> UInt64 {
        seed.map { UInt64(bitPattern: Int64($0)) } ?? randomSeed()
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @usableFromInline @inline(__always)
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// A double uniform in [0, 1), a multiple of 2^-53.
    @inlinable
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A double uniform in (0, 1): an odd multiple of 2^-54, never 0 or 1 (for inverse-CDF sampling).
    @inlinable
    public mutating func nextOpenDouble() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// A double uniform in `range` (`low + u * (high - low)`, kept inside the range).
    @inlinable
    public mutating func nextDouble(in range: ClosedRange<Double>) -> Double {
        let value = range.lowerBound + nextDouble() * (range.upperBound - range.lowerBound)
        return min(value, range.upperBound)
    }

    /// An integer uniform in `0 ..< upperBound`.
    ///
    /// - Precondition: `upperBound > 0`.
    @inlinable
    public mutating func nextInt(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "upper bound must be positive, got \(upperBound)")
        return Int(truncatingIfNeeded: nextUInt64(below: UInt64(upperBound)))
    }

    /// An integer uniform in `range`.
    @inlinable
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound))
        if width == .max { return Int(truncatingIfNeeded: next()) }
        return range.lowerBound &+ Int(truncatingIfNeeded: nextUInt64(below: width &+ 1))
    }

    /// A 64-bit integer uniform in `0 ..< bound` by Lemire's method.
    @inlinable
    mutating func nextUInt64(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// `true` with probability `p`.
    @inlinable
    public mutating func nextBool(probability p: Double = 0.5) -> Bool {
        nextDouble() < p
    }

    /// Shuffles `array` in place (Fisher-Yates, drawing with ``nextInt(below:)``).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = nextInt(below: i + 1)
            if i != j { array.swapAt(i, j) }
        }
    }

    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix(state)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
