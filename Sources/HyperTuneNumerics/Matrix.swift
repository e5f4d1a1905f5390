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
