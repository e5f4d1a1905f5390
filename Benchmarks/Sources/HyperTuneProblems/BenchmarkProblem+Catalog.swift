extension BenchmarkProblem {
    /// The quality suite's problems, in the order the summary table lists them.
    public static let all: [BenchmarkProblem] = [
        .branin, .hartmann6, .rosenbrock4, .ackley8, .styblinskiTang10, .levy6, .logScaled, .mixed, .conditional,
        .integerHeavy, .noisyHartmann6,
    ]

    /// The problem of the catalogue named `name`.
    ///
    /// - Throws: ``ProblemError`` `unknownProblem`, listing the known names.
    /// - Complexity: O(number of problems).
    public static func named(_ name: String) throws -> BenchmarkProblem {
        guard let problem = all.first(where: { $0.name == name }) else {
            throw ProblemError(.unknownProblem, problem: name, detail: "known problems: \(all.map(\.name).joined(separator: ", "))")
        }
        return problem
    }
}
