import Foundation
import XCTest
@testable import PriorMix

/// The package root, found from this file's path so tests run from any working directory.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The `priormix` executable built beside the test bundle, for tests that run it as users do.
var priormixBinary: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("priormix").path
}

/// A fresh directory under the system temporary directory, removed when the test ends.
func makeTemporaryDirectory(_ testCase: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "priormix-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

func write(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion, feeding `input` on standard input.
@discardableResult
func runProcess(_ executable: String, _ arguments: [String], input: [UInt8]? = nil, directory: String? = nil) throws -> (ProcessResult, [UInt8]) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = stdin
    try process.run()
    if let input {
        DispatchQueue.global().async {
            stdin.fileHandleForWriting.write(Data(input))
            try? stdin.fileHandleForWriting.close()
        }
    } else {
        try? stdin.fileHandleForWriting.close()
    }
    var outData = Data(), errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { outData = stdout.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    errData = stderr.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return (ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self)), Array(outData))
}

/// gzip-compresses `bytes` with the system gzip (one member).
func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    try runProcess("/bin/gzip", ["-c", "-n"], input: bytes).1
}

/// zstd-compresses `bytes` with PriorMix's own encoder.
func zstd(_ bytes: [UInt8]) throws -> [UInt8] {
    var out: [UInt8] = []
    let encoder = ZstdEncoder { out.append(contentsOf: $0) }
    try encoder.write(bytes)
    try encoder.finish()
    return out
}

/// The decompressed content of any file PriorMix can read.
func readAllBytes(_ path: String) throws -> [UInt8] {
    let reader = ByteReader(source: try Compression.open(path).source)
    return try reader.read(count: Int.max / 2)
}

/// Every JSON object of a JSONL(.zst) file, parsed with Foundation (an independent parser).
func readJSONLines(_ path: String) throws -> [[String: Any]] {
    let bytes = try readAllBytes(path)
    return try bytes.split(separator: 0x0A).map {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0)) as? [String: Any])
    }
}

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

/// Runs a Python snippet (the real peer libraries live there). When Python or its package is
/// missing the test is skipped, unless PRIORMIX_REQUIRE_PEERS is set (as `make test` does), in
/// which case it fails: an interoperability check must not silently vanish in CI.
func runPython(_ script: String, arguments: [String] = [], requiring module: String,
               file: StaticString = #filePath, line: UInt = #line) throws -> (ProcessResult, [UInt8]) {
    // The python3 first on PATH: the one scripts/ensure-python.sh installed the packages into.
    let python = "/usr/bin/env"
    let prefix = [ProcessInfo.processInfo.environment["PYTHON"] ?? "python3"]
    let (probe, _) = try runProcess(python, prefix + ["-c", "import \(module)"])
    if probe.status != 0 {
        if ProcessInfo.processInfo.environment["PRIORMIX_REQUIRE_PEERS"] != nil {
            XCTFail("Python module \(module) is required (run scripts/ensure-python.sh): \(probe.stderr)", file: file, line: line)
        }
        throw XCTSkip("Python module \(module) not installed")
    }
    return try runProcess(python, prefix + ["-c", script] + arguments)
}
