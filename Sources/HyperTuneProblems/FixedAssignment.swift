public import HyperTuneSearchSpace

/// A ``ProblemTrial`` that answers every suggestion from a fixed assignment of values: evaluates a
/// problem at a given point without a study (the reference checks, a known optimum).
///
/// Each suggestion is checked: the name must be in the assignment, its value a member of the
/// distribution asked for, and (when a declared search space is given) the distribution must be the
/// declared one. After the body ran, ``unused`` lists the assigned names it never asked for.
public final class FixedAssignment: ProblemTrial {
    /// The trial number reported to the body (noisy problems draw their noise from it).
    public let number: Int
    /// The values, by parameter name.
    public let values: [String: ParameterValue]
    /// The problem's name, for errors.
    public let problem: String
    /// The problem's declared search space; `nil` skips the check.
    public let declared: SearchSpace?
    /// The parameters the body asked for, with their distributions.
    public private(set) var suggested: [String: Distribution] = [:]
    /// The intermediate values the body reported, by step.
    public private(set) var reports: [Int: Double] = [:]

    /// Creates an assignment.
    ///
    /// - Parameters:
    ///   - values: the parameter values by name.
    ///   - number: the trial number the body sees.
    ///   - problem: the problem's name, for errors.
    ///   - declared: the search space every suggestion must belong to, or `nil`.
    public init(_ values: [String: ParameterValue], number: Int = 0, problem: String = "", declared: SearchSpace? = nil) {
        self.values = values
        self.number = number
        self.problem = problem
        self.declared = declared
    }

    /// The assigned names the body did not ask for, sorted.
    public var unused: [String] {
        values.keys.filter { suggested[$0] == nil }.sorted()
    }

    /// The assigned float.
    ///
    /// - Throws: ``ProblemError`` when the value is missing, outside the distribution or undeclared.
    public func suggestFloat(_ name: String, in range: ClosedRange<Double>, step: Double?, log: Bool) throws -> Double {
        let distribution = try make(name) { () throws(SearchSpaceError) in .float(try FloatDistribution(range, step: step, log: log)) }
        return try internalValue(name, distribution)
    }

    /// The assigned integer.
    ///
    /// - Throws: as ``suggestFloat(_:in:step:log:)``.
    public func suggestInt(_ name: String, in range: ClosedRange<Int>, step: Int, log: Bool) throws -> Int {
        let distribution = try make(name) { () throws(SearchSpaceError) in .int(try IntDistribution(range, step: step, log: log)) }
        return Int(try internalValue(name, distribution))
    }

    /// The assigned choice.
    ///
    /// - Throws: as ``suggestFloat(_:in:step:log:)``.
    public func suggestCategorical<Choice: CategoricalChoice>(_ name: String, _ choices: [Choice]) throws -> Choice {
        let distribution = try make(name) { () throws(SearchSpaceError) in
            .categorical(try CategoricalDistribution(choices.map(\.parameterValue)))
        }
        return choices[Int(try internalValue(name, distribution))]
    }

    /// Keeps the value (the first one per step).
    public func report(_ value: Double, step: Int) async throws {
        if reports[step] == nil { reports[step] = value }
    }

    /// Never: a fixed assignment runs to the end.
    public func shouldPrune() async throws -> Bool { false }

    private func make(_ name: String, _ build: () throws(SearchSpaceError) -> Distribution) throws -> Distribution {
        do {
            return try build()
        } catch {
            throw ProblemError(.undeclaredParameter, problem: problem, parameter: name, detail: "invalid distribution: \(error)")
        }
    }

    private func internalValue(_ name: String, _ distribution: Distribution) throws -> Double {
        if let declared, declared[name] != distribution {
            throw ProblemError(
                .undeclaredParameter, problem: problem, parameter: name,
                detail: "asked for \(distribution), declared \(declared[name].map { "\($0)" } ?? "nothing")")
        }
        guard let value = values[name] else {
            throw ProblemError(.missingParameter, problem: problem, parameter: name, detail: "no value assigned")
        }
        let internalValue: Double
        do {
            internalValue = try distribution.internalValue(of: value)
        } catch {
            throw ProblemError(.valueOutsideDistribution, problem: problem, parameter: name, detail: error.detail)
        }
        suggested[name] = distribution
        return internalValue
    }
}
