import HyperTuneCore
import Testing

@Suite("SettingsCheck")
struct SettingsCheckTests {
    @Test("the first broken rule is kept, naming the type, setting, rule and value")
    func firstProblem() {
        var check = SettingsCheck("Example")
        check.atLeast("a", 1, 0)
        #expect(check.isValid)
        check.atLeast("b", -2, 0)
        check.require(false, "c", 7, "must be even")
        #expect(check.problem == SettingError(type: "Example", setting: "b", value: "-2", rule: "must be >= 0"))
        #expect(throws: check.problem!) { try check.validate() }
    }

    @Test("an optional setting may be nil; NaN breaks a lower bound")
    func optionalAndNaN() {
        var check = SettingsCheck("Example")
        check.atLeast("window", Int?.none, 1)
        #expect(check.isValid)
        check.atLeast("window", Int?.some(0), 1)
        #expect(check.problem?.description == "Example: window must be >= 1 or nil, got 0")
        var nan = SettingsCheck("Example")
        nan.atLeast("x", Double.nan, 0)
        #expect(nan.problem?.setting == "x")
    }
}
