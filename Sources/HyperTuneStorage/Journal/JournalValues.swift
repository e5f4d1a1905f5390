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
        /// The record is malformed.
        case invalid
        /// The record's version is newer than this library reads.
        case unsupportedVersion
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
        case .float(let number):
            key("float")
            double(number)
        case .int(let number):
            key("int")
            int(number)
        case .string(let text):
            key("string")
            string(text)
        case .bool(let flag):
            key("bool")
            bool(flag)
        }
        endObject()
    }

    mutating func distribution(_ distribution: Distribution) {
        beginObject()
        switch distribution {
        case .float(let d):
            key("float")
            beginObject()
            key("low")
            double(d.low)
            key("high")
            double(d.high)
            if let step = d.step {
                key("step")
                double(step)
            }
            if d.log {
                key("log")
                bool(true)
            }
            endObject()
        case .int(let d):
            key("int")
            beginObject()
            key("low")
            int(d.low)
            key("high")
            int(d.high)
            if d.step != 1 {
                key("step")
                int(d.step)
            }
            if d.log {
                key("log")
                bool(true)
            }
            endObject()
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

    mutating func parameters(_ parameters: [String: Parameter]) {
        beginObject()
        for name in parameters.keys.sorted() {
            key(name)
            parameter(parameters[name]!)
        }
        endObject()
    }

    mutating func parameterValues(_ values: [String: ParameterValue]) {
        beginObject()
        for name in values.keys.sorted() {
            key(name)
            parameterValue(values[name]!)
        }
        endObject()
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
        beginObject()
        for name in members.keys.sorted() {
            key(name)
            attribute(members[name]!)
        }
        endObject()
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
    mutating func trialRecord(_ record: TrialRecord) {
        beginObject()
        key("number")
        int(record.number)
        key("state")
        string(record.state.rawValue)
        if let values = record.values {
            key("values")
            doubles(values)
        }
        if !record.parameters.isEmpty {
            key("parameters")
            parameters(record.parameters)
        }
        if !record.intermediateValues.isEmpty {
            key("intermediateValues")
            intermediateValues(record.intermediateValues)
        }
        if !record.userAttributes.isEmpty {
            key("userAttributes")
            attributes(record.userAttributes)
        }
        if !record.systemAttributes.isEmpty {
            key("systemAttributes")
            attributes(record.systemAttributes)
        }
        if !record.fixedParams.isEmpty {
            key("fixedParams")
            parameterValues(record.fixedParams)
        }
        if let startDate = record.startDate {
            key("startDate")
            date(startDate)
        }
        if let endDate = record.endDate {
            key("endDate")
            date(endDate)
        }
        endObject()
    }
}

// MARK: - Reading

/// Reads the library's values back from parsed JSON; every failure names what was expected.
struct JournalValueReader {
    /// The last distribution read for each parameter name: a record usually repeats the previous
    /// one's distributions, and reusing the stored value lets trials share a categorical
    /// distribution's choices instead of each holding its own copy.
    private var lastDistributions: [String: Distribution] = [:]

    init() {}

    static func object(_ value: JSONValue?, _ what: String) throws(RecordError) -> JSONObject {
        guard case .object(let object)? = value else { throw RecordError("\(what) must be an object") }
        return object
    }

    static func optionalObject(_ value: JSONValue?, _ what: String) throws(RecordError) -> JSONObject? {
        guard let value else { return nil }
        return try object(value, what)
    }

    static func string(_ value: JSONValue?, _ what: String) throws(RecordError) -> String {
        guard case .string(let text)? = value else { throw RecordError("\(what) must be a string") }
        return text
    }

    static func int(_ value: JSONValue?, _ what: String) throws(RecordError) -> Int {
        switch value {
        case .int(let number)?: return number
        case .double(let number)?:
            if let exact = Int(exactly: number) { return exact }
        default: break
        }
        throw RecordError("\(what) must be an integer")
    }

    static func bool(_ value: JSONValue?, _ what: String) throws(RecordError) -> Bool {
        guard case .bool(let flag)? = value else { throw RecordError("\(what) must be true or false") }
        return flag
    }

    /// A number, or one of the strings "NaN", "Infinity", "-Infinity".
    static func double(_ value: JSONValue?, _ what: String) throws(RecordError) -> Double {
        switch value {
        case .int(let number)?: return Double(number)
        case .double(let number)?: return number
        case .string("NaN")?: return .nan
        case .string("Infinity")?: return .infinity
        case .string("-Infinity")?: return -.infinity
        default: throw RecordError("\(what) must be a number")
        }
    }

    static func date(_ value: JSONValue?, _ what: String) throws(RecordError) -> Date {
        let seconds = try double(value, what)
        guard seconds.isFinite else { throw RecordError("\(what) must be a finite number of seconds") }
        return Date(timeIntervalSinceReferenceDate: seconds)
    }

    static func doubles(_ value: JSONValue?, _ what: String) throws(RecordError) -> [Double] {
        guard case .array(let elements)? = value else { throw RecordError("\(what) must be an array of numbers") }
        var result: [Double] = []
        result.reserveCapacity(elements.count)
        for element in elements { result.append(try double(element, what)) }
        return result
    }

    static func state(_ value: JSONValue?, _ what: String) throws(RecordError) -> TrialState {
        let text = try string(value, what)
        guard let state = TrialState(rawValue: text) else { throw RecordError("\(what): unknown trial state \"\(text)\"") }
        return state
    }

    static func parameterValue(_ value: JSONValue?, _ what: String) throws(RecordError) -> ParameterValue {
        let object = try object(value, what)
        guard object.members.count == 1, let member = object.members.first else {
            throw RecordError("\(what) must have exactly one of the keys float, int, string, bool")
        }
        switch member.key {
        case "float": return .float(try double(member.value, what))
        case "int": return .int(try int(member.value, what))
        case "string": return .string(try string(member.value, what))
        case "bool": return .bool(try bool(member.value, what))
        default: throw RecordError("\(what): unknown kind \"\(member.key)\"")
        }
    }

    static func parameterValues(_ value: JSONValue?, _ what: String) throws(RecordError) -> [String: ParameterValue] {
        guard let object = try optionalObject(value, what) else { return [:] }
        var result: [String: ParameterValue] = [:]
        result.reserveCapacity(object.members.count)
        for (name, element) in object.members { result[name] = try parameterValue(element, "\(what) \"\(name)\"") }
        return result
    }

    static func distribution(_ value: JSONValue?, _ what: String) throws(RecordError) -> Distribution {
        let object = try object(value, what)
        guard object.members.count == 1, let member = object.members.first else {
            throw RecordError("\(what) must have exactly one of the keys float, int, categorical")
        }
        let body = try Self.object(member.value, what)
        do {
            switch member.key {
            case "float":
                let step: Double? = try body["step"].map { (step) throws(RecordError) in try double(step, "\(what) step") }
                return .float(
                    try FloatDistribution(
                        low: try double(body["low"], "\(what) low"), high: try double(body["high"], "\(what) high"),
                        step: step, log: try body["log"].map { (log) throws(RecordError) in try bool(log, "\(what) log") } ?? false))
            case "int":
                return .int(
                    try IntDistribution(
                        low: try int(body["low"], "\(what) low"), high: try int(body["high"], "\(what) high"),
                        step: try body["step"].map { (step) throws(RecordError) in try int(step, "\(what) step") } ?? 1,
                        log: try body["log"].map { (log) throws(RecordError) in try bool(log, "\(what) log") } ?? false))
            case "categorical":
                guard case .array(let elements)? = body["choices"] else { throw RecordError("\(what) choices must be an array") }
                var choices: [ParameterValue] = []
                choices.reserveCapacity(elements.count)
                for element in elements { choices.append(try parameterValue(element, "\(what) choice")) }
                return .categorical(try CategoricalDistribution(choices))
            default:
                throw RecordError("\(what): unknown kind \"\(member.key)\"")
            }
        } catch let error as SearchSpaceError {
            throw RecordError("\(what): \(error.description)")
        } catch let error as RecordError {
            throw error
        } catch {
            throw RecordError("\(what): \(error)")
        }
    }

    mutating func parameter(_ value: JSONValue?, name: String, _ what: String) throws(RecordError) -> Parameter {
        let object = try Self.object(value, what)
        var distribution = try Self.distribution(object["distribution"], "\(what) distribution")
        if let last = lastDistributions[name], last == distribution {
            distribution = last
        } else {
            lastDistributions[name] = distribution
        }
        let external = try Self.parameterValue(object["value"], "\(what) value")
        do {
            return try Parameter(distribution: distribution, value: external)
        } catch {
            throw RecordError("\(what): \(error.description)")
        }
    }

    mutating func parameters(_ value: JSONValue?, _ what: String) throws(RecordError) -> [String: Parameter] {
        guard let object = try Self.optionalObject(value, what) else { return [:] }
        var result: [String: Parameter] = [:]
        result.reserveCapacity(object.members.count)
        for (name, element) in object.members {
            result[name] = try parameter(element, name: name, "\(what) \"\(name)\"")
        }
        return result
    }

    /// Plain JSON as an attribute value; strings stay strings (a non-finite `.double` attribute,
    /// written as "NaN", "Infinity" or "-Infinity", reads back as that string).
    static func attribute(_ value: JSONValue) -> AttributeValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .array(let elements): .array(elements.map(attribute))
        case .object(let object):
            .object(Dictionary(object.members.map { ($0.key, attribute($0.value)) }, uniquingKeysWith: { _, last in last }))
        }
    }

    static func attributes(_ value: JSONValue?, _ what: String) throws(RecordError) -> [String: AttributeValue] {
        guard let object = try optionalObject(value, what) else { return [:] }
        var result: [String: AttributeValue] = [:]
        result.reserveCapacity(object.members.count)
        for (name, element) in object.members { result[name] = attribute(element) }
        return result
    }

    static func intermediateValues(_ value: JSONValue?, _ what: String) throws(RecordError) -> [Int: Double] {
        guard let object = try optionalObject(value, what) else { return [:] }
        var result: [Int: Double] = [:]
        result.reserveCapacity(object.members.count)
        for (key, element) in object.members {
            guard let step = Int(key) else { throw RecordError("\(what): step \"\(key)\" is not an integer") }
            result[step] = try double(element, "\(what) step \(step)")
        }
        return result
    }

    mutating func trialRecord(_ value: JSONValue?, _ what: String) throws(RecordError) -> TrialRecord {
        let object = try Self.object(value, what)
        return TrialRecord(
            number: try Self.int(object["number"], "\(what) number"),
            state: try Self.state(object["state"], "\(what) state"),
            values: try object["values"].map { (values) throws(RecordError) in try Self.doubles(values, "\(what) values") },
            parameters: try parameters(object["parameters"], "\(what) parameters"),
            intermediateValues: try Self.intermediateValues(object["intermediateValues"], "\(what) intermediateValues"),
            userAttributes: try Self.attributes(object["userAttributes"], "\(what) userAttributes"),
            systemAttributes: try Self.attributes(object["systemAttributes"], "\(what) systemAttributes"),
            fixedParams: try Self.parameterValues(object["fixedParams"], "\(what) fixedParams"),
            startDate: try object["startDate"].map { (date) throws(RecordError) in try Self.date(date, "\(what) startDate") },
            endDate: try object["endDate"].map { (date) throws(RecordError) in try Self.date(date, "\(what) endDate") })
    }
}
