import HyperTuneCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Android)
import Android
#endif

/// Reads JSON in place, without building a tree: how the journal decodes its records quickly.
///
/// Two steps. ``validate(_:)`` checks that a whole line is one valid JSON value (RFC 8259), so a
/// syntax error is known before anything is interpreted (a torn line is told apart from a bad
/// record). Then the typed readers walk the validated bytes and throw ``RecordError`` when a value
/// has the wrong type; ``skipValue()`` returns the byte range of a value, which lets the journal
/// reuse the decoded form of bytes it has seen before (a parameter's distribution).
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    // MARK: Validation

    /// Checks that `bytes` hold exactly one JSON value, with optional surrounding whitespace.
    ///
    /// - Complexity: O(bytes), no allocation.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        try scanner.validateValue(depth: 0)
        scanner.skipWhitespace()
        guard scanner.position == bytes.count else { throw scanner.syntax("unexpected text after the value") }
    }

    /// Checks, as ``validate(_:)``, that `bytes` hold exactly one JSON value, and when it is an
    /// object calls `member` with each member's name and a scanner at its value: one pass both
    /// validates a record and finds its members.
    ///
    /// - Returns: whether the value is an object.
    /// - Complexity: O(bytes).
    static func validate(
        _ bytes: UnsafeBufferPointer<UInt8>, members member: (Key, JSONScanner) -> Void
    ) throws(JSONSyntaxError) -> Bool {
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        guard scanner.current == UInt8(ascii: "{") else {
            try scanner.validateValue(depth: 0)
            scanner.skipWhitespace()
            guard scanner.position == bytes.count else { throw scanner.syntax("unexpected text after the value") }
            return false
        }
        scanner.position += 1
        scanner.skipWhitespace()
        if scanner.current == UInt8(ascii: "}") {
            scanner.position += 1
        } else {
            members: while true {
                scanner.skipWhitespace()
                guard scanner.current == UInt8(ascii: "\"") else { throw scanner.syntax("expected a member name") }
                let keyStart = scanner.position
                try scanner.validateString()
                var keyScanner = JSONScanner(bytes, position: keyStart)
                let key = keyScanner.readKey()
                scanner.skipWhitespace()
                guard scanner.current == UInt8(ascii: ":") else { throw scanner.syntax("expected ':' after a member name") }
                scanner.position += 1
                scanner.skipWhitespace()
                let value = scanner
                try scanner.validateValue(depth: 1)
                member(key, value)
                scanner.skipWhitespace()
                switch scanner.current {
                case UInt8(ascii: ","): scanner.position += 1
                case UInt8(ascii: "}"):
                    scanner.position += 1
                    break members
                default: throw scanner.syntax("expected ',' or '}' in an object")
                }
            }
        }
        scanner.skipWhitespace()
        guard scanner.position == bytes.count else { throw scanner.syntax("unexpected text after the value") }
        return true
    }

    private func syntax(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: position, reason: reason) }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Validates an object's members or an array's elements, from the opening bracket at `position`
    /// through `close`: each element by `element`, between white space, separated by commas.
    private mutating func validateElements(
        closedBy close: Unicode.Scalar, in container: String, _ element: (inout JSONScanner) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        position += 1
        skipWhitespace()
        if current == UInt8(ascii: close) {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            try element(&self)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: close):
                position += 1
                return
            default: throw syntax("expected ',' or '\(close)' in \(container)")
            }
        }
    }

    private mutating func validateValue(depth: Int) throws(JSONSyntaxError) {
        guard let byte = current else { throw syntax("unexpected end of the line") }
        if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
            guard depth < JSONParser.maximumDepth else { throw syntax("nesting deeper than \(JSONParser.maximumDepth)") }
        }
        switch byte {
        case UInt8(ascii: "{"):
            try validateElements(closedBy: "}", in: "an object") { (scanner) throws(JSONSyntaxError) in
                guard scanner.current == UInt8(ascii: "\"") else { throw scanner.syntax("expected a member name") }
                try scanner.validateString()
                scanner.skipWhitespace()
                guard scanner.current == UInt8(ascii: ":") else { throw scanner.syntax("expected ':' after a member name") }
                scanner.position += 1
                scanner.skipWhitespace()
                try scanner.validateValue(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            try validateElements(closedBy: "]", in: "an array") { (scanner) throws(JSONSyntaxError) in
                try scanner.validateValue(depth: depth + 1)
            }
        case UInt8(ascii: "\""): try validateString()
        case UInt8(ascii: "t"): try validateLiteral("true")
        case UInt8(ascii: "f"): try validateLiteral("false")
        case UInt8(ascii: "n"): try validateLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try validateNumber()
        default: throw syntax("unexpected character \(Self.describe(byte))")
        }
    }

    /// A byte for an error message: the character when printable, else its hexadecimal code.
    private static func describe(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16)
    }

    private mutating func validateLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw syntax("unexpected end of the line") }
        for index in 0..<count where bytes[position + index] != literal.utf8Start[index] {
            throw syntax("invalid literal")
        }
        position += count
    }

    private mutating func validateString() throws(JSONSyntaxError) {
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return
            case UInt8(ascii: "\\"):
                guard let escape = current else { throw syntax("unexpected end of the line in an escape") }
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                case UInt8(ascii: "u"):
                    let scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                        else { throw syntax("a high surrogate without its low surrogate") }
                        position += 2
                        guard (0xDC00..<0xE000).contains(try hex4()) else { throw syntax("invalid low surrogate") }
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw syntax("a low surrogate without its high surrogate")
                    }
                default:
                    position -= 1
                    throw syntax("invalid escape \\\(Self.describe(escape))")
                }
            case 0..<0x20:
                position -= 1
                throw syntax("control character \(Self.describe(byte)) in a string")
            case 0x80...:
                position -= 1
                try validateUTF8Sequence()
            default: break
            }
        }
        throw syntax("unterminated string")
    }

    /// Checks the multi-byte UTF-8 sequence at the current position (RFC 3629: no overlong
    /// forms, no surrogates, nothing above U+10FFFF) and moves past it.
    private mutating func validateUTF8Sequence() throws(JSONSyntaxError) {
        let lead = bytes[position]
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            second = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            second = 0x80...0x9F
        case 0xF0:
            length = 4
            second = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            second = 0x80...0x8F
        default: throw syntax("invalid UTF-8: byte \(Self.describe(lead)) cannot start a character")
        }
        for index in 1..<length {
            guard position + index < bytes.count else { throw syntax("invalid UTF-8: a character cut short") }
            let byte = bytes[position + index]
            guard (index == 1 ? second : 0x80...0xBF).contains(byte) else {
                throw syntax("invalid UTF-8: byte \(Self.describe(byte)) after \(Self.describe(lead))")
            }
        }
        position += length
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw syntax("unexpected end of the line in a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = JSONHex.digit(bytes[position]) else {
                throw syntax("invalid hexadecimal digit \(Self.describe(bytes[position]))")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func validateNumber() throws(JSONSyntaxError) {
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { throw syntax("expected a digit") }
        if first == UInt8(ascii: "0") { position += 1 } else { skipDigits() }
        if current == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() > 0 else { throw syntax("expected a digit after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { throw syntax("expected a digit in the exponent") }
        }
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = position
        while let byte = current, byte &- UInt8(ascii: "0") < 10 { position += 1 }
        return position - start
    }

    // MARK: Reading validated bytes

    /// The kind of the value at the current position.
    var nextKind: UInt8? {
        current
    }

    /// Whether the value at the current position is `null` (and skips it if so).
    mutating func skipNull() -> Bool {
        guard current == UInt8(ascii: "n") else { return false }
        position += 4
        return true
    }

    /// Skips one value and returns its byte range.
    @discardableResult
    mutating func skipValue() -> Range<Int> {
        let start = position
        var depth = 0
        repeat {
            guard let byte = current else { break }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                position += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                position += 1
            case UInt8(ascii: "\""):
                position += 1
                while position < bytes.count {
                    let byte = bytes[position]
                    position += byte == UInt8(ascii: "\\") ? 2 : 1
                    if byte == UInt8(ascii: "\"") { break }
                }
            case UInt8(ascii: ","), UInt8(ascii: ":"), 0x20, 0x09, 0x0A, 0x0D:
                position += 1
            default:
                // A number or a literal: up to the next delimiter.
                while let byte = current, !Self.isDelimiter(byte) { position += 1 }
            }
        } while depth > 0
        return start..<position
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ":"), 0x20, 0x09, 0x0A, 0x0D: true
        default: false
        }
    }

    /// Whether two byte buffers hold the same bytes.
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// A member name, as the raw bytes between its quotes.
    struct Key {
        let raw: UnsafeBufferPointer<UInt8>
        let hasEscapes: Bool

        /// Whether the name is `name` (compares bytes; decodes escapes first when there are any).
        func `is`(_ name: StaticString) -> Bool {
            if hasEscapes { return string == String(describing: name) }
            guard raw.count == name.utf8CodeUnitCount else { return false }
            return memcmp(raw.baseAddress!, name.utf8Start, raw.count) == 0
        }

        /// The name as a string.
        var string: String {
            hasEscapes ? JSONScanner.unescape(raw) : String(decoding: raw, as: UTF8.self)
        }
    }

    /// The text of a validated string's contents (the bytes between its quotes), escapes decoded.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count)
        var index = 0
        func hex4() -> UInt32 {
            var value: UInt32 = 0
            for offset in 0..<4 { value = value << 4 | UInt32(JSONHex.digit(raw[index + offset]) ?? 0) }
            index += 4
            return value
        }
        while index < raw.count {
            let byte = raw[index]
            index += 1
            guard byte == UInt8(ascii: "\\"), index < raw.count else {
                decoded.append(byte)
                continue
            }
            let escape = raw[index]
            index += 1
            switch escape {
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4()
                if (0xD800..<0xDC00).contains(scalar), index + 6 <= raw.count {
                    index += 2  // the validated \u of the low surrogate
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (hex4() &- 0xDC00)
                }
                UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { decoded.append($0) }
            default: decoded.append(escape)  // " \\ /
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Calls `body` with each member name of the object at the current position; `body` must read
    /// or skip the member's value.
    mutating func readObject(
        _ what: @autoclosure () -> String, _ body: (inout JSONScanner, Key) throws(RecordError) -> Void
    ) throws(RecordError) {
        guard current == UInt8(ascii: "{") else { throw RecordError("\(what()) must be an object") }
        try readMembers(body)
    }

    /// The members of the validated object at the current position: `body` at each value, with
    /// the member's name.
    private mutating func readMembers<Failure: Error>(_ body: (inout JSONScanner, Key) throws(Failure) -> Void) throws(Failure) {
        try readElements(closing: UInt8(ascii: "}")) { (scanner) throws(Failure) in
            let key = scanner.readKey()
            scanner.skipWhitespace()
            scanner.position += 1  // :
            scanner.skipWhitespace()
            try body(&scanner, key)
        }
    }

    /// The loop of a validated object or array at the current position: `body` once per element
    /// (for an object, at the member's name), the separators and the closing bracket skipped.
    private mutating func readElements<Failure: Error>(
        closing: UInt8, _ body: (inout JSONScanner) throws(Failure) -> Void
    ) throws(Failure) {
        position += 1
        skipWhitespace()
        if current == closing {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            try body(&self)
            skipWhitespace()
            let separator = current
            position += 1
            if separator == closing { return }
        }
    }

    private mutating func readKey() -> Key {
        let start = position + 1
        var end = start
        var hasEscapes = false
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                end += 2
            } else {
                end += 1
            }
        }
        position = end + 1
        return Key(raw: UnsafeBufferPointer(rebasing: bytes[start..<min(end, bytes.count)]), hasEscapes: hasEscapes)
    }

    /// Calls `body` once per element of the array at the current position.
    mutating func readArray(
        _ what: @autoclosure () -> String, _ body: (inout JSONScanner) throws(RecordError) -> Void
    ) throws(RecordError) {
        guard current == UInt8(ascii: "[") else { throw RecordError("\(what()) must be an array") }
        try readElements(closing: UInt8(ascii: "]"), body)
    }

    mutating func readString(_ what: @autoclosure () -> String) throws(RecordError) -> String {
        guard current == UInt8(ascii: "\"") else { throw RecordError("\(what()) must be a string") }
        return readStringUnchecked()
    }

    /// Reads the (validated) string at the current position.
    private mutating func readStringUnchecked() -> String {
        let start = position + 1
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") {
                position = end + 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            end += 1
        }
        let range = skipValue()
        return Self.unescape(UnsafeBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)]))
    }

    mutating func readBool(_ what: @autoclosure () -> String) throws(RecordError) -> Bool {
        switch current {
        case UInt8(ascii: "t"):
            position += 4
            return true
        case UInt8(ascii: "f"):
            position += 5
            return false
        default: throw RecordError("\(what()) must be true or false")
        }
    }

    mutating func readInt(_ what: @autoclosure () -> String) throws(RecordError) -> Int {
        switch try readNumber(what()) {
        case .int(let value): return value
        case .double(let value):
            if let exact = Int(exactly: value) { return exact }
            throw RecordError("\(what()) must be an integer")
        default: throw RecordError("\(what()) must be an integer")
        }
    }

    /// A number, or one of the strings "NaN", "Infinity", "-Infinity".
    mutating func readDouble(_ what: @autoclosure () -> String) throws(RecordError) -> Double {
        if current == UInt8(ascii: "\"") {
            switch readStringUnchecked() {
            case NonFiniteSpelling.nan: return .nan
            case NonFiniteSpelling.infinity: return .infinity
            case NonFiniteSpelling.negativeInfinity: return -.infinity
            default: throw RecordError("\(what()) must be a number")
            }
        }
        switch try readNumber(what()) {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: throw RecordError("\(what()) must be a number")
        }
    }

    /// The (validated) number at the current position, as ``JSONValue/int(_:)`` when it is an
    /// integer literal that fits, else ``JSONValue/double(_:)``.
    private mutating func readNumber(_ what: @autoclosure () -> String) throws(RecordError) -> JSONValue {
        guard let first = current, first == UInt8(ascii: "-") || first &- UInt8(ascii: "0") < 10 else {
            throw RecordError("\(what()) must be a number")
        }
        let start = position
        let negative = first == UInt8(ascii: "-")
        if negative { position += 1 }
        var magnitude: UInt64 = 0
        var digits = 0
        while let byte = current, byte &- UInt8(ascii: "0") < 10 {
            if digits < 19 { magnitude = magnitude &* 10 &+ UInt64(byte &- UInt8(ascii: "0")) }
            digits += 1
            position += 1
        }
        let isInteger = current != UInt8(ascii: ".") && current != UInt8(ascii: "e") && current != UInt8(ascii: "E")
        if isInteger, digits <= 19 {
            if negative, magnitude <= UInt64(Int.max) + 1 {
                return .int(magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude))
            }
            if !negative, magnitude <= UInt64(Int.max) { return .int(Int(magnitude)) }
        }
        while let byte = current, !Self.isDelimiter(byte) { position += 1 }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
        guard let value = Double(String(decoding: text, as: UTF8.self)) else { throw RecordError("\(what()) must be a number") }
        return .double(value)
    }

    /// Reads the (validated) value at the current position as a tree.
    mutating func readValue() -> JSONValue {
        switch current {
        case UInt8(ascii: "{"):
            var members: [(key: String, value: JSONValue)] = []
            readMembers { scanner, key in members.append((key.string, scanner.readValue())) }
            return .object(JSONObject(members))
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            readElements(closing: UInt8(ascii: "]")) { scanner in elements.append(scanner.readValue()) }
            return .array(elements)
        case UInt8(ascii: "\""): return .string(readStringUnchecked())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return (try? readBool("a value")).map(JSONValue.bool) ?? .null
        case UInt8(ascii: "n"):
            _ = skipNull()
            return .null
        default: return (try? readNumber("a value")) ?? .null
        }
    }
}
