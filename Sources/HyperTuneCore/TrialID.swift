/// Identifies a trial within one storage: its study and its number in that study.
public struct TrialID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The study the trial belongs to.
    public var study: StudyID
    /// The trial's number: 0-based and dense within the study.
    public var number: Int
    /// Creates an identifier.
    public init(study: StudyID, number: Int) {
        self.study = study
        self.number = number
    }
    /// Orders by study, then number.
    public static func < (lhs: TrialID, rhs: TrialID) -> Bool {
        (lhs.study, lhs.number) < (rhs.study, rhs.number)
    }
    /// `study#S/trial#N`.
    public var description: String { "\(study)/trial#\(number)" }
}
