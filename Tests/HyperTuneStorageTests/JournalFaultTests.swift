import Foundation
import HyperTuneCore
import HyperTuneSearchSpace
import HyperTuneTestSupport
import Testing

@testable import HyperTuneStorage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The faults of issue 16 that belong to the journal alone: each test failed before its fix.
@Suite("JournalStorage faults")
struct JournalFaultTests {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = try TemporaryDirectory("journal-faults")
        path = directory.file("studies.journal")
    }

    static func isCorrupt(_ error: any Error, line: Int) -> Bool {
        guard let error = error as? StorageError else { return false }
        return error.kind == .corrupt && error.detail.contains("line \(line):")
    }

    private func append(_ bytes: [UInt8]) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
    }

    private func lines() throws -> [[UInt8]] {
        try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map(Array.init)
    }

    private func write(lines: [[UInt8]]) throws {
        try Data(lines.joined(separator: [UInt8(ascii: "\n")])).write(to: URL(fileURLWithPath: path))
    }

    /// `depth` arrays nested in one another around a number.
    static func nested(_ depth: Int) -> AttributeValue {
        var value: AttributeValue = 1
        for _ in 0..<depth { value = .array([value]) }
        return value
    }

    // MARK: 3. What the writer writes, the reader reads

    @Test("an attribute nested deeper than the reader reads is refused at write time, naming the key")
    func nestingDepth() async throws {
        let journal = try JournalStorage(path: path)
        let id = try await journal.createStudy(name: "s", directions: [.minimize])
        let deep = Self.nested(JSONParser.maximumDepth)
        await #expect {
            try await journal.setStudyAttribute(id, key: "deep", value: deep, system: false)
        } throws: { error in
            (error as? StorageError)?.kind == .invalidUpdate && (error as? StorageError)?.detail.contains("\"deep\"") == true
        }
        let record = try #require(try await journal.startTrial(in: id, fresh: NewTrial()))
        let trial = TrialID(study: id, number: record.number)
        await #expect {
            _ = try await journal.updateTrial(trial, TrialUpdate(userAttributes: ["tree": ["inner": deep]]))
        } throws: { error in
            (error as? StorageError)?.kind == .invalidUpdate && (error as? StorageError)?.detail.contains("\"tree\"") == true
        }
        await #expect(throws: StorageError.self) {
            _ = try await journal.enqueueTrial(in: id, params: [:], userAttributes: [:], systemAttributes: ["s": deep])
        }
        // As deep as the limit allows is written and read back, by this storage and by a new one.
        let allowed = Self.nested(JournalStorage.maximumAttributeDepth)
        _ = try await journal.updateTrial(trial, TrialUpdate(userAttributes: ["ok": allowed]))
        #expect(try await JournalStorage(path: path).trial(trial).userAttributes["ok"] == allowed)
        #expect(try await journal.trial(trial).userAttributes["tree"] == nil)
    }

    // MARK: 4. A complete but invalid last line is corruption

    @Test(
        "a newline-terminated last line that does not parse is corruption named by line, and no writer erases it",
        arguments: ["{\"v\":1,\"op\":\"upd\n", "\u{0}\u{0}\u{0}\u{0}\n", "not json\n"])
    func completeInvalidLastLine(tail: String) async throws {
        let journal = try JournalStorage(path: path)
        let id = try await journal.createStudy(name: "s", directions: [.minimize])
        try append(Array(tail.utf8))
        let damaged = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect { _ = try JournalStorage(path: path) } throws: { Self.isCorrupt($0, line: 3) }
        await #expect { _ = try await journal.startTrial(in: id, fresh: NewTrial()) } throws: { Self.isCorrupt($0, line: 3) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == damaged)
    }

    // MARK: 5. Bit rot

    @Test("a changed digit inside a number is an error naming its line")
    func changedDigit() async throws {
        let journal = try JournalStorage(path: path)
        let id = try await journal.createStudy(name: "s", directions: [.minimize])
        let record = try #require(try await journal.startTrial(in: id, fresh: NewTrial()))
        _ = try await journal.updateTrial(
            TrialID(study: id, number: record.number), TrialUpdate(finish: TrialFinish(state: .complete, values: [0.125])))
        var lines = try lines()
        let index = try #require(lines.firstIndex { String(decoding: $0, as: UTF8.self).contains("0.125") })
        let digit = try #require(lines[index].firstIndex(of: UInt8(ascii: "5")))
        lines[index][digit] = UInt8(ascii: "6")
        try write(lines: lines)
        #expect { _ = try JournalStorage(path: path) } throws: { Self.isCorrupt($0, line: index + 1) }
    }

    @Test("every single flipped bit of a journal is an error naming the line it is on")
    func everyBit() async throws {
        let journal = try JournalStorage(path: path)
        let id = try await journal.createStudy(name: "s", directions: [.minimize])
        let record = try #require(try await journal.startTrial(in: id, fresh: NewTrial()))
        _ = try await journal.updateTrial(
            TrialID(study: id, number: record.number),
            TrialUpdate(userAttributes: ["n": 12], finish: TrialFinish(state: .complete, values: [0.5])))
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        for offset in original.indices.dropLast() {  // the last newline: a torn line, by design
            let line = original[..<offset].count(where: { $0 == UInt8(ascii: "\n") }) + 1
            for bit in 0..<8 {
                var bytes = original
                bytes[offset] ^= 1 << bit
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                do {
                    _ = try JournalStorage(path: path)
                    Issue.record("byte \(offset) bit \(bit): no error")
                } catch let error as StorageError {
                    // A flip that makes a newline splits a line: the first half is named.
                    #expect(error.detail.contains("line \(line)") || error.detail.contains("line 1 "), "\(error.detail)")
                }
            }
        }
    }

    @Test("journals written before checksums (format version 1) still read, and new records append to them")
    func versionOne() async throws {
        let old = [
            #"{"v":1,"op":"header","format":"hypertune-journal"}"#,
            #"{"v":1,"op":"createStudy","study":0,"name":"old","directions":["minimize"]}"#,
            #"{"v":1,"op":"startTrial","study":0,"trial":0,"date":700000000,"fresh":{}}"#,
            #"{"v":1,"op":"updateTrial","study":0,"trial":0,"date":700000001,"finish":{"state":"complete","values":[0.25]}}"#,
        ]
        try Data((old.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let journal = try JournalStorage(path: path)
        let id = try #require(try await journal.studyID(named: "old"))
        #expect(try await journal.trial(TrialID(study: id, number: 0)).value == 0.25)
        _ = try await journal.startTrial(in: id, fresh: NewTrial())
        let reopened = try JournalStorage(path: path)
        #expect(try await reopened.snapshot(of: id).trials().count == 2)
        #expect(String(decoding: try lines()[4], as: UTF8.self).contains(#""crc":"#))
    }

    // MARK: 6. Invalid UTF-8

    @Test("invalid UTF-8 in a record is an error naming the line, wherever the line is")
    func invalidUTF8() async throws {
        for bad: [UInt8] in [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80]] {
            let record = Array(#"{"v":1,"op":"createStudy","study":0,"name":"a"#.utf8) + bad + Array(#"","directions":["minimize"]}"#.utf8)
            try Data((#"{"v":1,"op":"header","format":"hypertune-journal"}"# + "\n").utf8).write(to: URL(fileURLWithPath: path))
            try append(record + [UInt8(ascii: "\n")])
            #expect(throws: StorageError.self) { _ = try JournalStorage(path: path) }
            #expect { _ = try JournalStorage(path: path) } throws: { error in
                Self.isCorrupt(error, line: 2) && (error as? StorageError)?.detail.contains("UTF-8") == true
            }
        }
        // Valid multi-byte text reads.
        try Data((#"{"v":1,"op":"header","format":"hypertune-journal"}"# + "\n").utf8).write(to: URL(fileURLWithPath: path))
        try append(Array(#"{"v":1,"op":"createStudy","study":0,"name":"é日🎛","directions":["minimize"]}"#.utf8) + [10])
        #expect(try await JournalStorage(path: path).studyID(named: "é日🎛") != nil)
    }

    // MARK: 9. Linear reading

    @Test("a torn tail is read once, and a long line is searched in linear time")
    func linearReading() async throws {
        let journal = try JournalStorage(path: path)
        let id = try await journal.createStudy(name: "s", directions: [.minimize])
        // A torn record four chunks long.
        let tail = [UInt8](repeating: UInt8(ascii: "x"), count: 4 * JournalState.chunkSize)
        try append(Array(#"{"v":1,"op":"setStudyAttribute","study":0,"key":"k","value":""#.utf8) + tail)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let reader = try JournalStorage(path: path)
        let opened = reader.readStatistics
        #expect(opened.bytesRead <= size && opened.bytesSearched <= size + 1)
        for _ in 0..<10 { _ = try await reader.snapshot(of: id) }
        #expect(reader.readStatistics == opened)
        // The same tail, completed by a newline and followed by a record, is read once too.
        _ = journal
    }

    // MARK: 10. Read-only use

    @Test("a read-only journal opens for reading; writing then fails clearly")
    func readOnly() async throws {
        let journal = try JournalStorage(path: path)
        let id = try await JournalStorageTests.populate(journal)
        let expected = try await journal.snapshot(of: id).trials()
        let readOnly: JournalStorage
        if geteuid() == 0 {
            // Root writes through any mode bits: open as a process without write access would.
            readOnly = try JournalStorage(path: path, syncPolicy: .never, access: .readOnly)
        } else {
            #expect(chmod(path, 0o444) == 0)
            readOnly = try JournalStorage(path: path)
        }
        #expect(readOnly.isReadOnly)
        #expect(try await readOnly.snapshot(of: id).trials().map(\.number) == expected.map(\.number))
        #expect(try await readOnly.allStudies().count == 2)
        // What a writer appends later is read too.
        _ = try await journal.createStudy(name: "later", directions: [.minimize])
        #expect(try await readOnly.studyID(named: "later") != nil)
        await #expect {
            _ = try await readOnly.startTrial(in: id, fresh: NewTrial())
        } throws: { error in
            (error as? StorageError)?.kind == .io && (error as? StorageError)?.detail.contains("read-only") == true
        }
    }

    // MARK: 14. The file under the worker changes

    @Test("a journal deleted or replaced under a worker stops it with a clear error", arguments: ["deleted", "replaced", "renamed"])
    func replaced(how: String) async throws {
        let journal = try JournalStorage(path: path)
        let id = try await journal.createStudy(name: "s", directions: [.minimize])
        switch how {
        case "deleted": try FileManager.default.removeItem(atPath: path)
        case "renamed": try FileManager.default.moveItem(atPath: path, toPath: path + ".old")
        default:
            try FileManager.default.removeItem(atPath: path)
            _ = try await JournalStorage(path: path).createStudy(name: "s", directions: [.minimize])
        }
        await #expect {
            _ = try await journal.startTrial(in: id, fresh: NewTrial())
        } throws: { error in
            (error as? StorageError)?.kind == .io && (error as? StorageError)?.detail.contains("no longer the file") == true
        }
    }
}
