import Foundation
import HyperTuneCore
import HyperTuneSearchSpace
import HyperTuneTestSupport
import Testing

@testable import HyperTuneStorage

@Suite("Journal format: JSON reading and writing")
struct JournalFormatTests {
    @Test("doubles round-trip bit for bit, including subnormals, -0 and non-finite values")
    func doubles() throws {
        var generator = SeededGenerator(seed: 11)
        var values: [Double] = [
            0, -0.0, 1, -1, 0.1, 1.0 / 3.0, 1e-5, 1e300, -1e-300, .leastNonzeroMagnitude, .leastNormalMagnitude,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 2.0.squareRoot(), 123_456_789_012_345_680, .nan, .infinity,
            -.infinity,
        ]
        for _ in 0..<2_000 { values.append(Double(bitPattern: generator.next())) }
        var writer = JSONWriter()
        writer.doubles(values)
        let back = try Self.read(writer.bytes) { (scanner) throws(RecordError) in try JournalValueReader.doubles(&scanner, "values") }
        #expect(back.count == values.count)
        for (written, read) in zip(values, back) {
            #expect(written.isNaN ? read.isNaN : written.bitPattern == read.bitPattern, "\(written) read back as \(read)")
        }
    }

    @Test("integers round-trip at the limits")
    func integers() throws {
        for value in [0, 7, -7, 10, Int.max, Int.min, 1 << 53, -(1 << 53) - 1] {
            var writer = JSONWriter()
            writer.int(value)
            #expect(try JSONParser.parse(String(decoding: writer.bytes, as: UTF8.self)) == .int(value))
        }
        #expect(try JSONParser.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try JSONParser.parse("-0") == .int(0))
        #expect(try JSONParser.parse("2.0") == .double(2))
    }

    @Test("strings with quotes, escapes, control characters and any Unicode round-trip")
    func strings() throws {
        let samples = [
            "", "plain", "quote \" and backslash \\", "tab\tnew\nline\r", "\u{0}\u{1}\u{1F}\u{7F}", "é ß 日本 🎛️",
            "/slash/", "\u{2028}\u{2029}",
        ]
        for sample in samples {
            var writer = JSONWriter()
            writer.string(sample)
            #expect(!writer.bytes.contains(UInt8(ascii: "\n")))
            #expect(try JSONParser.parse(String(decoding: writer.bytes, as: UTF8.self)) == .string(sample))
            // Foundation reads our strings the same way.
            let foundation = try JSONSerialization.jsonObject(with: Data(writer.bytes), options: .fragmentsAllowed)
            #expect(foundation as? String == sample)
        }
        #expect(try JSONParser.parse(#""\u00e9\ud83c\udf9b\/\b\f""#) == .string("é🎛/\u{8}\u{C}"))
    }

    /// Validates `bytes` as one JSON value, then runs `body` on a scanner at its start.
    static func read<T>(_ bytes: [UInt8], _ body: (inout JSONScanner) throws(RecordError) -> T) throws -> T {
        try bytes.withUnsafeBufferPointer { buffer in
            try JSONScanner.validate(buffer)
            var scanner = JSONScanner(buffer)
            return try body(&scanner)
        }
    }

    @Test(
        "invalid JSON is refused with the offset of the problem",
        arguments: [
            "", "{", "{\"a\":}", "[1,]", "{\"a\":1,}", "01", "1.", "-", "1e", "tru", "nul", "\"open", "\"\\x\"",
            "\"\\ud800\"", "\"\\udc00\"", "{\"a\" 1}", "[1 2]", "1 2", "NaN", "\"tab\there\"", "{'a':1}",
        ])
    func invalid(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
        #expect(throws: JSONSyntaxError.self) { try Array(text.utf8).withUnsafeBufferPointer { try JSONScanner.validate($0) } }
    }

