import Foundation
import HyperTune

/// The JSON of the queryable tables' `jsonb` columns: plain JSON that PostgreSQL's operators read
/// (`params ->> 'lr'`). A non-finite number is the string PostgreSQL's `double precision` reads
/// (`"Infinity"`, `"-Infinity"`, `"NaN"`). The log, not these tables, is what HyperTune reads back.
enum TableJSON {
    static func values(_ values: [Double]?) -> String? {
        guard let values else { return nil }
        return "[" + values.map(number).joined(separator: ",") + "]"
    }

    static func params(_ params: [String: ParameterValue]) -> String {
        var out = "{"
        for (index, (name, value)) in params.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out += "," }
            out += string(name) + ":"
            switch value {
            case .float(let number): out += Self.number(number)
            case .int(let number): out += String(number)
            case .string(let text): out += string(text)
            case .bool(let flag): out += flag ? "true" : "false"
            }
        }
        return out + "}"
    }

    static func attributes(_ attributes: [String: AttributeValue]) -> String {
        attribute(.object(attributes))
    }

    private static func attribute(_ value: AttributeValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): Self.number(number)
        case .string(let text): string(text)
        case .array(let elements): "[" + elements.map(attribute).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.sorted(by: { $0.key < $1.key }).map { string($0.key) + ":" + attribute($0.value) }.joined(separator: ",") + "}"
        }
    }

    private static func number(_ value: Double) -> String {
        if value.isNaN { return "\"NaN\"" }
        if value.isInfinite { return value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        return "\(value)"
    }

    /// A JSON string. PostgreSQL's `jsonb` refuses `\u0000`: a NUL becomes U+FFFD in the tables
    /// (the log keeps it).
    private static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0}": out += "\\ufffd"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
