public import HyperTuneCore
import HyperTuneSearchSpace

extension Study {
    /// A plain-text report: the study's counts by state, then a table of the `top` best complete
    /// trials (number, value(s), parameters, duration). Suited to a log or a failing test's message.
    ///
    /// ```text
    /// Study "quickstart" (minimize): 60 trials: 41 complete, 19 pruned, 0 fail, 0 running, 0 waiting
    /// rank  trial  value        duration  params
    ///    1     37  0.000112     0.00s     layers=1, lr=1.2e-05, optimizer="sgd"
    /// ```
    ///
    /// - Parameter top: how many of the best trials to list (at least 0).
    public func summary(top: Int = 10) async throws -> String {
        Study.summary(of: try await storage.snapshot(of: id), top: top)
    }

    /// The report of ``summary(top:)`` for any snapshot (a hand-made one, or one read earlier).
    public static func summary(of snapshot: StudySnapshot, top: Int = 10) -> String {
        StudySummary.render(snapshot: snapshot, name: snapshot.studyName, directions: snapshot.directions, top: max(0, top))
    }
}

/// Renders ``Study/summary(top:)``.
enum StudySummary {
    static func render(snapshot: StudySnapshot, name: String, directions: [StudyDirection], top: Int) -> String {
        let trials = snapshot.trials()
        var counts: [TrialState: Int] = [:]
        for trial in trials { counts[trial.state, default: 0] += 1 }
        let states: [TrialState] = [.complete, .pruned, .fail, .running, .waiting]
        var lines = [
            "Study \"\(name)\" (\(directions.map(\.rawValue).joined(separator: ", "))): \(trials.count) trials: "
                + states.map { "\(counts[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", ")
        ]
        let complete = trials.filter { $0.state == .complete && $0.values != nil }
        let ranked: [TrialRecord]
        if directions.count == 1 {
            let direction = directions[0]
            ranked = complete.sorted { a, b in
                let (x, y) = (a.values![0], b.values![0])
                return x == y ? a.number < b.number : direction.isBetter(x, than: y)
            }
        } else {
            ranked = ParetoFront.of(complete, directions: directions)
        }
        guard top > 0, !ranked.isEmpty else { return lines.joined(separator: "\n") }
        var rows = [["rank", "trial", directions.count == 1 ? "value" : "values", "duration", "params"]]
        for (rank, trial) in ranked.prefix(top).enumerated() {
            let values = trial.values!.map { formatted($0) }.joined(separator: ", ")
            let duration = trial.duration.map { fixed($0, decimals: 3) + "s" } ?? "-"
            let params = trial.params.sorted { $0.key < $1.key }.map { "\($0.key)=\(formatted($0.value))" }
                .joined(separator: ", ")
            rows.append(["\(rank + 1)", "\(trial.number)", values, duration, params])
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            var line = ""
            for column in 0..<4 {
                let cell = row[column]
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                line += column < 2 ? pad + cell : cell + pad
                line += "  "
            }
            lines.append(line + row[4])
        }
        return lines.joined(separator: "\n")
    }

    /// A parameter value with floats shortened to 6 significant digits.
    static func formatted(_ value: ParameterValue) -> String {
        if case .float(let number) = value {
            let text = formatted(number)
            // Keep floats recognisable as floats: 2.0, not 2.
            return text.contains(where: { ".eEn".contains($0) }) ? text : text + ".0"
        }
        return value.description
    }

    /// `value` with exactly `decimals` digits after the point (for durations), by integer arithmetic.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return "\(value)" }
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let scaled = Int((abs(value) * factor).rounded())
        let whole = scaled / Int(factor)
        let fraction = String(scaled % Int(factor))
        let padded = String(repeating: "0", count: decimals - fraction.count) + fraction
        return (value < 0 && scaled != 0 ? "-" : "") + "\(whole)" + (decimals > 0 ? "." + padded : "")
    }

    /// A compact, deterministic rendering of a number: up to 6 significant digits.
    static func formatted(_ value: Double, digits: Int = 6) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e-4 && magnitude < 1e6 {
            // Fixed notation with `digits` significant digits, trailing zeros removed.
            var decimals = digits - 1
            var scale = magnitude
            while scale >= 10 && decimals > 0 {
                scale /= 10
                decimals -= 1
            }
            while scale < 1 {
                scale *= 10
                decimals += 1
            }
            var factor = 1.0
            for _ in 0..<decimals { factor *= 10 }
            let rounded = (value * factor).rounded() / factor
            var text = "\(rounded)"
            if text.contains("e") { return text }
            if let dot = text.firstIndex(of: ".") {
                let fraction = text[text.index(after: dot)...]
                if fraction.count > decimals { text = String(text[..<text.index(dot, offsetBy: decimals + 1)]) }
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            }
            return text
        }
        return "\(value)"
    }
}
