import HyperTuneCore
import HyperTuneNumerics
import Testing

@Suite("Sobol sequence")
struct SobolTests {
    /// The first points of Joe and Kuo's generator with "new-joe-kuo-6.21201" (dimensions 1 to 6),
    /// as printed by their reference program and by SciPy's `qmc.Sobol(scramble=False)`.
    static let firstPoints: [[Double]] = [
        [0, 0, 0, 0, 0, 0],
        [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
        [0.75, 0.25, 0.25, 0.25, 0.75, 0.75],
        [0.25, 0.75, 0.75, 0.75, 0.25, 0.25],
        [0.375, 0.375, 0.625, 0.875, 0.375, 0.125],
        [0.875, 0.875, 0.125, 0.375, 0.875, 0.625],
        [0.625, 0.125, 0.875, 0.625, 0.625, 0.875],
        [0.125, 0.625, 0.375, 0.125, 0.125, 0.375],
        [0.1875, 0.3125, 0.9375, 0.4375, 0.5625, 0.3125],
        [0.6875, 0.8125, 0.4375, 0.9375, 0.0625, 0.8125],
        [0.9375, 0.0625, 0.6875, 0.1875, 0.3125, 0.5625],
        [0.4375, 0.5625, 0.1875, 0.6875, 0.8125, 0.0625],
    ]

    @Test("the unscrambled points match the published first points")
    func firstPoints() {
        let sobol = Sobol(dimension: 6)
        for (index, expected) in Self.firstPoints.enumerated() {
            #expect(sobol.point(index) == expected, "point \(index)")
        }
    }

    /// Later points in dimensions 1-4, 100 and 1024 (SciPy 1.17, unscrambled).
    @Test(
        "later points and high dimensions match the reference",
        arguments: [
            (1000, [0.2197265625, 0.0966796875, 0.5185546875, 0.6767578125, 0.1865234375, 0.7138671875]),
            (12345, [0.64093017578125, 0.81341552734375, 0.16033935546875, 0.52679443359375, 0.53887939453125, 0.57708740234375]),
            (19999, [0.033538818359375, 0.617523193359375, 0.458526611328125, 0.938934326171875, 0.355743408203125, 0.905426025390625]),
        ])
    func laterPoints(index: Int, expected: [Double]) {
        let point = Sobol(dimension: 1024).point(index)
        #expect([point[0], point[1], point[2], point[3], point[99], point[1023]] == expected)
    }

    @Test("scrambled points keep the stratification: each of 2^k cells of every axis holds one of the first 2^k points")
    func scrambledStratification() {
        var generator = SeededGenerator(seed: 11 as UInt64)
        let sobol = Sobol(dimension: 12, scrambledWith: &generator)
        let k = 7
        let count = 1 << k
        let points = sobol.points(count: count)
        for j in 0..<12 {
            var cells = Set<Int>()
            for i in 0..<count { cells.insert(Int(points[i * 12 + j] * Double(count))) }
            #expect(cells.count == count, "dimension \(j)")
        }
        // Two-dimensional projections of a (t, s)-net: the first 2^k points of dimensions 1 and 2
        // (t = 0) put one point in each of the 2^k cells of every (2^a × 2^(k-a)) grid.
        for a in 0...k {
            var cells = Set<Int>()
            for i in 0..<count {
                let u = Int(points[i * 12] * Double(1 << a))
                let v = Int(points[i * 12 + 1] * Double(1 << (k - a)))
                cells.insert(u << (k - a) | v)
            }
            #expect(cells.count == count, "grid 2^\(a) × 2^\(k - a)")
        }
    }

    @Test("scrambling is seeded: the same seed gives the same points, another seed others")
    func seeded() {
        var first = SeededGenerator(seed: 5 as UInt64)
        var second = SeededGenerator(seed: 5 as UInt64)
        var other = SeededGenerator(seed: 6 as UInt64)
        let a = Sobol(dimension: 4, scrambledWith: &first).points(count: 32)
        let b = Sobol(dimension: 4, scrambledWith: &second).points(count: 32)
        let c = Sobol(dimension: 4, scrambledWith: &other).points(count: 32)
        #expect(a == b)
        #expect(a != c)
        #expect(a.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(a[0] != 0)
    }
}
