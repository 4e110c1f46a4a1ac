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
}
