/// How important a log message is.
public enum LogLevel: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// Detail for debugging the library.
    case debug
    /// Routine events: a trial finished.
    case info
    /// Something the user probably wants to fix: a step reported twice, say.
    case warning

    /// Orders by importance.
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
