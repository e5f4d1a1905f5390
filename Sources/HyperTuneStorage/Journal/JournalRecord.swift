import Foundation
import HyperTuneCore
import HyperTuneSearchSpace

/// One line of a journal: an operation on the storage, with everything needed to replay it.
///
/// Every line is a JSON object with the record format version `v` and the operation `op`; the
/// other members depend on the operation (see `Docs/Storage.md`). Operations carry the date the
/// writer used, and the results the writer computed (the new study's identifier, the new trial's
/// number) as checks: replaying a record must give the same result, or the journal is corrupt.
enum JournalRecord: Equatable {
    /// The record format this version writes and reads. A newer one is refused.
    static let version = 1
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
    /// - Throws: ``StorageError`` when the model refuses the operation or the result differs: the
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
        writer.endObject()
        writer.newline()
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

    /// Interprets a parsed line.
    ///
    /// - Throws: ``RecordError``: `unsupportedVersion` for a version newer than ``version``,
    ///   `invalid` for anything else that is not a record.
    init(_ value: JSONValue, reader: inout JournalValueReader) throws(RecordError) {
        guard case .object(let object) = value else { throw RecordError("a record must be a JSON object") }
        guard let version = object["v"] else { throw RecordError("the record has no version \"v\"") }
        let v = try JournalValueReader.int(version, "the version \"v\"")
        guard v <= Self.version else {
            throw RecordError(
                "the record has format version \(v), but this version of HyperTune reads version \(Self.version) at most; update HyperTune to read it",
                kind: .unsupportedVersion)
        }
        guard v >= 1 else { throw RecordError("the version \"v\" must be at least 1, got \(v)") }
        let op = try JournalValueReader.string(object["op"], "the operation \"op\"")
        func study() throws(RecordError) -> StudyID {
            StudyID(rawValue: try JournalValueReader.int(object["study"], "\"study\""))
        }
        func trial() throws(RecordError) -> TrialID {
            TrialID(study: try study(), number: try JournalValueReader.int(object["trial"], "\"trial\""))
        }
        func date() throws(RecordError) -> Date { try JournalValueReader.date(object["date"], "\"date\"") }
        switch op {
        case "header":
            let format = try JournalValueReader.string(object["format"], "\"format\"")
            guard format == Self.format else { throw RecordError("the header names format \"\(format)\", not \"\(Self.format)\"") }
            self = .header
        case "createStudy":
            guard case .array(let elements)? = object["directions"] else { throw RecordError("\"directions\" must be an array") }
            var directions: [StudyDirection] = []
            for element in elements {
                let text = try JournalValueReader.string(element, "a direction")
                guard let direction = StudyDirection(rawValue: text) else { throw RecordError("unknown direction \"\(text)\"") }
                directions.append(direction)
            }
            self = .createStudy(study: try study(), name: try JournalValueReader.string(object["name"], "\"name\""), directions: directions)
        case "deleteStudy":
            self = .deleteStudy(study: try study())
        case "setStudyAttribute":
            guard let value = object["value"] else { throw RecordError("\"value\" is missing") }
            self = .setStudyAttribute(
                study: try study(), key: try JournalValueReader.string(object["key"], "\"key\""),
                value: JournalValueReader.attribute(value), system: try JournalValueReader.bool(object["system"], "\"system\""))
        case "enqueueTrial":
            self = .enqueueTrial(
                trial: try trial(), params: try JournalValueReader.parameterValues(object["params"], "\"params\""),
                userAttributes: try JournalValueReader.attributes(object["userAttributes"], "\"userAttributes\""),
                systemAttributes: try JournalValueReader.attributes(object["systemAttributes"], "\"systemAttributes\""))
        case "startTrial":
            var fresh: NewTrial?
            if let body = try JournalValueReader.optionalObject(object["fresh"], "\"fresh\"") {
                fresh = NewTrial(
                    systemAttributes: try JournalValueReader.attributes(body["systemAttributes"], "\"fresh.systemAttributes\""),
                    claim: try body["claim"].map { (claim) throws(RecordError) in try JournalValueReader.string(claim, "\"fresh.claim\"") })
            }
            self = .startTrial(trial: try trial(), date: try date(), fresh: fresh)
        case "updateTrial":
            var finish: TrialFinish?
            if let body = try JournalValueReader.optionalObject(object["finish"], "\"finish\"") {
                finish = TrialFinish(
                    state: try JournalValueReader.state(body["state"], "\"finish.state\""),
                    values: try body["values"].map { (values) throws(RecordError) in
                        try JournalValueReader.doubles(values, "\"finish.values\"")
                    })
            }
            let update = TrialUpdate(
                parameters: try reader.parameters(object["parameters"], "\"parameters\""),
                intermediateValues: try JournalValueReader.intermediateValues(object["intermediateValues"], "\"intermediateValues\""),
                userAttributes: try JournalValueReader.attributes(object["userAttributes"], "\"userAttributes\""),
                systemAttributes: try JournalValueReader.attributes(object["systemAttributes"], "\"systemAttributes\""),
                finish: finish)
            self = .updateTrial(trial: try trial(), date: try date(), update: update)
        case "heartbeat":
            self = .heartbeat(trial: try trial(), date: try date())
        case "failTrials":
            guard case .array(let elements)? = object["trials"] else { throw RecordError("\"trials\" must be an array") }
            var trials: [Int] = []
            for element in elements { trials.append(try JournalValueReader.int(element, "a trial number")) }
            self = .failTrials(
                study: try study(), trials: trials, reason: try JournalValueReader.string(object["reason"], "\"reason\""),
                requeue: try JournalValueReader.bool(object["requeue"], "\"requeue\""), date: try date())
        case "addTrial":
            self = .addTrial(trial: try trial(), record: try reader.trialRecord(object["record"], "\"record\""))
        default:
            throw RecordError("unknown operation \"\(op)\"")
        }
    }
}
