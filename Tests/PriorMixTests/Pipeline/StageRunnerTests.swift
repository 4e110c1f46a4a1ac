import XCTest
@testable import PriorMix

/// The stage abstraction driven in memory and through the runner: a stage is one small type, its
/// removals are accounted for, its statistics merge exactly whatever the thread count.
final class StageRunnerTests: XCTestCase {
    /// Removes documents shorter than `minimumWords` and counts the words of the ones it keeps.
    struct ShortDocumentFilter: DocumentStage {
        struct Statistics: StageStatistics, Equatable {
            var keptWords = 0
            var removed = 0
            init() {}
            mutating func merge(_ other: Statistics) {
                keptWords += other.keptWords
                removed += other.removed
            }
        }

        var minimumWords: Int
        var name: String { "short-documents" }
        var fingerprint: String { "min=\(minimumWords)" }

        func process(_ document: Document, statistics: inout Statistics) -> StageVerdict {
            let words = document.text.split(whereSeparator: \.isWhitespace).count
            guard words >= minimumWords else {
                statistics.removed += 1
                return .remove(reason: "too-few-words", detail: "\(words) words")
            }
            statistics.keptWords += words
            return .keep(document)
        }
    }

    /// Appends a marker to the text, to check that stages run in the order given.
    struct Suffix: DocumentStage {
        var suffix: String
        var name: String { "suffix" }
        var fingerprint: String { suffix }
        func process(_ document: Document, statistics: inout NoStatistics) -> StageVerdict {
            var document = document
            document.text += suffix
            return .keep(document)
        }
    }

    private func corpus(in directory: String) throws -> String {
        var lines = ""
        for index in 0..<600 {
            let words = (index * 7919) % 23
            let text = (0..<words).map { "w\(($0 + index) % 50)" }.joined(separator: " ")
            lines += #"{"id":"d\#(index)","text":"\#(text)"}"# + "\n"
        }
        lines += "not json\n"
        try write(lines, to: directory + "/corpus.jsonl")
        return directory + "/corpus.jsonl"
    }

    func testChainInMemoryRunsStagesInOrderAndStopsAtTheFirstRemoval() {
        var chain = StageChain(Suffix(suffix: " one"))
        chain.append(ShortDocumentFilter(minimumWords: 3))
        chain.append(Suffix(suffix: " two"))
        var statistics = chain.makeStatistics()
        guard case .keep(let kept) = chain.process(Document(id: "a", text: "alpha beta", source: "t"), statistics: &statistics) else {
            return XCTFail("three words after the first suffix are kept")
        }
        XCTAssertEqual(kept.text, "alpha beta one two")
        guard case .remove(let removed, let stage, let reason, let detail) = chain.process(Document(id: "b", text: "alpha", source: "t"), statistics: &statistics) else {
            return XCTFail("two words are removed")
        }
        XCTAssertEqual(removed.text, "alpha one", "the document as the removing stage saw it")
        XCTAssertEqual(stage, "short-documents")
        XCTAssertEqual(reason, "too-few-words")
        XCTAssertEqual(detail, "2 words")
        XCTAssertEqual(statistics.first(ShortDocumentFilter.Statistics.self)?.keptWords, 3)
        XCTAssertEqual(statistics.first(ShortDocumentFilter.Statistics.self)?.removed, 1)
        XCTAssertEqual(chain.names, ["suffix", "short-documents", "suffix"])
    }

    func testRemovalsAreAccountedAndStatisticsMergeExactlyForAnyThreadCount() throws {
        let directory = try makeTemporaryDirectory(self)
        let input = try corpus(in: directory)
        var results: [(RunSummary, [UInt8])] = []
        for threads in [1, 2, 4] {
            var configuration = StageRunner.Configuration()
            configuration.stages = StageChain(ShortDocumentFilter(minimumWords: 5))
            configuration.threads = threads
            configuration.batchRecords = 17  // many batches, so merging is exercised
            configuration.showProgress = false
            let summary = try StageRunner(configuration: configuration).run(inputs: [input], outputDirectory: directory + "/out\(threads)")
            results.append((summary, try readAllBytes(summary.outputs["documents"]!)))
        }
        let (summary, bytes) = results[0]
        XCTAssertBalanced(summary.totals)
        XCTAssertEqual(summary.totals.read, 601)
        XCTAssertEqual(summary.totals.quarantined, 1)
        let removed = summary.totals.filteredByReason["too-few-words"] ?? 0
        // No words is no text: the reader filters those as empty before any stage sees them.
        let words = (0..<600).map { ($0 * 7919) % 23 }
        let expectedEmpty = words.filter { $0 == 0 }.count, expectedRemoved = words.filter { (1..<5).contains($0) }.count
        XCTAssertEqual(summary.totals.filteredByReason["empty"], expectedEmpty)
        XCTAssertEqual(removed, expectedRemoved)
        XCTAssertEqual(summary.totals.written, 600 - expectedRemoved - expectedEmpty)
        // Every removed document is set aside with the stage, the reason and the measured value.
        let removedLines = try readAllBytes(summary.outputs["removed"]!).split(separator: 0x0A)
        XCTAssertEqual(removedLines.count, expectedRemoved)
        let first = try JSONSerialization.jsonObject(with: Data(removedLines[0])) as? [String: Any]
        let removedBy = first?["removed_by"] as? [String: String]
        XCTAssertEqual(removedBy?["stage"], "short-documents")
        XCTAssertEqual(removedBy?["reason"], "too-few-words")
        XCTAssertTrue(removedBy?["detail"]?.hasSuffix(" words") ?? false)
        XCTAssertNotNil(first?["text"] as? String)
        for (other, otherBytes) in results.dropFirst() {
            XCTAssertEqual(other.totals, summary.totals)
            XCTAssertEqual(otherBytes, bytes, "output bytes do not depend on the thread count")
        }
    }

