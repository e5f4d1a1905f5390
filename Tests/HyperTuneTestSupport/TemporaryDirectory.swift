import Foundation

/// A fresh directory under the system's temporary directory, removed with everything in it when
/// the value is released. Each test that writes files makes its own.
public final class TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates the directory; `label` becomes part of its name.
    public init(_ label: String) throws {
        let safe = label.filter { $0.isLetter || $0.isNumber }.prefix(32)
        var template = Array((NSTemporaryDirectory() + "/hypertune-\(safe)-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard let created else {
            throw CocoaError(
                .fileWriteUnknown,
                userInfo: [NSFilePathErrorKey: String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)])
        }
        path = String(cString: created)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }
}
