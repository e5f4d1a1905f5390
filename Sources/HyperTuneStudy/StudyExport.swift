public import Foundation
public import HyperTuneCore
public import HyperTuneSearchSpace

/// A study's name, directions, attributes and trials, as one `Codable` value: the JSON export.
///
/// ```swift
/// let data = try await study.exportJSON()
/// let restored = try StudyExport(json: data)          // a malformed file is an ExportError naming the field
/// ```
///
/// The JSON keeps everything a trial holds (parameters with their distributions, values,
/// intermediate values, attributes, dates), so `StudyExport(json:)` of an export equals the export.
public struct StudyExport: Sendable, Hashable, Codable {
    /// The version of the export format this library writes.
    public static let currentFormatVersion = 1

    /// The format version of this export.
    public var formatVersion: Int
    /// The study's name.
    public var name: String
    /// One direction per objective.
    public var directions: [StudyDirection]
    /// The study's user attributes.
    public var userAttributes: [String: AttributeValue]
    /// Every trial, by number.
    public var trials: [TrialRecord]

    /// Creates an export.
    public init(
        name: String, directions: [StudyDirection], userAttributes: [String: AttributeValue] = [:], trials: [TrialRecord]
    ) {
        self.formatVersion = Self.currentFormatVersion
        self.name = name
        self.directions = directions
        self.userAttributes = userAttributes
        self.trials = trials
    }

    /// Decodes an export written by ``jsonData(prettyPrinted:)`` (or by `Study.exportJSON`).
    ///
    /// - Throws: ``ExportError`` naming the field (its coding path) when the JSON is malformed, a
    ///   value breaks a rule (a parameter outside its distribution, say), or the format version is
    ///   newer than this library understands.
    public init(json data: Data) throws(ExportError) {
        let decoded: StudyExport
        do {
            decoded = try Self.decoder.decode(StudyExport.self, from: data)
        } catch let error as DecodingError {
            // An export of an earlier version spells non-finite numbers "nan", "inf", "-inf".
            guard let legacy = try? Self.legacyDecoder.decode(StudyExport.self, from: data) else { throw ExportError(decoding: error) }
            decoded = legacy
        } catch {
            throw ExportError(field: nil, detail: "\(error)")
        }
        guard decoded.formatVersion <= Self.currentFormatVersion else {
            throw ExportError(
                field: "formatVersion",
                detail: "format version \(decoded.formatVersion) is newer than this library's (\(Self.currentFormatVersion))")
        }
        self = decoded
    }

    /// The export as JSON. Non-finite numbers (NaN intermediate values, say) are written as the
    /// strings `"NaN"`, `"Infinity"` and `"-Infinity"`, as in the journal (exports of earlier
    /// versions, with `"nan"`, `"inf"` and `"-inf"`, still read); dates as seconds since 2001-01-01 00:00 UTC
    /// (Foundation's reference date), the one representation that converts back to the same `Date`
    /// exactly (seconds since 1970 round-trip to a neighbouring `Date` almost half the time).
    public func jsonData(prettyPrinted: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: NonFiniteSpelling.infinity, negativeInfinity: NonFiniteSpelling.negativeInfinity, nan: NonFiniteSpelling.nan)
        return try encoder.encode(self)
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: NonFiniteSpelling.infinity, negativeInfinity: NonFiniteSpelling.negativeInfinity, nan: NonFiniteSpelling.nan)
        return decoder
    }

    /// The decoder of exports written before the spelling was `NaN` / `Infinity`.
    private static var legacyDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    private enum CodingKeys: String, CodingKey {
        case formatVersion, name, directions, userAttributes, trials
    }

    /// Decodes the fields; a missing `userAttributes` is empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        name = try c.decode(String.self, forKey: .name)
        directions = try c.decode([StudyDirection].self, forKey: .directions)
        userAttributes = try c.decodeIfPresent([String: AttributeValue].self, forKey: .userAttributes) ?? [:]
        trials = try c.decode([TrialRecord].self, forKey: .trials)
    }
}

/// A set of parameter values kept outside a study: a golden configuration, the best parameters of
/// a run, a warm start. Plain JSON (`{"lr": 0.01, "layers": 2, "optimizer": "adam"}`), easy to read
/// and edit, and loadable back into ``Study/enqueueTrial(_:userAttributes:skipIfExists:)-(ParameterSet,_,_)``.
///
/// JSON has one number type, so `2.0` may come back as the integer `2`: suggesting it as a float
/// (or as a categorical choice `2.0`) still gives 2.0, since enqueued values are matched by value.
public struct ParameterSet: Sendable, Hashable, Codable {
    /// The values, by name.
    public var values: [String: ParameterValue]