    func testResumedRunWithAnotherStageFingerprintIsRefused() throws {
        let directory = try makeTemporaryDirectory(self)
        let input = try corpus(in: directory)
        var configuration = StageRunner.Configuration()
        configuration.showProgress = false
        configuration.stages = StageChain(ShortDocumentFilter(minimumWords: 5))
        // Rank 0 of 2 leaves parts behind; a rank run with other stage settings must not mix with them.
        _ = try StageRunner(configuration: configuration).run(inputs: [input, packageRoot + "/samples/html"], outputDirectory: directory + "/out",
                                                              ranks: RankSelection(rank: 0, worldSize: 2))
        configuration.stages = StageChain(ShortDocumentFilter(minimumWords: 6))
        XCTAssertThrowsError(try StageRunner(configuration: configuration).run(inputs: [input, packageRoot + "/samples/html"], outputDirectory: directory + "/out",
                                                                               ranks: RankSelection(rank: 1, worldSize: 2))) { error in
            XCTAssertTrue("\(error)".contains("different run"), "\(error)")
        }
    }

    func testFinishedRunIsNotOverwrittenWithoutBeingAsked() throws {
        let directory = try makeTemporaryDirectory(self)
        let input = try corpus(in: directory)
        let (first, _, _) = try ingest([input], into: directory + "/out")
        XCTAssertTrue(first.complete)
        XCTAssertThrowsError(try ingest([input], into: directory + "/out")) { error in
            XCTAssertTrue("\(error)".contains("already holds a finished run"), "\(error)")
            XCTAssertTrue("\(error)".contains("--overwrite"), "\(error)")
        }
        let (again, _, _) = try ingest([input], into: directory + "/out") { $0.overwrite = true }
        XCTAssertEqual(again.totals, first.totals)
    }

    func testOutputInsideTheInputTreeIsRefusedWithAMessageThatSaysSo() throws {
        let directory = try makeTemporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: directory + "/tree", withIntermediateDirectories: true)
        try write("print('hello')\n", to: directory + "/tree/hello.py")
        XCTAssertThrowsError(try ingest([directory + "/tree"], into: directory + "/tree/out")) { error in
            XCTAssertTrue("\(error)".contains("inside the input tree"), "\(error)")
        }
        // The same place named through a symbolic link is the same place.
        try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: directory + "/tree")
        XCTAssertThrowsError(try ingest([directory + "/tree"], into: directory + "/link/out"))
    }

    func testOutputPathThatIsAFileGetsAnErrorInWords() throws {
        let directory = try makeTemporaryDirectory(self)
        let input = try corpus(in: directory)
        try write("x", to: directory + "/taken")
        XCTAssertThrowsError(try ingest([input], into: directory + "/taken")) { error in
            XCTAssertTrue("\(error)".contains("is a file, not a directory"), "\(error)")
            XCTAssertFalse("\(error)".contains("NSCocoaErrorDomain"), "\(error)")
        }
    }

    func testFinalizeWithNothingToFinalizeOrTwiceSaysWhy() throws {
        let directory = try makeTemporaryDirectory(self)
        let input = try corpus(in: directory)
        var configuration = StageRunner.Configuration()
        configuration.showProgress = false
        let runner = StageRunner(configuration: configuration)
        XCTAssertThrowsError(try runner.finalize(inputs: [input], outputDirectory: directory + "/empty")) { error in
            XCTAssertTrue("\(error)".contains("nothing to finalize"), "\(error)")
        }
        for rank in 0..<2 { _ = try runner.run(inputs: [input], outputDirectory: directory + "/out", ranks: RankSelection(rank: rank, worldSize: 2)) }
        XCTAssertTrue(try runner.finalize(inputs: [input], outputDirectory: directory + "/out").complete)
        XCTAssertThrowsError(try runner.finalize(inputs: [input], outputDirectory: directory + "/out")) { error in
            XCTAssertTrue("\(error)".contains("already holds a finished run"), "\(error)")
        }
    }
}
