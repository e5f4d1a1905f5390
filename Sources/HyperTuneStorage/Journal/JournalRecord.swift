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

    /// Appends the record's line (with its newline) to `writer`.
    func write(to writer: inout JSONWriter) {
        let start = writer.bytes.count
        writer.beginObject()
        writer.key("v")
        writer.int(Self.version)
        writer.key("op")
        switch self {
        case .header:
            writer.string("header")
            writer.key("format")
            writer.string(Self.format)
        case .createStudy(let study, let name, let directions):
            writer.string("createStudy")
            writer.key("study")
            writer.int(study.rawValue)
            writer.key("name")
            writer.string(name)
            writer.key("directions")
            writer.beginArray()
            for direction in directions { writer.string(direction.rawValue) }
            writer.endArray()
        case .deleteStudy(let study):
            writer.string("deleteStudy")
            writer.key("study")
            writer.int(study.rawValue)
        case .setStudyAttribute(let study, let key, let value, let system):
            writer.string("setStudyAttribute")
            writer.key("study")
            writer.int(study.rawValue)
            writer.key("key")
            writer.string(key)
            writer.key("value")
            writer.attribute(value)
            writer.key("system")
            writer.bool(system)
        case .enqueueTrial(let trial, let params, let userAttributes, let systemAttributes):
            writer.string("enqueueTrial")
            Self.write(trial, to: &writer)
            if !params.isEmpty {
                writer.key("params")
                writer.parameterValues(params)
            }
            Self.writeAttributes(user: userAttributes, system: systemAttributes, to: &writer)
        case .startTrial(let trial, let date, let fresh):
            writer.string("startTrial")
            Self.write(trial, to: &writer)
            writer.key("date")
            writer.date(date)
            if let fresh {
                writer.key("fresh")
                writer.beginObject()
                if let claim = fresh.claim {
                    writer.key("claim")
                    writer.string(claim)
                }
                Self.writeAttributes(user: [:], system: fresh.systemAttributes, to: &writer)
                writer.endObject()
            }
        case .updateTrial(let trial, let date, let update):
            writer.string("updateTrial")
            Self.write(trial, to: &writer)
            writer.key("date")
            writer.date(date)
            if !update.parameters.isEmpty {
                writer.key("parameters")
                writer.parameters(update.parameters)
            }
            if !update.intermediateValues.isEmpty {
                writer.key("intermediateValues")
                writer.intermediateValues(update.intermediateValues)
            }
            Self.writeAttributes(user: update.userAttributes, system: update.systemAttributes, to: &writer)
            if let finish = update.finish {
                writer.key("finish")
                writer.beginObject()
                writer.key("state")
                writer.string(finish.state.rawValue)
                if let values = finish.values {
                    writer.key("values")
                    writer.doubles(values)
                }
                writer.endObject()
            }
        case .heartbeat(let trial, let date):
            writer.string("heartbeat")
            Self.write(trial, to: &writer)
            writer.key("date")
            writer.date(date)
        case .failTrials(let study, let trials, let reason, let requeue, let date):
            writer.string("failTrials")
            writer.key("study")
            writer.int(study.rawValue)
            writer.key("trials")
            writer.beginArray()
            for number in trials { writer.int(number) }
            writer.endArray()
            writer.key("reason")
            writer.string(reason)
            writer.key("requeue")
            writer.bool(requeue)
            writer.key("date")
            writer.date(date)
        case .addTrial(let trial, let record):
            writer.string("addTrial")
            Self.write(trial, to: &writer)
            writer.key("record")
            writer.trialRecord(record)
        }
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

    private static func write(_ trial: TrialID, to writer: inout JSONWriter) {
        writer.key("study")
        writer.int(trial.study.rawValue)
        writer.key("trial")
        writer.int(trial.number)
    }

    private static func writeAttributes(
        user: [String: AttributeValue], system: [String: AttributeValue], to writer: inout JSONWriter
    ) {
        if !user.isEmpty {
            writer.key("userAttributes")
            writer.attributes(user)
        }
        if !system.isEmpty {
            writer.key("systemAttributes")
            writer.attributes(system)
        }
    }

    // MARK: Reading

    /// Reads a line (without its newline).
    ///
    /// - Throws: ``RecordError``: `syntax` when the line is not valid JSON, `unsupportedVersion`
    ///   for a version newer than ``version``, `invalid` for anything else that is not a record.
    init(line: UnsafeBufferPointer<UInt8>, reader: inout JournalValueReader) throws(RecordError) {
        let checksummed = try Self.verifyChecksum(line)
        // One pass validates the line and finds the members; then, once the version and the
        // operation are known, their values are read.
        var v: JSONScanner?
        var op: JSONScanner?
        var members = Members()
        let isObject: Bool
        do {
            isObject = try JSONScanner.validate(line) { key, scanner in
                if key.is("v") {
                    v = scanner
                } else if key.is("op") {
                    op = scanner
                } else if let member = Member(key) {
                    members[member] = scanner
                }
            }
        } catch {
            throw RecordError("not valid JSON (\(error.reason) at byte \(error.offset) of the line)", kind: .syntax(error))
        }
        guard isObject else { throw RecordError("a record must be a JSON object") }
        guard var v else { throw RecordError("the record has no version \"v\"") }
        let version = try v.readInt("the version \"v\"")
        guard version <= Self.version else {
            throw RecordError(
                "the record has format version \(version), but this version of HyperTune reads version \(Self.version) at most; update HyperTune to read it",
                kind: .unsupportedVersion)
        }
        guard version >= 1 else { throw RecordError("the version \"v\" must be at least 1, got \(version)") }
        guard checksummed || version < Self.checksummedVersion else {
            throw RecordError("a version \(version) record must end with its checksum \"crc\"", kind: .checksum)
        }
        guard var op else { throw RecordError("the record has no operation \"op\"") }
        let operation = try op.readString("the operation \"op\"")

        func field(_ member: Member) throws(RecordError) -> JSONScanner {
            guard let scanner = members[member] else { throw RecordError("\"\(operation)\" needs \"\(member.name)\"") }
            return scanner
        }
        func study() throws(RecordError) -> StudyID {
            var scanner = try field(.study)
            return StudyID(rawValue: try scanner.readInt("\"study\""))
        }
        func trial() throws(RecordError) -> TrialID {
            var scanner = try field(.trial)
            return TrialID(study: try study(), number: try scanner.readInt("\"trial\""))
        }
        func date() throws(RecordError) -> Date {
            var scanner = try field(.date)
            return try JournalValueReader.date(&scanner, "\"date\"")
        }
        func string(_ member: Member) throws(RecordError) -> String {
            var scanner = try field(member)
            return try scanner.readString("\"\(member.name)\"")
        }
        func bool(_ member: Member) throws(RecordError) -> Bool {
            var scanner = try field(member)
            return try scanner.readBool("\"\(member.name)\"")
        }
        func attributes(_ member: Member) throws(RecordError) -> [String: AttributeValue] {
            guard var scanner = members[member] else { return [:] }
            return try JournalValueReader.attributes(&scanner, "\"\(member.name)\"")
        }

        switch operation {
        case "header":
            let format = try string(.format)
            guard format == Self.format else { throw RecordError("the header names format \"\(format)\", not \"\(Self.format)\"") }
            self = .header
        case "createStudy":
            var scanner = try field(.directions)
            var directions: [StudyDirection] = []
            try scanner.readArray("\"directions\"") { (scanner) throws(RecordError) in
                let text = try scanner.readString("a direction")
                guard let direction = StudyDirection(rawValue: text) else { throw RecordError("unknown direction \"\(text)\"") }
                directions.append(direction)
            }
            self = .createStudy(study: try study(), name: try string(.name), directions: directions)
        case "deleteStudy":
            self = .deleteStudy(study: try study())
        case "setStudyAttribute":
            var value = try field(.value)
            self = .setStudyAttribute(
                study: try study(), key: try string(.key), value: JournalValueReader.attribute(value.readValue()),
                system: try bool(.system))
        case "enqueueTrial":
            var params: [String: ParameterValue] = [:]
            if var scanner = members[.params] { params = try JournalValueReader.parameterValues(&scanner, "\"params\"") }
            self = .enqueueTrial(
                trial: try trial(), params: params, userAttributes: try attributes(.userAttributes),
                systemAttributes: try attributes(.systemAttributes))
        case "startTrial":
            var fresh: NewTrial?
            if var scanner = members[.fresh] {
                var body = NewTrial()
                try scanner.readObject("\"fresh\"") { (scanner, key) throws(RecordError) in
                    if key.is("claim") {
                        body.claim = try scanner.readString("\"fresh.claim\"")
                    } else if key.is("systemAttributes") {
                        body.systemAttributes = try JournalValueReader.attributes(&scanner, "\"fresh.systemAttributes\"")
                    } else {
                        scanner.skipValue()
                    }
                }
                fresh = body
            }
            self = .startTrial(trial: try trial(), date: try date(), fresh: fresh)
        case "updateTrial":
            var update = TrialUpdate()
            if var scanner = members[.parameters] { update.parameters = try reader.parameters(&scanner, "\"parameters\"") }
            if var scanner = members[.intermediateValues] {
                update.intermediateValues = try JournalValueReader.intermediateValues(&scanner, "\"intermediateValues\"")
            }
            update.userAttributes = try attributes(.userAttributes)
            update.systemAttributes = try attributes(.systemAttributes)
            if var scanner = members[.finish] {
                var state: TrialState?
                var values: [Double]?
                try scanner.readObject("\"finish\"") { (scanner, key) throws(RecordError) in
                    if key.is("state") {
                        state = try JournalValueReader.state(&scanner, "\"finish.state\"")
                    } else if key.is("values") {
                        values = try JournalValueReader.doubles(&scanner, "\"finish.values\"")
                    } else {
                        scanner.skipValue()
                    }
                }
                guard let state else { throw RecordError("\"finish\" needs a state") }
                update.finish = TrialFinish(state: state, values: values)
            }
            self = .updateTrial(trial: try trial(), date: try date(), update: update)
        case "heartbeat":
            self = .heartbeat(trial: try trial(), date: try date())
        case "failTrials":
            var scanner = try field(.trials)
            self = .failTrials(
                study: try study(), trials: try JournalValueReader.ints(&scanner, "\"trials\""), reason: try string(.reason),
                requeue: try bool(.requeue), date: try date())
        case "addTrial":
            var scanner = try field(.record)
            self = .addTrial(trial: try trial(), record: try reader.trialRecord(&scanner, "\"record\""))
        default:
            throw RecordError("unknown operation \"\(operation)\"")
        }
    }

    /// The members a record may have besides `v` and `op`.
    private enum Member: Int, CaseIterable {
        // Most records have only study, trial and date (and parameters): those are tested first.
        case study, trial, date, parameters, finish, fresh, format, name, directions, key, value, system, params
        case userAttributes, systemAttributes, intermediateValues, trials, reason, requeue, record

        static let names: [StaticString] = [
            "study", "trial", "date", "parameters", "finish", "fresh", "format", "name", "directions", "key", "value", "system",
            "params", "userAttributes", "systemAttributes", "intermediateValues", "trials", "reason", "requeue", "record",
        ]

        var name: String { String(describing: Self.names[rawValue]) }

        init?(_ key: JSONScanner.Key) {
            guard let index = Self.names.firstIndex(where: { key.is($0) }) else { return nil }
            self.init(rawValue: index)
        }
    }

    /// Where each member's value starts in a line.
    private struct Members {
        private var scanners = [JSONScanner?](repeating: nil, count: Member.allCases.count)

        subscript(member: Member) -> JSONScanner? {
            get { scanners[member.rawValue] }
            set { scanners[member.rawValue] = newValue }
        }
    }
}
