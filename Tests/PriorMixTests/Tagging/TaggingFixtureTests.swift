import Foundation
import XCTest
@testable import PriorMix

/// Tags the documents under Tests/Fixtures/tagging (written for the project) and checks the label
/// pattern each folder should show; the per-folder rates are printed for the record.
final class TaggingFixtureTests: XCTestCase {
    static let root = packageRoot + "/Tests/Fixtures/tagging"

    func testEachKindOfFixtureGetsItsLabels() throws {
        let tagger = try LexiconTagger(taxonomyDirectory: packageRoot + "/taxonomy/labels")
        var statistics = TagStatistics()
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.root).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: Self.root + "/" + $0, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        XCTAssertEqual(Set(folders), ["code", "mathematics", "science", "literature", "encyclopedia", "news"])
        for folder in folders.sorted() {
            let files = try FileManager.default.contentsOfDirectory(atPath: Self.root + "/" + folder).sorted()
            XCTAssertGreaterThanOrEqual(files.count, 2, folder)
            for file in files {
                let text = try String(contentsOfFile: Self.root + "/" + folder + "/" + file, encoding: .utf8)
                let tags = tagger.tag(text)
                statistics.add(tags, category: folder)
                for segment in tags.segments {
                    let labels = segment.labels
                    let context = "\(folder)/\(file): \(labels.labels.map(\.rawValue)) scores \(segment.scores.map { ($0 * 100).rounded() / 100 })"
                    switch folder {
                    case "code":
                        XCTAssertTrue(labels.contains(.codeReasoning), context)
                        XCTAssertFalse(labels.hasVisual, context)
                    case "mathematics":
                        XCTAssertTrue(labels.contains(.mathReasoning), context)
                        XCTAssertFalse(labels.hasVisual, context)
                    case "science":
                        XCTAssertTrue(labels.contains(.scienceReasoning), context)
                    case "literature":
                        XCTAssertTrue(labels.hasVisual, context)
                        XCTAssertFalse(labels.hasReasoning, context)
                    case "encyclopedia", "news":
                        XCTAssertFalse(labels.hasReasoning, context)
                        XCTAssertFalse(labels.hasVisual, context)
                    default:
                        XCTFail("unexpected folder \(folder)")
                    }
                }
            }
        }
        print("Label rates on the tagging fixtures (percent of segments):\n" + statistics.markdownTable())
    }
}
