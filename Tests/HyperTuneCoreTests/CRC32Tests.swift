import HyperTuneCore
import Testing

@Suite("CRC32")
struct CRC32Tests {
    @Test("check values of both polynomials")
    func checkValues() {
        #expect(CRC32.ieee.checksum("123456789".utf8) == 0xCBF4_3926)
        #expect(CRC32.castagnoli.checksum("123456789".utf8) == 0xE306_9283)
        #expect(CRC32.castagnoli.checksum("".utf8) == 0)
        // RFC 3720, B.4: 32 bytes of zeros, and 32 bytes of 0xFF.
        #expect(CRC32.castagnoli.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32.castagnoli.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
    }

    @Test("the eight-byte loop agrees with the byte loop at every length and alignment")
    func slicing() {
        var generator = SeededGenerator(seed: 3)
        let bytes = (0..<100).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for start in 0..<9 {
            for end in start..<bytes.count {
                let slice = Array(bytes[start..<end])
                var crc: UInt32 = 0xFFFF_FFFF
                for byte in slice {
                    crc ^= UInt32(byte)
                    for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
                }
                #expect(CRC32.castagnoli.checksum(slice) == crc ^ 0xFFFF_FFFF)
            }
        }
    }
}
