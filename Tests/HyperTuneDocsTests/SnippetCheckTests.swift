import Foundation
import Testing

/// Every Swift code block in the guides (`Docs/*.md`) and the README is compiled: each block is
/// preceded by `<!-- snippet: NAME -->`, and NAME is a region of the Swift files under
/// `Tests/HyperTuneDocsTests/Snippets` or `Examples/`, between `// snippet: NAME` and `// end-snippet`. The
/// compiler compiles the regions with this target; this test checks that the guides show them
/// verbatim (after removing the common indentation), and that no region is left unused. The only
/// blocks exempt are package manifests, marked `<!-- not compiled: a package manifest -->`.
@Suite("Documentation snippets")
struct SnippetCheckTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Block {
        var file: String
        var line: Int
        var name: String?
        var exemption: String?
        var code: String
    }

    static func documents() throws -> [URL] {
        let docs = root.appendingPathComponent("Docs")
        let guides = try FileManager.default.contentsOfDirectory(at: docs, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" }
        return [root.appendingPathComponent("README.md")] + guides.sorted { $0.path < $1.path }
    }

    /// The ```swift blocks of a markdown file, with the snippet name from the line before the fence.
    static func blocks(in url: URL) throws -> [Block] {
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            if lines[index].trimmingCharacters(in: .whitespaces) == "```swift" {
                var name: String?
                var exemption: String?
                if index > 0, let match = lines[index - 1].firstMatch(of: /<!-- snippet: ([A-Za-z0-9_\/.-]+) -->/) {
                    name = String(match.1)
                } else if index > 0, let match = lines[index - 1].firstMatch(of: /<!-- not compiled: (.+) -->/) {
                    exemption = String(match.1)
                }
                var body: [String] = []
                var end = index + 1
                while end < lines.count, lines[end].trimmingCharacters(in: .whitespaces) != "```" {
                    body.append(lines[end])
                    end += 1
                }
                blocks.append(
                    Block(file: url.lastPathComponent, line: index + 1, name: name, exemption: exemption, code: dedent(body)))
                index = end + 1
            } else {
                index += 1
            }
        }
        return blocks
    }

    /// The Swift files that may hold snippet regions: this target's `Snippets/` and the examples.
    static func sources() throws -> [URL] {
        var files: [URL] = []
        for folder in ["Tests/HyperTuneDocsTests/Snippets", "Examples"] {
            let directory = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.pathExtension == "swift" { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The `// snippet: NAME` ... `// end-snippet` regions of the snippet sources.
    static func regions() throws -> [String: String] {
        var regions: [String: String] = [:]
        for url in try sources() {
            let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
            var current: (name: String, lines: [String])?
            for line in lines {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if let match = trimmed.firstMatch(of: /^\/\/ snippet: ([A-Za-z0-9_\/.-]+)$/) {
                    current = (String(match.1), [])
                } else if trimmed == "// end-snippet", let region = current {
                    regions[region.name] = dedent(region.lines)
                    current = nil
                } else if current != nil {
                    current!.lines.append(line)
                }
            }
        }
        return regions
    }

    static func dedent(_ lines: [String]) -> String {
        let indents = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.prefix(while: { $0 == " " }).count }
        let indent = indents.min() ?? 0
        return lines.map { $0.count >= indent ? String($0.dropFirst(indent)) : "" }.joined(separator: "\n")
            .trimmingCharacters(in: .newlines)
    }

    @Test("every Swift block of the guides and the README is a compiled snippet, shown verbatim")
    func guidesMatchCompiledSnippets() throws {
        let regions = try Self.regions()
        var used = Set<String>()
        var exempt: [String] = []
        for document in try Self.documents() {
            for block in try Self.blocks(in: document) {
                if let reason = block.exemption {
                    // Only code that cannot live in a test target (package manifests) is exempt.
                    #expect(reason.contains("manifest"), "\(block.file):\(block.line): exemption \"\(reason)\"")
                    exempt.append("\(block.file):\(block.line)")
                    continue
                }
                guard let name = block.name else {
                    Issue.record("\(block.file):\(block.line): a Swift block without a <!-- snippet: NAME --> line before it")
                    continue
                }
                guard let region = regions[name] else {
                    Issue.record("\(block.file):\(block.line): no compiled snippet named \(name)")
                    continue
                }
                used.insert(name)
                #expect(block.code == region, "\(block.file):\(block.line): the block differs from snippet \(name)")
            }
        }
        #expect(Set(regions.keys).subtracting(used).sorted() == [], "snippets no guide shows")
        #expect(!used.isEmpty)
        #expect(exempt.count <= 4, "uncompiled blocks: \(exempt)")
    }
}
