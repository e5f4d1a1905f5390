import Foundation
import HyperTuneCore
import Testing

@Suite("AttributeValue")
struct AttributeValueTests {
    @Test("literals build each case; accessors read only their own kind (numbers both ways)")
    func literalsAndAccessors() {
        let value: AttributeValue = ["n": 2, "x": 2.5, "s": "text", "b": true, "list": [1, nil]]
        let object = value.objectValue!
        #expect(object["n"]?.intValue == 2 && object["n"]?.doubleValue == 2)
        #expect(object["x"]?.doubleValue == 2.5 && object["x"]?.stringValue == nil)
        #expect(object["s"]?.stringValue == "text" && object["b"]?.boolValue == true)
        #expect(object["list"]?.arrayValue == [1, nil])
    }

    @Test("numbers compare and hash by value: .int(2) == .double(2)")
    func numericEquality() {
        #expect(AttributeValue.int(2) == .double(2))
        #expect(Set<AttributeValue>([.int(2), .double(2)]).count == 1)
        #expect(AttributeValue.int(2) != .string("2"))
        #expect(AttributeValue.bool(true) != .int(1))
    }

    @Test("nested values survive JSON", arguments: [AttributeValue.null, true, 7, -0.5, "é\"", [1, "a"], ["k": ["n": nil]]])
    func codable(_ value: AttributeValue) throws {
        #expect(try JSONDecoder().decode(AttributeValue.self, from: JSONEncoder().encode(value)) == value)
    }
}
