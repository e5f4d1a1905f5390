// hypertune-bench: HyperTune's benchmark runner. Build in release mode:
//
//     swift run -c release --package-path Benchmarks hypertune-bench <suite> [options]
//
// Suites:
//     driver-overhead [--repeats N]   time per trial of the study driver (random sampler,
//                                     in-memory storage, 5 parameters) at 1,000 and 100,000 trials
//     pruners, pruners-table, curves-reference
//                                     the pruners on learning curves (PrunerSuite.swift)

import Foundation
import HyperTune

let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let parsed = Int(arguments[index + 1]) else {
        return value
    }
    return parsed
}

func usage() -> Never {
    print("usage: hypertune-bench driver-overhead [--repeats N]")
    exit(2)
}

guard let suite = arguments.first else { usage() }

switch suite {
case "driver-overhead":
    let repeats = option("--repeats", default: 5)
    print("Driver overhead: random sampler, in-memory storage, 5 parameters, release build")
    print("trials   median µs/trial   median µs/trial (last 1,000)   runs")
    for trials in [1_000, 100_000] {
        let result = try await DriverOverhead.measure(trials: trials, repeats: trials >= 100_000 ? max(3, repeats / 2) : repeats)
        let runs = result.allMicrosecondsPerTrial.map { String(format: "%.2f", $0) }.joined(separator: " ")
        print(
            String(format: "%7d   %15.2f   %28.2f   %@", trials, result.medianMicrosecondsPerTrial, result.medianMicrosecondsPerTrialLast1000, runs))
    }
case "pruners", "pruners-table", "curves-reference":
    do {
        try await PrunerSuite.command(suite, Array(arguments.dropFirst()))
    } catch {
        print("hypertune-bench: \(error)\n\(PrunerSuite.usage)")
        exit(2)
    }
default:
    usage()
}
