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
