/// Identifies a study within one storage.
public struct StudyID: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The storage's number for the study.
    public var rawValue: Int
    /// Wraps a storage's number for a study.
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Orders by `rawValue`.
    public static func < (lhs: StudyID, rhs: StudyID) -> Bool { lhs.rawValue < rhs.rawValue }
    /// `study#N`.
    public var description: String { "study#\(rawValue)" }
}
