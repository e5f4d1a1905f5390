import HyperTuneSearchSpace
import HyperTuneStudy

extension Trial {
    /// Checks a ``HyperTuneStudy/Trial/fixed(_:)`` trial after a problem's body ran on it: every
    /// parameter it suggested has the distribution `declared` lists, and every fixed value was asked for.
    ///
    /// - Throws: ``ProblemError`` `undeclaredParameter` or `unusedParameter`, naming the first
    ///   parameter (in name order) that breaks the rule.
    /// - Complexity: O(p log p) for p parameters.
    func checkAgainst(_ declared: SearchSpace, problem: String) throws(ProblemError) {
        let record = record
        for name in record.parameters.keys.sorted() {
            let distribution = record.parameters[name]!.distribution
            if declared[name] != distribution {
                throw ProblemError(
                    .undeclaredParameter, problem: problem, parameter: name,
                    detail: "asked for \(distribution), declared \(declared[name].map { "\($0)" } ?? "nothing")")
            }
        }
        if let extra = record.fixedParams.keys.sorted().first(where: { record.parameters[$0] == nil }) {
            throw ProblemError(.unusedParameter, problem: problem, parameter: extra, detail: "assigned but never asked for")
        }
    }
}
