import HyperTuneCore
import HyperTuneSearchSpace

extension BenchmarkProblem {
    /// A problem over `d` floats named `x0`, `x1`, … on a box, from a textbook function moved by a
    /// shift: the value at `x` is `function(x - shift)`.
    ///
    /// - Parameters:
    ///   - name: the problem's name.
    ///   - summary: a one-line description.
    ///   - domain: the range of each coordinate.
    ///   - shift: the shift of each coordinate (zeros for none).
    ///   - textbookOptimum: the minimizer of the unshifted function.
    ///   - optimumValue: the minimum.
    ///   - noise: the evaluation noise, if any.
    ///   - function: the textbook function of a point (its length is `domain.count`).
    static func continuous(
        name: String, summary: String, domain: [ClosedRange<Double>], shift: [Double], textbookOptimum: [Double],
        optimumValue: Double, noise: ProblemNoise? = nil, function: @escaping @Sendable ([Double]) -> Double
    ) -> BenchmarkProblem {
        precondition(shift.count == domain.count && textbookOptimum.count == domain.count, "one shift and optimum coordinate per dimension")
        let names = domain.indices.map { "x\($0)" }
        var space: [String: Distribution] = [:]
        var optimum: [String: ParameterValue] = [:]
        var shifts: [String: Double] = [:]
        for (index, name) in names.enumerated() {
            space[name] = .float(try! FloatDistribution(domain[index]))
            let location = textbookOptimum[index] + shift[index]
            precondition(domain[index].contains(location), "the shifted optimum of \(name) must stay in the domain")
            optimum[name] = .float(location)
            if shift[index] != 0 { shifts[name] = shift[index] }
        }
        return BenchmarkProblem(
            name: name, summary: summary, searchSpace: SearchSpace(space), optimumValue: optimumValue, optimum: optimum,
            shift: shifts, noise: noise
        ) { trial in
            var point = [Double](repeating: 0, count: names.count)
            for (index, name) in names.enumerated() {
                point[index] = try trial.suggestFloat(name, in: domain[index], step: nil, log: false) - shift[index]
            }
            return function(point)
        }
    }
}
