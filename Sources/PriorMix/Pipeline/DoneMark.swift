import Foundation

/// The small JSON files that make a run resumable: a record of what decides a piece of work's
/// output, and a mark, written last and atomically, that the piece is finished. A mark that
/// cannot be read (absent, half-written by a killed process, of another version) means "not done".
enum DoneMark {
    static func load<Value: Decodable>(_ type: Value.Type, at path: String) -> Value? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(Value.self, from: data)
    }

    static func write<Value: Encodable>(_ value: Value, to path: String) throws {
        try AtomicOutputFile.write(Array(try JSONEncoder().encode(value)), to: path)
    }
}
