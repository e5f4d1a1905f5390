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

/// A message from the library. HyperTune prints nothing; a host that wants messages installs a
/// handler with ``Study/setLogHandler(minimumLevel:_:)``.
public struct LogMessage: Sendable, Hashable, CustomStringConvertible {
    /// How important the message is.
    public var level: LogLevel
    /// The study's name.
    public var study: String
    /// The trial concerned, if any.
    public var trial: Int?
    /// The text.
    public var text: String

    /// Creates a message.
    public init(level: LogLevel, study: String, trial: Int? = nil, text: String) {
        self.level = level
        self.study = study
        self.trial = trial
        self.text = text
    }

    /// `[warning] study "s" trial 3: text`.
    public var description: String {
        "[\(level)] study \"\(study)\"" + (trial.map { " trial \($0)" } ?? "") + ": \(text)"
    }
}
