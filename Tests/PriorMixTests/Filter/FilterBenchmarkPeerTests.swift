import Foundation
import XCTest
@testable import PriorMix
@testable import PriorMixBenchmarks

/// `bench filter` runs datatrove's pipeline for the rules it benchmarks: the same steps in the same
/// order under the same names, and no comparison at all where datatrove's defaults are not the rules.
final class FilterBenchmarkPeerTests: XCTestCase {
    func testPresetsMapToDatatroveStepsInOrder() throws {
        let gopher = try FilterRuleSet.load(path: packageRoot + "/taxonomy/filters/gopher.yaml")
        XCTAssertEqual(try FilterBenchmark.peerArguments(for: gopher), ["--steps", "gopher_repetition:gopher_repetition,gopher_quality:gopher_quality"])
        var c4 = C4QualityRule()
        c4.name = "c4_lines"
        XCTAssertEqual(try FilterBenchmark.peerArguments(for: FilterRuleSet(rules: [FineWebQualityRule(), c4, PIIMaskingRule()])),
                       ["--steps", "fineweb:fineweb,c4:c4_lines,pii:pii"])
        let model = packageRoot + "/" + LanguageIdentifier.defaultModelPath
        guard FileManager.default.fileExists(atPath: model) else { return }
        let all = try FilterRuleSet.load(path: packageRoot + "/taxonomy/filters/default.yaml")
        XCTAssertEqual(try FilterBenchmark.peerArguments(for: all), [
            "--steps", "language:language,gopher_repetition:gopher_repetition,gopher_quality:gopher_quality,c4:c4,fineweb:fineweb,pii:pii",
            "--lid", LanguageIdentifier.defaultModelPath, "--language-threshold", "0.65", "--languages", "en",
        ])
        var anyLanguage = LanguageRule(identifier: try LanguageIdentifier(modelPath: model), modelDescription: "lid.176.ftz:938013")
        anyLanguage.minScore = 0.5
        XCTAssertEqual(try FilterBenchmark.peerArguments(for: FilterRuleSet(rules: [anyLanguage])).suffix(4),
                       ["--language-threshold", "0.5", "--languages", ""])
        anyLanguage.languages = []
        XCTAssertThrowsError(try FilterBenchmark.peerArguments(for: FilterRuleSet(rules: [anyLanguage])))
    }

    func testRulesOtherThanDatatroveDefaultsHaveNoPeer() {
        var strict = GopherQualityRule()
        strict.minWords = 100
        XCTAssertThrowsError(try FilterBenchmark.peerArguments(for: FilterRuleSet(rules: [GopherRepetitionRule(), strict]))) { error in
            XCTAssertEqual((error as? FilterBenchmark.PeerMismatch)?.message, "rule `gopher_quality` differs from datatrove's defaults, which the peer runs")
        }
    }
}
