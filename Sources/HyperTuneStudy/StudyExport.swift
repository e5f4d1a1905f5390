public import Foundation
public import HyperTuneCore
import HyperTuneSearchSpace

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
