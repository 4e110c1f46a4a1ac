import Foundation
import PriorMix

/// The Python programs the benchmarks measure PriorMix against (tiktoken, HF tokenizers, fasttext,
/// PyTorch). They are files under the package's `scripts/` — readable, runnable and testable on
/// their own — found from the working directory, else from the package above the running executable
/// (`.build/release/priormix` sits three levels below it).
enum PeerScript {
    /// The Python that runs them: `$PYTHON`, else the `python3` first on PATH (the one
    /// scripts/ensure-python.sh installed the peer packages into).
    static var python: String { ProcessInfo.processInfo.environment["PYTHON"] ?? "python3" }

    /// The path of `scripts/<name>`.
    static func path(_ name: String, currentDirectory: String = FileManager.default.currentDirectoryPath,
                     executablePath: String? = Bundle.main.executablePath ?? CommandLine.arguments.first) throws -> String {
        var candidates = [currentDirectory + "/scripts/" + name]
        if let executablePath {
            var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
            while directory.path != "/" && !directory.path.isEmpty {
                candidates.append(directory.appendingPathComponent("scripts/" + name).path)
                directory.deleteLastPathComponent()
            }
        }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw PriorMixError(.io, "cannot find the peer script scripts/\(name)", file: candidates[0],
                                hint: "run the benchmark from the PriorMix checkout")
        }
        return found
    }

    /// Runs `scripts/<name>` with `python` and returns what it printed; a failure names the
    /// script and its last line on standard error.
    static func run(_ name: String, python: String = PeerScript.python, arguments: [String],
                    environment: [String: String] = [:], hint: String? = nil) throws -> [UInt8] {
        let result = try ProcessRunner.run("/usr/bin/env", [python, try path(name)] + arguments, environment: environment)
        guard result.status == 0 else {
            let message = result.errorText.split(separator: "\n").last.map(String.init) ?? "exit \(result.status)"
            throw PriorMixError(.internalFailure, "\(name) failed: \(message)", hint: hint)
        }
        return result.output
    }
}
