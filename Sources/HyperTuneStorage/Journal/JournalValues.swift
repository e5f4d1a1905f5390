import Foundation
import HyperTuneCore
import HyperTuneSearchSpace

// The journal's JSON form of the library's values. Each follows the value's `Codable` form, so a
// payload cut out of a journal line decodes with `JSONDecoder` (non-finite numbers as the strings
// "NaN", "Infinity", "-Infinity", dates with the default strategy): `ParameterValue` is
// `{"float": 0.5}`, a `Distribution` is `{"float": {"low": 0, "high": 1, "log": true}}`, a
// `Parameter` is `{"distribution": ..., "value": ...}`, an `AttributeValue` is plain JSON, a `Date`
// is its seconds since 2001-01-01 (Foundation's reference date) as a number, which reads back bit
// for bit. Dictionaries are written with their keys sorted, so the same value always gives the
// same bytes.

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

// MARK: - Writing

extension JSONWriter {
    mutating func date(_ date: Date) { double(date.timeIntervalSinceReferenceDate) }

    mutating func parameterValue(_ value: ParameterValue) {
        beginObject()
        switch value {
        case .float(let number): field("float", number) { $0.double($1) }
        case .int(let number): field("int", number) { $0.int($1) }
        case .string(let text): field("string", text) { $0.string($1) }
        case .bool(let flag): field("bool", flag) { $0.bool($1) }
        }
        endObject()
    }

    /// The member `kind` of a numeric distribution: its bounds and step written by `write`, `log`
    /// only when true, `step` only when given.
    private mutating func range<Bound>(
        _ kind: String, _ low: Bound, _ high: Bound, step: Bound?, log: Bool, _ write: (inout Self, Bound) -> Void
    ) {
        key(kind)
        beginObject()
        key("low")
        write(&self, low)
        key("high")
        write(&self, high)
        member("step", step, write)
        member("log", log ? true : nil) { $0.bool($1) }
        endObject()
    }

    mutating func distribution(_ distribution: Distribution) {
        beginObject()
        switch distribution {
        case .float(let d): range("float", d.low, d.high, step: d.step, log: d.log) { $0.double($1) }
        case .int(let d): range("int", d.low, d.high, step: d.step == 1 ? nil : d.step, log: d.log) { $0.int($1) }
        case .categorical(let d):
            key("categorical")
            beginObject()
            key("choices")
            beginArray()
            for choice in d.choices { parameterValue(choice) }
            endArray()
            endObject()
        }
        endObject()
    }

    mutating func parameter(_ parameter: Parameter) {
        beginObject()
        key("distribution")
        distribution(parameter.distribution)
        key("value")
        parameterValue(parameter.value)
        endObject()
    }

    /// An object of `members`, names in sorted order, each value written by `write`.
    private mutating func sortedObject<Value>(_ members: [String: Value], _ write: (inout Self, Value) -> Void) {
        beginObject()
        for name in members.keys.sorted() {
            key(name)
            write(&self, members[name]!)
        }
        endObject()
    }

    mutating func parameters(_ parameters: [String: Parameter]) {
        sortedObject(parameters) { $0.parameter($1) }
    }

    mutating func parameterValues(_ values: [String: ParameterValue]) {
        sortedObject(values) { $0.parameterValue($1) }
    }

