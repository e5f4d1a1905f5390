import Foundation
import HyperTuneCore
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneStudy
import HyperTuneTestSupport
import Testing

@Suite("Export, import and summary")
struct ExportTests {
    /// A study with every kind of parameter, a NaN report, attributes, and trials in every final state.
    func richStudy() async throws -> Study {
        let study = try await Study.create(name: "rich", direction: .maximize, sampler: RandomSampler(seed: 4))
        try await study.setUserAttribute("dataset", "digits")
        try await study.optimize(nTrials: 6, errorPolicy: .continueOnAll) { trial in
            let lr = try trial.suggestFloat("lr", in: 1e-4...1, log: true)
            let width = try trial.suggestInt("width", in: 8...64, step: 8)
            let kind = try trial.suggestCategorical("kind", ["2.0", "adam", "", "true"])
            let flag = try trial.suggestCategorical("flag", [true, false])
            let scale = try trial.suggestCategorical("scale", [1.0, 2.5])
            try await trial.setUserAttribute("folds", [0.5, .double(lr)])
            try await trial.setUserAttribute("note", "a, \"quoted\"\nline")
            try await trial.report(.nan, step: 0)
            try await trial.report(lr, step: 1)
            switch trial.number % 3 {
            case 0: throw TrialPruned()
            case 1: struct Failure: Error {}; throw Failure()
            default: return lr * Double(width) + (kind == "adam" ? 1 : 0) + (flag ? 1 : 0) + scale
            }
        }
        return study
    }

    @Test("JSON round-trips exactly, NaN and dates included")
    func jsonRoundTrip() async throws {
        let study = try await richStudy()
        let export = try await study.export()
        #expect(export.trials.count == 6)
        #expect(export.userAttributes == ["dataset": "digits"])
        let restored = try StudyExport(json: try await study.exportJSON())
        // NaN != NaN, so compare everything but the NaN intermediate values, then those.
        func withoutNaN(_ export: StudyExport) -> StudyExport {
            var copy = export
            for index in copy.trials.indices { copy.trials[index].intermediateValues[0] = nil }
            return copy
        }
        #expect(withoutNaN(restored) == withoutNaN(export))
        #expect(restored.trials.allSatisfy { $0.intermediateValues[0]?.isNaN == true })
    }

    @Test("CSV round-trips, keeping each value's kind")
    func csvRoundTrip() async throws {
        let study = try await richStudy()
        let table = TrialTable(try await study.export())
        let csv = try await study.exportCSV()
        #expect(csv.hasPrefix("number,state,value,datetime_start,datetime_complete,duration,params_flag,params_kind,params_lr"))
        let parsed = try TrialTable(csv: csv)
        #expect(parsed == table)
        #expect(parsed.rows.map(\.state) == [.pruned, .fail, .complete, .pruned, .fail, .complete])
        #expect(parsed.rows.contains { $0.params["kind"] == "2.0" || $0.params["kind"] == "" || $0.params["kind"] == "true" })
        #expect(parsed.rows.allSatisfy { $0.params["scale"]?.doubleValue != nil && $0.params["width"]?.intValue != nil })
    }

    @Test(
        "a malformed import is an error naming the field",
        arguments: [
            ("number,state,value,datetime_start,datetime_complete,duration\nx,complete,1,,,\n", "line 2, column \"number\""),
            ("number,state,value,datetime_start,datetime_complete,duration\n0,done,1,,,\n", "line 2, column \"state\""),
            ("number,state,value,datetime_start,datetime_complete,duration\n0,complete,one,,,\n", "line 2, column \"value\""),
            (
                "number,state,value,datetime_start,datetime_complete,duration,params_x\n0,complete,1,,,,\"\"\"oops\"\n",
                "line 2, column \"params_x\""
            ),
            (
                "number,state,value,datetime_start,datetime_complete,duration,user_attrs_a\n0,complete,1,,,,{\n",
                "line 2, column \"user_attrs_a\""
            ),
            ("number,state,datetime_start,datetime_complete,duration\n", "line 1"),
            ("number,state,value,datetime_start,datetime_complete,duration,color\n", "line 1, column \"color\""),
            ("number,state,value,datetime_start,datetime_complete,duration\n0,complete\n", "line 2"),
        ])
    func malformedCSV(csv: String, field: String) {
        #expect { try TrialTable(csv: csv) } throws: { ($0 as? ExportError)?.field == field }
    }

