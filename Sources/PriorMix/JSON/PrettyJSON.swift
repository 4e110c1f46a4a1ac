import Foundation

/// Results printed with `--json` or written as JSON files: pretty, with sorted keys, so the same
/// values always give the same bytes.
public protocol PrettyJSONEncodable: Encodable {}

extension PrettyJSONEncodable {
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// How every command prints its result: pretty JSON on standard output with `--json`, else the
    /// text `human` gives.
    public func writeToStandardOutput(json: Bool, human: () -> String) throws {
        if json {
            FileHandle.standardOutput.write(try jsonData())
            print()
        } else {
            print(human())
        }
    }
}
