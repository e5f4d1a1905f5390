import HyperTuneCore
import HyperTuneNumerics
import Testing

@testable import HyperTuneSamplers

@Suite("Matérn-5/2 kernel")
struct Matern52KernelTests {
    /// The kernel matrix of `n` seeded points: mixed continuous and categorical coordinates.
    static func kernelMatrix(n: Int, seed: UInt64, lengthscales: [Double]) -> Matrix {
        let isCategorical = [false, false, true, false]
        var generator = SeededGenerator(seed: seed)
        var points: [Double] = []
        for _ in 0..<n {
            points += [generator.nextDouble(), generator.nextDouble(), Double(generator.nextInt(below: 3)), generator.nextDouble()]
        }
        let w = lengthscales.map { 1 / ($0 * $0) }
        var k = Matrix(rows: n, columns: n)
        points.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { wb in
                isCategorical.withUnsafeBufferPointer { c in
                    for a in 0..<n {
                        for b in 0..<n {
                            let r2 = Matern52Kernel.squaredDistance(
                                x.baseAddress! + a * 4, x.baseAddress! + b * 4, inverseSquaredLengthscales: wb.baseAddress!,
                                isCategorical: c.baseAddress!, dimension: 4)
                            k[a, b] = 1.5 * Matern52Kernel.profile(squaredDistance: r2)
                        }
                    }
                }
            }
        }
        return k
    }

    @Test("kernel matrices are symmetric positive definite", arguments: [[0.2, 0.5, 1, 0.3], [1, 1, 1, 1], [0.05, 2, 0.5, 0.1]])
    func positiveDefinite(lengthscales: [Double]) throws {
        let k = Self.kernelMatrix(n: 40, seed: 3, lengthscales: lengthscales)
        #expect(k.isSymmetric())
        for i in 0..<40 { #expect(k[i, i] == 1.5) }
        // Factors without jitter, and quadratic forms of random vectors are positive.
        let cholesky = try #require(Cholesky(k))
        #expect(cholesky.jitter == 0)
        var generator = SeededGenerator(seed: 8 as UInt64)
        for _ in 0..<20 {
            let v = (0..<40).map { _ in generator.nextDouble() - 0.5 }
            #expect(LinearAlgebra.dot(v, k.multiplied(by: v)) > 0)
        }
    }

    @Test("the profile and its slope: f(0) = 1, known values, and ∂f/∂(r²) = -g/2")
    func profile() {
        #expect(Matern52Kernel.profile(squaredDistance: 0) == 1)
        // f(1) = (1 + √5 + 5/3) e^{-√5} = 0.5239941088318203 (mpmath).
        #expect(abs(Matern52Kernel.profile(squaredDistance: 1) - 0.5239941088318203) <= 1e-15)
        for r2 in [0.01, 0.3, 1, 4, 20] {
            let h = 1e-6 * r2
            let numeric = (Matern52Kernel.profile(squaredDistance: r2 + h) - Matern52Kernel.profile(squaredDistance: r2 - h)) / (2 * h)
            let g = Matern52Kernel.profileAndSlope(squaredDistance: r2).g
            #expect(abs(numeric + g / 2) <= 1e-7 * max(1, g))
        }
    }
}
