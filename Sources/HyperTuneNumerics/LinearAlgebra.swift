/// Small vector kernels shared by the matrix code, written so the compiler can vectorize them while
/// the order of every floating-point operation stays fixed (hence bit-identical results everywhere).
package enum LinearAlgebra {
    /// `Σ a[k] b[k]` for `k < count`, with four interleaved partial sums combined as `(s0 + s1) + (s2 + s3)`.
    ///
    /// - Complexity: O(count).
    @inlinable
    package static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        dot(a, b, count: count, bStride: 1)
    }

    /// `Σ a[k] b[k · bStride]` for `k < count`: ``dot(_:_:count:)`` down a column of a row-major
    /// matrix, with the same partial sums and the same final additions.
    ///
    /// - Complexity: O(count).
    @inlinable @inline(__always)
    package static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int, bStride: Int) -> Double {
        var s0 = 0.0
        var s1 = 0.0
        var s2 = 0.0
        var s3 = 0.0
        var k = 0
        while k + 4 <= count {
            s0 += a[k] * b[k * bStride]
            s1 += a[k + 1] * b[(k + 1) * bStride]
            s2 += a[k + 2] * b[(k + 2) * bStride]
            s3 += a[k + 3] * b[(k + 3) * bStride]
            k += 4
        }
        while k < count {
            s0 += a[k] * b[k * bStride]
            k += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// The four dot products of `a`, `b`, `c` and `d` with `y`, each computed exactly as
    /// ``dot(_:_:count:)`` computes it (same partial sums, same final additions), in one pass over
    /// `y` so that the four chains of additions overlap. Lane `q` of each row's vector sum is the
    /// partial sum `s_q` of its dot product.
    ///
    /// - Complexity: O(count).
    @inlinable
    package static func dot4(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ d: UnsafePointer<Double>,
        _ y: UnsafePointer<Double>, count: Int
    ) -> (Double, Double, Double, Double) {
        var sa = SIMD4<Double>()
        var sb = SIMD4<Double>()
        var sc = SIMD4<Double>()
        var sd = SIMD4<Double>()
        var k = 0
        while k + 4 <= count {
            let ys = UnsafeRawPointer(y + k).loadUnaligned(as: SIMD4<Double>.self)
            sa += UnsafeRawPointer(a + k).loadUnaligned(as: SIMD4<Double>.self) * ys
            sb += UnsafeRawPointer(b + k).loadUnaligned(as: SIMD4<Double>.self) * ys
            sc += UnsafeRawPointer(c + k).loadUnaligned(as: SIMD4<Double>.self) * ys
            sd += UnsafeRawPointer(d + k).loadUnaligned(as: SIMD4<Double>.self) * ys
            k += 4
        }
        while k < count {
            sa[0] += a[k] * y[k]
            sb[0] += b[k] * y[k]
            sc[0] += c[k] * y[k]
            sd[0] += d[k] * y[k]
            k += 1
        }
        return (
            (sa[0] + sa[1]) + (sa[2] + sa[3]), (sb[0] + sb[1]) + (sb[2] + sb[3]),
            (sc[0] + sc[1]) + (sc[2] + sc[3]), (sd[0] + sd[1]) + (sd[2] + sd[3])
        )
    }

    /// `y[k] += alpha * x[k]` for `k < count`.
    ///
    /// - Complexity: O(count).
    @inlinable
    package static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        for k in 0..<count { y[k] += alpha * x[k] }
    }

    /// `Σ a[k] b[k]` over two arrays of the same length.
    ///
    /// - Complexity: O(n).
    package static func dot(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "dot product of vectors of lengths \(a.count) and \(b.count)")
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                guard let xa = x.baseAddress, let ya = y.baseAddress else { return 0 }
                return dot(xa, ya, count: a.count)
            }
        }
    }
}
