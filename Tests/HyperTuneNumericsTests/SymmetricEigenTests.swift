import Foundation
import HyperTuneCore
import HyperTuneNumerics
import Testing

@Suite("SymmetricEigen")
struct SymmetricEigenTests {
    /// `V diag(λ) Vᵀ` minus the input, largest absolute element.
    static func residual(_ matrix: [Double], _ eigen: SymmetricEigen) -> Double {
        let rebuilt = eigen.reconstructed { $0 }
        return zip(matrix, rebuilt).map { abs($0 - $1) }.max() ?? 0
    }

    /// `VᵀV - I`, largest absolute element.
    static func orthogonality(_ eigen: SymmetricEigen) -> Double {
        let n = eigen.n
        var worst = 0.0
        for a in 0..<n {
            for b in 0..<n {
                var dot = 0.0
                for i in 0..<n { dot += eigen.vectors[i * n + a] * eigen.vectors[i * n + b] }
                worst = max(worst, abs(dot - (a == b ? 1 : 0)))
            }
        }
        return worst
    }

    @Test("a 2 × 2 matrix with known eigenpairs")
    func twoByTwo() {
        // [[2, 1], [1, 2]]: eigenvalues 1 and 3, eigenvectors (1, -1)/√2 and (1, 1)/√2.
        let eigen = SymmetricEigen([2, 1, 1, 2], n: 2)
        #expect(abs(eigen.values[0] - 1) < 1e-15)
        #expect(abs(eigen.values[1] - 3) < 1e-15)
        let half = 0.5.squareRoot()
        #expect(abs(abs(eigen.vectors[0 * 2 + 1]) - half) < 1e-15)
        #expect(abs(eigen.vectors[0 * 2 + 1] - eigen.vectors[1 * 2 + 1]) < 1e-15)  // (1, 1) direction
        #expect(abs(eigen.vectors[0 * 2 + 0] + eigen.vectors[1 * 2 + 0]) < 1e-15)  // (1, -1) direction
    }

    @Test("the second-difference matrix: eigenvalues 2 - 2 cos(kπ/(n+1))")
    func secondDifference() {
        let n = 12
        var matrix = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            matrix[i * n + i] = 2
            if i > 0 { matrix[i * n + i - 1] = -1 }
            if i < n - 1 { matrix[i * n + i + 1] = -1 }
        }
        let eigen = SymmetricEigen(matrix, n: n)
        for k in 1...n {
            let expected = 2 - 2 * cos(Double(k) * Double.pi / Double(n + 1))
            #expect(abs(eigen.values[k - 1] - expected) < 1e-13)
        }
        #expect(Self.residual(matrix, eigen) < 1e-13)
        #expect(Self.orthogonality(eigen) < 1e-13)
    }

    @Test("diagonal, identity, repeated and 1 × 1 matrices")
    func degenerate() {
        let diagonal = SymmetricEigen([3, 0, 0, 0, -1, 0, 0, 0, 2], n: 3)
        #expect(diagonal.values == [-1, 2, 3])
        #expect(diagonal.sweeps == 0)
        let identity = SymmetricEigen([1, 0, 0, 1], n: 2)
        #expect(identity.values == [1, 1])
        #expect(Self.orthogonality(identity) == 0)
        let single = SymmetricEigen([5], n: 1)
        #expect(single.values == [5] && single.vectors == [1])
        // All-ones 4 × 4: eigenvalues 0, 0, 0, 4.
        let ones = SymmetricEigen([Double](repeating: 1, count: 16), n: 4)
        #expect(abs(ones.values[3] - 4) < 1e-14)
        #expect(ones.values.prefix(3).allSatisfy { abs($0) < 1e-14 })
        #expect(Self.orthogonality(ones) < 1e-14)
    }

    @Test("random covariance matrices: residual, orthogonality, trace, and A^{-1/2} A A^{-1/2} = I", arguments: [3, 8, 20])
    func randomCovariances(n: Int) {
        var generator = SeededGenerator(seed: UInt64(n))
        // A = G Gᵀ + 10⁻³ I, positive definite with a wide spread of eigenvalues.
        let g = (0..<(n * n)).map { _ in RandomVariates.standardNormal(using: &generator) }
        var matrix = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var sum = i == j ? 1e-3 : 0
                for k in 0..<n { sum += g[i * n + k] * g[j * n + k] }
                matrix[i * n + j] = sum
            }
        }
        let eigen = SymmetricEigen(matrix, n: n)
        let scale = matrix.map(abs).max()!
        #expect(Self.residual(matrix, eigen) < 1e-12 * scale)
        #expect(Self.orthogonality(eigen) < 1e-12)
        let trace = (0..<n).reduce(0.0) { $0 + matrix[$1 * n + $1] }
        #expect(abs(eigen.values.reduce(0, +) - trace) < 1e-12 * trace)
        #expect(zip(eigen.values, eigen.values.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(eigen.values[0] > 0)
        let inverseRoot = eigen.reconstructed { 1 / $0.squareRoot() }
        for i in 0..<n {
            for j in 0..<n {
                var sum = 0.0
                for a in 0..<n {
                    for b in 0..<n { sum += inverseRoot[i * n + a] * matrix[a * n + b] * inverseRoot[b * n + j] }
                }
                #expect(abs(sum - (i == j ? 1 : 0)) < 1e-8)
            }
        }
    }
}
