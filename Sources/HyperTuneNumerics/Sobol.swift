/// Sobol' low-discrepancy points in the unit cube, plain or scrambled.
///
/// Construction: the direction numbers of each dimension come from its primitive polynomial and
/// initial values `m_1 ... m_s` by the Bratley-Fox recurrence (P. Bratley and B. L. Fox, "Algorithm
/// 659: Implementing Sobol's quasirandom sequence generator", ACM TOMS 14(1), 1988), with Joe and
/// Kuo's "new-joe-kuo-6.21201" table (S. Joe and F. Y. Kuo, "Constructing Sobol sequences with
/// better two-dimensional projections", SIAM J. Sci. Comput. 30, 2008) for dimensions 2 to
/// ``maxDimension``; dimension 1 is van der Corput's sequence. Point `i` is the XOR of the
/// direction numbers selected by the bits of the Gray code `i ^ (i >> 1)` (Antonov and Saleev's
/// ordering), so the unscrambled points are exactly those of Joe and Kuo's reference generator
/// (32-bit digits): `(0, 0, ...)`, `(0.5, 0.5, ...)`, `(0.75, 0.25, ...)`, ...
///
/// Scrambling: a random linear matrix scramble plus a random digital shift (J. Matoušek, "On the
/// L2-discrepancy for anchored boxes", J. Complexity 14, 1998; A. B. Owen, "Variance with
/// alternative scramblings of digital nets", ACM TOMACS 13(4), 2003): each dimension's generating
/// matrix is multiplied on the left by a random non-singular lower-triangular binary matrix, and its
/// digits are XORed with a random shift. The scrambled set keeps the net properties of the original
/// (every elementary interval still holds its share of points) while each point is uniformly
/// distributed on the cube, so estimates are unbiased and no point sits on the origin. The random
/// bits come from the caller's generator (the library's `SeededGenerator`, 32 bits per word: the high
/// half of `next()`): the same seed gives the same points everywhere.
///
/// Any point can be computed on its own from its index (``point(_:into:)``), which lets a sampler
/// give trial `k` the `k`-th point of a study-wide sequence without coordinating workers.
package struct Sobol: Sendable {
    /// The largest dimension supported: 1 plus the number of rows of the embedded table.
    package static let maxDimension = 1024

    /// The number of digits (bits) of every coordinate.
    package static let bits = 32

    /// The dimension of the points.
    package let dimension: Int

    /// `bits` direction numbers per dimension, dimension after dimension (already scrambled when
    /// the sequence is), as 32-bit fractions: bit 31 is the digit of 1/2.
    private let directions: [UInt32]
    /// The digital shift of each dimension (zero when unscrambled).
    private let shifts: [UInt32]

    /// The plain Sobol' sequence in `dimension` dimensions.
    ///
    /// - Precondition: `1 <= dimension <= maxDimension`.
    /// - Complexity: O(dimension × bits).
    package init(dimension: Int) {
        precondition(dimension >= 1 && dimension <= Self.maxDimension, "Sobol dimension \(dimension) outside 1...\(Self.maxDimension)")
        self.dimension = dimension
        directions = Self.directionNumbers(dimension: dimension)
        shifts = [UInt32](repeating: 0, count: dimension)
    }

    /// The Sobol' sequence in `dimension` dimensions, scrambled (linear matrix scramble and digital
    /// shift) with bits drawn from `generator`.
    ///
    /// - Precondition: `1 <= dimension <= maxDimension`.
    /// - Complexity: O(dimension × bits²).
    package init(dimension: Int, scrambledWith generator: inout some RandomNumberGenerator) {
        precondition(dimension >= 1 && dimension <= Self.maxDimension, "Sobol dimension \(dimension) outside 1...\(Self.maxDimension)")
        self.dimension = dimension
        let plain = Self.directionNumbers(dimension: dimension)
        var scrambled = plain
        var shifts = [UInt32](repeating: 0, count: dimension)
        var rowMasks = [UInt32](repeating: 0, count: Self.bits)
        for j in 0..<dimension {
            // Row r of the lower-triangular matrix acts on digit r (bit 31 - r): a one on the
            // diagonal and random bits on the more significant digits.
            for r in 0..<Self.bits {
                let diagonal = UInt32(1) << UInt32(31 - r)
                let above: UInt32 = r == 0 ? 0 : ~((UInt32(1) << UInt32(32 - r)) &- 1)  // bits 31 ... 32 - r
                rowMasks[r] = diagonal | (UInt32(truncatingIfNeeded: generator.next() >> 32) & above)
            }
            for k in 0..<Self.bits {
                let v = plain[j * Self.bits + k]
                var result: UInt32 = 0
                for r in 0..<Self.bits where (rowMasks[r] & v).nonzeroBitCount & 1 == 1 {
                    result |= UInt32(1) << UInt32(31 - r)
                }
                scrambled[j * Self.bits + k] = result
            }
            shifts[j] = UInt32(truncatingIfNeeded: generator.next() >> 32)
        }
        directions = scrambled
        self.shifts = shifts
    }

    /// Writes point `index` (0-based, Gray-code order) into `output[0 ..< dimension]`.
    ///
    /// Indices at or past 2^32 wrap around (the sequence has 2^32 distinct points).
    ///
    /// - Complexity: O(dimension × log index).
    package func point(_ index: Int, into output: UnsafeMutableBufferPointer<Double>) {
        precondition(output.count >= dimension, "output of \(output.count) for \(dimension) dimensions")
        let gray = UInt32(truncatingIfNeeded: index ^ (index >> 1))
        directions.withUnsafeBufferPointer { v in
            for j in 0..<dimension {
                var x = shifts[j]
                var bitsLeft = gray
                var k = 0
                while bitsLeft != 0 {
                    if bitsLeft & 1 == 1 { x ^= v[j * Self.bits + k] }
                    bitsLeft >>= 1
                    k += 1
                }
                output[j] = Double(x) * 0x1p-32
            }
        }
    }

    /// Point `index` as an array.
    ///
    /// - Complexity: O(dimension × log index).
    package func point(_ index: Int) -> [Double] {
        var result = [Double](repeating: 0, count: dimension)
        result.withUnsafeMutableBufferPointer { point(index, into: $0) }
        return result
    }

    /// Points `start ..< start + count`, row-major (`count × dimension`).
    ///
    /// - Complexity: O(count × dimension × log(start + count)).
    package func points(from start: Int = 0, count: Int) -> [Double] {
        var result = [Double](repeating: 0, count: count * dimension)
        result.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<count {
                point(start + i, into: UnsafeMutableBufferPointer(rebasing: buffer[(i * dimension)..<((i + 1) * dimension)]))
            }
        }
        return result
    }

    // MARK: Direction numbers

    /// One table row: the degree, the inner coefficients, the initial values.
    private struct Row {
        var degree: Int
        var coefficients: Int
        var initial: [UInt32]
    }

    /// The embedded table, parsed once.
    private static let table: [Row] = directionText.split(separator: "\n").map { line in
        let numbers = line.split(separator: " ").map { Int($0)! }
        return Row(degree: numbers[0], coefficients: numbers[1], initial: numbers[2...].map { UInt32($0) })
    }

    /// The `bits` direction numbers of each of the first `dimension` dimensions.
    private static func directionNumbers(dimension: Int) -> [UInt32] {
        var v = [UInt32](repeating: 0, count: dimension * bits)
        for k in 0..<bits { v[k] = UInt32(1) << UInt32(31 - k) }
        for j in 1..<max(dimension, 1) {
            let row = table[j - 1]
            let s = row.degree
            let base = j * bits
            for k in 0..<min(s, bits) { v[base + k] = row.initial[k] << UInt32(31 - k) }
            if s < bits {
                for k in s..<bits {
                    var value = v[base + k - s] ^ (v[base + k - s] >> UInt32(s))
                    for i in 1..<s where (row.coefficients >> (s - 1 - i)) & 1 == 1 {
                        value ^= v[base + k - i]
                    }
                    v[base + k] = value
                }
            }
        }
        return v
    }
}
