import Foundation
import HyperTuneCore
import HyperTuneSearchSpace
import Testing

@Suite("TrialRecord")
struct TrialRecordTests {
    @Test("trial records survive JSON")
    func recordCodable() throws {
        let distribution = Distribution.categorical(try CategoricalDistribution(["a", "b"]))
        let record = TrialRecord(
            number: 4, state: .pruned, values: [0.5],
            parameters: ["k": Parameter(distribution: distribution, internalValue: 1)],
            intermediateValues: [0: 0.9, 3: 0.5], userAttributes: ["folds": [0.1, 0.2], "note": "x"],
            systemAttributes: ["grid_id": 3], fixedParams: ["k": "b"],
            startDate: Date(timeIntervalSince1970: 10), endDate: Date(timeIntervalSince1970: 12))
        let decoded = try JSONDecoder().decode(TrialRecord.self, from: JSONEncoder().encode(record))
        #expect(decoded == record)
        #expect(decoded.params == ["k": "b"])
        #expect(decoded.lastStep == 3)
        #expect(decoded.duration == 2)
    }
}
