import HyperTuneCore
import Testing

@Suite("SystemAttributeKey")
struct SystemAttributeKeyTests {
    @Test("the stored strings are those journals already written use")
    func rawValues() {
        #expect(
            SystemAttributeKey.allCases.map(\.rawValue) == [
                "relative_params", "fail_reason", "fail_error_type", "retried_from", "grid_id", "grid_fingerprint",
                "brute_force_point", "heartbeat_interval",
            ])
    }

    @Test("the typed subscript reads and writes the string key")
    func subscripts() {
        var attributes: [String: AttributeValue] = ["fail_reason": .string("x")]
        #expect(attributes[.failReason] == .string("x"))
        attributes[.gridID] = .int(3)
        #expect(attributes["grid_id"] == .int(3))
        #expect([String: AttributeValue](system: [.retriedFrom: .int(1)]) == ["retried_from": .int(1)])
    }
}