    mutating func attribute(_ value: AttributeValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .int(let number): int(number)
        case .double(let number): double(number)
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements { attribute(element) }
            endArray()
        case .object(let members): attributes(members)
        }
    }

    mutating func attributes(_ members: [String: AttributeValue]) {
        sortedObject(members) { $0.attribute($1) }
    }

    /// Intermediate values: an object keyed by the step as a decimal string, steps in order.
    mutating func intermediateValues(_ values: [Int: Double]) {
        beginObject()
        for step in values.keys.sorted() {
            key(String(step))
            double(values[step]!)
        }
        endObject()
    }

    mutating func doubles(_ values: [Double]) {
        beginArray()
        for value in values { double(value) }
        endArray()
    }

    /// A trial record in `TrialRecord`'s `Codable` form (empty collections left out).
    /// The member `name` with `value`, written by `write`.
    private mutating func field<Value>(_ name: String, _ value: Value, _ write: (inout Self, Value) -> Void) {
        key(name)
        write(&self, value)
    }

    /// The member `name` with `value`, written by `write`; nothing when `value` is `nil`.
    private mutating func member<Value>(_ name: String, _ value: Value?, _ write: (inout Self, Value) -> Void) {
        if let value { field(name, value, write) }
    }

    /// The member `name` with `value`, written by `write`; nothing when `value` is empty.
    private mutating func member<Value: Collection>(_ name: String, _ value: Value, _ write: (inout Self, Value) -> Void) {
        member(name, value.isEmpty ? nil : value, write)
    }

    mutating func trialRecord(_ record: TrialRecord) {
        beginObject()
        key("number")
        int(record.number)
        key("state")
        string(record.state.rawValue)
        member("values", record.values) { $0.doubles($1) }
        member("parameters", record.parameters) { $0.parameters($1) }
        member("intermediateValues", record.intermediateValues) { $0.intermediateValues($1) }
        member("userAttributes", record.userAttributes) { $0.attributes($1) }
        member("systemAttributes", record.systemAttributes) { $0.attributes($1) }
        member("fixedParams", record.fixedParams) { $0.parameterValues($1) }
        member("startDate", record.startDate) { $0.date($1) }
        member("endDate", record.endDate) { $0.date($1) }
        endObject()
    }
}

// MARK: - Reading

/// Reads the library's values from a validated line (see ``JSONScanner``); every failure names
/// what was expected. Labels are built only when something fails.
struct JournalValueReader {
    /// The bytes and decoded form of the last distribution read for each parameter name. A
    /// record usually repeats the previous record's distributions: comparing bytes is much
    /// cheaper than decoding and validating again, and reusing the stored value lets trials share
    /// a categorical distribution's choices instead of each holding a copy.
    private var lastDistributions: [String: (bytes: [UInt8], distribution: Distribution)] = [:]

    init() {}

    static func state(_ scanner: inout JSONScanner, _ what: @autoclosure () -> String) throws(RecordError) -> TrialState {
        let text = try scanner.readString(what())
        guard let state = TrialState(rawValue: text) else { throw RecordError("\(what()): unknown trial state \"\(text)\"") }
        return state
    }

    static func date(_ scanner: inout JSONScanner, _ what: @autoclosure () -> String) throws(RecordError) -> Date {
        let seconds = try scanner.readDouble(what())
        guard seconds.isFinite else { throw RecordError("\(what()) must be a finite number of seconds") }
        return Date(timeIntervalSinceReferenceDate: seconds)
    }

    static func doubles(_ scanner: inout JSONScanner, _ what: @autoclosure () -> String) throws(RecordError) -> [Double] {
        var result: [Double] = []
        try scanner.readArray(what()) { (scanner) throws(RecordError) in result.append(try scanner.readDouble(what())) }
        return result
    }

    static func ints(_ scanner: inout JSONScanner, _ what: @autoclosure () -> String) throws(RecordError) -> [Int] {
        var result: [Int] = []
        try scanner.readArray(what()) { (scanner) throws(RecordError) in result.append(try scanner.readInt(what())) }
        return result
    }

    /// Reads an object of exactly one member, whose name (`kinds`, one of) says how `member` reads
    /// its value: a tagged union such as `{"float": 0.5}`.
    private static func oneOf<Value>(
        _ scanner: inout JSONScanner, _ what: () -> String, kinds: String,
        _ member: (inout JSONScanner, JSONScanner.Key) throws(RecordError) -> Value
    ) throws(RecordError) -> Value {
        var value: Value?
        var members = 0
        try scanner.readObject(what()) { (scanner, key) throws(RecordError) in
            members += 1
            value = try member(&scanner, key)
        }
        guard members == 1, let value else { throw RecordError("\(what()) must have exactly one of the keys \(kinds)") }
        return value
    }

