import Foundation
import XCTest
@testable import PriorMix

final class TaggingTaxonomyTests: XCTestCase {
    static let labelsDirectory = packageRoot + "/taxonomy/labels"

    func testContentLabelsAndTheirGroups() {
        XCTAssertEqual(ContentLabel.allCases.map(\.rawValue), ["visual_concept", "visual_attribute", "visual_relationship",
                                                              "code_reasoning", "math_reasoning", "science_reasoning"])
        XCTAssertEqual(ContentLabel.visual, [.visualConcept, .visualAttribute, .visualRelationship])
        XCTAssertEqual(ContentLabel.reasoning, [.codeReasoning, .mathReasoning, .scienceReasoning])
        XCTAssertTrue(ContentLabel.allCases.allSatisfy { $0.isVisual != $0.isReasoning })
        var set = LabelSet([.mathReasoning, .visualConcept])
        XCTAssertTrue(set.hasReasoning && set.hasVisual)
        XCTAssertEqual(set.labels, [.visualConcept, .mathReasoning])
        set.remove(.visualConcept)
        XCTAssertFalse(set.hasVisual)
        XCTAssertEqual(set.count, 1)
    }

    func testTheShippedTaxonomyLoads() throws {
        let taxonomy = try LabelTaxonomy.load(directory: Self.labelsDirectory)
        XCTAssertFalse(taxonomy.rubricVersion.isEmpty)
        for definition in taxonomy.labels {
            XCTAssertFalse(definition.rubric.isEmpty, definition.label.rawValue)
            XCTAssertFalse(definition.lexicon.isEmpty, definition.label.rawValue)
            XCTAssertTrue(definition.threshold > 0 && definition.threshold < 1)
        }
        XCTAssertTrue(taxonomy.definition(.visualConcept).proseOnly)
        XCTAssertNotNil(taxonomy.definition(.codeReasoning).structure[.codeLines])
        let prompt = taxonomy.systemPrompt
        XCTAssertTrue(prompt.contains("Rubric version: \(taxonomy.rubricVersion)"))
        for label in ContentLabel.allCases { XCTAssertTrue(prompt.contains(label.rawValue + " (")) }
    }

    /// A copy of the shipped taxonomy with one file changed by `edit`.
    func taxonomyCopy(editing file: String, _ edit: (String) -> String) throws -> String {
        let directory = try makeTemporaryDirectory(self) + "/labels"
        try FileManager.default.copyItem(atPath: Self.labelsDirectory, toPath: directory)
        let path = directory + "/" + file
        try write(edit(try String(contentsOfFile: path, encoding: .utf8)), to: path)
        return directory
    }

    func assertLoadFails(_ directory: String, file expectedFile: String, containing fragments: [String],
                         file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try LabelTaxonomy.load(directory: directory), file: file, line: line) { error in
            guard let error = error as? PriorMixError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(error.file.map { URL(fileURLWithPath: $0).lastPathComponent }, expectedFile, "\(error)", file: file, line: line)
            for fragment in fragments { XCTAssertTrue(error.description.contains(fragment), "\(error) lacks \(fragment)", file: file, line: line) }
        }
    }

    func testErrorsNameTheFileTheLineAndTheKey() throws {
        assertLoadFails(try taxonomyCopy(editing: "math_reasoning.yaml") { $0.replacingOccurrences(of: "half_evidence: 3.0", with: "half_evidence: high") },
                        file: "math_reasoning.yaml", containing: ["key `half_evidence`", "expected a number", "high", "math_reasoning.yaml:"])
        assertLoadFails(try taxonomyCopy(editing: "visual_concept.yaml") { $0.replacingOccurrences(of: "threshold: 0.5", with: "treshold: 0.5") },
                        file: "visual_concept.yaml", containing: ["unknown key", "treshold"])
        assertLoadFails(try taxonomyCopy(editing: "code_reasoning.yaml") { $0.replacingOccurrences(of: "code_lines:", with: "code_line_share:") },
                        file: "code_reasoning.yaml", containing: ["structure.code_line_share", "unknown structural signal", "code_lines"])
        assertLoadFails(try taxonomyCopy(editing: "tagger.yaml") { $0.replacingOccurrences(of: "rubric_version:", with: "# rubric_version:") },
                        file: "tagger.yaml", containing: ["missing key `rubric_version`"])
        assertLoadFails(try taxonomyCopy(editing: "visual_attribute.yaml") { $0.replacingOccurrences(of: "      red, blue,", with: "      Red, blue,") },
                        file: "visual_attribute.yaml", containing: ["lexicon[0].terms[0]", "`Red` must be lowercase"])
        assertLoadFails(try taxonomyCopy(editing: "visual_attribute.yaml") { $0.replacingOccurrences(of: "      red, blue,", with: "      red-brown, blue,") },
                        file: "visual_attribute.yaml", containing: ["red-brown", "split words"])
        assertLoadFails(try taxonomyCopy(editing: "science_reasoning.yaml") { $0.replacingOccurrences(of: "label: science_reasoning", with: "label: math_reasoning") },
                        file: "science_reasoning.yaml", containing: ["key `label`", "science_reasoning"])
        assertLoadFails(try taxonomyCopy(editing: "tagger.yaml") { $0 + "\n  bad: [unclosed\n" },
                        file: "tagger.yaml", containing: ["invalid YAML"])
        let missing = try taxonomyCopy(editing: "tagger.yaml") { $0 }
        try FileManager.default.removeItem(atPath: missing + "/visual_relationship.yaml")
        assertLoadFails(missing, file: "visual_relationship.yaml", containing: ["missing label file"])
    }

    func testLocatorOrder() throws {
        let root = try makeTemporaryDirectory(self)
        let configured = root + "/configured"
        try FileManager.default.createDirectory(atPath: configured + "/labels", withIntermediateDirectories: true)
        XCTAssertEqual(try TaxonomyLocator.taxonomyDirectory(environment: ["PRIORMIX_TAXONOMY": configured], currentDirectory: root, executablePath: nil), configured)
        XCTAssertThrowsError(try TaxonomyLocator.taxonomyDirectory(environment: ["PRIORMIX_TAXONOMY": root + "/nowhere"], currentDirectory: root, executablePath: nil))

        // ./taxonomy, then the package root above the executable.
        let work = root + "/work"
        try FileManager.default.createDirectory(atPath: work + "/taxonomy/labels", withIntermediateDirectories: true)
        XCTAssertEqual(try TaxonomyLocator.taxonomyDirectory(environment: [:], currentDirectory: work, executablePath: nil), work + "/taxonomy")
        let package = root + "/package"
        try FileManager.default.createDirectory(atPath: package + "/taxonomy/labels", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: package + "/.build/release", withIntermediateDirectories: true)
        let found = try TaxonomyLocator.taxonomyDirectory(environment: [:], currentDirectory: root, executablePath: package + "/.build/release/priormix")
        XCTAssertEqual(URL(fileURLWithPath: found).resolvingSymlinksInPath().path, URL(fileURLWithPath: package + "/taxonomy").resolvingSymlinksInPath().path)
        XCTAssertThrowsError(try TaxonomyLocator.taxonomyDirectory(environment: [:], currentDirectory: root, executablePath: root + "/bin/priormix")) { error in
            XCTAssertTrue("\(error)".contains("PRIORMIX_TAXONOMY"))
        }
    }
}
