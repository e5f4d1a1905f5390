/// The coded and printed form of a float or int distribution: `low` and `high`, then `step` and
/// `log` only when present (`nil` is left out; `log` is `true` or absent). ``FloatDistribution`` and
/// ``IntDistribution`` encode and describe themselves through it, and validate what it decodes.
struct NumericRangeCoding<Bound: Codable>: Codable {
    var low: Bound
    var high: Bound
    var step: Bound?
    var log: Bool?
}

extension NumericRangeCoding {
    /// `KIND LOW...HIGH`, then ` step STEP` and ` (log)` when present.
    func description(kind: String) -> String {
        var text = "\(kind) \(low)...\(high)"
        if let step { text += " step \(step)" }
        if log == true { text += " (log)" }
        return text
    }
}
