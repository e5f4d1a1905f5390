import Foundation
import HyperTuneCore
import HyperTuneSearchSpace

// The journal writes every value in its `Codable` form (``JournalEncoder``, ``JournalDecoder``):
// `ParameterValue` is `{"float": 0.5}`, a `Distribution` is `{"float": {"low": 0, "high": 1,
// "log": true}}`, a `Parameter` is `{"distribution": ..., "value": ...}`, an `AttributeValue` is
// plain JSON, a `Date` is its seconds since 2001-01-01 (Foundation's reference date) as a number,
// which reads back bit for bit; non-finite numbers are the strings "NaN", "Infinity", "-Infinity".

/// A journal line is valid JSON but not a record this version understands.
struct RecordError: Error {
    enum Kind {
        /// The line is not valid JSON.
        case syntax(JSONSyntaxError)
        /// The record is malformed.
        case invalid
        /// The record's version is newer than this library reads.
        case unsupportedVersion
        /// The line's checksum is missing or does not match its bytes.
        case checksum
    }

    var kind: Kind
    var reason: String

    init(_ reason: String, kind: Kind = .invalid) {
        self.kind = kind
        self.reason = reason
    }
}

// MARK: - Reading

/// Readers of the two values whose journal form is plain JSON read in place: a date (a finite
/// number of seconds) and an attribute (any JSON value).
enum JournalValueReader {
    static func date(_ scanner: inout JSONScanner, _ what: @autoclosure () -> String) throws(RecordError) -> Date {
        let seconds = try scanner.readDouble(what())
        guard seconds.isFinite else { throw RecordError("\(what()) must be a finite number of seconds") }
        return Date(timeIntervalSinceReferenceDate: seconds)
    }

    /// Plain JSON as an attribute value; strings stay strings (a non-finite `.double` attribute,
    /// written as "NaN", "Infinity" or "-Infinity", reads back as that string).
    static func attribute(_ value: JSONValue) -> AttributeValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .double(let number): return .double(number)
        case .string(let text): return .string(text)
        case .array(let elements):
            var result: [AttributeValue] = []
            result.reserveCapacity(elements.count)
            for element in elements { result.append(attribute(element)) }
            return .array(result)
        case .object(let object):
            var result: [String: AttributeValue] = [:]
            for member in object.members { result[member.key] = attribute(member.value) }
            return .object(result)
        }
    }
}