    /// Wraps `values`.
    public init(_ values: [String: ParameterValue]) { self.values = values }

    /// Decodes a parameter set from plain JSON.
    ///
    /// - Throws: ``ExportError`` naming the field when the JSON is not an object of strings,
    ///   numbers and Booleans.
    public init(json data: Data) throws(ExportError) {
        do {
            self = try JSONDecoder().decode(ParameterSet.self, from: data)
        } catch let error as DecodingError {
            throw ExportError(decoding: error)
        } catch {
            throw ExportError(field: nil, detail: "\(error)")
        }
    }

    /// The set as plain JSON, keys sorted.
    public func jsonData(prettyPrinted: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        return try encoder.encode(self)
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes an object whose members are strings, numbers (integers as `.int`) or Booleans.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var values: [String: ParameterValue] = [:]
        for key in container.allKeys {
            if let value = try? container.decode(Bool.self, forKey: key) {
                values[key.stringValue] = .bool(value)
            } else if let value = try? container.decode(Int.self, forKey: key) {
                values[key.stringValue] = .int(value)
            } else if let value = try? container.decode(Double.self, forKey: key) {
                values[key.stringValue] = .float(value)
            } else if let value = try? container.decode(String.self, forKey: key) {
                values[key.stringValue] = .string(value)
            } else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "a parameter value must be a string, a number or a Boolean")
            }
        }
        self.values = values
    }

    /// Encodes an object of plain JSON values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in values {
            let key = Key(stringValue: name)
            switch value {
            case .float(let number): try container.encode(number, forKey: key)
            case .int(let number): try container.encode(number, forKey: key)
            case .string(let text): try container.encode(text, forKey: key)
            case .bool(let flag): try container.encode(flag, forKey: key)
            }
        }
    }
}

/// An import could not be read: malformed JSON or CSV, or a value that breaks a rule.
public struct ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field concerned: a JSON coding path (`trials[2].state`) or a CSV line and column
    /// (`line 3, column "params_lr"`), when known.
    public var field: String?
    /// What is wrong.
    public var detail: String

    /// Creates an error.
    public init(field: String?, detail: String) {
        self.field = field
        self.detail = detail
    }

    init(decoding error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String? {
            guard !codingPath.isEmpty else { return nil }
            var text = ""
            for key in codingPath {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            self.init(field: (parent.map { $0 + "." } ?? "") + key.stringValue, detail: "missing")
        case .typeMismatch(let type, let context):
            self.init(field: path(context.codingPath), detail: "expected \(type): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            self.init(field: path(context.codingPath), detail: "expected \(type), found null")
        case .dataCorrupted(let context):
            self.init(field: path(context.codingPath), detail: context.debugDescription)
        @unknown default:
            self.init(field: nil, detail: "\(error)")
        }
    }

    /// `field "PATH": DETAIL`, or the detail alone.
    public var description: String {
        if let field { "field \"\(field)\": \(detail)" } else { detail }
    }
}

extension Study {
    /// The study as an ``StudyExport`` value.
    ///
    /// - Complexity: O(n log n) in the trials.
    public func export() async throws -> StudyExport {
        let snapshot = try await storage.snapshot(of: id)
        let info = try await storage.studyInfo(id)
        return StudyExport(name: name, directions: directions, userAttributes: info.userAttributes, trials: snapshot.trials())
    }

    /// The study as JSON (see ``StudyExport``).
    public func exportJSON(prettyPrinted: Bool = true) async throws -> Data {
        try await export().jsonData(prettyPrinted: prettyPrinted)
    }

    /// The study's trials as CSV, one row per trial (see ``TrialTable``).
    public func exportCSV() async throws -> String {
        TrialTable(try await export()).csv
    }

    /// The best trial's parameters as a ``ParameterSet`` (single objective).
    ///
    /// - Throws: as ``bestTrial``.
    public var bestParameterSet: ParameterSet {
        get async throws { ParameterSet(try await bestTrial.params) }
    }

    /// Enqueues the values of `parameters` (see ``enqueueTrial(_:userAttributes:skipIfExists:)``).
    public func enqueueTrial(
        _ parameters: ParameterSet, userAttributes: [String: AttributeValue] = [:], skipIfExists: Bool = false
    ) async throws {
        try await enqueueTrial(parameters.values, userAttributes: userAttributes, skipIfExists: skipIfExists)
    }
}
