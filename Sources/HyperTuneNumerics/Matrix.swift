/// A dense matrix of doubles, stored row-major in one contiguous array.
///
/// Deliberately small: the Gaussian-process sampler needs kernel matrices, their Cholesky factors
/// and a few products, not a general linear-algebra library. Element `(i, j)` is at
/// `elements[i * columns + j]`. Hot loops read ``elements`` through `withUnsafeBufferPointer`.
package struct Matrix: Sendable, Hashable {
    /// The number of rows.
    package private(set) var rows: Int
    /// The number of columns.
    package private(set) var columns: Int
    /// The elements, row after row.
    package var elements: [Double]

    /// A `rows × columns` matrix filled with `value`.
    ///
    /// - Complexity: O(rows × columns).
    package init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative, got \(rows) × \(columns)")
        self.rows = rows
        self.columns = columns
        elements = [Double](repeating: value, count: rows * columns)
    }

    /// A `rows × columns` matrix holding `elements` row after row.
    ///
    /// - Precondition: `elements.count == rows * columns`.
    package init(rows: Int, columns: Int, elements: [Double]) {
        precondition(elements.count == rows * columns, "\(elements.count) elements do not fill \(rows) × \(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from its rows (all of the same length).
    package init(_ rowList: [[Double]]) {
        let columns = rowList.first?.count ?? 0
        precondition(rowList.allSatisfy { $0.count == columns }, "rows of different lengths")
        self.init(rows: rowList.count, columns: columns, elements: rowList.flatMap { $0 })
    }

    /// The `n × n` identity.
    package static func identity(_ n: Int) -> Matrix {
        var result = Matrix(rows: n, columns: n)
        for i in 0..<n { result.elements[i * n + i] = 1 }
        return result
    }

    /// Element `(row, column)`.
    @inlinable
    package subscript(row: Int, column: Int) -> Double {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// The transpose.
    ///
    /// - Complexity: O(rows × columns).
    package var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { result.elements[j * rows + i] = elements[i * columns + j] }
        }
        return result
    }

    /// The product `self × other`.
    ///
    /// - Complexity: O(rows × columns × other.columns).
    package func multiplied(by other: Matrix) -> Matrix {
        precondition(columns == other.rows, "cannot multiply \(rows) × \(columns) by \(other.rows) × \(other.columns)")
        var result = Matrix(rows: rows, columns: other.columns)
        let m = other.columns
        elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                result.elements.withUnsafeMutableBufferPointer { c in
                    for i in 0..<rows {
                        for k in 0..<columns {
                            let scale = a[i * columns + k]
                            if scale == 0 { continue }
                            for j in 0..<m { c[i * m + j] += scale * b[k * m + j] }
                        }
                    }
                }
            }
        }
        return result
    }

    /// The product `self × vector`.
    ///
    /// - Complexity: O(rows × columns).
    package func multiplied(by vector: [Double]) -> [Double] {
        precondition(vector.count == columns, "cannot multiply \(rows) × \(columns) by a vector of \(vector.count)")
        return elements.withUnsafeBufferPointer { a in
            vector.withUnsafeBufferPointer { v in
                (0..<rows).map { i in LinearAlgebra.dot(a.baseAddress! + i * columns, v.baseAddress!, count: columns) }
            }
        }
    }

    /// Whether the matrix is square and equal to its transpose within `tolerance` (absolute).
    ///
    /// - Complexity: O(rows²).
    package func isSymmetric(tolerance: Double = 0) -> Bool {
        guard rows == columns else { return false }
        for i in 0..<rows {
            for j in 0..<i where abs(self[i, j] - self[j, i]) > tolerance { return false }
        }
        return true
    }
}

/// Small vector kernels shared by the matrix code, written so the compiler can vectorize them while
/// the order of every floating-point operation stays fixed (hence bit-identical results everywhere).
package enum LinearAlgebra {
    /// `Σ a[k] b[k]` for `k < count`, with four interleaved partial sums combined as `(s0 + s1) + (s2 + s3)`.
    ///
    /// - Complexity: O(count).
    @inlinable
    package static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        var s0 = 0.0
        var s1 = 0.0
        var s2 = 0.0
        var s3 = 0.0
        var k = 0
        while k + 4 <= count {
            s0 += a[k] * b[k]
            s1 += a[k + 1] * b[k + 1]
            s2 += a[k + 2] * b[k + 2]
            s3 += a[k + 3] * b[k + 3]
            k += 4
        }
        while k < count {
            s0 += a[k] * b[k]
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
