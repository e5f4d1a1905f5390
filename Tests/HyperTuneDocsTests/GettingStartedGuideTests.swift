import HyperTune
import Testing

@Suite("Getting started guide")
struct GettingStartedGuideTests {
    @Test("the several-objectives study ends with a non-empty front that trades error for size")
    func severalObjectives() async throws {
        let front = try await gettingStartedSeveralObjectives()
        #expect(front.count >= 2)
        #expect(front.allSatisfy { $0.state == .complete && $0.values?.count == 2 })
        // Along the front, a smaller model has a larger error.
        let sorted = front.map { $0.values! }.sorted { $0[1] < $1[1] }
        for (smaller, larger) in zip(sorted, sorted.dropFirst()) {
            #expect(smaller[0] >= larger[0])
        }
    }
}
