/// CRC-32 (the IEEE 802.3 polynomial, reflected: 0xEDB88320; initial value and final XOR
/// 0xFFFFFFFF), the checksum of zlib and PNG.
///
/// ``HyperbandPruner`` hashes `"<study name>_<trial number>"` with it to choose a trial's bracket:
/// a stable hash (unlike Swift's `Hasher`, seeded per process) whose value is the same on every
/// platform, and the one Optuna uses for the same purpose, so both libraries put a trial of a
/// study with the same name in the same bracket.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        return crc
    }

    /// The checksum of `bytes`.
    ///
    /// - Complexity: O(bytes).
    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = (crc >> 8) ^ table[Int((crc ^ UInt32(byte)) & 0xFF)]
        }
        return crc ^ 0xFFFF_FFFF
    }
}
