/// Reads JSON Lines (plain, gzip or zstd), one record per non-blank line. Parsing is left to the
/// normalizer so it can run on several cores; the reader only splits lines.
public final class JSONLReader: RecordReader {
    private let path: String
    private let reader: ByteReader
    private let maxLineBytes: Int
    private var lineNumber = 0

    public var fileBytesConsumed: Int { reader.fileBytesConsumed }

    public init(path: String, maxLineBytes: Int) throws {
        self.path = path
        self.maxLineBytes = maxLineBytes
        reader = ByteReader(source: try Compression.open(path).source)
    }

    public func next() throws -> RawRecord? {
        while true {
            let offset = reader.offset
            guard let line = try reader.readLine(maxLength: maxLineBytes) else { return nil }
            lineNumber += 1
            let location = SourceLocation(file: path, line: lineNumber, offset: offset)
            switch line {
            case .tooLong(let length):
                return RawRecord(payload: .lineTooLong(length: length), source: path, location: location)
            case .bytes(let bytes):
                // Blank lines (often a trailing one) are not records.
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                return RawRecord(payload: .jsonLine, bytes: bytes, source: path, location: location)
            }
        }
    }
}
