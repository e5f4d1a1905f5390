import HyperTuneNumerics
import Testing

@Suite("L-BFGS")
struct LBFGSTests {
    /// Rosenbrock's function in d dimensions and its gradient; minimum 0 at (1, ..., 1).
    static func rosenbrock(_ x: [Double], _ g: inout [Double]) -> Double {
        var f = 0.0
        for i in g.indices { g[i] = 0 }
        for i in 0..<(x.count - 1) {
            let a = x[i + 1] - x[i] * x[i]
            let b = 1 - x[i]
            f += 100 * a * a + b * b
            g[i] += -400 * x[i] * a - 2 * b
            g[i + 1] += 200 * a
        }
        return f
    }

    @Test("minimizes Rosenbrock's function from the classic start (-1.2, 1)")
    func rosenbrock2D() {
        let result = LBFGS.minimize(from: [-1.2, 1], Self.rosenbrock)
        #expect(result.termination == .gradientTolerance)
        #expect(abs(result.point[0] - 1) <= 1e-5 && abs(result.point[1] - 1) <= 1e-5)
        #expect(result.value <= 1e-10)
        #expect(result.iterations < 100)
    }

    @Test("minimizes Rosenbrock's function in 10 dimensions")
    func rosenbrock10D() {
        let start = (0..<10).map { $0.isMultiple(of: 2) ? -1.2 : 1.0 }
        let result = LBFGS.minimize(from: start, Self.rosenbrock)
        #expect(result.value <= 1e-10)
        for value in result.point { #expect(abs(value - 1) <= 1e-4) }
    }

    @Test("respects bounds: Rosenbrock on x ≤ 0.5 stops at the boundary minimum (0.5, 0.25)")
    func bounded() {
        let result = LBFGS.minimize(from: [-1.2, 1], lower: [-2, -2], upper: [0.5, 2], Self.rosenbrock)
        #expect(result.point[0] == 0.5)
        #expect(abs(result.point[1] - 0.25) <= 1e-6)
        #expect(result.termination == .gradientTolerance)
    }

    @Test("a quadratic whose minimum lies outside the box ends on the nearest corner")
    func quadraticCorner() {
        let result = LBFGS.minimize(from: [0, 0, 0], lower: [-1, -1, -1], upper: [1, 1, 1]) { x, g in
            var f = 0.0
            for i in x.indices {
                let target = Double(i) * 3 - 3  // -3, 0, 3
                f += (x[i] - target) * (x[i] - target)
                g[i] = 2 * (x[i] - target)
            }
            return f
        }
        #expect(result.point == [-1, 0, 1])
    }

    @Test("a non-finite start is reported, not iterated")
    func nonFinite() {
        let result = LBFGS.minimize(from: [1]) { _, g in
            g[0] = 0
            return .nan
        }
        #expect(result.termination == .nonFiniteStart)
        #expect(result.evaluations == 1)
    }
}
