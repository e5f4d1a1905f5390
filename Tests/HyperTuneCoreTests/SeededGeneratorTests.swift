import HyperTuneCore
import Testing

@Suite("SeededGenerator")
struct SeededGeneratorTests {
    /// Reference outputs from an independent Python implementation of SplitMix64 seeding and
    /// xoshiro256** as specified by Blackman and Vigna.
    @Test("matches the reference sequence")
    func referenceSequence() {
        var generator = SeededGenerator(seed: 42 as UInt64)
        #expect(
            [generator.next(), generator.next(), generator.next(), generator.next()] == [
                0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1, 0xecb8_ad47_03b3_60a1,
            ])
        var stream = SeededGenerator(seed: 42, stream: 7)
        #expect([stream.next(), stream.next(), stream.next()] == [0x460a_e497_7938_c6ec, 0x6eac_4d30_5a65_0947, 0x7a89_362b_5fd0_5f14])
        var zero = SeededGenerator(seed: 0 as UInt64)
        #expect([zero.next(), zero.next()] == [0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a])
    }

    @Test("doubles are in [0, 1) and open doubles in (0, 1)")
    func doubleRanges() {
        var generator = SeededGenerator(seed: 1 as UInt64)
        var sum = 0.0
        let n = 20_000
        for _ in 0..<n {
            let u = generator.nextDouble()
            #expect(u >= 0 && u < 1)
            let v = generator.nextOpenDouble()
            #expect(v > 0 && v < 1)
            sum += u
        }
        // The mean of n uniforms has standard deviation sqrt(1/12/n) ~ 0.002; allow 5 of them.
        #expect(abs(sum / Double(n) - 0.5) < 5 * (1.0 / 12 / Double(n)).squareRoot())
    }

    @Test("bounded integers are uniform (chi-square)")
    func boundedIntegers() {
        var generator = SeededGenerator(seed: 2 as UInt64)
        let buckets = 7
        let n = 70_000
        var counts = [Int](repeating: 0, count: buckets)
        for _ in 0..<n { counts[generator.nextInt(below: buckets)] += 1 }
        let expected = Double(n) / Double(buckets)
        let chiSquare = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        // 6 degrees of freedom: P(chi2 > 22.46) = 0.001.
        #expect(chiSquare < 22.46)
        for _ in 0..<1000 {
            let value = generator.nextInt(in: -3...3)
            #expect(value >= -3 && value <= 3)
        }
        #expect(generator.nextInt(in: 5...5) == 5)
        _ = generator.nextInt(in: Int.min...Int.max)
    }

    @Test("streams of one seed differ, and a shuffle is a permutation")
    func streamsAndShuffle() {
        var a = SeededGenerator(seed: 9, stream: 0)
        var b = SeededGenerator(seed: 9, stream: 1)
        #expect(a.next() != b.next())
        var items = Array(0..<100)
        var generator = SeededGenerator(seed: 3 as UInt64)
        generator.shuffle(&items)
        #expect(items != Array(0..<100))
        #expect(items.sorted() == Array(0..<100))
        var again = Array(0..<100)
        var same = SeededGenerator(seed: 3 as UInt64)
        same.shuffle(&again)
        #expect(again == items)
    }

    @Test("an integer below a bound that is not positive is a broken precondition")
    func nonPositiveBoundTraps() async {
        await #expect(processExitsWith: .failure) {
            var generator = SeededGenerator(seed: 1)
            _ = generator.nextInt(below: 0)
        }
    }
}
