import Foundation
import PriorMix
import XCTest

/// What a program run by a test printed, as text.
public struct ProcessResult {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs a program to completion, feeding `input` on standard input; returns the result and the
/// raw bytes of its standard output.
@discardableResult
public func runProcess(_ executable: String, _ arguments: [String], input: [UInt8]? = nil, directory: String? = nil,
                       environment: [String: String] = [:]) throws -> (ProcessResult, [UInt8]) {
    let result = try ProcessRunner.run(executable, arguments, input: input, environment: environment, directory: directory)
    return (ProcessResult(status: result.status, stdout: result.outputText, stderr: result.errorText), result.output)
}

/// Runs a Python snippet (the real peer libraries live there). When Python or its package is
/// missing the test is skipped, unless PRIORMIX_REQUIRE_PEERS is set (as `make test` does), in
/// which case it fails: an interoperability check must not silently vanish in CI.
public func runPython(_ script: String, arguments: [String] = [], requiring module: String,
                      file: StaticString = #filePath, line: UInt = #line) throws -> (ProcessResult, [UInt8]) {
    try requirePython(module, file: file, line: line)
    return try runProcess("/usr/bin/env", [python, "-c", script] + arguments)
}

/// Runs a Python program kept as a file (under Tests/Fixtures or scripts/), with the same
/// skip-or-fail rule as `runPython`.
public func runPythonFile(_ path: String, arguments: [String] = [], requiring module: String,
                          file: StaticString = #filePath, line: UInt = #line) throws -> (ProcessResult, [UInt8]) {
    try requirePython(module, file: file, line: line)
    return try runProcess("/usr/bin/env", [python, path] + arguments)
}

/// `$PYTHON`, else the python3 first on PATH: the one scripts/ensure-python.sh installed the packages into.
private var python: String { ProcessInfo.processInfo.environment["PYTHON"] ?? "python3" }

private func requirePython(_ module: String, file: StaticString, line: UInt) throws {
    let (probe, _) = try runProcess("/usr/bin/env", [python, "-c", "import \(module)"])
    guard probe.status != 0 else { return }
    if ProcessInfo.processInfo.environment["PRIORMIX_REQUIRE_PEERS"] != nil {
        XCTFail("Python module \(module) is required (run scripts/ensure-python.sh): \(probe.stderr)", file: file, line: line)
    }
    throw XCTSkip("Python module \(module) not installed")
}

/// Starts `executable` with its output discarded and kills it (SIGKILL) after `delay` seconds, as
/// a crash or a pre-empted job would: what a kill-and-resume test needs.
public func runAndKill(_ executable: String, _ arguments: [String], after delay: TimeInterval) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    Thread.sleep(forTimeInterval: delay)
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
}
