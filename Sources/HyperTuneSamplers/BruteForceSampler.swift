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
/// Several workers never evaluate a point twice. While the space may still be conditional, a
/// running trial's remaining choices are not known, so a new trial waits for the running ones
/// (``HyperTuneCore/TrialPlan/wait(reason:)``: `Study.optimize` waits and plans again) and trials
/// run one at a time. Once the finished trials all have the same parameters and, between them,
/// every value of each parameter has been seen, the space is taken to be a product: each trial
/// then claims one of its points when it starts, as ``GridSampler`` claims grid points, so
/// several workers (or processes sharing a journal) evaluate distinct points at once. (A product
/// whose combination of values, none of them new, opens a branch is the one case this does not
/// foresee.) `Study.ask` does not wait: trials asked while others run may repeat a point.
///
/// The objective must be deterministic in its choices (the same values lead to the same next
/// suggestions).
///
/// A float parameter without a step cannot be enumerated: suggesting one is a
/// ``HyperTuneCore/SamplerError`` naming it.
///
/// - Complexity: per suggestion and per plan, O(t · n) for the t nodes of the tree visited so far
///   and n finished trials: meant for spaces of up to a few thousand points.
public struct BruteForceSampler: SeededSampler {
    /// The seed of every trial's stream.
    public let seed: UInt64

    /// Creates a brute-force sampler.
    ///
    /// - Parameter seed: the seed of the random choice among unvisited values; `nil` draws one
    ///   from the system's entropy source.
    public init(seed: Int? = nil) {
        self.seed = SeededGenerator.samplerSeed(seed)
    }

    /// Starts a trial, waits for the running ones, or stops the study once every point has been
    /// visited.
    ///
    /// Once the space is known to be a product (every finished trial has the same parameters, and
    /// every value of each has been seen), the trial claims the first point of that product no
    /// trial holds, as ``GridSampler`` claims grid points (``HyperTuneCore/NewTrial/claim``), so
    /// concurrent workers take distinct points; the point is recorded under
    /// ``HyperTuneCore/SystemAttributeKey/bruteForcePoint``. Before that, or in a conditional
    /// space, a trial starts only when no other is running: otherwise the plan is
    /// ``HyperTuneCore/TrialPlan/wait(reason:)``.
    ///
    /// - Complexity: O(t · n) for the tree, plus O(p) over the p points of a product space.
    public func planTrial(in study: StudySnapshot) throws -> TrialPlan {
        let tree = Tree(leaves: study.finished.map(\.parameters))
        if !tree.leaves.isEmpty, tree.isVisited([:]) {
            return .stop(reason: "every point of the \(tree.leaves.count)-trial search space has been evaluated")
        }
        guard let product = Product(tree.leaves), product.isSeen(in: tree.leaves) else {
            // The space may be conditional: where a new trial can go depends on the running
            // trials' remaining choices, known only when they finish.
            let running = study.running.count
            if running > 0 {
                return .wait(reason: "\(running) running trial(s) may still open a branch of the search space")
            }
            return .start(NewTrial())
        }
        var held = Set<Int>()
        for leaf in tree.leaves {
            if let index = product.index(of: leaf.mapValues(\.internalValue)) { held.insert(index) }
        }
        for trial in study.unfinished {
            if let point = trial.systemAttributes[.bruteForcePoint]?.objectValue?.compactMapValues(\.doubleValue),
                let index = product.index(of: point)
            {
                held.insert(index)
            }
        }
        guard let free = (0..<product.count).first(where: { !held.contains($0) }) else {
            return .stop(reason: "every point of the \(product.count)-point search space has been evaluated or is running")
        }
        let point = product.point(free)
        return .start(
            NewTrial(
                systemAttributes: [SystemAttributeKey.bruteForcePoint.rawValue: .object(point.mapValues { .double($0) })],
                claim: "brute-force:\(product.fingerprint):\(free)"))
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
        if let claimed = trial.systemAttributes[.bruteForcePoint]?.objectValue?[name]?.doubleValue,
            distribution.contains(internal: claimed)
        {
            return claimed
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

    /// The product of the finished trials' distributions, when they all have the same parameters.
    struct Product {
        let names: [String]
        let members: [[Double]]
        let count: Int
        let fingerprint: String

        /// `nil` unless there are leaves, all with the same parameters and distributions, and the
        /// product has at most 2^20 points.
        init?(_ leaves: [[String: Parameter]]) {
            guard let first = leaves.first else { return nil }
            let space = SearchSpace(first.mapValues(\.distribution))
            for leaf in leaves.dropFirst() where leaf.count != space.count || SearchSpace(leaf.mapValues(\.distribution)) != space {
                return nil
            }
            var members: [[Double]] = []
            var count = 1
            for distribution in space.distributions {
                guard let list = Tree.members(of: distribution) else { return nil }
                members.append(list)
                count *= list.count
                if count > 1 << 20 { return nil }
            }
            names = space.names
            self.members = members
            self.count = count
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a of the space's text
            for byte in zip(space.names, space.distributions).map({ "\($0.utf8.count):\($0)=\($1);" }).joined().utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
            fingerprint = String(hash, radix: 16)
        }

        /// Whether every member of every distribution is the value of some leaf: only then is
        /// the space taken to be this product.
        ///
        /// - Complexity: O(l · d) for l leaves of d parameters.
        func isSeen(in leaves: [[String: Parameter]]) -> Bool {
            for (position, name) in names.enumerated() {
                let seen = Set(leaves.compactMap { $0[name]?.internalValue })
                if !members[position].allSatisfy(seen.contains) { return false }
            }
            return true
        }

        /// The row-major index of a point (the last name varying fastest), or `nil` when it is not one.
        func index(of point: [String: Double]) -> Int? {
            guard point.count == names.count else { return nil }
            var index = 0
            for (position, name) in names.enumerated() {
                guard let value = point[name], let member = members[position].firstIndex(of: value) else { return nil }
                index = index * members[position].count + member
            }
            return index
        }

        /// The point at a row-major index.
        func point(_ index: Int) -> [String: Double] {
            var rest = index
            var result: [String: Double] = [:]
            for position in names.indices.reversed() {
                let list = members[position]
                result[names[position]] = list[rest % list.count]
                rest /= list.count
            }
            return result
        }
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
