// The README's quickstart (compiled here; the documentation test checks the README shows it verbatim).
// Run with `swift run -c release quickstart`.

// snippet: readme/quickstart
import HyperTune

let study = try await Study.create(direction: .minimize)

try await study.optimize(nTrials: 100) { trial in
    let x = try trial.suggestFloat("x", in: -10...10)
    let kind = try trial.suggestCategorical("kind", ["square", "absolute"])
    let offset = Double(try trial.suggestInt("offset", in: 0...5))
    return kind == "square" ? (x - 2) * (x - 2) + offset : abs(x - 2) + offset
}

let best = try await study.bestTrial
print(best.value!, best.params)
print(try await study.summary(top: 5))
// end-snippet
