import DigitsModel
import Testing

@Suite("DigitsSplit")
struct DigitsSplitTests {
    @Test("the three parts are disjoint, sorted and cover every image", arguments: [0, 42] as [UInt64])
    func partition(seed: UInt64) throws {
        let labels = try Fixture.dataset().labels
        let split = DigitsSplit(labels: labels, seed: seed)
        let all = split.train + split.validation + split.test
        #expect(all.count == labels.count)
        #expect(Set(all) == Set(0..<labels.count))
        for part in [split.train, split.validation, split.test] { #expect(part == part.sorted()) }
    }

    @Test("each part has the class proportions of the whole, to rounding")
    func stratified() throws {
        let labels = try Fixture.dataset().labels
        let split = DigitsSplit(labels: labels, validationFraction: 0.2, testFraction: 0.25, seed: 7)
        var total = [Int](repeating: 0, count: 10)
        for label in labels { total[label] += 1 }
        func counts(_ indices: [Int]) -> [Int] {
            var counts = [Int](repeating: 0, count: 10)
            for index in indices { counts[labels[index]] += 1 }
            return counts
        }
        let (test, validation) = (counts(split.test), counts(split.validation))
        for label in 0..<10 {
            #expect(test[label] == Int((Double(total[label]) * 0.25).rounded()))
            #expect(validation[label] == Int((Double(total[label]) * 0.2).rounded()))
        }
    }

    @Test("the same seed gives the same split; another seed another")
    func seeded() throws {
        let labels = try Fixture.dataset().labels
        #expect(DigitsSplit(labels: labels, seed: 3) == DigitsSplit(labels: labels, seed: 3))
        #expect(DigitsSplit(labels: labels, seed: 3).test != DigitsSplit(labels: labels, seed: 4).test)
    }

    @Test("DigitsData standardizes with training statistics only")
    func prepared() throws {
        let dataset = try Fixture.dataset()
        let data = DigitsData(dataset, seed: 1)
        #expect(data.train.count + data.validation.count + data.test.count == dataset.count)
        let standardization = Standardization(fitting: dataset.subset(data.split.train))
        #expect(data.test == dataset.subset(data.split.test).standardized(by: standardization))
    }
}
