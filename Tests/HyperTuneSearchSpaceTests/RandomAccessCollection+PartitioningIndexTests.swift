import Foundation
import HyperTuneSearchSpace
import Testing

@Suite("partitioningIndex and sortedIndex: the package's binary search")
struct PartitioningIndexTests {
    @Test("the partition point equals a linear scan's for every split of every length up to 9")
    func agreesWithLinearScan() {
        for length in 0...9 {
            for split in 0...length {
                let flags = (0..<length).map { $0 >= split }
                #expect(flags.partitioningIndex { $0 } == split)
            }
        }
    }

    @Test("on a slice the result is an index of the slice, not an offset")
    func sliceIndices() {
        let values = [1, 3, 3, 5, 8, 13]
        let slice = values[2..<5]
        #expect(slice.partitioningIndex { $0 >= 5 } == 3)
        #expect(slice.partitioningIndex { $0 >= 0 } == slice.startIndex)
        #expect(slice.partitioningIndex { $0 > 100 } == slice.endIndex)
    }

    @Test("lower and upper bounds of a run of equal elements")
    func boundsOfRuns() {
        let values = [0, 2, 2, 2, 7]
        #expect(values.partitioningIndex { $0 >= 2 } == 1)
        #expect(values.partitioningIndex { $0 > 2 } == 4)
    }

    @Test("sortedIndex finds the first occurrence and nothing that is absent")
    func sortedIndex() {
        let names = ["a", "c", "c", "e"]
        #expect(names.sortedIndex(of: "c") == 1)
        #expect(names.sortedIndex(of: "e") == 3)
        #expect(names.sortedIndex(of: "b") == nil)
        #expect(names.sortedIndex(of: "f") == nil)
        #expect([Int]().sortedIndex(of: 0) == nil)
    }

    @Test("the predicate is evaluated at most ceil(log2(n + 1)) times")
    func logarithmicEvaluations() {
        for length in [1, 2, 7, 8, 1000, 1024] {
            var evaluations = 0
            _ = Array(0..<length).partitioningIndex { element in
                evaluations += 1
                return element >= length / 3
            }
            let bound = Int((log2(Double(length + 1))).rounded(.up))
            #expect(evaluations <= bound, "length \(length)")
        }
    }
}
