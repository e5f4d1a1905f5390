/// The Cholesky factorization `A + jitter·I = L Lᵀ` of a symmetric positive-definite matrix, with
/// triangular solves, the log-determinant and the inverse.
///
/// Kernel matrices of Gaussian processes are positive definite in exact arithmetic but often
/// numerically singular (two nearly equal inputs, long lengthscales). The factorization therefore
/// retries with *adaptive jitter*: when a pivot is not positive it adds `jitter·I`, starting at
/// `1e-10 × mean(diag A)` and growing tenfold per attempt up to ``maximumRelativeJitter`` times the
/// mean diagonal, the usual remedy (Rasmussen and Williams, *Gaussian Processes for Machine
/// Learning*, MIT Press 2006, section A.4 and algorithm 2.1). ``jitter`` tells how much was added.
///
/// The factor is stored row-major and lower-triangular (the strict upper triangle is zero); the
/// factorization is the row-oriented (Cholesky-Banachiewicz) one, whose inner loops are dot
/// products of contiguous rows.
package struct Cholesky: Sendable {
    /// The lower-triangular factor `L`.
    package private(set) var factor: Matrix
    /// The multiple of the identity added to `A` before it factored (0 when none was needed).
    package private(set) var jitter: Double

    /// The largest jitter tried, relative to the mean diagonal.
    package static let maximumRelativeJitter = 1e-2

    /// The order `n` of the factored matrix.
    package var dimension: Int { factor.rows }

    /// Factors `matrix + jitter·I`, with the adaptive jitter described on the type; `nil` when the
    /// matrix is not square, holds a non-finite value, or does not factor even with the largest jitter.
    ///
    /// Only the lower triangle of `matrix` is read.
    ///
    /// - Parameter initialJitter: the jitter of the first attempt (0: try the matrix as it is).
    /// - Complexity: O(n³ / 3) per attempt, at most 10 attempts.
    package init?(_ matrix: Matrix, initialJitter: Double = 0) {
        guard matrix.rows == matrix.columns else { return nil }
        let n = matrix.rows
        var diagonalSum = 0.0
        for i in 0..<n { diagonalSum += matrix[i, i] }
        guard diagonalSum.isFinite else { return nil }
        let scale = n > 0 && diagonalSum > 0 ? diagonalSum / Double(n) : 1
        var jitter = initialJitter
        var factor = matrix
        while true {
            if Self.factorInPlace(&factor, jitter: jitter) {
                self.factor = factor
                self.jitter = jitter
                return
            }
            jitter = jitter == 0 ? 1e-10 * scale : jitter * 10
            guard jitter <= Self.maximumRelativeJitter * scale * (1 + 1e-12) else { return nil }
            factor = matrix
        }
    }

    /// Creates a factorization from a known lower-triangular factor with a positive diagonal.
    package init(factor: Matrix, jitter: Double = 0) {
        precondition(factor.rows == factor.columns, "a Cholesky factor is square")
        self.factor = factor
        self.jitter = jitter
    }

    /// Overwrites the lower triangle of `a` with `L` where `a + jitter·I = L Lᵀ` and zeroes the
    /// strict upper triangle; `false` when a pivot is not positive and finite.
    ///
    /// Rows are computed four at a time: their elements left of the block depend only on rows
    /// already done, so the four rows advance together (``LinearAlgebra/dot4(_:_:_:_:_:count:)``),
    /// and the latency of one row's chain of dots and divisions hides behind the others'. Every
    /// element is the same expression as in the one-row-at-a-time loop. (On failure the rows after
    /// the failing pivot may have been partly overwritten; the caller discards the matrix.)
    private static func factorInPlace(_ a: inout Matrix, jitter: Double) -> Bool {
        let n = a.rows
        return a.elements.withUnsafeMutableBufferPointer { buffer in
            let l = buffer.baseAddress!
            var blockStart = 0
            while blockStart < n {
                let rows = min(4, n - blockStart)
                if rows == 4 {
                    let r0 = l + blockStart * n
                    let r1 = r0 + n
                    let r2 = r1 + n
                    let r3 = r2 + n
                    for j in 0..<blockStart {
                        let rowJ = l + j * n
                        let (d0, d1, d2, d3) = LinearAlgebra.dot4(r0, r1, r2, r3, rowJ, count: j)
                        let diagonal = rowJ[j]
                        r0[j] = (r0[j] - d0) / diagonal
                        r1[j] = (r1[j] - d1) / diagonal
                        r2[j] = (r2[j] - d2) / diagonal
                        r3[j] = (r3[j] - d3) / diagonal
                    }
                }
                // Within the block (or all of a short last block), one row at a time.
                for i in blockStart..<(blockStart + rows) {
                    let rowI = l + i * n
                    for j in (rows == 4 ? blockStart : 0)..<i {
                        let rowJ = l + j * n
                        let s = rowI[j] - LinearAlgebra.dot(rowI, rowJ, count: j)
                        rowI[j] = s / rowJ[j]
                    }
                    let pivot = rowI[i] + jitter - LinearAlgebra.dot(rowI, rowI, count: i)
                    guard pivot > 0, pivot.isFinite else { return false }
                    rowI[i] = pivot.squareRoot()
                    for j in (i + 1)..<max(n, i + 1) { rowI[j] = 0 }
                }
                blockStart += rows
            }
            return true
        }
    }

    // MARK: Solves

    /// Solves `L x = b` in place (forward substitution).
    ///
    /// Each `x[i] = (b[i] - dot(L[i], x, count: i)) / L[i][i]`, the dot product as
    /// ``LinearAlgebra/dot(_:_:count:)`` computes it. Rows go four at a time: the dot products'
    /// partial sums over the columns left of the block (whole groups of four, which the four rows
    /// share) are accumulated together in one pass over `x`, then each row adds its last few
    /// terms to its first partial sum, as the dot product's tail loop does, and divides.
    ///
    /// - Complexity: O(n²).
    package func solveLower(_ b: inout [Double]) {
        withFactorAndSolution(&b) { l, x, n in
            var block = 0
            while block + 4 <= n {
                let rows = (l + block * n, l + (block + 1) * n, l + (block + 2) * n, l + (block + 3) * n)
                // Lanes 0 to 3 of each sum are the dot product's partial sums s0 to s3.
                var sum0 = SIMD4<Double>()
                var sum1 = SIMD4<Double>()
                var sum2 = SIMD4<Double>()
                var sum3 = SIMD4<Double>()
                var k = 0
                while k < block {
                    let xs = UnsafeRawPointer(x + k).loadUnaligned(as: SIMD4<Double>.self)
                    sum0 += UnsafeRawPointer(rows.0 + k).loadUnaligned(as: SIMD4<Double>.self) * xs
                    sum1 += UnsafeRawPointer(rows.1 + k).loadUnaligned(as: SIMD4<Double>.self) * xs
                    sum2 += UnsafeRawPointer(rows.2 + k).loadUnaligned(as: SIMD4<Double>.self) * xs
                    sum3 += UnsafeRawPointer(rows.3 + k).loadUnaligned(as: SIMD4<Double>.self) * xs
                    k += 4
                }
                x[block] = (x[block] - Self.combine(sum0)) / rows.0[block]
                sum1[0] += rows.1[block] * x[block]
                x[block + 1] = (x[block + 1] - Self.combine(sum1)) / rows.1[block + 1]
                sum2[0] += rows.2[block] * x[block]
                sum2[0] += rows.2[block + 1] * x[block + 1]
                x[block + 2] = (x[block + 2] - Self.combine(sum2)) / rows.2[block + 2]
                sum3[0] += rows.3[block] * x[block]
                sum3[0] += rows.3[block + 1] * x[block + 1]
                sum3[0] += rows.3[block + 2] * x[block + 2]
                x[block + 3] = (x[block + 3] - Self.combine(sum3)) / rows.3[block + 3]
                block += 4
            }
            for i in block..<n {
                x[i] = (x[i] - LinearAlgebra.dot(l + i * n, x, count: i)) / l[i * n + i]
            }
        }
    }

    /// Calls `body` with the factor's row-major elements, `b` (solved in place) and the order.
    @inline(__always)
    private func withFactorAndSolution(
        _ b: inout [Double], _ body: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void
    ) {
        precondition(b.count == dimension, "right-hand side of length \(b.count) for order \(dimension)")
        let n = dimension
        factor.elements.withUnsafeBufferPointer { buffer in
            b.withUnsafeMutableBufferPointer { xBuffer in body(buffer.baseAddress!, xBuffer.baseAddress!, n) }
        }
    }

    /// `(s0 + s1) + (s2 + s3)`: the final additions of ``LinearAlgebra/dot(_:_:count:)``.
    @inline(__always)
    private static func combine(_ sums: SIMD4<Double>) -> Double {
        (sums[0] + sums[1]) + (sums[2] + sums[3])
    }

    /// Solves `Lᵀ x = b` in place (back substitution).
    ///
    /// Column-oriented: once `x[i]` is known, `L[i][k] x[i]` is subtracted from every `x[k]`,
    /// `k < i`, for `i` descending. Rows go four at a time: the four values are found first (each
    /// after the subtractions from the rows below it), then the four subtractions are applied to
    /// each `x[k]` further up in one pass, in the same order.
    ///
    /// - Complexity: O(n²).
    package func solveUpper(_ b: inout [Double]) {
        withFactorAndSolution(&b) { l, x, n in
            var top = n  // rows top..<n are done
            while top >= 4 {
                let i = top - 1
                let r0 = l + i * n
                let r1 = r0 - n
                let r2 = r1 - n
                let r3 = r2 - n
                let v0 = x[i] / r0[i]
                x[i] = v0
                x[i - 1] -= r0[i - 1] * v0
                x[i - 2] -= r0[i - 2] * v0
                x[i - 3] -= r0[i - 3] * v0
                let v1 = x[i - 1] / r1[i - 1]
                x[i - 1] = v1
                x[i - 2] -= r1[i - 2] * v1
                x[i - 3] -= r1[i - 3] * v1
                let v2 = x[i - 2] / r2[i - 2]
                x[i - 2] = v2
                x[i - 3] -= r2[i - 3] * v2
                let v3 = x[i - 3] / r3[i - 3]
                x[i - 3] = v3
                for k in 0..<(i - 3) {
                    x[k] = (((x[k] - r0[k] * v0) - r1[k] * v1) - r2[k] * v2) - r3[k] * v3
                }
                top -= 4
            }
            for i in stride(from: top - 1, through: 0, by: -1) {
                let row = l + i * n
                let value = x[i] / row[i]
                x[i] = value
                for k in 0..<i { x[k] -= row[k] * value }
            }
        }
    }

    /// The solution of `(L Lᵀ) x = b`.
    ///
    /// - Complexity: O(n²).
    package func solve(_ b: [Double]) -> [Double] {
        var x = b
        solveLower(&x)
        solveUpper(&x)
        return x
    }

    /// Below this many right-hand sides, ``solveLower(columnsOf:)`` solves them one by one.
    static let narrowBatch = 16

    /// Solves `L X = B` in place for a batch of right-hand sides: `B` is `n × m`, one right-hand
    /// side per column (fewer than 16 columns are solved one by one, with dot products over the
    /// rows of `L`).
    ///
    /// Wider batches are solved in strips of ``stripWidth`` columns: for each row `i` of a strip,
    /// `X[i][j] = (B[i][j] + Σ_{k<i} (-L[i][k]) X[k][j]) × (1 / L[i][i])` is accumulated in
    /// registers, `k` ascending and skipping zero coefficients: the same operations, in the same
    /// order, as subtracting whole rows (axpys of length `m`), without reloading and storing the
    /// row for every `k`, and with the strip's rows of `X` (`n × 16` values) staying in L1 cache.
    ///
    /// - Complexity: O(n² m).
    package func solveLower(columnsOf b: inout Matrix) {
        precondition(b.rows == dimension, "right-hand sides with \(b.rows) rows for order \(dimension)")
        let n = dimension
        let m = b.columns
        if m < Self.narrowBatch {
            // A few right-hand sides: the row-oriented axpys would be a handful of elements long,
            // so each column is solved as by `solveLower(_:)`, with dot products over L's
            // contiguous rows; up to four columns advance together, one per SIMD lane, so that
            // their chains of dot products and divisions overlap.
            factor.elements.withUnsafeBufferPointer { buffer in
                b.elements.withUnsafeMutableBufferPointer { xBuffer in
                    let l = buffer.baseAddress!
                    let x = xBuffer.baseAddress!
                    // Row by row, every group of columns in turn: row i of L is read from
                    // memory once for all of them.
                    for i in 0..<n {
                        var column = 0
                        while column + 4 <= m {
                            Self.solveLowerColumns(l, n: n, row: i, x + column, stride: m, lanes: SIMD4<Double>.self)
                            column += 4
                        }
                        if column + 2 <= m {
                            Self.solveLowerColumns(l, n: n, row: i, x + column, stride: m, lanes: SIMD2<Double>.self)
                            column += 2
                        }
                        if column < m {
                            Self.solveLowerColumn(l, n: n, row: i, x + column, stride: m)
                        }
                    }
                }
            }
            return
        }
        factor.elements.withUnsafeBufferPointer { buffer in
            b.elements.withUnsafeMutableBufferPointer { xBuffer in
                let l = buffer.baseAddress!
                let x = xBuffer.baseAddress!
                var start = 0
                while start + Self.stripWidth <= m {
                    Self.solveLowerStrip(l, n: n, x + start, stride: m)
                    start += Self.stripWidth
                }
                // The last columns (fewer than a strip), one at a time, in the same order.
                for j in start..<m {
                    for i in 0..<n {
                        let row = l + i * n
                        var value = x[i * m + j]
                        for k in 0..<i {
                            let coefficient = row[k]
                            if coefficient == 0 { continue }
                            value += -coefficient * x[k * m + j]
                        }
                        x[i * m + j] = value * (1 / row[i])
                    }
                }
            }
        }
    }

    /// Row `i` of the forward substitution for `V.scalarCount` adjacent columns starting at `x`
    /// (rows `stride` apart; rows above `i` solved), each lane computing
    /// `x[i] = (x[i] - dot(L[i], x, count: i)) / L[i][i]` with the partial sums and final
    /// additions of ``LinearAlgebra/dot(_:_:count:)``, as ``solveLower(_:)`` does for one column.
    @inline(__always)
    private static func solveLowerColumns<V: SIMD>(
        _ l: UnsafePointer<Double>, n: Int, row i: Int, _ x: UnsafeMutablePointer<Double>, stride: Int, lanes: V.Type
    ) where V.Scalar == Double {
        let raw = UnsafeMutableRawPointer(x)
        let rowBytes = stride * MemoryLayout<Double>.stride
        let row = l + i * n
        var s0 = V()
        var s1 = V()
        var s2 = V()
        var s3 = V()
        var k = 0
        while k + 4 <= i {
            s0 += V(repeating: row[k]) * raw.loadUnaligned(fromByteOffset: k * rowBytes, as: V.self)
            s1 += V(repeating: row[k + 1]) * raw.loadUnaligned(fromByteOffset: (k + 1) * rowBytes, as: V.self)
            s2 += V(repeating: row[k + 2]) * raw.loadUnaligned(fromByteOffset: (k + 2) * rowBytes, as: V.self)
            s3 += V(repeating: row[k + 3]) * raw.loadUnaligned(fromByteOffset: (k + 3) * rowBytes, as: V.self)
            k += 4
        }
        while k < i {
            s0 += V(repeating: row[k]) * raw.loadUnaligned(fromByteOffset: k * rowBytes, as: V.self)
            k += 1
        }
        let value = raw.loadUnaligned(fromByteOffset: i * rowBytes, as: V.self)
        let solved = (value - ((s0 + s1) + (s2 + s3))) / V(repeating: row[i])
        raw.storeBytes(of: solved, toByteOffset: i * rowBytes, as: V.self)
    }

    /// ``solveLowerColumns(_:n:row:_:stride:lanes:)`` for a single column.
    @inline(__always)
    private static func solveLowerColumn(_ l: UnsafePointer<Double>, n: Int, row i: Int, _ x: UnsafeMutablePointer<Double>, stride: Int) {
        let row = l + i * n
        x[i * stride] = (x[i * stride] - LinearAlgebra.dot(row, x, count: i, bStride: stride)) / row[i]
    }

    /// The number of columns ``solveLower(columnsOf:)`` keeps in registers at once.
    static let stripWidth = 16

    /// Forward substitution for ``stripWidth`` columns starting at `x`, rows `stride` apart.
    @inline(__always)
    private static func solveLowerStrip(_ l: UnsafePointer<Double>, n: Int, _ x: UnsafeMutablePointer<Double>, stride: Int) {
        let raw = UnsafeMutableRawPointer(x)
        let half = 8 * MemoryLayout<Double>.stride
        for i in 0..<n {
            let row = l + i * n
            let rowI = raw + i * stride * MemoryLayout<Double>.stride
            var low = rowI.loadUnaligned(as: SIMD8<Double>.self)
            var high = rowI.loadUnaligned(fromByteOffset: half, as: SIMD8<Double>.self)
            for k in 0..<i {
                let coefficient = row[k]
                if coefficient == 0 { continue }
                let alpha = SIMD8<Double>(repeating: -coefficient)
                let rowK = UnsafeRawPointer(raw + k * stride * MemoryLayout<Double>.stride)
                low += alpha * rowK.loadUnaligned(as: SIMD8<Double>.self)
                high += alpha * rowK.loadUnaligned(fromByteOffset: half, as: SIMD8<Double>.self)
            }
            let inverse = SIMD8<Double>(repeating: 1 / row[i])
            low *= inverse
            high *= inverse
            rowI.storeBytes(of: low, as: SIMD8<Double>.self)
            rowI.storeBytes(of: high, toByteOffset: half, as: SIMD8<Double>.self)
        }
    }

    // MARK: Derived quantities

    /// `log det(L Lᵀ) = 2 Σ log Lᵢᵢ`.
    ///
    /// - Complexity: O(n).
    package var logDeterminant: Double {
        var sum = 0.0
        for i in 0..<dimension { sum += Elementary.log(factor[i, i]) }
        return 2 * sum
    }

    /// `L⁻¹`, lower-triangular.
    ///
    /// Row `i` of `X = L⁻¹` is `(e_i - Σ_{k<i} L[i][k] X[k]) / L[i][i]`: element `(i, j)`, `j < i`,
    /// accumulates `(-L[i][k]) X[k][j]` for `k = j ..< i` (zero coefficients skipped) from +0 and
    /// is then multiplied by `1 / L[i][i]`. The columns are computed in strips (see
    /// ``strips(_:)``) held in registers; a strip starting at column `j0` runs `k` from `j0`, so its
    /// lanes right of `k` add `(-L[i][k]) × (+0)` to a sum that is still +0, which leaves it +0:
    /// every element gets the same double as in the row-by-row axpys.
    ///
    /// - Complexity: O(n³ / 6) multiply-adds.
    package func lowerInverse() -> Matrix {
        let n = dimension
        var result = Matrix(rows: n, columns: n)
        let strips = Self.strips(n)
        factor.elements.withUnsafeBufferPointer { buffer in
            result.elements.withUnsafeMutableBufferPointer { xBuffer in
                let shared = SharedBuffers(input: buffer.baseAddress!, output: xBuffer.baseAddress!)
                guard n >= Self.parallelOrder else {
                    Self.lowerInverseStrips(shared.input, n: n, shared.output, strips: strips[...])
                    return
                }
                // Two runs of strips with about the same work (a strip at column s costs about
                // width × (n - s)²), each writing only its own columns.
                let split = Self.balancedSplit(strips.map { Double($0.width) * Double(n - $0.start) * Double(n - $0.start) })
                Parallel.forEach(2) { piece in
                    let run = piece == 0 ? strips[..<split] : strips[split...]
                    Self.lowerInverseStrips(shared.input, n: n, shared.output, strips: run)
                }
            }
        }
        return result
    }

    /// Columns of `L⁻¹` for the given strips (see ``lowerInverse()``).
    private static func lowerInverseStrips(
        _ l: UnsafePointer<Double>, n: Int, _ x: UnsafeMutablePointer<Double>, strips: ArraySlice<(start: Int, width: Int)>
    ) {
        for (start, width) in strips {
            switch width {
            case 16: lowerInverseStrip(l, n: n, x, start: start, lanes: SIMD16<Double>.self)
            case 8: lowerInverseStrip(l, n: n, x, start: start, lanes: SIMD8<Double>.self)
            case 4: lowerInverseStrip(l, n: n, x, start: start, lanes: SIMD4<Double>.self)
            case 2: lowerInverseStrip(l, n: n, x, start: start, lanes: SIMD2<Double>.self)
            default:
                // One column: only its diagonal element, rows below start at k = start.
                for i in start..<n {
                    let row = l + i * n
                    var value = 0.0
                    for k in start..<i {
                        let coefficient = row[k]
                        if coefficient == 0 { continue }
                        value += -coefficient * x[k * n + start]
                    }
                    let inverse = 1 / row[i]
                    x[i * n + start] = i == start ? inverse : value * inverse
                }
            }
        }
    }

    /// `(L Lᵀ)⁻¹`, symmetric (both triangles filled).
    ///
    /// `A⁻¹ = L⁻ᵀ L⁻¹`: with `Y = L⁻¹`, element `(i, j)`, `j ≤ i`, is `Σ_{k ≥ i} Y[k][i] Y[k][j]`,
    /// accumulated from +0 with `k` ascending and skipping zero `Y[k][i]` (the order of the
    /// rank-one updates `Σ_k (row k of Y)ᵀ (row k of Y)`). Each row of the lower triangle is
    /// computed in strips of columns held in registers (lanes right of the diagonal are computed
    /// and then overwritten by the mirrored lower triangle); from order ``parallelOrder`` on, two
    /// runs of rows with about the same work are computed on two cores.
    ///
    /// - Complexity: O(n³ / 3) multiply-adds.
    package func inverse() -> Matrix {
        let n = dimension
        let lInverse = lowerInverse()
        var result = Matrix(rows: n, columns: n)
        let strips = Self.strips(n)
        lInverse.elements.withUnsafeBufferPointer { yBuffer in
            result.elements.withUnsafeMutableBufferPointer { rBuffer in
                let shared = SharedBuffers(input: yBuffer.baseAddress!, output: rBuffer.baseAddress!)
                if n >= Self.parallelOrder {
                    // Row i costs about (n - i)(i + 1).
                    let split = Self.balancedSplit((0..<n).map { Double(n - $0) * Double($0 + 1) })
                    Parallel.forEach(2) { piece in
                        let rows = piece == 0 ? 0..<split : split..<n
                        Self.inverseRows(shared.input, n: n, rows: rows, strips: strips, into: shared.output)
                    }
                } else {
                    Self.inverseRows(shared.input, n: n, rows: 0..<n, strips: strips, into: shared.output)
                }
                let r = shared.output
                for i in 0..<n {
                    for j in 0..<i { r[j * n + i] = r[i * n + j] }
                }
            }
        }
        return result
    }

    /// Rows `rows` of the lower triangle of `(L Lᵀ)⁻¹` from `y = L⁻¹` (see ``inverse()``).
    private static func inverseRows(
        _ y: UnsafePointer<Double>, n: Int, rows: Range<Int>, strips: [(start: Int, width: Int)], into r: UnsafeMutablePointer<Double>
    ) {
        for i in rows {
            for (start, width) in strips where start <= i {
                switch width {
                case 16: inverseRowStrip(y, n: n, row: i, start: start, into: r, lanes: SIMD16<Double>.self)
                case 8: inverseRowStrip(y, n: n, row: i, start: start, into: r, lanes: SIMD8<Double>.self)
                case 4: inverseRowStrip(y, n: n, row: i, start: start, into: r, lanes: SIMD4<Double>.self)
                case 2: inverseRowStrip(y, n: n, row: i, start: start, into: r, lanes: SIMD2<Double>.self)
                default:
                    var value = 0.0
                    for k in i..<n {
                        let a = y[k * n + i]
                        if a == 0 { continue }
                        value += a * y[k * n + start]
                    }
                    r[i * n + start] = value
                }
            }
        }
    }

    /// From this order on, ``lowerInverse()`` and ``inverse()`` split their work between two cores
    /// (the pieces write disjoint elements, each computed exactly as in one piece).
    static let parallelOrder = 64

    /// The index splitting `weights` into two runs of about equal total weight.
    static func balancedSplit(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var sum = 0.0
        for (index, weight) in weights.enumerated() {
            sum += weight
            if sum >= total / 2 { return index + 1 }
        }
        return weights.count
    }

    /// A read-only and a written buffer handed to the pieces of ``lowerInverse()`` and
    /// ``inverse()``. `@unchecked Sendable`: the pieces read `input` only and write disjoint
    /// elements of `output`, and the buffers outlive `Parallel.forEach`.
    private struct SharedBuffers: @unchecked Sendable {
        let input: UnsafePointer<Double>
        let output: UnsafeMutablePointer<Double>
    }

    /// A partition of the columns `0 ..< n` into strips of 16 columns, then at most one each of
    /// 8, 4, 2 and 1 columns.
    static func strips(_ n: Int) -> [(start: Int, width: Int)] {
        var result: [(start: Int, width: Int)] = []
        var start = 0
        while start + 16 <= n {
            result.append((start, 16))
            start += 16
        }
        for width in [8, 4, 2, 1] where start + width <= n {
            result.append((start, width))
            start += width
        }
        return result
    }

    /// Columns `start ..< start + V.scalarCount` of `L⁻¹` (see ``lowerInverse()``), one per lane.
    @inline(__always)
    private static func lowerInverseStrip<V: SIMD>(
        _ l: UnsafePointer<Double>, n: Int, _ x: UnsafeMutablePointer<Double>, start: Int, lanes: V.Type
    ) where V.Scalar == Double {
        let raw = UnsafeMutableRawPointer(x + start)
        let rowBytes = n * MemoryLayout<Double>.stride
        for i in start..<n {
            let row = l + i * n
            var sum = V()
            for k in start..<i {
                let coefficient = row[k]
                if coefficient == 0 { continue }
                sum += V(repeating: -coefficient) * raw.loadUnaligned(fromByteOffset: k * rowBytes, as: V.self)
            }
            let inverse = 1 / row[i]
            raw.storeBytes(of: sum * V(repeating: inverse), toByteOffset: i * rowBytes, as: V.self)
            if i < start + V.scalarCount { x[i * n + i] = inverse }
        }
    }

    /// Columns `start ..< start + V.scalarCount` of row `i` of `(L Lᵀ)⁻¹` from `y = L⁻¹` (see
    /// ``inverse()``), one per lane.
    @inline(__always)
    private static func inverseRowStrip<V: SIMD>(
        _ y: UnsafePointer<Double>, n: Int, row i: Int, start: Int, into r: UnsafeMutablePointer<Double>, lanes: V.Type
    ) where V.Scalar == Double {
        let raw = UnsafeRawPointer(y + start)
        let rowBytes = n * MemoryLayout<Double>.stride
        var sum = V()
        for k in i..<n {
            let a = y[k * n + i]
            if a == 0 { continue }
            sum += V(repeating: a) * raw.loadUnaligned(fromByteOffset: k * rowBytes, as: V.self)
        }
        UnsafeMutableRawPointer(r + i * n + start).storeBytes(of: sum, as: V.self)
    }

    /// Extends the factorization of `A` to that of the bordered matrix `[[A, c], [cᵀ, d]]` (a new
    /// last row and column: the covariances `c` of a new point with the old ones and its variance
    /// `d`), adding jitter to `d` when needed. Returns `false`, leaving the factor unchanged, when
    /// the new pivot is not positive even with ``maximumRelativeJitter`` times `d`.
    ///
    /// - Complexity: O(n²) (plus an O(n²) copy of the factor).
    package mutating func append(covariances c: [Double], variance d: Double) -> Bool {
        let n = dimension
        precondition(c.count == n, "\(c.count) covariances for a factor of order \(n)")
        var row = c
        solveLower(&row)
        let squared = LinearAlgebra.dot(row, row)
        var pivot = d + jitter - squared
        var extra = 0.0
        if !(pivot > 1e-12 * max(d, 1e-300)) {
            extra = max(1e-10 * d, 1e-300)
            while !(pivot + extra > 1e-12 * d) {
                extra *= 10
                if extra > Self.maximumRelativeJitter * max(d, 1e-300) { return false }
            }
            pivot += extra
        }
        guard pivot.isFinite else { return false }
        var grown = Matrix(rows: n + 1, columns: n + 1)
        factor.elements.withUnsafeBufferPointer { old in
            grown.elements.withUnsafeMutableBufferPointer { new in
                for i in 0..<n {
                    for j in 0...i { new[i * (n + 1) + j] = old[i * n + j] }
                }
            }
        }
        for j in 0..<n { grown[n, j] = row[j] }
        grown[n, n] = pivot.squareRoot()
        factor = grown
        return true
    }
}
