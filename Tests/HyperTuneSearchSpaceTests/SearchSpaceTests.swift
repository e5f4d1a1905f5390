import Foundation
import HyperTuneSearchSpace
import Testing

@Suite("Search spaces")
struct SearchSpaceTests {
    @Test("names are sorted and intersection keeps equal distributions")
    func intersection() throws {
        let a = Distribution.float(try FloatDistribution(low: 0, high: 1))
        let b = Distribution.float(try FloatDistribution(low: 0, high: 2))
        let c = Distribution.int(try IntDistribution(low: 0, high: 3))
        let first = SearchSpace(["z": a, "x": a, "y": c])
        let second = SearchSpace(["x": a, "y": c, "z": b])
        #expect(first.names == ["x", "y", "z"])
        let common = first.intersection(second)
        #expect(common.names == ["x", "y"])
        #expect(common["x"] == a)
        #expect(common["z"] == nil)
        #expect(SearchSpace.intersection(of: [first, second, SearchSpace(["y": c])]).names == ["y"])
        #expect(SearchSpace.intersection(of: [SearchSpace]()).isEmpty)
        var space = SearchSpace()
        space.set("b", a)
        space.set("a", c)
        space.set("b", b)
        #expect(space.names == ["a", "b"])
        #expect(space["b"] == b)
        #expect(Array(space.map(\.0)) == ["a", "b"])
    }
}
