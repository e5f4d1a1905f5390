import Foundation
import HyperTuneCore
import Testing

@Suite("StudyID and TrialID")
struct StudyIDTests {
    @Test("study identifiers order by raw value and describe themselves")
    func studyIDs() {
        #expect(StudyID(rawValue: 2) < StudyID(rawValue: 10))
        #expect(StudyID(rawValue: 3).description == "study#3")
    }

    @Test("trial identifiers order by study, then number")
    func trialIDs() {
        let ids = [
            TrialID(study: StudyID(rawValue: 1), number: 5), TrialID(study: StudyID(rawValue: 0), number: 9),
            TrialID(study: StudyID(rawValue: 1), number: 0),
        ]
        #expect(ids.sorted().map(\.description) == ["study#0/trial#9", "study#1/trial#0", "study#1/trial#5"])
    }

    @Test("both survive JSON")
    func codable() throws {
        let id = TrialID(study: StudyID(rawValue: 4), number: 7)
        #expect(try JSONDecoder().decode(TrialID.self, from: JSONEncoder().encode(id)) == id)
    }
}
