import Foundation
import HyperTuneCore
import HyperTuneSearchSpace

/// One line of a journal: an operation on the storage, with everything needed to replay it.
///
/// Every line is a JSON object with the record format version `v` and the operation `op`; the
/// other members depend on the operation (see `Docs/Storage.md`). From version 2 on, the last
/// member is `"crc"`: the CRC-32C (``HyperTuneCore/CRC32/castagnoli``) of the line's bytes before
/// `,"crc":`, as eight lowercase hexadecimal digits, so that any changed byte is detected.
/// Version 1 records (without it) are still read. Operations carry the date the
/// writer used, and the results the writer computed (the new study's identifier, the new trial's
/// number) as checks: replaying a record must give the same result, or the journal is corrupt.
enum JournalRecord: Equatable {
    /// The record format this version writes and reads. A newer one is refused.
    static let version = 2
    /// The first version whose records end with a checksum.
    static let checksummedVersion = 2
    /// The end of a checksummed line: `,"crc":"`, eight hexadecimal digits, `"}`.
    static let checksumPrefix: [UInt8] = Array(#","crc":""#.utf8)
    static let checksumSuffixLength = checksumPrefix.count + 8 + 2
    /// The first line of every journal.
    static let format = "hypertune-journal"

    /// The first line: names the format.
    case header
    case createStudy(study: StudyID, name: String, directions: [StudyDirection])
    case deleteStudy(study: StudyID)
    case setStudyAttribute(study: StudyID, key: String, value: AttributeValue, system: Bool)
    case enqueueTrial(
        trial: TrialID, params: [String: ParameterValue], userAttributes: [String: AttributeValue],
        systemAttributes: [String: AttributeValue])
    /// Starts `trial`: the oldest waiting trial when there is one (then `fresh` is nil), else a
    /// new trial made from `fresh`.
    case startTrial(trial: TrialID, date: Date, fresh: NewTrial?)
    case updateTrial(trial: TrialID, date: Date, update: TrialUpdate)
    case heartbeat(trial: TrialID, date: Date)
    case failTrials(study: StudyID, trials: [Int], reason: String, requeue: Bool, date: Date)
    /// A trial copied from another storage; `trial` is the number it gets here.
    case addTrial(trial: TrialID, record: TrialRecord)

    /// Whether, under ``JournalStorage/SyncPolicy/finishedTrials``, the record is synced before
    /// its operation returns: every record but starting a trial, a trial update that does not
    /// finish it, and a heartbeat.
    var isDurabilityPoint: Bool {
        switch self {
        case .header, .startTrial, .heartbeat: false
        case .updateTrial(_, _, let update): update.finish != nil
        case .createStudy, .deleteStudy, .setStudyAttribute, .enqueueTrial, .failTrials, .addTrial: true
        }
    }

    // MARK: Applying

    /// Applies the operation to `model`, checking that it gives the recorded result.
    ///
    /// - Throws: ``HyperTuneCore/StorageError`` when the model refuses the operation or the result differs: the
    ///   caller reports the journal as corrupt at this line.
    func apply(to model: inout StorageModel) throws(StorageError) {
        func check(_ got: Int, _ expected: Int, _ what: String) throws(StorageError) {
            guard got == expected else {
                throw StorageError(.corrupt, "replaying it gives \(what) \(got), but the record says \(expected)")
            }
        }
        switch self {
        case .header:
            break
        case .createStudy(let study, let name, let directions):
            try check(try model.createStudy(name: name, directions: directions).rawValue, study.rawValue, "study id")
        case .deleteStudy(let study):
            try model.deleteStudy(study)
        case .setStudyAttribute(let study, let key, let value, let system):
            try model.setStudyAttribute(study, key: key, value: value, system: system)
        case .enqueueTrial(let trial, let params, let userAttributes, let systemAttributes):
            let record = try model.enqueueTrial(
                in: trial.study, params: params, userAttributes: userAttributes, systemAttributes: systemAttributes)
            try check(record.number, trial.number, "trial number")
        case .startTrial(let trial, let date, let fresh):
            guard let record = try model.startTrial(in: trial.study, fresh: fresh, date: date) else {
                throw StorageError(.corrupt, "replaying it starts no trial, but the record says trial \(trial.number)")
            }
            try check(record.number, trial.number, "trial number")
        case .updateTrial(let trial, let date, let update):
            _ = try model.updateTrial(trial, update, date: date)
        case .heartbeat(let trial, let date):
            try model.recordHeartbeat(trial, date: date)
        case .failTrials(let study, let trials, let reason, let requeue, let date):
            _ = try model.failTrials(in: study, numbers: trials, reason: reason, requeue: requeue, date: date)
        case .addTrial(let trial, let record):
            try check(try model.addTrial(record, to: trial.study).number, trial.number, "trial number")
        }
    }

    // MARK: Writing

    /// Appends the record's line (with its newline) to `writer`: its `Codable` form through
    /// ``JournalEncoder``, with the checksum as the last member.
    func write(to writer: inout JSONWriter) {
        let start = writer.bytes.count
        JournalEncoder.encode(self, into: &writer)
        writer.reopenObject()
        writer.endObject(checksummedFrom: start)
        writer.newline()
    }

    /// Checks the checksum that ends `line`, if it has one.
    ///
    /// - Returns: whether the line ends with a checksum (that matches).
    /// - Throws: ``RecordError`` (`checksum`) when it does not match.
    private static func verifyChecksum(_ line: UnsafeBufferPointer<UInt8>) throws(RecordError) -> Bool {
        let count = line.count
        guard count > checksumSuffixLength, line[count - 1] == UInt8(ascii: "}"), line[count - 2] == UInt8(ascii: "\"") else {
            return false
        }
        let prefixStart = count - checksumSuffixLength
        for (index, byte) in checksumPrefix.enumerated() where line[prefixStart + index] != byte { return false }
        var expected: UInt32 = 0
        for index in (count - 10)..<(count - 2) {
            let byte = line[index]
            // Lowercase only: an uppercase digit is a changed byte.
            guard let digit = JSONHex.digit(byte), byte < UInt8(ascii: "A") || byte > UInt8(ascii: "F") else {
                throw RecordError("the checksum \"crc\" is not eight lowercase hexadecimal digits", kind: .checksum)
            }
            expected = expected << 4 | UInt32(digit)
        }
        let actual = CRC32.castagnoli.checksum(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: line[..<prefixStart])))
        guard actual == expected else {
            throw RecordError(
                "the line's checksum is \(hex(actual)), but its \"crc\" says \(hex(expected)): the line was changed after it was written (a damaged disk or a hand edit)",
                kind: .checksum)
        }
        return true
    }

    /// Eight lowercase hexadecimal digits.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    // MARK: Reading

    /// Reads a line (without its newline).
    ///
    /// - Throws: ``RecordError``: `checksum` when the line's checksum does not match (or a
    ///   version 2 line has none), `syntax` when the line is not valid JSON, `unsupportedVersion`
    ///   for a version newer than ``version``, `invalid` for anything else that is not a record.
    init(line: UnsafeBufferPointer<UInt8>, reader: inout JournalDecoder) throws(RecordError) {
        let checksummed = try Self.verifyChecksum(line)
        do {
            try JSONScanner.validate(line)
        } catch {
            throw RecordError("not valid JSON (\(error.reason) at byte \(error.offset) of the line)", kind: .syntax(error))
        }
        var scanner = JSONScanner(line)
        scanner.skipWhitespace()
        guard scanner.nextKind == UInt8(ascii: "{") else { throw RecordError("a record must be a JSON object") }
        let envelope = try reader.decode(Envelope.self, from: scanner, "the record")
        guard checksummed || envelope.version < Self.checksummedVersion else {
            throw RecordError("a version \(envelope.version) record must end with its checksum \"crc\"", kind: .checksum)
        }
        self = envelope.record
    }

    /// A record with the version it was read with.
    private struct Envelope: Decodable {
        var version: Int
        var record: JournalRecord

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Member.self)
            guard container.contains(.v) else { throw RecordError("the record has no version \"v\"") }
            version = try container.decode(Int.self, forKey: .v)
            guard version <= JournalRecord.version else {
                throw RecordError(
                    "the record has format version \(version), but this version of HyperTune reads version \(JournalRecord.version) at most; update HyperTune to read it",
                    kind: .unsupportedVersion)
            }
            guard version >= 1 else { throw RecordError("the version \"v\" must be at least 1, got \(version)") }
            record = try JournalRecord(from: decoder)
        }
    }
}