    static func parameterValue(_ scanner: inout JSONScanner, _ what: @autoclosure () -> String) throws(RecordError) -> ParameterValue {
        try oneOf(&scanner, what, kinds: "float, int, string, bool") { (scanner, key) throws(RecordError) in
            if key.is("float") { return .float(try scanner.readDouble(what())) }
            if key.is("int") { return .int(try scanner.readInt(what())) }
            if key.is("string") { return .string(try scanner.readString(what())) }
            if key.is("bool") { return .bool(try scanner.readBool(what())) }
            throw RecordError("\(what()): unknown kind \"\(key.string)\"")
        }
    }

    static func parameterValues(
        _ scanner: inout JSONScanner, _ what: @autoclosure () -> String
    ) throws(RecordError) -> [String: ParameterValue] {
        var result: [String: ParameterValue] = [:]
        try scanner.readObject(what()) { (scanner, key) throws(RecordError) in
            let name = key.string
            result[name] = try parameterValue(&scanner, "\(what()) \"\(name)\"")
        }
        return result
    }

    static func distribution(_ scanner: inout JSONScanner, _ what: @autoclosure () -> String) throws(RecordError) -> Distribution {
        try oneOf(&scanner, what, kinds: "float, int, categorical") { (scanner, key) throws(RecordError) in
            var low: JSONScanner?
            var high: JSONScanner?
            var step: JSONScanner?
            var log = false
            var choices: [ParameterValue]?
            try scanner.readObject(what()) { (scanner, field) throws(RecordError) in
                if field.is("low") {
                    low = scanner
                } else if field.is("high") {
                    high = scanner
                } else if field.is("step") {
                    step = scanner
                } else if field.is("log") {
                    log = try scanner.readBool("\(what()) log")
                    return
                } else if field.is("choices") {
                    var list: [ParameterValue] = []
                    try scanner.readArray("\(what()) choices") { (scanner) throws(RecordError) in
                        list.append(try parameterValue(&scanner, "\(what()) choice"))
                    }
                    choices = list
                    return
                }
                scanner.skipValue()
            }
            do {
                if key.is("float") {
                    guard var low, var high else { throw RecordError("\(what()) needs low and high") }
                    var stepValue: Double?
                    if var step { stepValue = try step.readDouble("\(what()) step") }
                    return .float(
                        try FloatDistribution(
                            low: try low.readDouble("\(what()) low"), high: try high.readDouble("\(what()) high"), step: stepValue, log: log
                        ))
                } else if key.is("int") {
                    guard var low, var high else { throw RecordError("\(what()) needs low and high") }
                    var stepValue = 1
                    if var step { stepValue = try step.readInt("\(what()) step") }
                    return .int(
                        try IntDistribution(
                            low: try low.readInt("\(what()) low"), high: try high.readInt("\(what()) high"), step: stepValue, log: log))
                } else if key.is("categorical") {
                    guard let choices else { throw RecordError("\(what()) needs choices") }
                    return .categorical(try CategoricalDistribution(choices))
                } else {
                    throw RecordError("\(what()): unknown kind \"\(key.string)\"")
                }
            } catch let error as SearchSpaceError {
                throw RecordError("\(what()): \(error.description)")
            } catch let error as RecordError {
                throw error
            } catch {
                throw RecordError("\(what()): \(error)")
            }
        }
    }

    /// A parameter's distribution, reusing the last one read for `name` when the bytes match.
    mutating func distribution(
        _ scanner: inout JSONScanner, name: String, _ what: @autoclosure () -> String
    ) throws(RecordError) -> Distribution {
        let start = scanner.position
        let range = scanner.skipValue()
        let bytes = UnsafeBufferPointer(rebasing: scanner.bytes[range])
        if let last = lastDistributions[name], last.bytes.count == bytes.count,
            last.bytes.withUnsafeBufferPointer({ JSONScanner.equal($0, bytes) })
        {
            return last.distribution
        }
        var reader = JSONScanner(scanner.bytes, position: start)
        let distribution = try Self.distribution(&reader, what())
        lastDistributions[name] = (Array(bytes), distribution)
        return distribution
    }

