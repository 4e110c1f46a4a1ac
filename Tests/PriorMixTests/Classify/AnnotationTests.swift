import XCTest
@testable import PriorMix

/// The `priormix` object's one schema: what classify writes is what every reader reads.
final class AnnotationTests: XCTestCase {
    private func annotation(of text: String) throws -> Annotation {
        let taxonomy = try CategoryTaxonomy.load(directory: packageRoot + "/taxonomy")
        let tagger = LexiconTagger(taxonomy: try LabelTaxonomy.load(directory: packageRoot + "/taxonomy/labels"))
        let prediction = LexiconClassifier(taxonomy: taxonomy).classify(text)
        return Annotation(prediction: prediction, bytes: text.utf8.count, tags: tagger.tag(text))
    }

    func testWrittenAnnotationDecodesToItself() throws {
        let written = try annotation(of: "def area(r):\n    return 3.14159 * r * r  # the circle's area, a red disc on the table\n")
        let bytes = written.jsonBytes
        let decoded = try JSONDecoder().decode(Annotation.self, from: Data(bytes))
        XCTAssertEqual(decoded.category, written.category)
        XCTAssertEqual(decoded.top?.map(\.category), written.top?.map(\.category))
        XCTAssertEqual(decoded.segments?.map(\.labels), written.segments?.map(\.labels))
        XCTAssertEqual(decoded.tokens, written.tokens)
        XCTAssertEqual(decoded.jsonBytes, bytes, "written, read and written again: the same bytes")
        // The report's reader skips the scores and keeps everything it counts.
        let labelsOnly = try ReportedDocument.makeDecoder().decode(Annotation.self, from: Data(bytes))
        XCTAssertNil(labelsOnly.segments?.first?.scores)
        XCTAssertEqual(labelsOnly.segments?.map(\.tokens), written.segments?.map(\.tokens))
    }

    func testMixtureScanAgreesWithTheDecoder() throws {
        let bytes = try annotation(of: "Simmer the onions until golden, then add two cups of stock and a pinch of salt.").jsonBytes
        let decoded = try JSONDecoder().decode(Annotation.self, from: Data(bytes))
        let scanned = try XCTUnwrap(bytes.withUnsafeBufferPointer { Annotation.scanningScalarMembers($0) })
        XCTAssertEqual(scanned.category, decoded.category)
        XCTAssertEqual(scanned.confidence, decoded.confidence)
        XCTAssertEqual(scanned.reasoning?.share, decoded.reasoning?.share)
        XCTAssertEqual(scanned.visual?.share, decoded.visual?.share)
        XCTAssertEqual(scanned.tokens, decoded.tokens)
        for invalid in [#"{"confidence":0.5}"#, #"{"category":"code","confidence":"high"}"#, #"{"category":7,"confidence":0.5}"#, #"{"category":"code""#] {
            XCTAssertNil(Array(invalid.utf8).withUnsafeBufferPointer { Annotation.scanningScalarMembers($0) }, invalid)
        }
    }
}