// MARK: - Codable form

extension JournalRecord: Codable {
    /// The members of a record. Each line has `v` (the format version) and `op` (the operation);
    /// the others depend on the operation.
    fileprivate enum Member: String, CodingKey {
        case v, op, format, study, trial, date, name, directions, key, value, system, params, userAttributes, systemAttributes
        case fresh, parameters, intermediateValues, finish, trials, reason, requeue, record
    }

    /// The operation's name in `op`.
    private var operation: String {
        switch self {
        case .header: "header"
        case .createStudy: "createStudy"
        case .deleteStudy: "deleteStudy"
        case .setStudyAttribute: "setStudyAttribute"
        case .enqueueTrial: "enqueueTrial"
        case .startTrial: "startTrial"
        case .updateTrial: "updateTrial"
        case .heartbeat: "heartbeat"
        case .failTrials: "failTrials"
        case .addTrial: "addTrial"
        }
    }

    /// Encodes `v`, `op` and the operation's members; empty collections are left out.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Member.self)
        try c.encode(Self.version, forKey: .v)
        try c.encode(operation, forKey: .op)
        func encode(_ trial: TrialID) throws {
            try c.encode(trial.study.rawValue, forKey: .study)
            try c.encode(trial.number, forKey: .trial)
        }
        func encodeAttributes(user: [String: AttributeValue], system: [String: AttributeValue]) throws {
            if !user.isEmpty { try c.encode(user, forKey: .userAttributes) }
            if !system.isEmpty { try c.encode(system, forKey: .systemAttributes) }
        }
        switch self {
        case .header:
            try c.encode(Self.format, forKey: .format)
        case .createStudy(let study, let name, let directions):
            try c.encode(study.rawValue, forKey: .study)
            try c.encode(name, forKey: .name)
            try c.encode(directions, forKey: .directions)
        case .deleteStudy(let study):
            try c.encode(study.rawValue, forKey: .study)
        case .setStudyAttribute(let study, let key, let value, let system):
            try c.encode(study.rawValue, forKey: .study)
            try c.encode(key, forKey: .key)
            try c.encode(value, forKey: .value)
            try c.encode(system, forKey: .system)
        case .enqueueTrial(let trial, let params, let userAttributes, let systemAttributes):
            try encode(trial)
            if !params.isEmpty { try c.encode(params, forKey: .params) }
            try encodeAttributes(user: userAttributes, system: systemAttributes)
        case .startTrial(let trial, let date, let fresh):
            try encode(trial)
            try c.encode(date, forKey: .date)
            try c.encodeIfPresent(fresh, forKey: .fresh)
        case .updateTrial(let trial, let date, let update):
            try encode(trial)
            try c.encode(date, forKey: .date)
            if !update.parameters.isEmpty { try c.encode(update.parameters, forKey: .parameters) }
            if !update.intermediateValues.isEmpty {
                try c.encode(
                    Dictionary(uniqueKeysWithValues: update.intermediateValues.map { (String($0.key), $0.value) }),
                    forKey: .intermediateValues)
            }
            try encodeAttributes(user: update.userAttributes, system: update.systemAttributes)
            try c.encodeIfPresent(update.finish, forKey: .finish)
        case .heartbeat(let trial, let date):
            try encode(trial)
            try c.encode(date, forKey: .date)
        case .failTrials(let study, let trials, let reason, let requeue, let date):
            try c.encode(study.rawValue, forKey: .study)
            try c.encode(trials, forKey: .trials)
            try c.encode(reason, forKey: .reason)
            try c.encode(requeue, forKey: .requeue)
            try c.encode(date, forKey: .date)
        case .addTrial(let trial, let record):
            try encode(trial)
            try c.encode(record, forKey: .record)
        }
    }

    /// Decodes a record of any version this library reads (the caller checks `v`).
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Member.self)
        guard c.contains(.op) else { throw RecordError("the record has no operation \"op\"") }
        let operation = try c.decode(String.self, forKey: .op)
        func study() throws -> StudyID { StudyID(rawValue: try c.decode(Int.self, forKey: .study)) }
        func trial() throws -> TrialID { TrialID(study: try study(), number: try c.decode(Int.self, forKey: .trial)) }
        func date() throws -> Date { try c.decode(Date.self, forKey: .date) }
        func attributes(_ key: Member) throws -> [String: AttributeValue] {
            try c.decodeIfPresent([String: AttributeValue].self, forKey: key) ?? [:]
        }
        switch operation {
        case "header":
            let format = try c.decode(String.self, forKey: .format)
            guard format == Self.format else { throw RecordError("the header names format \"\(format)\", not \"\(Self.format)\"") }
            self = .header
        case "createStudy":
            self = .createStudy(
                study: try study(), name: try c.decode(String.self, forKey: .name),
                directions: try c.decode([StudyDirection].self, forKey: .directions))
        case "deleteStudy":
            self = .deleteStudy(study: try study())
        case "setStudyAttribute":
            self = .setStudyAttribute(
                study: try study(), key: try c.decode(String.self, forKey: .key), value: try c.decode(AttributeValue.self, forKey: .value),
                system: try c.decode(Bool.self, forKey: .system))
        case "enqueueTrial":
            self = .enqueueTrial(
                trial: try trial(), params: try c.decodeIfPresent([String: ParameterValue].self, forKey: .params) ?? [:],
                userAttributes: try attributes(.userAttributes), systemAttributes: try attributes(.systemAttributes))
        case "startTrial":
            self = .startTrial(trial: try trial(), date: try date(), fresh: try c.decodeIfPresent(NewTrial.self, forKey: .fresh))
        case "updateTrial":
            var update = TrialUpdate()
            update.parameters = try c.decodeIfPresent([String: Parameter].self, forKey: .parameters) ?? [:]
            for (key, value) in try c.decodeIfPresent([String: Double].self, forKey: .intermediateValues) ?? [:] {
                guard let step = Int(key) else { throw RecordError("\"intermediateValues\": step \"\(key)\" is not an integer") }
                update.intermediateValues[step] = value
            }
            update.userAttributes = try attributes(.userAttributes)
            update.systemAttributes = try attributes(.systemAttributes)
            update.finish = try c.decodeIfPresent(TrialFinish.self, forKey: .finish)
            self = .updateTrial(trial: try trial(), date: try date(), update: update)
        case "heartbeat":
            self = .heartbeat(trial: try trial(), date: try date())
        case "failTrials":
            self = .failTrials(
                study: try study(), trials: try c.decode([Int].self, forKey: .trials), reason: try c.decode(String.self, forKey: .reason),
                requeue: try c.decode(Bool.self, forKey: .requeue), date: try date())
        case "addTrial":
            self = .addTrial(trial: try trial(), record: try c.decode(TrialRecord.self, forKey: .record))
        default:
            throw RecordError("unknown operation \"\(operation)\"")
        }
    }
}
