import XCTest
@testable import PriorMix

/// The one configuration reader behind taxonomy, source mapping, label, recipe and learned-lexicon
/// files (issue 15), and its limits on untrusted files (issue 16 items 10 and 15).
final class ConfigurationFileTests: XCTestCase {
    private func taxonomyCopy(editing file: String, _ edit: (String) -> String) throws -> String {
        let directory = try makeTemporaryDirectory(self) + "/taxonomy"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in ["categories.yaml", "sources.yaml"] {
            try FileManager.default.copyItem(atPath: packageRoot + "/taxonomy/" + name, toPath: directory + "/" + name)
        }
        let path = directory + "/" + file
        try write(edit(try String(contentsOfFile: path, encoding: .utf8)), to: path)
        return directory
    }

    private func assertFails(_ body: @autoclosure () throws -> Any, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            let text = "\(error)"
            for fragment in fragments { XCTAssertTrue(text.contains(fragment), "\(text) lacks \(fragment)", file: file, line: line) }
        }
    }

    func testEveryKindNamesTheFileTheLineTheKeyAndTheKind() throws {
        let directory = try makeTemporaryDirectory(self)
        try write("name: r\nbuckets:\n  code: 60\n  web_crawl: forty\n", to: directory + "/r.yaml")
        assertFails(try Recipe.load(path: directory + "/r.yaml"), [directory + "/r.yaml:4: recipe: key `buckets.web_crawl`: expected a number, found `forty`"])
        try write("buckets: {code: 100}\nseed: [1, 2]\n", to: directory + "/s.yaml")
        assertFails(try Recipe.load(path: directory + "/s.yaml"), ["s.yaml:2: recipe: key `seed`: expected a number"])

        let taxonomy = try taxonomyCopy(editing: "categories.yaml") { $0.replacingOccurrences(of: "    bias: -0.2\n", with: "    bias: low\n") }
        let biasLine = try String(contentsOfFile: taxonomy + "/categories.yaml", encoding: .utf8).components(separatedBy: "\n").firstIndex(of: "    bias: low")! + 1
        assertFails(try CategoryTaxonomy.load(directory: taxonomy),
                    ["categories.yaml:\(biasLine): taxonomy: key `categories.academia.bias`: expected a number, found `low`"])
        let sources = try taxonomyCopy(editing: "sources.yaml") { $0 + "  poetry: [verse]\n" }
        assertFails(try CategoryTaxonomy.load(directory: sources), ["sources.yaml:", "source mapping: key `sources.poetry`: unknown category 'poetry'"])

        try write("version: 1\ncategories:\n  code: >-\n    loop:1.0 branch\n", to: directory + "/learned.yaml")
        assertFails(try LexiconLearner.load(path: directory + "/learned.yaml"),
                    ["learned.yaml:3: learned lexicon: key `categories.code`: expected word:weight, found 'branch'"])
    }

    /// Item 10: aliases are refused before the document is built, wherever they are.
    func testAliasBombsAreRefusedWithTheirLine() throws {
        let directory = try makeTemporaryDirectory(self)
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...5 { bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        try write("buckets: {code: 100}\n" + bomb, to: directory + "/bomb.yaml")
        assertFails(try Recipe.load(path: directory + "/bomb.yaml"), ["bomb.yaml:3: recipe: YAML aliases (*name) are not allowed"])
        let taxonomy = try taxonomyCopy(editing: "categories.yaml") { $0 + "\nextra:\n  " + bomb.replacingOccurrences(of: "\n", with: "\n  ") }
        assertFails(try CategoryTaxonomy.load(directory: taxonomy), ["categories.yaml:", "taxonomy: YAML aliases (*name) are not allowed"])
        // An alias used as a key, where hashing the expanded node would already explode.
        try write("base: &b {k: v}\nmap:\n  ? *b\n  : 1\n", to: directory + "/key.yaml")
        assertFails(try Recipe.load(path: directory + "/key.yaml"), ["key.yaml:3: recipe: YAML aliases"])
    }

    /// Item 10: a configuration file over the size limit is refused before it is read.
    func testOversizedFileIsRefused() throws {
        let directory = try makeTemporaryDirectory(self)
        try write("buckets: {code: 100}\n" + String(repeating: "# padding padding padding\n", count: ConfigurationFile.maxBytes / 26 + 10),
                  to: directory + "/big.yaml")
        assertFails(try Recipe.load(path: directory + "/big.yaml"), ["big.yaml: the recipe file is over the 4 MiB limit"])
    }

    /// Item 15: a syntax error on a 200 KB line is reported with its line, not by echoing the line.
    func testSyntaxErrorDoesNotEchoTheInput() throws {
        let directory = try makeTemporaryDirectory(self)
        try write("buckets: {code: 100}\nname: \"" + String(repeating: "x", count: 200_000) + "\n", to: directory + "/long.yaml")
        XCTAssertThrowsError(try Recipe.load(path: directory + "/long.yaml")) { error in
            let text = "\(error)"
            XCTAssertLessThan(text.count, 600, String(text.prefix(600)))
            XCTAssertTrue(text.contains("long.yaml:") && text.contains("recipe: invalid YAML"), text)
        }
    }

    /// Item 15: a binary file is named for what it was meant to be.
    func testBinaryFileIsReportedWithItsKind() throws {
        let directory = try makeTemporaryDirectory(self)
        try write([0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x58, 0xFF, 0xFE, 0x00, 0x01], to: directory + "/recipe.yaml")
        XCTAssertThrowsError(try Recipe.load(path: directory + "/recipe.yaml")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("recipe.yaml: the recipe file is not UTF-8 text"), text)
            XCTAssertFalse(text.contains("taxonomy file"), text)
        }
        assertFails(try Recipe.load(path: directory + "/absent.yaml"), ["absent.yaml: cannot read recipe file: no such file"])
    }
}
