import Foundation

/// The `table` command's work, and the `page` command that keeps the tables of
/// `Docs/Benchmarks.md` equal to what `table` prints from the committed result files.
///
/// In the page, a table is a region
///
///     <!-- table: hypertune-quality.json optuna-quality.json --samplers tpe --at 25,50,100 -->
///     …the output of `hypertune-bench table` with those arguments (files in --results)…
///     <!-- end table -->
///
/// `page` rewrites every region from the files; with `--check` it changes nothing and fails when a
/// region differs (a hand-edited number, or a result file changed without the page).
enum Page {
    /// `table FILE.json... [--at N[,N...]] [--samplers a,b] [--style full|compact]`, files read
    /// relative to `directory` when one is given.
    static func table(_ arguments: [String], directory: String? = nil) throws -> String {
        let options = try Options(arguments, known: ["at", "samplers", "style"])
        guard !options.positional.isEmpty else { throw UsageError("table needs result files") }
        var reports = try options.positional.map { file in
            try Report.read(directory.map { $0 + "/" + file } ?? file)
        }
        if let samplers = options.list("samplers") {
            for index in reports.indices {
                reports[index].quality?.runs.removeAll { !samplers.contains($0.sampler) }
                reports[index].overhead?.results.removeAll { !samplers.contains($0.sampler) }
            }
        }
        let at = try options.ints("at")
        switch options.string("style", default: "full") {
        case "full": return TableSuite.render(reports, at: at?.last)
        case "compact":
            // The provenance closes the first caption, or heads a table that has none.
            var lines = CompactTables.render(reports, at: at)
            if let first = lines.first, first.hasPrefix("**") {
                lines[0] = first + " — " + CompactTables.provenance(reports)
            } else {
                lines = [CompactTables.provenance(reports), ""] + lines
            }
            return lines.joined(separator: "\n")
        case let other: throw UsageError("--style is full or compact, got \(other)")
        }
    }

    static let opening = "<!-- table: "
    static let closing = "<!-- end table -->"

    /// Rewrites (or, with `check`, compares) every table region of the page at `path`. Returns the
    /// number of regions and how many differed.
    static func update(path: String, results: String, check: Bool) throws -> (regions: Int, changed: Int) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        var regions = 0
        var changed = 0
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard line.hasPrefix(opening), line.hasSuffix("-->") else {
                index += 1
                continue
            }
            let arguments = line.dropFirst(opening.count).dropLast(3).split(separator: " ").map(String.init)
            guard let end = lines[(index + 1)...].firstIndex(of: closing) else {
                throw UsageError("\(path):\(index + 1): a table region without \(closing)")
            }
            let rendered = try table(arguments, directory: results).components(separatedBy: "\n")
            if !check { print("$ hypertune-bench table \(arguments.joined(separator: " "))\n\n" + rendered.joined(separator: "\n") + "\n") }
            regions += 1
            if Array(lines[(index + 1)..<end]) != rendered {
                changed += 1
                if check { progress("\(path):\(index + 1): differs from `table \(arguments.joined(separator: " "))`") }
            }
            lines.replaceSubrange((index + 1)..<end, with: rendered)
            index += rendered.count + 2
        }
        if !check, changed > 0 { try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8) }
        return (regions, changed)
    }
}
