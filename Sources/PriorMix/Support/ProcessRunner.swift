import Dispatch
import Foundation

/// Runs a program to completion: the benchmarks' peers (Python, `zstd`), `sbatch` submission, and
/// the tests' runs of the command-line tool all go through here.
///
/// Standard output and standard error are drained on separate threads, so a child that fills one
/// pipe while we read the other can never block.
///
/// ```swift
/// let result = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", "print(1 + 1)"])
/// result.status       // 0
/// result.outputText   // "2\n"
/// ```
public enum ProcessRunner {
    /// What becomes of one of the child's output streams.
    public enum Stream: Sendable {
        /// Collected into the result.
        case capture
        /// Sent to /dev/null (for output too large to keep, such as `zstd -d -c`).
        case discard
        /// Shared with this process (the user sees it as it comes).
        case inherit
    }

    public struct Result: Sendable {
        public var status: Int32
        public var output: [UInt8]
        public var errorOutput: [UInt8]

        public var outputText: String { String(decoding: output, as: UTF8.self) }
        public var errorText: String { String(decoding: errorOutput, as: UTF8.self) }
    }

    /// Runs `executable` with `arguments` and waits for it.
    ///
    /// - Parameters:
    ///   - input: bytes written to its standard input (then closed); nil closes it at once.
    ///   - environment: variables set on top of this process's environment.
    ///   - directory: its working directory (default: ours).
    public static func run(_ executable: String, _ arguments: [String], input: [UInt8]? = nil,
                           environment: [String: String] = [:], directory: String? = nil,
                           output: Stream = .capture, errorOutput: Stream = .capture) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let stdin = Pipe()
        process.standardInput = stdin
        let stdout = attach(output)
        let stderr = attach(errorOutput)
        if let handle = stdout.handle { process.standardOutput = handle }
        if let handle = stderr.handle { process.standardError = handle }
        try process.run()

        if let input {
            DispatchQueue.global().async {
                stdin.fileHandleForWriting.write(Data(input))
                try? stdin.fileHandleForWriting.close()
            }
        } else {
            try? stdin.fileHandleForWriting.close()
        }
        final class Box: @unchecked Sendable { var bytes: [UInt8] = [] }
        let collectedError = Box()
        let group = DispatchGroup()
        if let pipe = stderr.pipe {
            group.enter()
            DispatchQueue.global().async {
                collectedError.bytes = Array(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        let collectedOutput = stdout.pipe.map { Array($0.fileHandleForReading.readDataToEndOfFile()) } ?? []
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: collectedOutput, errorOutput: collectedError.bytes)
    }

    /// The handle a stream is given, and the pipe to read when it is captured.
    private static func attach(_ stream: Stream) -> (handle: Any?, pipe: Pipe?) {
        switch stream {
        case .capture:
            let pipe = Pipe()
            return (pipe, pipe)
        case .discard:
            return (FileHandle.nullDevice, nil)
        case .inherit:
            return (nil, nil)
        }
    }
}
