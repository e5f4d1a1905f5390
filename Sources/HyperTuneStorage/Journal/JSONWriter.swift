import HyperTuneCore

/// Writes compact JSON into a byte buffer: what the journal appends, one record per line.
///
/// The caller writes the structure (`{`, keys, values, `,`) through the methods below; the writer
/// escapes strings per RFC 8259 and writes numbers so they read back exactly:
/// - an `Int` in decimal;
/// - a finite `Double` with Swift's shortest round-trip text (`0.1`, `1e-05`, `-0.0`), which is
///   valid JSON and parses back to the same bits;
/// - a non-finite `Double` as one of the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (JSON has no
///   literal for them; the reader accepts these strings wherever a number is expected, as does
///   `JSONDecoder` with `.convertFromString(positiveInfinity: "Infinity", negativeInfinity:
///   "-Infinity", nan: "NaN")`).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the next value in the current container needs a comma before it.
    private var needsComma = false

    init() { bytes.reserveCapacity(512) }

    /// Empties the buffer, keeping its capacity.
    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = false
    }

    /// Ends a line: the next value starts a new top-level value.
    mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        needsComma = false
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    /// Opens an object or an array (`bracket` is `{` or `[`), after a comma where one is due.
    private mutating func open(_ bracket: Unicode.Scalar) {
        separate()
        bytes.append(UInt8(ascii: bracket))
        needsComma = false
    }

    /// Closes an object or an array (`bracket` is `}` or `]`).
    private mutating func close(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
        needsComma = true
    }

    mutating func beginObject() { open("{") }

    mutating func endObject() { close("}") }

    /// Ends an object that started at `bytes[start]` with a last member `"crc"`: the CRC-32C of
    /// the object's bytes so far, as eight lowercase hexadecimal digits.
    mutating func endObject(checksummedFrom start: Int) {
        let crc = bytes.withUnsafeBytes { CRC32.castagnoli.checksum(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        bytes.append(contentsOf: #","crc":""#.utf8)
        for shift in stride(from: 28, through: 0, by: -4) {
            let digit = UInt8((crc >> UInt32(shift)) & 0xF)
            bytes.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
        }
        bytes.append(contentsOf: #""}"#.utf8)
        needsComma = true
    }

    mutating func beginArray() { open("[") }

    mutating func endArray() { close("]") }

    /// Writes a member name and the colon; the member's value follows.
    mutating func key(_ name: String) {
        separate()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String) {
        separate()
        writeString(value)
    }

    mutating func int(_ value: Int) {
        separate()
        if value >= 0 && value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    mutating func double(_ value: Double) {
        if value.isFinite {
            separate()
            bytes.append(contentsOf: value.description.utf8)
        } else {
            string(NonFiniteSpelling.text(value)!)
        }
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    private mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
            case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
            case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                bytes.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
