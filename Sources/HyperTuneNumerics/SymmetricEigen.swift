/// The eigen-decomposition of a real symmetric matrix, `A = V diag(λ) Vᵀ`, by the cyclic Jacobi
/// method.
///
/// Each sweep visits every off-diagonal pair `(p, q)` and applies the plane rotation that zeroes
/// `A[p, q]` (C. G. J. Jacobi, 1846; the stable rotation formulas of H. Rutishauser, "The Jacobi
/// method for real symmetric matrices", Numerische Mathematik 9, 1966, as presented in G. H. Golub
/// and C. F. Van Loan, "Matrix Computations", 4th ed., §8.5). Sweeps repeat until the off-diagonal
/// mass is below `ε² · ‖A‖²_F`; convergence is quadratic, so a handful of sweeps suffice. Jacobi is
/// slower than tridiagonal QL for large matrices but computes small eigenvalues to high relative
/// accuracy, which is what a covariance matrix near degeneracy needs (CMA-ES takes `C^{-1/2}`).
///
/// Eigenvalues are returned in ascending order, with the matching unit eigenvectors as the columns
/// of ``vectors``.
package struct SymmetricEigen: Sendable {
    /// The eigenvalues, ascending.
    package let values: [Double]
    /// The eigenvectors as columns, row-major `n × n`: `vectors[i * n + k]` is component `i` of
    /// eigenvector `k`.
    package let vectors: [Double]
    /// The order of the matrix.
    package let n: Int
    /// The number of sweeps used.
    package let sweeps: Int

    /// Decomposes the symmetric `n × n` matrix `matrix` (row-major; only symmetric input is
    /// meaningful: the lower triangle is read, the upper one assumed equal).
    ///
    /// - Parameters:
    ///   - matrix: `n * n` finite elements, row-major.
    ///   - n: the order, at least 0.
    ///   - maxSweeps: an upper bound on the sweeps (50 is far more than quadratic convergence needs).
    /// - Precondition: `matrix.count == n * n`.
    /// - Complexity: O(n³) per sweep, typically 6 to 10 sweeps.
    package init(_ matrix: [Double], n: Int, maxSweeps: Int = 50) {
        precondition(matrix.count == n * n, "a \(n) × \(n) matrix needs \(n * n) elements, got \(matrix.count)")
        self.n = n
        var a = matrix
        for i in 0..<n {
            for j in 0..<i { a[j * n + i] = a[i * n + j] }
        }
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        var total = 0.0
        for x in a { total += x * x }
        let threshold = total * 0x1p-104  // (2^-52)² · ‖A‖²_F
        var sweep = 0
        while sweep < maxSweeps {
            var off = 0.0
            for i in 0..<n {
                for j in 0..<i { off += 2 * a[i * n + j] * a[i * n + j] }
            }
            if off <= threshold || off == 0 { break }
            sweep += 1
            for p in 0..<n {
                for q in (p + 1)..<n {
                    let apq = a[p * n + q]
                    if apq == 0 { continue }
                    let app = a[p * n + p]
                    let aqq = a[q * n + q]
                    // tan of the rotation angle: the smaller root of t² + 2θt - 1 = 0.
                    let theta = (aqq - app) / (2 * apq)
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    let tau = s / (1 + c)
                    a[p * n + p] = app - t * apq
                    a[q * n + q] = aqq + t * apq
                    a[p * n + q] = 0
                    a[q * n + p] = 0
                    for r in 0..<n where r != p && r != q {
                        let arp = a[r * n + p]
                        let arq = a[r * n + q]
                        let newRP = arp - s * (arq + tau * arp)
                        let newRQ = arq + s * (arp - tau * arq)
                        a[r * n + p] = newRP
                        a[p * n + r] = newRP
                        a[r * n + q] = newRQ
                        a[q * n + r] = newRQ
                    }
                    for r in 0..<n {
                        let vrp = v[r * n + p]
                        let vrq = v[r * n + q]
                        v[r * n + p] = vrp - s * (vrq + tau * vrp)
                        v[r * n + q] = vrq + s * (vrp - tau * vrq)
                    }
                }
            }
        }
        sweeps = sweep
        let order = (0..<n).sorted { a[$0 * n + $0] < a[$1 * n + $1] || (a[$0 * n + $0] == a[$1 * n + $1] && $0 < $1) }
        values = order.map { a[$0 * n + $0] }
        var sorted = [Double](repeating: 0, count: n * n)
        for (k, column) in order.enumerated() {
            for i in 0..<n { sorted[i * n + k] = v[i * n + column] }
        }
        vectors = sorted
    }

    /// `V diag(f(λ)) Vᵀ`, row-major: the matrix function `f(A)` (`f = 1/√λ` gives `A^{-1/2}`).
    ///
    /// - Complexity: O(n³).
    package func reconstructed(applying f: (Double) -> Double) -> [Double] {
        let fv = values.map(f)
        var result = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = 0.0
                for k in 0..<n { sum += vectors[i * n + k] * fv[k] * vectors[j * n + k] }
                result[i * n + j] = sum
                result[j * n + i] = sum
            }
        }
        return result
    }
}
