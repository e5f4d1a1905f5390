import HyperTuneCore
import HyperTuneSearchSpace
import Testing

@Suite("Parameter")
struct ParameterTests {
    @Test("a parameter made from a user value keeps the value and its internal form")
    func fromValue() throws {
        let distribution = Distribution.categorical(try CategoricalDistribution(["a", "b"]))
        let parameter = try Parameter(distribution: distribution, value: "b")
        #expect(parameter.internalValue == 1 && parameter.value == "b")
        #expect(throws: SearchSpaceError.self) { try Parameter(distribution: distribution, value: "c") }
    }

    @Test("an internal value outside the distribution is a broken precondition")
    func outsideTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Parameter(distribution: .int(try! IntDistribution(low: 0, high: 3)), internalValue: 4)
        }
    }
}
