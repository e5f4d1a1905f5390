import Foundation
import HyperTuneCore
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneStudy
import HyperTuneTestSupport
import Testing

@Suite("Summary number formatting")
struct SummaryFormattingTests {
    @Test(
        "six significant digits, fixed or scientific",
        arguments: [
            (0.0123456789, "0.0123457"), (1.31116534543516e-05, "1.31117e-05"), (2.5e7, "2.5e+07"),
            (-3.0e-9, "-3e-09"), (123456.7, "123457"), (9.9999999e-5, "1e-04"), (0.5, "0.5"), (0, "0"),
        ])
    func numbers(value: Double, expected: String) {
        let snapshot = StudySnapshot(studyName: "study", directions: [.minimize], trials: [TrialBuilder.complete(0, value: value)])
        let table = Study.summary(of: snapshot, top: 1)
        #expect(
            table.split(separator: "\n").last?.split(separator: " ", omittingEmptySubsequences: true).dropFirst(2).first
                == Substring(expected))
    }
}
