/// A benchmark problem was evaluated at an assignment that does not fit it, or its data is missing.
///
/// A value that is missing or outside its distribution is the fixed trial's own error
/// (``HyperTuneStudy/Trial/fixed(_:)``).
public struct ProblemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable {
        /// The body asked for a parameter the problem's declared search space does not list, or with
        /// another distribution than the declared one.
        case undeclaredParameter
        /// The assignment holds a parameter the body never asked for (a wrong branch of a
        /// conditional problem, say).
        case unusedParameter
        /// No problem has the name asked for.
        case unknownProblem
        /// A recorded data file (a table of learning curves) is missing, unreadable or malformed.
        case invalidData
    }

    /// What went wrong.
    public var kind: Kind
    /// The problem's name.
    public var problem: String
    /// The parameter concerned, if any.
    public var parameter: String?
    /// Details: the value and the rule it broke.
    public var detail: String

    /// Creates an error.
    public init(_ kind: Kind, problem: String, parameter: String? = nil, detail: String) {
        self.kind = kind
        self.problem = problem
        self.parameter = parameter
        self.detail = detail
    }

    /// `problem PROBLEM: parameter "NAME": DETAIL`.
    public var description: String {
        if let parameter { "problem \(problem): parameter \"\(parameter)\": \(detail)" } else { "problem \(problem): \(detail)" }
    }
}
