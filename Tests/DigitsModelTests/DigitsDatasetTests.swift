import DigitsModel
import Testing

@Suite("DigitsDataset")
struct DigitsDatasetTests {
    @Test("the committed file has 1,797 images of 64 pixels in 0...16 and all 10 classes")
    func committedData() throws {
        let dataset = try DigitsDataset.loadCommitted()
        #expect(dataset.count == 1_797)
        #expect(dataset.features.count == 1_797 * 64)
        #expect(dataset.features.allSatisfy { $0 >= 0 && $0 <= 16 && $0 == $0.rounded() })
        #expect(dataset.features.contains(16))
        // The class sizes of the UCI test set, as documented by scikit-learn.
        #expect(dataset.classCounts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        // The first image of the file, row by row.
        #expect(Array(dataset.features[0..<8]) == [0, 0, 5, 13, 9, 1, 0, 0])
        #expect(dataset.labels.first == 0)
    }

    @Test("parsing reads pixels and labels, ignores blank lines and a CRLF")
    func parse() throws {
        let row = Array(repeating: "3", count: 64).joined(separator: ",")
        let dataset = try DigitsDataset.parse(csv: "\(row),7\r\n\n\(row),2\n")
        #expect(dataset.labels == [7, 2])
        #expect(dataset.features == Array(repeating: 3, count: 128))
    }

    static let zeros63 = Array(repeating: "0", count: 63).joined(separator: ",")
    static let malformedCases: [(text: String, expected: String)] = [
        ("1,2,3\n", "line 1: 3 fields"),
        (zeros63 + ",0,10\n", "line 1, field 65: label 10"),
        ("\n" + zeros63 + ",17,1\n", "line 2, field 64: pixel 17"),
        ("x," + zeros63 + ",1", "line 1, field 1: \"x\" is not"),
        ("-1," + zeros63 + ",1", "line 1, field 1: \"-1\" is not"),
    ]

    @Test("malformed lines are errors that name the line and the field", arguments: malformedCases)
    func malformed(text: String, expected: String) {
        #expect {
            try DigitsDataset.parse(csv: text)
        } throws: { error in
            guard let error = error as? DigitsDataError else { return false }
            return error.kind == .malformed && error.detail.contains(expected)
        }
    }

    @Test("a missing file is a notFound error naming the path")
    func missingFile() {
        #expect {
            try DigitsDataset.load(from: "/nonexistent/digits.csv")
        } throws: { error in
            (error as? DigitsDataError)?.kind == .notFound && "\(error)".contains("/nonexistent/digits.csv")
        }
    }

    @Test("the search for the committed file starts at the current directory and ends at the source tree")
    func candidatePaths() {
        let paths = DigitsDataset.candidatePaths(currentDirectory: "/a/b")
        #expect(paths.contains("/a/b/Examples/Data/digits/digits.csv"))
        #expect(paths.contains("/a/Examples/Data/digits/digits.csv"))
        #expect(paths.last?.hasSuffix("/Examples/Data/digits/digits.csv") == true)
    }

    @Test("subset keeps rows and labels together")
    func subset() throws {
        let dataset = try Fixture.dataset()
        let part = dataset.subset([5, 0])
        #expect(part.labels == [dataset.labels[5], dataset.labels[0]])
        #expect(Array(part.features[0..<64]) == Array(dataset.features[320..<384]))
        #expect(Array(part.features[64..<128]) == Array(dataset.features[0..<64]))
    }

    @Test("standardization gives mean 0 and deviation 1 on the fitted data, and maps constant pixels to 0")
    func standardization() throws {
        let dataset = try Fixture.dataset()
        let standardization = Standardization(fitting: dataset)
        let standardized = dataset.standardized(by: standardization)
        let n = Double(dataset.count)
        for column in 0..<64 {
            let values = stride(from: column, to: standardized.features.count, by: 64).map { standardized.features[$0] }
            let mean = values.reduce(0, +) / n
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
            #expect(abs(mean) < 1e-12)
            if standardization.scale[column] == 1 && variance == 0 {
                #expect(values.allSatisfy { $0 == 0 })  // a pixel that is always 0
            } else {
                #expect(abs(variance - 1) < 1e-9)
            }
        }
        // The corner pixel is 0 in every image.
        #expect(standardization.mean[0] == 0 && standardization.scale[0] == 1)
    }
}
