import HyperTuneCore
import HyperTunePruners
import HyperTuneSamplers
import HyperTuneStudy
import HyperTuneValidation
import Testing

@Suite("K-fold splitters")
struct KFoldTests {
    @Test("every index is validated exactly once; folds differ in size by at most one", arguments: [(5, 23), (3, 3), (10, 101), (2, 7)])
    func kFold(folds: Int, count: Int) throws {
        for shuffle in [true, false] {
            let splits = try KFold(folds: folds, shuffle: shuffle, seed: 3).splits(count: count)
            #expect(splits.count == folds)
            #expect(splits.flatMap(\.validation).sorted() == Array(0..<count))
            let sizes = splits.map(\.validation.count)
            #expect(sizes.max()! - sizes.min()! <= 1)
            for split in splits {
                #expect(Set(split.train).isDisjoint(with: split.validation))
                #expect((split.train + split.validation).sorted() == Array(0..<count))
            }
        }
    }

    @Test("the same seed gives the same folds; another seed, others")
    func seeded() throws {
        #expect(try KFold(seed: 1).splits(count: 50) == KFold(seed: 1).splits(count: 50))
        #expect(try KFold(seed: 1).splits(count: 50) != KFold(seed: 2).splits(count: 50))
        #expect(try KFold(folds: 2, shuffle: false).splits(count: 4).map(\.validation) == [[0, 1], [2, 3]])
    }

    @Test("stratification keeps class proportions within one sample")
    func stratified() throws {
        // Unbalanced classes: 50 of "a", 23 of "b", 7 of "c", 3 of "d" (fewer than the folds).
        let labels =
            Array(repeating: "a", count: 50) + Array(repeating: "b", count: 23) + Array(repeating: "c", count: 7)
            + Array(repeating: "d", count: 3)
        var shuffled = labels
        var generator = SeededGenerator(seed: 9 as UInt64)
        generator.shuffle(&shuffled)
        let folds = 5
        let splits = try StratifiedKFold(folds: folds, seed: 4).splits(labels: shuffled)
        #expect(splits.flatMap(\.validation).sorted() == Array(0..<shuffled.count))
        let sizes = splits.map(\.validation.count)
        #expect(sizes.max()! - sizes.min()! <= 1)
        for label in ["a", "b", "c", "d"] {
            let total = shuffled.filter { $0 == label }.count
            for split in splits {
                let inFold = split.validation.filter { shuffled[$0] == label }.count
                // The class's share of this fold, in items, versus its share of the data.
                let expected = Double(total) * Double(split.validation.count) / Double(shuffled.count)
                #expect(abs(Double(inFold) - expected) <= 1)
            }
        }
    }

    @Test("bad arguments are errors naming them")
    func errors() {
        #expect { _ = try KFold(folds: 1) } throws: { ($0 as? ValidationError)?.parameter == "folds" }
        #expect { _ = try KFold(folds: 5).splits(count: 4) } throws: { ($0 as? ValidationError)?.parameter == "count" }
        #expect { _ = try StratifiedKFold(folds: 3).splits(labels: [1, 2]) } throws: { ($0 as? ValidationError)?.parameter == "labels" }
    }
}