    @Test("non-finite numbers are spelled NaN, Infinity, -Infinity in JSON and CSV, as in the journal; the old spelling still reads")
    func nonFiniteSpelling() async throws {
        let study = try await Study.create(name: "nf", direction: .minimize, sampler: RandomSampler(seed: 1))
        try await study.optimize(nTrials: 1) { trial in
            _ = try trial.suggestFloat("x", in: 0...1)
            try await trial.setUserAttribute("a", .double(.infinity))
            try await trial.report(.nan, step: 0)
            try await trial.report(-.infinity, step: 1)
            return 1
        }
        let json = String(decoding: try await study.exportJSON(), as: UTF8.self)
        #expect(json.contains(#""NaN""#) && json.contains(#""-Infinity""#) && json.contains(#""Infinity""#))
        #expect(!json.contains(#""nan""#) && !json.contains(#""inf""#))
        let legacy = json.replacingOccurrences(of: #""NaN""#, with: #""nan""#).replacingOccurrences(of: #""-Infinity""#, with: #""-inf""#)
            .replacingOccurrences(of: #""Infinity""#, with: #""inf""#)
        let old = try StudyExport(json: Data(legacy.utf8))
        #expect(old.trials.first?.intermediateValues[0]?.isNaN == true && old.trials.first?.intermediateValues[1] == -.infinity)
        #expect(old.trials.first?.userAttributes["a"] == .double(.infinity))

        let table = TrialTable(
            objectiveCount: 1,
            rows: [
                .init(
                    number: 0, state: .complete, values: [.infinity], start: 0, end: 1, params: ["x": .float(.nan)],
                    userAttributes: ["a": .double(-.infinity)])
            ])
        let csv = table.csv
        #expect(csv.contains(",Infinity,") && csv.contains(",NaN,") && csv.contains(#""-Infinity""#))
        let parsed = try TrialTable(csv: csv)
        #expect(parsed.rows[0].values == [.infinity] && parsed.rows[0].params["x"]?.doubleValue?.isNaN == true)
        #expect(parsed.rows[0].userAttributes["a"] == .double(-.infinity))
        let oldCSV = try TrialTable(
            csv: "number,state,value,datetime_start,datetime_complete,duration,params_x\n0,complete,inf,0,1,1,nan\n")
        #expect(oldCSV.rows[0].values == [.infinity] && oldCSV.rows[0].params["x"]?.doubleValue?.isNaN == true)
    }

    @Test("malformed JSON names the coding path")
    func malformedJSON() async throws {
        var json = String(decoding: try await richStudy().exportJSON(prettyPrinted: false), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"state\":\"pruned\"", with: "\"state\":\"paused\"")
        #expect { try StudyExport(json: Data(json.utf8)) } throws: { error in
            guard let field = (error as? ExportError)?.field else { return false }
            return field.hasPrefix("trials[0]") && field.hasSuffix("state")
        }
        #expect { try StudyExport(json: Data("{\"formatVersion\": 1}".utf8)) } throws: { ($0 as? ExportError)?.field == "name" }
        let future = #"{"formatVersion": 9, "name": "s", "directions": ["minimize"], "trials": []}"#
        #expect { try StudyExport(json: Data(future.utf8)) } throws: { ($0 as? ExportError)?.field == "formatVersion" }
    }

    @Test("a golden parameter set survives JSON and starts a study")
    func goldenConfiguration() async throws {
        let golden = ParameterSet(["lr": 0.01, "layers": 2, "optimizer": "adam", "scale": 2.0, "bias": true])
        let data = try golden.jsonData()
        #expect(String(decoding: data, as: UTF8.self).contains("\"optimizer\" : \"adam\""))
        let loaded = try ParameterSet(json: data)
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 1))
        try await study.enqueueTrial(loaded)
        try await study.optimize(nTrials: 1) { trial in
            let lr = try trial.suggestFloat("lr", in: 1e-4...1, log: true)
            let layers = try trial.suggestInt("layers", in: 1...4)
            let optimizer = try trial.suggestCategorical("optimizer", ["sgd", "adam"])
            let scale = try trial.suggestFloat("scale", in: 0...4)
            let bias = try trial.suggestCategorical("bias", [false, true])
            #expect(lr == 0.01 && layers == 2 && optimizer == "adam" && scale == 2 && bias)
            return lr
        }
        #expect(try await study.bestParameterSet.values["optimizer"] == "adam")
        #expect { try ParameterSet(json: Data(#"{"lr": [1]}"#.utf8)) } throws: { ($0 as? ExportError)?.field == "lr" }
    }

    @Test("summary of a hand-made study: counts by state, then the best trials")
    func summary() throws {
        let distribution = Distribution.categorical(try CategoricalDistribution(["sgd", "adam"]))
        var trials = [
            TrialBuilder.complete(0, value: 0.5, params: ["lr": 0.001]),
            TrialBuilder.complete(1, value: 0.25, params: ["lr": 0.0123456789]),
            TrialBuilder.trial(2, state: .pruned, values: [0.1], intermediate: [0: 0.1]),
            TrialBuilder.trial(3, state: .fail),
            TrialBuilder.trial(4, state: .running),
            TrialBuilder.complete(5, value: 0.25, params: ["lr": 2]),
        ]
        trials[0].parameters["opt"] = Parameter(distribution: distribution, internalValue: 1)
        let text = Study.summary(of: StudySnapshot(studyName: "study", directions: [.minimize], trials: trials).renamed("demo"), top: 2)
        #expect(
            text == """
                Study "demo" (minimize): 6 trials: 3 complete, 1 pruned, 1 fail, 1 running, 0 waiting
                rank  trial  value  duration  params
                   1      1  0.25   1.000s    lr=0.0123457
                   2      5  0.25   1.000s    lr=2.0
                """)
        #expect(
            Study.summary(of: StudySnapshot(studyName: "study", directions: [.minimize], trials: trials), top: 0).split(separator: "\n")
                .count == 1)
    }
}

extension StudySnapshot {
    func renamed(_ name: String) -> StudySnapshot {
        var copy = self
        copy.studyName = name
        return copy
    }
}
