import Dispatch
import Foundation

/// Runs independent pieces of work on the machine's cores, with results in a fixed order.
///
/// For the sampler's own hot loops (scoring candidate batches, polishing several starts): a study
/// asks its sampler one trial at a time (`Study.ask` is serialized per handle), so the other cores
/// are otherwise idle during a suggestion. Each piece must depend only on its index and on
/// read-only inputs; the results come back in index order, so the outcome is the same, bit for bit,
/// as running the pieces one after another, whatever the number of cores or their timing.
package enum Parallel {
    /// The number of pieces worth splitting work into: the active processor count, at most 8.
    package static let width = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))

    /// `(0..<count).map(body)`, with the calls spread over the cores.
    ///
    /// - Complexity: the work of the calls, divided among up to ``width`` cores.
    package static func map<Result: Sendable>(_ count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
        guard count > 1, width > 1 else { return (0..<count).map(body) }
        let results = UnsafeMutablePointer<Result?>.allocate(capacity: count)
        results.initialize(repeating: nil, count: count)
        defer {
            results.deinitialize(count: count)
            results.deallocate()
        }
        let slots = Slots(base: results)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            // Each index writes only its own slot.
            slots.base[index] = body(index)
        }
        return (0..<count).map { results[$0]! }
    }

    /// Calls `body` for each index in `0..<count`, spread over the cores, and returns when all
    /// calls have returned. For pieces of work that write disjoint parts of one buffer: each call
    /// must depend only on its index and on inputs no other call writes.
    ///
    /// - Complexity: the work of the calls, divided among up to ``width`` cores.
    package static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        guard count > 1, width > 1 else {
            for index in 0..<count { body(index) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }

    /// A pointer handed to the concurrent iterations. `@unchecked Sendable`: every iteration writes
    /// a different element, and the elements are read only after `concurrentPerform` returned.
    private struct Slots<Result>: @unchecked Sendable {
        let base: UnsafeMutablePointer<Result?>
    }
}
