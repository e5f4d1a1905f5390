import HyperTuneCore
import HyperTuneNumerics
import Testing

@Suite("Halton sequence")
struct HaltonTests {
    @Test("plain points are radical inverses in prime bases")
    func plain() {
        let halton = Halton(dimension: 3)
        #expect(halton.bases == [2, 3, 5])
        #expect(halton.point(0) == [0, 0, 0])
        #expect(halton.point(1) == [0.5, 1.0 / 3, 0.2])
        #expect(halton.point(2) == [0.25, 2.0 / 3, 0.4])
        // 11 = 1011 in base 2 → 0.1101 = 13/16; 102 in base 3 → 0.201 = 19/27; 21 in base 5 → 0.12 = 7/25.
        let p = halton.point(11)
        #expect(p[0] == 13.0 / 16)
        #expect(abs(p[1] - 19.0 / 27) < 1e-15)
        #expect(abs(p[2] - 7.0 / 25) < 1e-15)
        #expect(Halton(dimension: 1024).bases.last == 8161)  // the 1,024th prime
    }

    @Test("scrambled points: reproducible, in [0, 1), stratified like the plain sequence")
    func scrambled() {
        var a = SeededGenerator(seed: 5)
        var b = SeededGenerator(seed: 5)
        var c = SeededGenerator(seed: 6)
        let first = Halton(dimension: 4, scrambledWith: &a)
        let second = Halton(dimension: 4, scrambledWith: &b)
        let other = Halton(dimension: 4, scrambledWith: &c)
        #expect(first.point(17) == second.point(17))
        #expect(first.point(17) != other.point(17))
        // Among the first 210 = 2 · 3 · 5 · 7 points, each base-b coordinate puts exactly 210/b points in each of the b cells of width 1/b when n is a multiple of b.
        let points = (0..<210).map { first.point($0) }
        for (j, base) in [2, 3, 5, 7].enumerated() {
            var counts = [Int](repeating: 0, count: base)
            for point in points {
                #expect(point[j] >= 0 && point[j] < 1)
                counts[Int(point[j] * Double(base))] += 1
            }
            #expect(counts.allSatisfy { $0 == 210 / base })
        }
    }
}
