import Foundation
import PriorMix

// The bench commands print as the rest of the command line does: the result on standard output
// (a table, or pretty JSON with `--json`), progress on standard error.

/// Prints `result` as pretty JSON with `--json`, else the text `human` gives.
func printResult<Result: PrettyJSONEncodable>(_ result: Result, json: Bool, human: () -> String) throws {
    if json {
        FileHandle.standardOutput.write(try result.jsonData())
        print()
    } else {
        print(human())
    }
}

/// Prints `message` to standard error.
func log(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
