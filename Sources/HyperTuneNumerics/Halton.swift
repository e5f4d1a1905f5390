/// Halton low-discrepancy points in the unit cube, plain or scrambled by random digit
/// permutations.
///
/// Coordinate `j` of point `i` is the radical inverse of `i` in the `j`-th prime base `b`: the
/// base-`b` digits of `i` mirrored about the radix point (J. H. Halton, "On the efficiency of
/// certain quasi-random sequences of points in evaluating multi-dimensional integrals",
/// Numerische Mathematik 2, 1960). Point 0 is the origin.
///
/// Scrambling replaces digit `d` at position `k` of dimension `j` by `π_{j,k}(d)` for independent
/// uniformly random permutations `π_{j,k}` of `0 ..< b`, over as many digit positions as a double
/// resolves in base `b` (random digit permutations: J. Matoušek, "On the L2-discrepancy for anchored
/// boxes", J. Complexity 14, 1998; E. Braaten and G. Weller, J. Comput. Phys. 33, 1979, for why
/// permutations break the correlations between high dimensions of the plain sequence). Each
/// scrambled point is uniform on the cube and the set keeps the sequence's stratification.
///
/// Random bits come from the caller's generator, through this type's own bounded-integer method
/// (Lemire's), so the same generator state gives the same points on every platform.
package struct Halton: Sendable {
    /// The largest dimension supported (the number of embedded primes).
    package static let maxDimension = 1024

    /// The dimension of the points.
    package let dimension: Int
    /// The base of each dimension.
    package let bases: [Int]
    /// The digit positions used per dimension.
    private let digitCounts: [Int]
    /// Per dimension, `digitCounts[j]` permutations of `0 ..< bases[j]`, flattened; empty when plain.
    private let permutations: [[Int]]

    /// The first `count` primes.
    static func primes(_ count: Int) -> [Int] {
        var primes: [Int] = []
        var candidate = 2
        while primes.count < count {
            if primes.allSatisfy({ $0 * $0 > candidate || candidate % $0 != 0 }) { primes.append(candidate) }
            candidate += 1
        }
        return primes
    }

    private static func digitCount(base: Int) -> Int {
        var count = 0
        var resolution = 1.0
        while resolution > 0x1p-53 {
            resolution /= Double(base)
            count += 1
        }
        return count
    }

    /// The plain Halton sequence in `dimension` dimensions.
    ///
    /// - Precondition: `1 <= dimension <= maxDimension`.
    /// - Complexity: O(dimension²) for the primes (dimension ≤ 1024).
    package init(dimension: Int) {
        precondition(dimension >= 1 && dimension <= Self.maxDimension, "Halton dimension \(dimension) outside 1...\(Self.maxDimension)")
        self.init(dimension: dimension, bases: Self.primes(dimension), permutations: [])
    }

    private init(dimension: Int, bases: [Int], permutations: [[Int]]) {
        self.dimension = dimension
        self.bases = bases
        digitCounts = bases.map(Self.digitCount)
        self.permutations = permutations
    }

    /// The Halton sequence in `dimension` dimensions, scrambled with random digit permutations drawn
    /// from `generator`.
    ///
    /// - Precondition: `1 <= dimension <= maxDimension`.
    /// - Complexity: O(Σ_j b_j · digits_j).
    package init(dimension: Int, scrambledWith generator: inout some RandomNumberGenerator) {
        precondition(dimension >= 1 && dimension <= Self.maxDimension, "Halton dimension \(dimension) outside 1...\(Self.maxDimension)")
        let bases = Self.primes(dimension)
        var all: [[Int]] = []
        for base in bases {
            let count = Self.digitCount(base: base)
            var flat: [Int] = []
            flat.reserveCapacity(base * count)
            for _ in 0..<count {
                var permutation = Array(0..<base)
                for i in stride(from: base - 1, to: 0, by: -1) {
                    let j = Self.bounded(UInt64(i + 1), using: &generator)
                    permutation.swapAt(i, j)
                }
                flat += permutation
            }
            all.append(flat)
        }
        self.init(dimension: dimension, bases: bases, permutations: all)
    }

    /// An integer uniform in `0 ..< bound` (Lemire's multiply-and-reject method).
    private static func bounded(_ bound: UInt64, using generator: inout some RandomNumberGenerator) -> Int {
        var product = generator.next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = generator.next().multipliedFullWidth(by: bound) }
        }
        return Int(product.high)
    }

    /// Point `index` (0-based; negative indices are treated as 0).
    ///
    /// - Complexity: O(dimension × digits).
    package func point(_ index: Int) -> [Double] {
        let i = max(index, 0)
        var result = [Double](repeating: 0, count: dimension)
        for j in 0..<dimension {
            let base = bases[j]
            let inverse = 1 / Double(base)
            var factor = inverse
            var rest = i
            var value = 0.0
            if permutations.isEmpty {
                while rest > 0 {
                    value += Double(rest % base) * factor
                    rest /= base
                    factor *= inverse
                }
            } else {
                let table = permutations[j]
                for k in 0..<digitCounts[j] {
                    value += Double(table[k * base + rest % base]) * factor
                    rest /= base
                    factor *= inverse
                }
            }
            result[j] = min(value, 1 - 0x1p-53)
        }
        return result
    }
}
