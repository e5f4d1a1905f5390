import Foundation
import HyperTuneCore
import HyperTuneSearchSpace

/// Reads `Decodable` values from validated JSON bytes (see ``JSONScanner``) through their
/// `Codable` conformances: the reading half of ``JournalEncoder``. Numbers may be the strings
/// "NaN", "Infinity" and "-Infinity" wherever a `Double` is expected.
///
/// Two shortcuts keep replay fast without a second definition of any form: a parameter's
/// distribution is decoded once per distinct text (records repeat the previous ones: the bytes
/// are compared, and the decoded value reused, so trials also share a categorical distribution's
/// choices), and an ``HyperTuneCore/AttributeValue``, whose form is plain JSON, is read as the
/// JSON tree it is (a non-finite `double` attribute, written as "NaN", reads back as that string).
struct JournalDecoder {
    let cache: JournalDecodingCache

    init(cache: JournalDecodingCache = JournalDecodingCache()) { self.cache = cache }

    /// Decodes the value at the scanner's position.
    ///
    /// - Throws: ``RecordError`` naming `what` and the member that did not decode.
    func decode<T: Decodable>(_ type: T.Type, from scanner: JSONScanner, _ what: @autoclosure () -> String) throws(RecordError) -> T {
        do {
            return try JournalValueDecoder(scanner: scanner, cache: cache).decodeValue(T.self)
        } catch let error as RecordError {
            throw error
        } catch let error as DecodingError {
            throw RecordError("\(what()): \(Self.describe(error))")
        } catch {
            throw RecordError("\(what()): \(error)")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "\"\(key.stringValue)\" is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): context.debugDescription
        @unknown default: "\(error)"
        }
    }
}

/// What a ``JournalDecoder`` remembers between records: the distributions it decoded, by text.
final class JournalDecodingCache {
    fileprivate var distributions: [(bytes: [UInt8], distribution: Distribution)] = []
    fileprivate var next = 0
    static let capacity = 64

    init() {}

    fileprivate func distribution(_ bytes: UnsafeBufferPointer<UInt8>) -> Distribution? {
        for entry in distributions where entry.bytes.count == bytes.count {
            if entry.bytes.withUnsafeBufferPointer({ JSONScanner.equal($0, bytes) }) { return entry.distribution }
        }
        return nil
    }

    fileprivate func remember(_ bytes: UnsafeBufferPointer<UInt8>, _ distribution: Distribution) {
        if distributions.count < Self.capacity {
            distributions.append((Array(bytes), distribution))
        } else {
            distributions[next] = (Array(bytes), distribution)
            next = (next + 1) % Self.capacity
        }
    }
}

/// The `Decoder` of one value: a scanner at its first byte.
struct JournalValueDecoder: Decoder {
    let scanner: JSONScanner
    let cache: JournalDecodingCache
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        var scanner = scanner
        switch type {
        case is Double.Type: return try scanner.readDouble("a number") as! T
        case is Int.Type: return try scanner.readInt("an integer") as! T
        case is String.Type: return try scanner.readString("a string") as! T
        case is Bool.Type: return try scanner.readBool("true or false") as! T
        case is Date.Type: return try JournalValueReader.date(&scanner, "a date") as! T
        case is AttributeValue.Type: return JournalValueReader.attribute(scanner.readValue()) as! T
        case is Distribution.Type:
            var end = scanner
            let range = end.skipValue()
            let bytes = UnsafeBufferPointer(rebasing: scanner.bytes[range])
            if let known = cache.distribution(bytes) { return known as! T }
            let distribution = try Distribution(from: self)
            cache.remember(bytes, distribution)
            return distribution as! T
        default: return try T(from: self)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try Keyed<Key>(scanner: scanner, cache: cache))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try Unkeyed(scanner: scanner, cache: cache) }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    static func mismatch(_ expected: String, _ found: JSONScanner) -> DecodingError {
        .dataCorrupted(.init(codingPath: [], debugDescription: "expected \(expected)"))
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let cache: JournalDecodingCache
        /// The members: the raw bytes of each name, and a scanner at its value.
        private var members: [(key: JSONScanner.Key, value: JSONScanner)] = []
        var codingPath: [any CodingKey] { [] }

        init(scanner: JSONScanner, cache: JournalDecodingCache) throws {
            self.cache = cache
            var scanner = scanner
            var members: [(key: JSONScanner.Key, value: JSONScanner)] = []
            try scanner.readObject("an object") { (scanner, key) throws(RecordError) in
                members.append((key, scanner))
                scanner.skipValue()
            }
            self.members = members
        }

        var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key.string) } }

        private func find(_ key: Key) -> JSONScanner? {
            let name = key.stringValue
            for member in members where member.key.is(name) { return member.value }
            return nil
        }

        private func value(_ key: Key) throws -> JSONValueDecoderPair {
            guard let scanner = find(key) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "\"\(key.stringValue)\" is missing"))
            }
            return JSONValueDecoderPair(decoder: JournalValueDecoder(scanner: scanner, cache: cache), key: key.stringValue)
        }

        func contains(_ key: Key) -> Bool { find(key) != nil }

        func decodeNil(forKey key: Key) throws -> Bool {
            var scanner = try value(key).decoder.scanner
            return scanner.skipNull()
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let pair = try value(key)
            do {
                return try pair.decoder.decodeValue(T.self)
            } catch let error as RecordError {
                throw RecordError("\"\(pair.key)\": \(error.reason)", kind: error.kind)
            } catch let error as DecodingError {
                throw RecordError("\"\(pair.key)\": \(JournalDecoder.describe(error))")
            }
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard let scanner = find(key) else { return nil }
            var probe = scanner
            if probe.skipNull() { return nil }
            return try decode(T.self, forKey: key)
        }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            try value(key).decoder.container(keyedBy: NestedKey.self)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try value(key).decoder.unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { throw RecordError("superDecoder is not supported") }
        func superDecoder(forKey key: Key) throws -> any Decoder { try value(key).decoder }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let cache: JournalDecodingCache
        private var elements: [JSONScanner] = []
        private(set) var currentIndex = 0
        var codingPath: [any CodingKey] { [] }
        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        init(scanner: JSONScanner, cache: JournalDecodingCache) throws {
            self.cache = cache
            var scanner = scanner
            var elements: [JSONScanner] = []
            try scanner.readArray("an array") { (scanner) throws(RecordError) in
                elements.append(scanner)
                scanner.skipValue()
            }
            self.elements = elements
        }

        private mutating func next() throws -> JournalValueDecoder {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(Any.self, .init(codingPath: [], debugDescription: "the array has no more elements"))
            }
            defer { currentIndex += 1 }
            return JournalValueDecoder(scanner: elements[currentIndex], cache: cache)
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd else { return false }
            var scanner = elements[currentIndex]
            guard scanner.skipNull() else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(T.self) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try next().container(keyedBy: NestedKey.self)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }

        mutating func superDecoder() throws -> any Decoder { try next() }
    }

    struct Single: SingleValueDecodingContainer {
        let decoder: JournalValueDecoder
        var codingPath: [any CodingKey] { [] }

        func decodeNil() -> Bool {
            var scanner = decoder.scanner
            return scanner.skipNull()
        }

        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(T.self) }
    }
}

/// A member's decoder, with the member's name for errors.
struct JSONValueDecoderPair {
    let decoder: JournalValueDecoder
    let key: String
}
