import HyperTuneCore
import Testing

@testable import HyperTunePruners

@Suite("Pruner support")
struct SupportTests {
    @Test("CRC-32 check values")
    func crc32() {
        #expect(CRC32.ieee.checksum("123456789".utf8) == 0xCBF4_3926)
        #expect(CRC32.ieee.checksum("".utf8) == 0)
        #expect(CRC32.ieee.checksum("study_0".utf8) == 368_277_276)  // Python's binascii.crc32(b"study_0")
    }

    @Test(
        "linear percentile matches NumPy",
        arguments: [
            ([1.0, 2, 3, 4, 5], 50.0, 3.0), ([1.0, 2, 3, 4], 25.0, 1.75), ([4.0, 1, 3, 2], 75.0, 3.25), ([7.0], 30.0, 7.0),
            ([0.1, 0.2, 0.7], 10.0, 0.12000000000000001), ([0.1, 0.2, 0.7], 90.0, 0.6), ([1.0, 2], 0.0, 1.0), ([1.0, 2], 100.0, 2.0),
        ])
    func percentile(_ values: [Double], _ q: Double, _ expected: Double) {
        var values = values
        #expect(linearPercentile(&values, q) == expected)
    }

    @Test("no values: NaN")
    func emptyPercentile() {
        var values: [Double] = []
        #expect(linearPercentile(&values, 50).isNaN)
    }
}
