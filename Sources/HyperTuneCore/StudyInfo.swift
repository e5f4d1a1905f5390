import HyperTuneSearchSpace

/// A study's description in storage.
public struct StudyInfo: Sendable, Hashable, Codable {
    /// The study's identifier.
    public var id: StudyID
    /// The study's name, unique within the storage.
    public var name: String
    /// One direction per objective.
    public var directions: [StudyDirection]
    /// Attributes set by the user.
    public var userAttributes: [String: AttributeValue]
    /// Attributes set by the library.
    public var systemAttributes: [String: AttributeValue]
    /// The number of trials (every state).
    public var trialCount: Int

    /// Creates a description.
    public init(
        id: StudyID, name: String, directions: [StudyDirection], userAttributes: [String: AttributeValue] = [:],
        systemAttributes: [String: AttributeValue] = [:], trialCount: Int = 0
    ) {
        self.id = id
        self.name = name
        self.directions = directions
        self.userAttributes = userAttributes
        self.systemAttributes = systemAttributes
        self.trialCount = trialCount
    }
}
