import Foundation

/// Writes `Encodable` values into a ``JSONWriter`` in their `Codable` form: the one definition of
/// how a library value (a parameter, a distribution, an attribute, a trial record, a journal
/// record) looks in a journal. It streams: every container writes its brackets and members as
/// they are encoded, without building a tree.
///
/// The form is what `JSONEncoder` gives with `.convertToString(positiveInfinity: "Infinity",
/// negativeInfinity: "-Infinity", nan: "NaN")` and the default date strategy (seconds since
/// 2001-01-01), with two differences that keep journals small and stable: no whitespace, and the
/// keys of dictionaries sorted, so the same value always gives the same bytes.
struct JournalEncoder {
    /// Appends the JSON form of `value` to `writer`.
    static func encode(_ value: some Encodable, into writer: inout JSONWriter) {
        let sink = JournalEncodingSink(writer: writer)
        writer = JSONWriter()  // `sink` owns the buffer meanwhile: no copy
        sink.encode(value)
        writer = sink.writer
    }
}

/// The shared state of one encoding: the output, and for each value being encoded whether it has
/// opened a container yet (and which closing bracket it owes).
final class JournalEncodingSink {
    var writer: JSONWriter
    /// One entry per value being encoded, innermost last: the bracket that closes its container,
    /// or 0 while it has opened none.
    private var closers: [UInt8] = []

    init(writer: JSONWriter) {
        self.writer = writer
        closers.reserveCapacity(16)
    }

    /// Encodes one value: its `encode(to:)` opens at most one container, closed after it returns.
    func encode(_ value: some Encodable) {
        if let dictionary = value as? any SortedKeysEncodable {
            closers.append(0)
            dictionary.encodeSortedKeys(to: JournalValueEncoder(sink: self))
        } else {
            closers.append(0)
            // Encoding into this sink cannot fail: only a value's own encode(to:) could throw, and
            // the library's values do not.
            do { try value.encode(to: JournalValueEncoder(sink: self)) } catch { writer.null() }
        }
        switch closers.removeLast() {
        case UInt8(ascii: "}"): writer.endObject()
        case UInt8(ascii: "]"): writer.endArray()
        default: break
        }
    }

    /// Opens an object (or an array) for the value being encoded, unless it opened one already.
    func open(object: Bool) {
        guard closers[closers.count - 1] == 0 else { return }
        if object {
            writer.beginObject()
            closers[closers.count - 1] = UInt8(ascii: "}")
        } else {
            writer.beginArray()
            closers[closers.count - 1] = UInt8(ascii: "]")
        }
    }

    /// Writes a primitive, or encodes any other value.
    func write(_ value: some Encodable) {
        switch value {
        case let number as Double: writer.double(number)
        case let number as Int: writer.int(number)
        case let text as String: writer.string(text)
        case let flag as Bool: writer.bool(flag)
        case let date as Date: writer.double(date.timeIntervalSinceReferenceDate)
        default: encode(value)
        }
    }
}

/// A dictionary with `String` keys, encoded with its keys in order.
protocol SortedKeysEncodable {
    func encodeSortedKeys(to encoder: JournalValueEncoder)
}

extension Dictionary: SortedKeysEncodable where Key == String, Value: Encodable {
    func encodeSortedKeys(to encoder: JournalValueEncoder) {
        encoder.sink.open(object: true)
        for key in keys.sorted() {
            encoder.sink.writer.key(key)
            encoder.sink.write(self[key]!)
        }
    }
}

/// The `Encoder` of one value in a ``JournalEncodingSink``.
struct JournalValueEncoder: Encoder {
    let sink: JournalEncodingSink
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        sink.open(object: true)
        return KeyedEncodingContainer(Keyed<Key>(sink: sink))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        sink.open(object: false)
        return Unkeyed(sink: sink)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(sink: sink) }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let sink: JournalEncodingSink
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) {
            sink.writer.key(key.stringValue)
            sink.writer.null()
        }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) {
            sink.writer.key(key.stringValue)
            sink.write(value)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            preconditionFailure("JournalEncoder: nested containers are not supported; encode a value")
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            preconditionFailure("JournalEncoder: nested containers are not supported; encode a value")
        }
        mutating func superEncoder() -> any Encoder { preconditionFailure("JournalEncoder: superEncoder is not supported") }
        mutating func superEncoder(forKey key: Key) -> any Encoder { preconditionFailure("JournalEncoder: superEncoder is not supported") }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let sink: JournalEncodingSink
        var codingPath: [any CodingKey] { [] }
        private(set) var count = 0

        init(sink: JournalEncodingSink) { self.sink = sink }

        mutating func encodeNil() {
            sink.writer.null()
            count += 1
        }
        mutating func encode<T: Encodable>(_ value: T) {
            sink.write(value)
            count += 1
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            preconditionFailure("JournalEncoder: nested containers are not supported; encode a value")
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            preconditionFailure("JournalEncoder: nested containers are not supported; encode a value")
        }
        mutating func superEncoder() -> any Encoder { preconditionFailure("JournalEncoder: superEncoder is not supported") }
    }

    struct Single: SingleValueEncodingContainer {
        let sink: JournalEncodingSink
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() { sink.writer.null() }
        mutating func encode<T: Encodable>(_ value: T) { sink.write(value) }
    }
}
