import Foundation
import XCTest

/// The stub OpenAI-compatible server (Tests/Fixtures/tagging/stub_chat_server.py) on 127.0.0.1,
/// shared by the LLM tagger's and `classifier distill`'s tests.
struct StubServer {
    var endpoint: URL
    var logPath: String

    /// Requests the server has received so far.
    func requests() throws -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: logPath) else { return [] }
        return try data.split(separator: 0x0A).map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]) }
    }
}

extension XCTestCase {
    /// Starts the stub server in `mode` (see the script for the modes and `extra` options); it is
    /// stopped when the test ends (and stops itself regardless).
    func startServer(mode: String, extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> StubServer {
        let directory = try makeTemporaryDirectory(self)
        let logPath = directory + "/requests.jsonl"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", packageRoot + "/Tests/Fixtures/tagging/stub_chat_server.py",
                             "--mode", mode, "--log", logPath, "--lifetime", "60"] + extra
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw XCTSkip("python3 is not available: \(error)") }
        addTeardownBlock { if process.isRunning { process.terminate() } }
        // The first line is "PORT <n>".
        var received = Data()
        while !received.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            received.append(chunk)
        }
        let firstLine = String(decoding: received, as: UTF8.self).split(separator: "\n").first ?? ""
        let port = try XCTUnwrap(Int(firstLine.dropFirst("PORT ".count)), "stub server did not report a port: \(firstLine)", file: file, line: line)
        return StubServer(endpoint: URL(string: "http://127.0.0.1:\(port)/v1")!, logPath: logPath)
    }
}
