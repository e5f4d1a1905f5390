import Foundation
import HyperTuneCore
import HyperTuneSearchSpace

/// An import could not be read: malformed JSON or CSV, or a value that breaks a rule.
public struct ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field concerned: a JSON coding path (`trials[2].state`) or a CSV line and column
    /// (`line 3, column "params_lr"`), when known.
    public var field: String?
    /// What is wrong.
    public var detail: String

    /// Creates an error.
    public init(field: String?, detail: String) {
        self.field = field
        self.detail = detail
    }

    init(decoding error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String? {
            guard !codingPath.isEmpty else { return nil }
            var text = ""
            for key in codingPath {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            self.init(field: (parent.map { $0 + "." } ?? "") + key.stringValue, detail: "missing")
        case .typeMismatch(let type, let context):
            self.init(field: path(context.codingPath), detail: "expected \(type): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            self.init(field: path(context.codingPath), detail: "expected \(type), found null")
        case .dataCorrupted(let context):
            self.init(field: path(context.codingPath), detail: context.debugDescription)
        @unknown default:
            self.init(field: nil, detail: "\(error)")
        }
    }

    /// `field "PATH": DETAIL`, or the detail alone.
    public var description: String {
        if let field { "field \"\(field)\": \(detail)" } else { detail }
    }
}
