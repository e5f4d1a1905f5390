public import HyperTuneCore
public import HyperTuneSearchSpace

/// Evaluates every point of a discrete search space once, then stops the study: for small spaces
/// of ints, step floats and categoricals, including define-by-run (conditional) ones.
///
/// ```swift
/// let study = try await Study.create(direction: .minimize, sampler: BruteForceSampler(seed: 1))
/// try await study.optimize(nTrials: 1_000) { trial in ... }   // ends when every point is done
/// ```
///
/// Unlike ``GridSampler`` the space is not listed in advance: it is discovered from the trials.
/// Each finished trial (complete, pruned or failed: all count as visited) is a leaf of the tree of
/// the objective's choices. When a trial suggests a parameter, the sampler takes the parameters it
/// has suggested so far, and picks at random (with the trial's seeded stream) a value whose
/// subtree is not yet fully visited, preferring values no running trial is exploring. A subtree is
/// fully visited when a finished trial has exactly its parameters, or when, for the parameter all
/// of its finished trials share (the first by name if several), every value's subtree is fully
/// visited; a value no trial has taken is unvisited. When the whole tree is visited,
/// ``planTrial(in:)`` answers ``HyperTuneCore/TrialPlan/stop(reason:)`` and `optimize` ends.
///
/// The objective must be deterministic in its choices (the same values lead to the same next
/// suggestions). With several workers, the last few points may be evaluated twice: the running
/// trials' remaining parameters are not known in advance, so points cannot be claimed as
/// ``GridSampler`` claims its grid points.
///
/// A float parameter without a step cannot be enumerated: suggesting one is a
/// ``HyperTuneCore/SamplerError`` naming it.
///
/// - Complexity: per suggestion and per plan, O(t · n) for the t nodes of the tree visited so far
///   and n finished trials: meant for spaces of up to a few thousand points.
public struct BruteForceSampler: Sampler {
    /// The seed of every trial's stream.
    public let seed: UInt64

    /// Creates a brute-force sampler.
    ///
    /// - Parameter seed: the seed of the random choice among unvisited values; `nil` draws one
    ///   from the system's entropy source.
    public init(seed: Int? = nil) {
        self.seed = seed.map { UInt64(bitPattern: Int64($0)) } ?? SeededGenerator.randomSeed()
    }

    /// Starts a trial, or stops the study once every point has been visited.
    public func planTrial(in study: StudySnapshot) throws -> TrialPlan {
        let tree = Tree(leaves: study.finished.map(\.parameters))
        guard !tree.leaves.isEmpty, tree.isVisited([:]) else { return .start(NewTrial()) }
        return .stop(reason: "every point of the \(tree.leaves.count)-trial search space has been evaluated")
    }

    /// The trial's stream of the seed.
    public func generator(for trial: TrialRecord, in study: StudySnapshot) -> SeededGenerator {
        SeededGenerator(seed: seed, stream: UInt64(trial.number))
    }

    /// A value of `distribution` whose subtree, after the trial's parameters so far, is not fully
    /// visited (a random member when every one is).
    ///
    /// - Throws: ``HyperTuneCore/SamplerError`` for a float parameter without a step.
    public func sampleIndependent(
        in study: StudySnapshot, for trial: TrialRecord, name: String, distribution: Distribution,
        using generator: inout SeededGenerator
    ) throws -> Double {
        guard let members = Tree.members(of: distribution) else {
            throw SamplerError(
                sampler: "BruteForceSampler", parameter: name,
                detail: "\(distribution) is continuous: brute force needs ints, categoricals or floats with a step")
        }
        let tree = Tree(leaves: study.finished.map(\.parameters))
        let prefix = trial.parameters
        let open = members.filter {
            !tree.isVisited(prefix.merging([name: Parameter(distribution: distribution, internalValue: $0)]) { a, _ in a })
        }
        guard !open.isEmpty else { return members[generator.nextInt(below: members.count)] }
        let running = study.unfinished.filter { $0.number != trial.number }.map(\.parameters)
        let free = open.filter { value in
            !running.contains { other in
                other[name]?.distribution == distribution && other[name]?.internalValue == value
                    && prefix.allSatisfy { other[$0.key] == $0.value }
            }
        }
        let choices = free.isEmpty ? open : free
        return choices[generator.nextInt(below: choices.count)]
    }

    /// The tree of choices spanned by the finished trials.
    struct Tree {
        let leaves: [[String: Parameter]]

        /// Every member of a discrete distribution, in internal form; `nil` for a continuous one.
        static func members(of distribution: Distribution) -> [Double]? {
            switch distribution {
            case .float(let d):
                guard let count = d.gridCount else { return d.isSingleton ? [d.low] : nil }
                return (0..<count).map { d.gridValue(at: $0) }
            case .int(let d): return (0..<d.gridCount).map { Double(d.gridValue(at: $0)) }
            case .categorical(let d): return d.choices.indices.map(Double.init)
            }
        }

        /// Whether every point consistent with `assignment` has been visited.
        func isVisited(_ assignment: [String: Parameter]) -> Bool {
            var memo: [String: Bool] = [:]
            return isVisited(assignment, among: leaves, memo: &memo)
        }

        private static func key(_ assignment: [String: Parameter]) -> String {
            assignment.keys.sorted().map { "\($0.utf8.count):\($0)=\(assignment[$0]!.internalValue)" }.joined(separator: ";")
        }

        private func isVisited(
            _ assignment: [String: Parameter], among candidates: [[String: Parameter]], memo: inout [String: Bool]
        ) -> Bool {
            let key = Self.key(assignment)
            if let known = memo[key] { return known }
            let consistent = candidates.filter { leaf in assignment.allSatisfy { leaf[$0.key] == $0.value } }
            var result: Bool
            if consistent.isEmpty {
                result = false
            } else if consistent.contains(where: { $0.count == assignment.count }) {
                result = true  // a visited point has exactly these parameters
            } else {
                // The parameter every consistent trial has beyond the assignment, with one distribution.
                var common: [String: Distribution]? = nil
                for leaf in consistent {
                    var mine: [String: Distribution] = [:]
                    for (name, parameter) in leaf where assignment[name] == nil { mine[name] = parameter.distribution }
                    common = common.map { $0.filter { mine[$0.key] == $0.value } } ?? mine
                }
                if let branch = common?.keys.min(), let distribution = common?[branch], let members = Self.members(of: distribution) {
                    result = true
                    for value in members {
                        var child = assignment
                        child[branch] = Parameter(distribution: distribution, internalValue: value)
                        if !isVisited(child, among: consistent, memo: &memo) {
                            result = false
                            break
                        }
                    }
                } else {
                    result = true  // no shared parameter: the trials disagree on the space; nothing to branch on
                }
            }
            memo[key] = result
            return result
        }
    }
}
