import XCTest
@testable import PriorMix

/// `report`'s expected category shares: the sum of the classifier's probabilities per category, beside
/// the counted (arg-max) shares, merged exactly across parts.
final class ExpectedShareTests: XCTestCase {
    private func document(_ category: String, _ top: [(String, Double)]?) -> ReportedDocument {
        ReportedDocument(category: category, confidence: top?.first?.1 ?? 0.5, bytes: 100, tokens: 25,
                         top: top.map { $0.map { Annotation.Candidate(category: $0.0, probability: $0.1) } })
    }

    func testExpectedSharesAddTheProbabilitiesOfEveryDocument() {
        var report = CorpusReport()
        report.add(document("code", [("code", 0.6), ("mathematics", 0.3), ("law", 0.1)]))
        report.add(document("code", [("code", 0.9), ("law", 0.1)]))
        report.add(document("mathematics", [("mathematics", 0.7), ("code", 0.3)]))
        report.add(document("law", nil))  // an annotation without `top` gives its confidence to its category
        let summary = ReportSummary(report)
        let rows = Dictionary(uniqueKeysWithValues: summary.categories.map { ($0.category, $0) })
        XCTAssertEqual(rows["code"]!.documentShare, 0.5, accuracy: 1e-12)
        XCTAssertEqual(rows["code"]!.expectedShare!, (0.6 + 0.9 + 0.3) / 4, accuracy: 1e-9)
        XCTAssertEqual(rows["mathematics"]!.expectedShare!, (0.3 + 0.7) / 4, accuracy: 1e-9)
        XCTAssertEqual(rows["law"]!.expectedShare!, (0.1 + 0.1 + 0.5) / 4, accuracy: 1e-9)
        XCTAssertTrue(summary.terminalText.contains("expected"))

        // Parts merged give the whole corpus's figures, in any order.
        var first = CorpusReport(), second = CorpusReport()
        first.add(document("code", [("code", 0.6), ("mathematics", 0.3), ("law", 0.1)]))
        first.add(document("law", nil))
        second.add(document("code", [("code", 0.9), ("law", 0.1)]))
        second.add(document("mathematics", [("mathematics", 0.7), ("code", 0.3)]))
        var merged = second
        merged.merge(first)
        XCTAssertEqual(ReportSummary(merged).categories.map(\.expectedShare), summary.categories.map(\.expectedShare))
    }
}
