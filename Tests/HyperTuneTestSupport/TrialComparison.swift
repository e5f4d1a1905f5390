public import HyperTuneCore

/// Whether two trial records hold the same data, treating NaN values as equal to NaN (`==` on
/// records does not: NaN never equals itself) and comparing doubles bit for bit otherwise.
public func sameTrial(_ a: TrialRecord, _ b: TrialRecord) -> Bool {
    func same(_ x: Double, _ y: Double) -> Bool { x.isNaN ? y.isNaN : x.bitPattern == y.bitPattern }
    func same(_ x: [Double]?, _ y: [Double]?) -> Bool {
        switch (x, y) {
        case (nil, nil): true
        case (let x?, let y?): x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        default: false
        }
    }
    return a.number == b.number && a.state == b.state && same(a.values, b.values) && a.parameters == b.parameters
        && a.intermediateValues.count == b.intermediateValues.count
        && a.intermediateValues.allSatisfy { step, value in b.intermediateValues[step].map { same(value, $0) } ?? false }
        && a.userAttributes == b.userAttributes && a.systemAttributes == b.systemAttributes
        && a.fixedParams == b.fixedParams && a.startDate == b.startDate && a.endDate == b.endDate
}

/// Whether two lists of trial records pair up under ``sameTrial(_:_:)``.
public func sameTrials(_ a: [TrialRecord], _ b: [TrialRecord]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { sameTrial($0, $1) }
}
