import HyperTuneCore
import HyperTuneNumerics
import Testing

@Suite("Table-driven exp")
struct TableExpTests {
    @Test("agrees with Elementary.exp within 2 ulps from -745 to 709")
    func agrees() {
        var generator = SeededGenerator(seed: 17 as UInt64)
        for _ in 0..<20_000 {
            let x = -745 + generator.nextDouble() * 1454
            let expected = Elementary.exp(x)
            #expect(abs(TableExp.exp(x) - expected) <= 2 * expected.ulp)
        }
        for x in [0.0, -1e-300, 1e-10, -0.5, -20, 700, -700, 0x1.62e42fefa39efp-7] {
            let expected = Elementary.exp(x)
            #expect(abs(TableExp.exp(x) - expected) <= 2 * expected.ulp, "x = \(x)")
        }
    }
    @Test("the batched exponential gives exp's doubles bit for bit", arguments: [1, 3, 4, 130])
    func batched(count: Int) {
        var generator = SeededGenerator(seed: 18 as UInt64)
        for outOfRange in [false, true] {
            var values = (0..<count).map { _ in -700 + generator.nextDouble() * 1400 }
            if outOfRange { values[count / 2] = -720 }
            values += [-0.0, 0.0, -1e-300, 700, -700].prefix(count)
            let expected = values.map { TableExp.exp($0) }
            values.withUnsafeMutableBufferPointer { TableExp.exponentiate($0.baseAddress!, count: $0.count) }
            #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
        }
    }
}
