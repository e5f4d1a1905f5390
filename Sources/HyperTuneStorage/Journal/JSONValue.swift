/// A parsed JSON value: what the journal reads a line into before it interprets it.
///
/// Numbers keep the distinction the text makes: a literal without fraction or exponent that fits
/// an `Int` is ``int``, every other number is ``double`` (parsed with correct rounding, so a
/// `Double` written with its shortest round-trip text reads back bit for bit). Objects keep their
/// members in order, in an array: journal objects are small, and a linear lookup beats hashing.
///
/// Not a general-purpose JSON library: it reads what ``JSONWriter`` writes (and any other valid
/// JSON), and rejects everything else with a ``JSONSyntaxError``.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The number, for ``int`` and ``double``.
    var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}

/// A JSON object's members, in the order they were read.
struct JSONObject: Equatable {
    var members: [(key: String, value: JSONValue)]

    init(_ members: [(key: String, value: JSONValue)] = []) { self.members = members }

    /// The value of the first member named `key`.
    ///
    /// - Complexity: O(members).
    subscript(key: String) -> JSONValue? {
        for member in members where member.key == key { return member.value }
        return nil
    }

    static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

/// A line is not valid JSON; `offset` is the byte where reading failed.
struct JSONSyntaxError: Error, Equatable {
    var offset: Int
    var reason: String
}

/// Parses JSON text (RFC 8259) into a ``JSONValue``, with a nesting limit: ``JSONScanner`` checks the
/// bytes, then reads the checked bytes as a tree (one grammar, in one place).
enum JSONParser {
    /// Deeper nesting is rejected rather than risking the stack; journal records nest about 6 deep.
    static let maximumDepth = 256

    /// Parses exactly one JSON value, surrounded by optional whitespace.
    ///
    /// - Complexity: O(bytes).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        try JSONScanner.validate(bytes)
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        return scanner.readValue()
    }

    /// Parses a string's bytes (a convenience for tests).
    static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var copy = Array(text.utf8)
        let result: Result<JSONValue, JSONSyntaxError> = copy.withUnsafeMutableBufferPointer { buffer in
            Result { () throws(JSONSyntaxError) -> JSONValue in try parse(UnsafeBufferPointer(buffer)) }
        }
        return try result.get()
    }
}

/// The hexadecimal digits of a `\u` escape, for the scanner's checks and its decoding.
enum JSONHex {
    /// The value of an ASCII hexadecimal digit (either case), or nil.
    @inline(__always)
    static func digit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
