/// One row of a columnar file (Parquet) as a reader hands it on: every top-level column's value
/// back to back in the record's `bytes`, so a row costs two allocations whatever its width.
/// String columns are kept as their raw UTF-8, unescaped and unchecked, so the text never goes
/// through JSON: the normalizer takes the text column as it is and escapes only the string
/// columns it carries, on the worker threads. Every other value is JSON text already.
public struct ColumnarRow: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        /// A string column's raw UTF-8 (invalid sequences not yet repaired).
        case string
        /// Any other value (number, null, timestamp, nested column …) as JSON text.
        case json
    }

    /// Where one column's value ends in the record's bytes (it starts where the previous one ends).
    public struct Part: Sendable, Equatable {
        public var end: Int
        public var kind: Kind

        public init(end: Int, kind: Kind) {
            self.end = end
            self.kind = kind
        }
    }

    /// The top-level column names, in schema order; one array shared by every row of a file.
    public var names: [String]
    public var parts: [Part]

    public init(names: [String], parts: [Part]) {
        self.names = names
        self.parts = parts
    }

    /// The byte range of column `index` in the record's bytes.
    public func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : parts[index - 1].end)..<parts[index].end
    }

    /// Column `index`'s value as JSON text: string columns escaped, the rest as they are.
    public func json(_ index: Int, in bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let value = UnsafeBufferPointer(rebasing: bytes[range(index)])
        switch parts[index].kind {
        case .string: JSONWriter.appendString(utf8: value, to: &out)
        case .json: out.append(contentsOf: value)
        }
    }

    /// The first column called `name`.
    public func index(of name: String) -> Int? {
        names.firstIndex(of: name)
    }

    /// Column `name`'s value when it is a string (raw, or a JSON string such as a date), repaired
    /// UTF-8; nil when there is no such column or its value is not a string.
    public func string(named name: String, in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let index = index(of: name) else { return nil }
        let value = UnsafeBufferPointer(rebasing: bytes[range(index)])
        switch parts[index].kind {
        case .string: return UTF8Repair.string(from: value).text
        case .json: return value.first == UInt8(ascii: "\"") ? JSONScanner.decodeString(value, range: 0..<value.count).text : nil
        }
    }
}
