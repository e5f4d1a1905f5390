import HyperTuneCore
import HyperTuneNumerics
import Testing

@Suite("Parallel")
struct ParallelTests {
    @Test("map returns the same results, in order, as a sequential map", arguments: [0, 1, 2, 7, 100])
    func sameAsSequential(count: Int) {
        let work: @Sendable (Int) -> [Double] = { index in
            var generator = SeededGenerator(seed: 3, stream: UInt64(index))
            return (0..<50).map { _ in generator.nextDouble() }
        }
        #expect(Parallel.map(count, work) == (0..<count).map(work))
    }
}
