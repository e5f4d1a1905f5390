import HyperTuneCore
import HyperTuneNumerics
import Testing

@Suite("Cholesky factorization and solves")
struct CholeskyTests {
    /// The textbook system: A = L Lᵀ with L = [[2, 0, 0], [6, 1, 0], [-8, 5, 3]].
    static let a = Matrix([[4, 12, -16], [12, 37, -43], [-16, -43, 98]])

    @Test("factors a known matrix exactly, with its log-determinant")
    func knownFactor() throws {
        let cholesky = try #require(Cholesky(Self.a))
        #expect(cholesky.jitter == 0)
        #expect(cholesky.factor == Matrix([[2, 0, 0], [6, 1, 0], [-8, 5, 3]]))
        // det A = (2 · 1 · 3)² = 36.
        #expect(abs(cholesky.logDeterminant - Elementary.log(36)) <= 1e-15)
    }

    @Test("solves A x = b, L x = b and Lᵀ x = b for a known x")
    func solves() throws {
        let cholesky = try #require(Cholesky(Self.a))
        let x = [1.0, -2, 0.5]
        let b = Self.a.multiplied(by: x)  // [-28, -60.5, 119]
        let solution = cholesky.solve(b)
        for i in 0..<3 { #expect(abs(solution[i] - x[i]) <= 1e-12) }
        var lower = cholesky.factor.multiplied(by: x)
        cholesky.solveLower(&lower)
        for i in 0..<3 { #expect(abs(lower[i] - x[i]) <= 1e-14) }
        var upper = cholesky.factor.transposed.multiplied(by: x)
        cholesky.solveUpper(&upper)
        for i in 0..<3 { #expect(abs(upper[i] - x[i]) <= 1e-14) }
    }

    @Test("the inverse times A is the identity, and the batch solve matches single solves")
    func inverseAndBatch() throws {
        let n = 12
        let spd = Self.randomSPD(n, seed: 3)
        let cholesky = try #require(Cholesky(spd))
        let product = cholesky.inverse().multiplied(by: spd)
        for i in 0..<n {
            for j in 0..<n { #expect(abs(product[i, j] - (i == j ? 1 : 0)) <= 1e-10) }
        }
        #expect(cholesky.inverse().isSymmetric())
        var generator = SeededGenerator(seed: 4 as UInt64)
        var batch = Matrix(rows: n, columns: 5)
        for k in batch.elements.indices { batch.elements[k] = generator.nextDouble() - 0.5 }
        let original = batch
        cholesky.solveLower(columnsOf: &batch)
        for column in 0..<5 {
            var single = (0..<n).map { original[$0, column] }
            cholesky.solveLower(&single)
            for i in 0..<n { #expect(abs(single[i] - batch[i, column]) <= 1e-12 * max(1, abs(single[i]))) }
        }
    }

    @Test("appending a row and column gives the factor of the bordered matrix")
    func append() throws {
        let n = 8
        let spd = Self.randomSPD(n + 1, seed: 9)
        var leading = Matrix(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { leading[i, j] = spd[i, j] } }
        var grown = try #require(Cholesky(leading))
        let appended = grown.append(covariances: (0..<n).map { spd[n, $0] }, variance: spd[n, n])
        #expect(appended)
        let direct = try #require(Cholesky(spd))
        for i in 0...n {
            for j in 0...i { #expect(abs(grown.factor[i, j] - direct.factor[i, j]) <= 1e-12) }
        }
    }

    @Test("adds jitter to a singular matrix, and refuses what no jitter can fix")
    func jitter() throws {
        let singular = Matrix([[1, 1], [1, 1]])
        let cholesky = try #require(Cholesky(singular))
        #expect(cholesky.jitter > 0 && cholesky.jitter <= 1e-6)
        let rebuilt = cholesky.factor.multiplied(by: cholesky.factor.transposed)
        #expect(abs(rebuilt[0, 1] - 1) <= 1e-12)
        #expect(Cholesky(Matrix([[1, 0], [0, -1]])) == nil)
        #expect(Cholesky(Matrix([[1, 2, 3]])) == nil)
        #expect(Cholesky(Matrix([[.nan, 0], [0, 1]])) == nil)
    }

    /// B Bᵀ + n I for a seeded random B: symmetric positive definite, condition number moderate.
    @Test("the batch solve gives, bit for bit, the row-by-row forward substitution", arguments: [16, 37, 128])
    func batchSolveOrder(columns: Int) throws {
        let n = 23
        var factor = try #require(Cholesky(Self.randomSPD(n, seed: 11))).factor
        // A few exact zeros below the diagonal, which the solves skip.
        factor[7, 2] = 0
        factor[20, 19] = 0
        let cholesky = Cholesky(factor: factor)
        var generator = SeededGenerator(seed: 12 as UInt64)
        var batch = Matrix(rows: n, columns: columns)
        for k in batch.elements.indices { batch.elements[k] = generator.nextDouble() - 0.5 }
        var reference = batch
        let l = cholesky.factor
        // The plain row-oriented substitution: X[i] += -L[i][k] X[k] for k < i, then X[i] *= 1 / L[i][i].
        for i in 0..<n {
            for k in 0..<i where l[i, k] != 0 {
                let alpha = -l[i, k]
                for j in 0..<columns { reference[i, j] += alpha * reference[k, j] }
            }
            let inverse = 1 / l[i, i]
            for j in 0..<columns { reference[i, j] *= inverse }
        }
        cholesky.solveLower(columnsOf: &batch)
        #expect(batch.elements.map(\.bitPattern) == reference.elements.map(\.bitPattern))
    }

    @Test("the factor is, bit for bit, the one-row-at-a-time Cholesky-Banachiewicz factor", arguments: [1, 4, 7, 9, 30])
    func factorOrder(n: Int) throws {
        let spd = Self.randomSPD(n, seed: UInt64(20 + n))
        var reference = spd
        reference.elements.withUnsafeMutableBufferPointer { buffer in
            let l = buffer.baseAddress!
            for i in 0..<n {
                let rowI = l + i * n
                for j in 0..<i {
                    let rowJ = l + j * n
                    rowI[j] = (rowI[j] - LinearAlgebra.dot(rowI, rowJ, count: j)) / rowJ[j]
                }
                rowI[i] = (rowI[i] + 0 - LinearAlgebra.dot(rowI, rowI, count: i)).squareRoot()
                for j in (i + 1)..<n { rowI[j] = 0 }
            }
        }
        let cholesky = try #require(Cholesky(spd))
        #expect(cholesky.jitter == 0)
        #expect(cholesky.factor.elements.map(\.bitPattern) == reference.elements.map(\.bitPattern))
    }

    @Test("a narrow batch solve gives, bit for bit, the single-column solves", arguments: [1, 2, 3, 5, 7, 15])
    func narrowBatchSolve(columns: Int) throws {
        let n = 19
        let cholesky = try #require(Cholesky(Self.randomSPD(n, seed: 13)))
        var generator = SeededGenerator(seed: 14 as UInt64)
        var batch = Matrix(rows: n, columns: columns)
        for k in batch.elements.indices { batch.elements[k] = generator.nextDouble() - 0.5 }
        let original = batch
        cholesky.solveLower(columnsOf: &batch)
        for column in 0..<columns {
            var single = (0..<n).map { original[$0, column] }
            cholesky.solveLower(&single)
            #expect((0..<n).map { batch[$0, column].bitPattern } == single.map(\.bitPattern))
        }
    }

    @Test("L⁻¹ and (L Lᵀ)⁻¹ are, bit for bit, those of the row-by-row rank-one updates", arguments: [1, 2, 5, 16, 31, 45, 70])
    func inverseOrder(n: Int) throws {
        var factor = try #require(Cholesky(Self.randomSPD(n, seed: UInt64(40 + n)))).factor
        if n > 3 { factor[n - 1, 1] = 0 }
        let cholesky = Cholesky(factor: factor)
        var lowerInverse = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for k in 0..<i where factor[i, k] != 0 {
                let alpha = -factor[i, k]
                for j in 0...k { lowerInverse[i, j] += alpha * lowerInverse[k, j] }
            }
            let inverse = 1 / factor[i, i]
            for j in 0..<i { lowerInverse[i, j] *= inverse }
            lowerInverse[i, i] = inverse
        }
        var inverse = Matrix(rows: n, columns: n)
        for k in 0..<n {
            for i in 0...k where lowerInverse[k, i] != 0 {
                let a = lowerInverse[k, i]
                for j in 0...i { inverse[i, j] += a * lowerInverse[k, j] }
            }
        }
        for i in 0..<n {
            for j in 0..<i { inverse[j, i] = inverse[i, j] }
        }
        #expect(cholesky.lowerInverse().elements.map(\.bitPattern) == lowerInverse.elements.map(\.bitPattern))
        #expect(cholesky.inverse().elements.map(\.bitPattern) == inverse.elements.map(\.bitPattern))
    }

    @Test("the single solves give, bit for bit, the row-by-row substitutions", arguments: [1, 3, 4, 9, 30, 33])
    func singleSolveOrder(n: Int) throws {
        let cholesky = try #require(Cholesky(Self.randomSPD(n, seed: UInt64(60 + n))))
        let l = cholesky.factor
        var generator = SeededGenerator(seed: 61 as UInt64)
        let b = (0..<n).map { _ in generator.nextDouble() - 0.5 }
        // Forward: x[i] = (b[i] - dot(L[i], x, count: i)) / L[i][i].
        var forward = b
        l.elements.withUnsafeBufferPointer { lb in
            forward.withUnsafeMutableBufferPointer { x in
                for i in 0..<n {
                    x[i] = (x[i] - LinearAlgebra.dot(lb.baseAddress! + i * n, x.baseAddress!, count: i)) / lb[i * n + i]
                }
            }
        }
        // Backward: x[i] /= L[i][i], then x[k] -= L[i][k] x[i] for k < i, i descending.
        var backward = b
        for i in stride(from: n - 1, through: 0, by: -1) {
            let value = backward[i] / l[i, i]
            backward[i] = value
            for k in 0..<i { backward[k] -= l[i, k] * value }
        }
        var lower = b
        cholesky.solveLower(&lower)
        var upper = b
        cholesky.solveUpper(&upper)
        #expect(lower.map(\.bitPattern) == forward.map(\.bitPattern))
        #expect(upper.map(\.bitPattern) == backward.map(\.bitPattern))
    }

    static func randomSPD(_ n: Int, seed: UInt64) -> Matrix {
        var generator = SeededGenerator(seed: seed)
        var b = Matrix(rows: n, columns: n)
        for k in b.elements.indices { b.elements[k] = generator.nextDouble() * 2 - 1 }
        var result = b.multiplied(by: b.transposed)
        for i in 0..<n { result[i, i] += Double(n) }
        return result
    }
}
