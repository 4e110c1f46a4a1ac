import Foundation
import XCTest
@testable import PriorMix
// Every test file sees the shared helpers (temporary directories, processes, Python peers).
@_exported import PriorMixTestSupport

/// Runs the ingest pipeline in memory-light defaults and returns the summary and documents.
func ingest(_ inputs: [String], into directory: String, threads: Int = 2,
            configure: (inout StageRunner.Configuration) -> Void = { _ in }) throws -> (RunSummary, [[String: Any]], [[String: Any]]) {
    var configuration = StageRunner.Configuration()
    configuration.threads = threads
    configuration.showProgress = false
    configure(&configuration)
    let summary = try StageRunner(configuration: configuration).run(inputs: inputs, outputDirectory: directory)
    let documents = try readJSONLines(summary.outputs["documents"]!)
    let quarantine = try readJSONLines(summary.outputs["quarantine"]!)
    return (summary, documents, quarantine)
}

func XCTAssertBalanced(_ counts: DocumentCounts, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(counts.read, counts.written + counts.filtered + counts.quarantined,
                   "read \(counts.read) != written \(counts.written) + filtered \(counts.filtered) + quarantined \(counts.quarantined)",
                   file: file, line: line)
}
