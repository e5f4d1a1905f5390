/// How HyperTune spells a non-finite number in text that has no literal for it (JSON, CSV): the
/// strings `NaN`, `Infinity` and `-Infinity`, in the journal, the JSON export and the CSV table
/// alike (JavaScript's and Python's `json` spelling). Readers also accept the lowercase `nan`,
/// `inf` and `-inf` that exports of earlier versions wrote.
package enum NonFiniteSpelling {
    package static let nan = "NaN"
    package static let infinity = "Infinity"
    package static let negativeInfinity = "-Infinity"

    /// The spelling of a non-finite `value`, or `nil` for a finite one.
    package static func text(_ value: Double) -> String? {
        if value.isFinite { return nil }
        return value.isNaN ? nan : value > 0 ? infinity : negativeInfinity
    }

    /// `value` as text: its spelling when non-finite, else Swift's shortest round-trip text.
    package static func description(_ value: Double) -> String { text(value) ?? value.description }

    /// The non-finite number `text` spells, in this spelling or an earlier one, or `nil`.
    package static func value(_ text: String) -> Double? {
        switch text {
        case nan, "nan": .nan
        case infinity, "inf": .infinity
        case negativeInfinity, "-inf": -.infinity
        default: nil
        }
    }
}