    mutating func parameters(_ scanner: inout JSONScanner, _ what: @autoclosure () -> String) throws(RecordError) -> [String: Parameter] {
        var result: [String: Parameter] = [:]
        try scanner.readObject(what()) { (scanner, key) throws(RecordError) in
            let name = key.string
            var distribution: Distribution?
            var value: ParameterValue?
            try scanner.readObject("\(what()) \"\(name)\"") { (scanner, field) throws(RecordError) in
                if field.is("distribution") {
                    distribution = try self.distribution(&scanner, name: name, "\(what()) \"\(name)\" distribution")
                } else if field.is("value") {
                    value = try Self.parameterValue(&scanner, "\(what()) \"\(name)\" value")
                } else {
                    scanner.skipValue()
                }
            }
            guard let distribution, let value else {
                throw RecordError("\(what()) \"\(name)\" needs a distribution and a value")
            }
            do throws(SearchSpaceError) {
                result[name] = try Parameter(distribution: distribution, value: value)
            } catch {
                throw RecordError("\(what()) \"\(name)\": \(error.description)")
            }
        }
        return result
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

    static func attributes(_ scanner: inout JSONScanner, _ what: @autoclosure () -> String) throws(RecordError) -> [String: AttributeValue]
    {
        var result: [String: AttributeValue] = [:]
        try scanner.readObject(what()) { (scanner, key) throws(RecordError) in
            result[key.string] = attribute(scanner.readValue())
        }
        return result
    }

    static func intermediateValues(_ scanner: inout JSONScanner, _ what: @autoclosure () -> String) throws(RecordError) -> [Int: Double] {
        var result: [Int: Double] = [:]
        try scanner.readObject(what()) { (scanner, key) throws(RecordError) in
            guard let step = Int(key.string) else { throw RecordError("\(what()): step \"\(key.string)\" is not an integer") }
            result[step] = try scanner.readDouble("\(what()) step \(step)")
        }
        return result
    }

    mutating func trialRecord(_ scanner: inout JSONScanner, _ what: @autoclosure () -> String) throws(RecordError) -> TrialRecord {
        var number: Int?
        var state: TrialState?
        var record = TrialRecord(number: 0, state: .waiting)
        try scanner.readObject(what()) { (scanner, key) throws(RecordError) in
            if key.is("values") {
                record.values = try Self.doubles(&scanner, "\(what()) values")
            } else if key.is("intermediateValues") {
                record.intermediateValues = try Self.intermediateValues(&scanner, "\(what()) intermediateValues")
            } else if key.is("number") {
                number = try scanner.readInt("\(what()) number")
            } else if key.is("userAttributes") {
                record.userAttributes = try Self.attributes(&scanner, "\(what()) userAttributes")
            } else if key.is("systemAttributes") {
                record.systemAttributes = try Self.attributes(&scanner, "\(what()) systemAttributes")
            } else if key.is("state") {
                state = try Self.state(&scanner, "\(what()) state")
            } else if key.is("fixedParams") {
                record.fixedParams = try Self.parameterValues(&scanner, "\(what()) fixedParams")
            } else if key.is("startDate") {
                record.startDate = try Self.date(&scanner, "\(what()) startDate")
            } else if key.is("parameters") {
                record.parameters = try parameters(&scanner, "\(what()) parameters")
            } else if key.is("endDate") {
                record.endDate = try Self.date(&scanner, "\(what()) endDate")
            } else {
                scanner.skipValue()
            }
        }
        guard let number, let state else { throw RecordError("\(what()) needs a number and a state") }
        record.number = number
        record.state = state
        return record
    }
}
