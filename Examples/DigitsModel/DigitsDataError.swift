/// An error loading or shaping the digits data.
public struct DigitsDataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable {
        /// The file could not be found or read.
        case notFound
        /// The file is not digits data (wrong field count, non-integer, value out of range).
        case malformed
        /// Features and labels do not fit together.
        case invalidShape
    }

    /// What went wrong.
    public var kind: Kind
    /// The details: the path, line and field, the value and the rule.
    public var detail: String

    /// An error of `kind` with `detail`.
    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// `digits data (malformed): line 3: ...`.
    public var description: String { "digits data (\(kind.rawValue)): \(detail)" }
}
