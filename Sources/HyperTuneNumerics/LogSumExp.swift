/// `log Σ exp(xᵢ)` without overflow or underflow.
///
/// The largest term is factored out: `log Σ exp(xᵢ) = M + log Σ exp(xᵢ - M)` with `M = max xᵢ`, so every
/// exponent is at most 0 and the sum lies in `[1, n]`. Terms more than `40 + log₂ n` below the
/// maximum are skipped without calling `exp`: together they weigh less than `e⁻⁴⁰ ≈ 4e-18` of the
/// largest, below half an ulp of the sum.
package enum LogSumExp {
    /// `log Σ exp(values[i])`; `-inf` for an empty buffer or when every value is `-inf`; `+inf` when
    /// a value is `+inf`; NaN when a value is NaN.
    ///
    /// - Complexity: O(n), one `exp` per term near the maximum.
    @inlinable
    package static func of(_ values: UnsafeBufferPointer<Double>) -> Double {
        var maximum = -Double.infinity
        for value in values {
            if value.isNaN { return .nan }
            if value > maximum { maximum = value }
        }
        guard maximum.isFinite else { return maximum }
        let cutoff = -40 - Double(Int.bitWidth - values.count.leadingZeroBitCount)
        var sum = 0.0
        for value in values {
            let shifted = value - maximum
            if shifted > cutoff { sum += Elementary.exp(shifted) }
        }
        return maximum + Elementary.log(sum)
    }

    /// `log Σ exp(values[i])` over an array (see ``of(_:)-(UnsafeBufferPointer<Double>)``).
    ///
    /// - Complexity: O(n).
    @inlinable
    package static func of(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { of($0) }
    }
}
