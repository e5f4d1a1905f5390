import Foundation

/// The command line after the subcommand: `--name value` options and positional arguments.
/// Hand-written so that the runner stays dependency-free.
struct Options {
    var values: [String: String] = [:]
    var positional: [String] = []

    /// Parses `arguments`, accepting only the option names in `known`.
    init(_ arguments: some Sequence<String>, known: Set<String>) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            if argument.hasPrefix("--") {
                let name = String(argument.dropFirst(2))
                guard known.contains(name) else {
                    throw UsageError("unknown option --\(name); known: \(known.sorted().map { "--\($0)" }.joined(separator: " "))")
                }
                guard let value = iterator.next() else { throw UsageError("option --\(name) needs a value") }
                values[name] = value
            } else {
                positional.append(argument)
            }
        }
    }

    func string(_ name: String, default value: String) -> String { values[name] ?? value }

    func int(_ name: String, default value: Int) throws -> Int {
        guard let text = values[name] else { return value }
        guard let parsed = Int(text), parsed >= 0 else { throw UsageError("--\(name) needs a non-negative integer, got \(text)") }
        return parsed
    }

    /// A comma-separated list, or `all` when not given.
    func list(_ name: String) -> [String]? {
        guard let text = values[name], text != "all" else { return nil }
        return text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `--seeds N` seeds from `--first-seed K`: K ..< K + N (default 10 from 0).
    func seeds() throws -> [Int] {
        let first = try int("first-seed", default: 0)
        return Array(first..<(first + (try int("seeds", default: 10))))
    }

    func ints(_ name: String) throws -> [Int]? {
        guard let items = list(name) else { return nil }
        return try items.map { item in
            guard let value = Int(item), value > 0 else { throw UsageError("--\(name) needs positive integers, got \(item)") }
            return value
        }
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
