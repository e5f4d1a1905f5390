// The README's quickstart: minimize a function of three parameters, one of them conditional.
// Run with `swift run -c release quickstart`.

import HyperTune

let study = try await Study.create(name: "quickstart", direction: .minimize, sampler: RandomSampler(seed: 42))

try await study.optimize(nTrials: 200) { trial in
    let x = try trial.suggestFloat("x", in: -10...10)
    let kind = try trial.suggestCategorical("kind", ["square", "absolute"])
    let scale = try kind == "square" ? trial.suggestFloat("scale", in: 0.1...10, log: true) : 1
    let offset = Double(try trial.suggestInt("offset", in: 0...5))
    return kind == "square" ? scale * (x - 2) * (x - 2) + offset : abs(x - 2) + offset
}

let best = try await study.bestTrial
print("best value \(best.value!) at trial \(best.number) with \(best.params.sorted { $0.key < $1.key })")
print(try await study.summary(top: 5))
