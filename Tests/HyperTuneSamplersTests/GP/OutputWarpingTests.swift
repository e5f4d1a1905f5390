import HyperTuneCore
import HyperTuneNumerics
import Testing

@testable import HyperTuneSamplers

@Suite("Output warping")
struct OutputWarpingTests {
    /// Skewness `E[(x - m)³] / σ³` of a sample.
    static func skewness(_ x: [Double]) -> Double {
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n
        return x.map { ($0 - mean) * ($0 - mean) * ($0 - mean) }.reduce(0, +) / n / (variance * variance.squareRoot())
    }

    @Test("keeps the order, standardizes, and removes most of a heavy right tail")
    func warp() {
        // exp of a normal sample (log-normal): skewness about 6 at this spread.
        var generator = SeededGenerator(seed: 12 as UInt64)
        let values = (0..<200).map { _ in
            Elementary.exp(1.2 * SpecialFunctions.normalQuantile(generator.nextOpenDouble())) * 1000 - 50
        }
        let warped = OutputWarping.warp(values)
        for i in 0..<200 {
            for j in 0..<200 where values[i] < values[j] { #expect(warped[i] < warped[j]) }
        }
        let mean = warped.reduce(0, +) / 200
        let variance = warped.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 200
        #expect(abs(mean) <= 1e-12 && abs(variance - 1) <= 1e-12)
        #expect(Self.skewness(values) > 3)
        #expect(abs(Self.skewness(warped)) < 0.5)
    }

    @Test("leaves a symmetric sample (nearly) as plain standardization does, and a constant one centred")
    func symmetric() {
        let values = (0..<101).map { Double($0) / 10 - 5 }
        let warped = OutputWarping.warp(values)
        let plain = OutputWarping.standardize(values)
        for i in values.indices { #expect(abs(warped[i] - plain[i]) <= 0.05) }
        #expect(OutputWarping.warp([3, 3, 3, 3]) == [0, 0, 0, 0])
    }
}
