import Foundation
import HyperTuneSearchSpace
import Testing

@Suite("Distributions")
struct DistributionTests {
    @Test(
        "float rules",
        arguments: [
            (-Double.infinity, 1.0, nil as Double?, false, SearchSpaceError.Kind.nonFiniteBound),
            (0.0, Double.nan, nil, false, .nonFiniteBound),
            (2.0, 1.0, nil, false, .lowGreaterThanHigh),
            (0.0, 1.0, nil, true, .logNeedsPositiveLow),
            (-1.0, 1.0, nil, true, .logNeedsPositiveLow),
            (0.0, 1.0, 0.0, false, .nonPositiveStep),
            (0.0, 1.0, -0.5, false, .nonPositiveStep),
            (0.0, 1.0, .infinity, false, .nonPositiveStep),
            (1.0, 2.0, 0.5, true, .stepWithLog),
            (0.0, 1.0, 0.3, false, .rangeNotMultipleOfStep),
        ])
    func floatRules(low: Double, high: Double, step: Double?, log: Bool, kind: SearchSpaceError.Kind) {
        #expect {
            _ = try FloatDistribution(low: low, high: high, step: step, log: log)
        } throws: { error in
            (error as? SearchSpaceError)?.kind == kind
        }
    }

    @Test(
        "int rules",
        arguments: [
            (3, 1, 1, false, SearchSpaceError.Kind.lowGreaterThanHigh),
            (0, 10, 0, false, .nonPositiveStep),
            (0, 10, -2, false, .nonPositiveStep),
            (1, 10, 3, true, .stepWithLog),
            (0, 10, 1, true, .logNeedsPositiveLow),
            (0, 10, 3, false, .rangeNotMultipleOfStep),
            (0, 1 << 60, 1, false, .integerBoundTooLarge),
        ])
    func intRules(low: Int, high: Int, step: Int, log: Bool, kind: SearchSpaceError.Kind) {
        #expect {
            _ = try IntDistribution(low: low, high: high, step: step, log: log)
        } throws: { error in
            (error as? SearchSpaceError)?.kind == kind
        }
    }

    @Test("categorical rules")
    func categoricalRules() {
        #expect(throws: SearchSpaceError.self) { _ = try CategoricalDistribution([]) }
        #expect { _ = try CategoricalDistribution(["a", "b", "a"]) } throws: {
            ($0 as? SearchSpaceError)?.kind == .duplicateChoice
        }
        #expect { _ = try CategoricalDistribution([1.0, .float(.nan)]) } throws: {
            ($0 as? SearchSpaceError)?.kind == .nanChoice
        }
        // Mixed kinds are fine; the integer 1 and the float 1.0 are different choices.
        #expect(throws: Never.self) { _ = try CategoricalDistribution(["none", 1, 1.0, true]) }
    }

    @Test("the step rule tolerates binary rounding, and the grid ends exactly at high")
    func stepTolerance() throws {
        let d = try FloatDistribution(low: 0.1, high: 0.9, step: 0.1)
        #expect(d.gridCount == 9)
        #expect(d.gridValue(at: 8) == 0.9)
        #expect(d.gridValue(at: 0) == 0.1)
        #expect(d.contains(0.5))
        #expect(!d.contains(0.55))
        #expect(d.snapped(0.56) == d.gridValue(at: 5))
        #expect(d.snapped(7) == 0.9)
        #expect(d.snapped(.nan) == 0.1)
        let e = try FloatDistribution(-3...3, step: 0.5)
        #expect(e.gridCount == 13)
    }

    @Test("a constant range is allowed")
    func singleton() throws {
        #expect(try Distribution.float(FloatDistribution(low: 2, high: 2)).isSingleton)
        #expect(try Distribution.int(IntDistribution(low: 5, high: 5)).isSingleton)
        #expect(try Distribution.categorical(CategoricalDistribution(["only"])).isSingleton)
    }

    @Test("internal values round-trip and are checked")
    func internalForm() throws {
        let float = Distribution.float(try FloatDistribution(low: 1e-5, high: 1e-1, log: true))
        #expect(try float.internalValue(of: 0.01) == 0.01)
        #expect(float.value(forInternal: 0.01) == .float(0.01))
        #expect { try float.internalValue(of: 0.5) } throws: { ($0 as? SearchSpaceError)?.kind == .valueOutsideDistribution }
        #expect { try float.internalValue(of: "x") } throws: { ($0 as? SearchSpaceError)?.kind == .valueTypeMismatch }

        let int = Distribution.int(try IntDistribution(low: 0, high: 10, step: 2))
        #expect(try int.internalValue(of: 4) == 4)
        #expect(try int.internalValue(of: 4.0) == 4)
        #expect { try int.internalValue(of: 3) } throws: { ($0 as? SearchSpaceError)?.kind == .valueOutsideDistribution }
        #expect { try int.internalValue(of: 2.5) } throws: { ($0 as? SearchSpaceError)?.kind == .valueTypeMismatch }
        #expect(int.snapped(4.9) == 4)
        #expect(int.snapped(5.1) == 6)
        #expect(int.value(forInternal: 6) == .int(6))

        let categorical = Distribution.categorical(try CategoricalDistribution(["sgd", "adam", 2.0]))
        #expect(try categorical.internalValue(of: "adam") == 1)
        #expect(try categorical.internalValue(of: 2) == 2)  // numeric match
        #expect(categorical.value(forInternal: 0) == "sgd")
        #expect(categorical.snapped(7.3) == 2)
        #expect(!categorical.contains(internal: 0.5))
    }

    @Test("distributions survive JSON and are validated when decoded")
    func codable() throws {
        let distributions: [Distribution] = [
            .float(try FloatDistribution(low: -3, high: 3, step: 0.5)),
            .float(try FloatDistribution(low: 1e-5, high: 1, log: true)),
            .int(try IntDistribution(low: 16, high: 256, log: true)),
            .int(try IntDistribution(low: 0, high: 9, step: 3)),
            .categorical(try CategoricalDistribution(["a", 1, 2.5, false])),
        ]
        let data = try JSONEncoder().encode(distributions)
        #expect(try JSONDecoder().decode([Distribution].self, from: data) == distributions)
        let bad = Data(#"{"float": {"low": 2, "high": 1}}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Distribution.self, from: bad) }
    }

    @Test("parameter values keep their kind through JSON")
    func parameterValueCodable() throws {
        let values: [ParameterValue] = [2.0, 2, "2", true, -0.5]
        let decoded = try JSONDecoder().decode([ParameterValue].self, from: JSONEncoder().encode(values))
        #expect(decoded == values)
        #expect(decoded[0] == .float(2))
        #expect(decoded[1] == .int(2))
    }

    @Test("literals")
    func literals() {
        let config: [String: ParameterValue] = ["lr": 0.01, "layers": 2, "optimizer": "adam", "bias": true]
        #expect(config["lr"] == .float(0.01))
        #expect(config["layers"] == .int(2))
        #expect(config["optimizer"] == .string("adam"))
        #expect(config["bias"] == .bool(true))
        #expect(ParameterValue.float(3).intValue == 3)
        #expect(ParameterValue.float(3.5).intValue == nil)
    }

    @Test("errors name the parameter once it is known")
    func namedErrors() throws {
        do {
            _ = try FloatDistribution(low: 0, high: 1, log: true)
            Issue.record("expected an error")
        } catch {
            let named = error.named("lr")
            #expect(named.parameter == "lr")
            #expect(named.description == "parameter \"lr\": log scale needs low > 0, got low = 0.0")
            #expect(named.named("other").parameter == "lr")
        }
    }

    @Test("integer bounds may reach ±maxMagnitude (2^53, exact in a Double), not beyond")
    func integerMagnitudeLimit() throws {
        let limit = IntDistribution.maxMagnitude
        #expect(limit == 1 << 53)
        _ = try IntDistribution(low: -limit, high: limit)
        #expect(throws: SearchSpaceError.self) { try IntDistribution(low: 0, high: limit + 1) }
        #expect(throws: SearchSpaceError.self) { try IntDistribution(low: -limit - 1, high: 0) }
    }
}