    @Test(
        "the validating scanner accepts what the tree parser accepts",
        arguments: [
            "{}", "[]", "0", "-0.5e-3", "1E+2", "true", "null", #""\u00e9\ud83c\udf9b""#, #" { "a" : [ 1 , { "b" : null } ] } "#,
        ])
    func valid(text: String) throws {
        _ = try JSONParser.parse(text)
        try Array(text.utf8).withUnsafeBufferPointer { try JSONScanner.validate($0) }
    }

    @Test("escaped member names and strings read back through the scanner")
    func escapedNames() throws {
        var writer = JSONWriter()
        let parameters: [String: Parameter] = [
            "a \"quoted\" name": Parameter(distribution: .float(try FloatDistribution(low: 0, high: 1)), internalValue: 0.5),
            "tab\tname": Parameter(distribution: .categorical(try CategoricalDistribution(["x\ny", "\\"])), internalValue: 1),
        ]
        writer.parameters(parameters)
        var reader = JournalValueReader()
        let back = try Self.read(writer.bytes) { (scanner) throws(RecordError) in try reader.parameters(&scanner, "p") }
        #expect(back == parameters)
    }

    @Test("nesting deeper than the limit is refused, not a stack overflow")
    func depth() throws {
        let deep = String(repeating: "[", count: JSONParser.maximumDepth + 1) + String(repeating: "]", count: JSONParser.maximumDepth + 1)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
        let fine = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        _ = try JSONParser.parse(fine)
        // The limit counts containers: a number inside the deepest allowed array is fine.
        let fineWithNumber =
            String(repeating: "[", count: JSONParser.maximumDepth) + "1" + String(repeating: "]", count: JSONParser.maximumDepth)
        _ = try JSONParser.parse(fineWithNumber)
    }

