public import Foundation
import HyperTuneCore
public import HyperTuneSearchSpace

/// A set of parameter values kept outside a study: a golden configuration, the best parameters of
/// a run, a warm start. Plain JSON (`{"lr": 0.01, "layers": 2, "optimizer": "adam"}`), easy to read
/// and edit, and loadable back into ``Study/enqueueTrial(_:userAttributes:skipIfExists:)-(ParameterSet,_,_)``.
///
/// JSON has one number type, so `2.0` may come back as the integer `2`: suggesting it as a float
/// (or as a categorical choice `2.0`) still gives 2.0, since enqueued values are matched by value.
public struct ParameterSet: Sendable, Hashable, Codable {
    /// The values, by name.
    public var values: [String: ParameterValue]

    /// Wraps `values`.
    public init(_ values: [String: ParameterValue]) { self.values = values }

    /// Decodes a parameter set from plain JSON.
    ///
    /// - Throws: ``ExportError`` naming the field when the JSON is not an object of strings,
    ///   numbers and Booleans.
    public init(json data: Data) throws(ExportError) {
        do {
            self = try JSONDecoder().decode(ParameterSet.self, from: data)
        } catch let error as DecodingError {
            throw ExportError(decoding: error)
        } catch {
            throw ExportError(field: nil, detail: "\(error)")
        }
    }

    /// The set as plain JSON, keys sorted.
    public func jsonData(prettyPrinted: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        return try encoder.encode(self)
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes an object whose members are strings, numbers (integers as `.int`) or Booleans.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var values: [String: ParameterValue] = [:]
        for key in container.allKeys {
            if let value = try? container.decode(Bool.self, forKey: key) {
                values[key.stringValue] = .bool(value)
            } else if let value = try? container.decode(Int.self, forKey: key) {
                values[key.stringValue] = .int(value)
            } else if let value = try? container.decode(Double.self, forKey: key) {
                values[key.stringValue] = .float(value)
            } else if let value = try? container.decode(String.self, forKey: key) {
                values[key.stringValue] = .string(value)
            } else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "a parameter value must be a string, a number or a Boolean")
            }
        }
        self.values = values
    }

    /// Encodes an object of plain JSON values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in values {
            let key = Key(stringValue: name)
            switch value {
            case .float(let number): try container.encode(number, forKey: key)
            case .int(let number): try container.encode(number, forKey: key)
            case .string(let text): try container.encode(text, forKey: key)
            case .bool(let flag): try container.encode(flag, forKey: key)
            }
        }
    }
}