    @Test("the tree reader decodes what Foundation decodes: nesting, escaped names, surrogate pairs, numbers")
    func treeAgainstFoundation() throws {
        let text = #"""
             {"a\"b": [1, -0, 2.5e3, -9223372036854775808, 9223372036854775808, true, false, null],
              "\u00e9t\u00e9": {"x\ny": "\ud83c\udf9b tab\there \u0000 \/ \\", "": []},
              "plain": "\u2028"} 
            """#
        let tree = try JSONParser.parse(text)
        #expect(
            tree
                == .object(
                    JSONObject([
                        (
                            "a\"b",
                            .array([
                                .int(1), .int(0), .double(2500), .int(Int.min), .double(9_223_372_036_854_775_808), .bool(true),
                                .bool(false),
                                .null,
                            ])
                        ),
                        ("été", .object(JSONObject([("x\ny", .string("🎛 tab\there \u{0} / \\")), ("", .array([]))]))),
                        ("plain", .string("\u{2028}")),
                    ])))
        let foundation = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(Set(foundation?.keys ?? [:].keys) == ["a\"b", "été", "plain"])
        #expect((foundation?["été"] as? [String: Any])?["x\ny"] as? String == "🎛 tab\there \u{0} / \\")
    }

    @Test("a syntax error names the offending character and its offset")
    func syntaxMessages() {
        #expect(throws: JSONSyntaxError(offset: 3, reason: #"invalid escape \'x'"#)) { try JSONParser.parse(#""a\x""#) }
        #expect(throws: JSONSyntaxError(offset: 1, reason: "unexpected character 'x'")) { try JSONParser.parse("[x]") }
        #expect(throws: JSONSyntaxError(offset: 2, reason: "control character 0x9 in a string")) { try JSONParser.parse("\"a\tb\"") }
    }

    @Test("every kind of record reads back as written")
    func records() throws {
        let study = StudyID(rawValue: 3)
        let trial = TrialID(study: study, number: 12)
        let date = Date(timeIntervalSinceReferenceDate: 799_999_999.123_456_7)
        let parameters = JournalStorageTests.parameters(5)
        let records: [JournalRecord] = [
            .header,
            .createStudy(study: study, name: "a \"study\"", directions: [.minimize, .maximize]),
            .deleteStudy(study: study),
            .setStudyAttribute(study: study, key: "k", value: ["a": [1, 2.5, nil, "x", false]], system: true),
            .enqueueTrial(
                trial: trial, params: ["x": 1.5, "n": 3, "s": "adam", "b": true], userAttributes: ["u": 1], systemAttributes: [:]),
            .startTrial(trial: trial, date: date, fresh: nil),
            .startTrial(trial: trial, date: date, fresh: NewTrial(systemAttributes: ["grid_id": 4], claim: "grid:abc:4")),
            .updateTrial(trial: trial, date: date, update: TrialUpdate(parameters: parameters, intermediateValues: [0: 0.5, 10: -2])),
            .updateTrial(trial: trial, date: date, update: TrialUpdate(finish: TrialFinish(state: .complete, values: [1, 2]))),
            .updateTrial(trial: trial, date: date, update: TrialUpdate(systemAttributes: ["r": "x"], finish: TrialFinish(state: .fail))),
            .heartbeat(trial: trial, date: date),
            .failTrials(study: study, trials: [1, 4], reason: "no heartbeat", requeue: true, date: date),
            .addTrial(
                trial: trial,
                record: TrialRecord(
                    number: 12, state: .pruned, values: [3], parameters: parameters, intermediateValues: [0: 3],
                    userAttributes: ["u": "v"], systemAttributes: ["s": 1], fixedParams: ["x": 0.25], startDate: date,
                    endDate: date + 1)),
        ]
        for record in records {
            var writer = JSONWriter()
            record.write(to: &writer)
            #expect(writer.bytes.last == UInt8(ascii: "\n"))
            #expect(writer.bytes.filter { $0 == UInt8(ascii: "\n") }.count == 1)
            var reader = JournalValueReader()
            let back = try Self.read(Array(writer.bytes.dropLast())) { (scanner) throws(RecordError) in
                try JournalRecord(line: scanner.bytes, reader: &reader)
            }
            #expect(back == record)
            // The tree parser reads the same line.
            _ = try JSONParser.parse(String(decoding: writer.bytes, as: UTF8.self))
        }
    }

    /// The payloads follow the library's `Codable` forms: a line decodes with `JSONDecoder`.
    @Test("payloads decode with the types' Codable conformances")
    func codableCompatibility() throws {
        struct Update: Decodable {
            var v: Int
            var op: String
            var date: Date
            var parameters: [String: Parameter]
            var intermediateValues: [String: Double]
            var finish: TrialFinish
        }
        struct Added: Decodable {
            var record: TrialRecord
        }
        let parameters = JournalStorageTests.parameters(9)
        let date = Date(timeIntervalSinceReferenceDate: 12_345.678_9)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        var writer = JSONWriter()
        JournalRecord.updateTrial(
            trial: TrialID(study: StudyID(rawValue: 0), number: 1), date: date,
            update: TrialUpdate(
                parameters: parameters, intermediateValues: [0: .nan, 1: .infinity],
                finish: TrialFinish(state: .complete, values: [0.25]))
        ).write(to: &writer)
        let update = try decoder.decode(Update.self, from: Data(writer.bytes))
        #expect(update.v == JournalRecord.version && update.op == "updateTrial" && update.date == date)
        #expect(update.parameters == parameters)
        #expect(update.intermediateValues["0"]?.isNaN == true && update.intermediateValues["1"] == .infinity)
        #expect(update.finish == TrialFinish(state: .complete, values: [0.25]))

        let record = TrialRecord(
            number: 4, state: .complete, values: [1.5], parameters: parameters, intermediateValues: [2: 0.5],
            userAttributes: ["note": ["a": 1]], systemAttributes: ["s": "t"], fixedParams: ["x": 1], startDate: date,
            endDate: date + 0.001)
        writer.reset()
        JournalRecord.addTrial(trial: TrialID(study: StudyID(rawValue: 0), number: 4), record: record).write(to: &writer)
        #expect(sameTrial(try decoder.decode(Added.self, from: Data(writer.bytes)).record, record))
    }
}
