import Foundation

/// Reads one whole file (an HTML page or a plain text file given on the command line) as one record.
public final class SingleFileReader: RecordReader {
    private let path: String
    private let format: InputFormat
    private let maxDocumentBytes: Int
    private var done = false
    public private(set) var fileBytesConsumed = 0

    public init(path: String, format: InputFormat, maxDocumentBytes: Int) {
        self.path = path
        self.format = format
        self.maxDocumentBytes = maxDocumentBytes
    }

    public func next() throws -> RawRecord? {
        guard !done else { return nil }
        done = true
        let record = try FileRecords.record(path: path, id: path, source: path, relativePath: path,
                                            format: format, maxDocumentBytes: maxDocumentBytes)
        fileBytesConsumed = record.bytes.count
        return record
    }
}

/// Builds the record for a whole file, refusing oversized files before reading them (`maxDocumentBytes`
/// is the caller's limit for this format: the raw HTML cap for pages, the document limit otherwise).
public enum FileRecords {
    static func record(path: String, id: String, source: String, relativePath: String,
                       format: InputFormat, maxDocumentBytes: Int) throws -> RawRecord {
        let location = SourceLocation(file: path)
        let (byteSource, compression) = try Compression.open(path)
        if compression == .none, let size = fileSize(path), size > maxDocumentBytes {
            return RawRecord(payload: tooLarge(size, format: format), id: id, source: source, location: location)
        }
        let reader = ByteReader(source: byteSource, bufferSize: 1 << 16)
        let bytes = try reader.read(count: maxDocumentBytes + 1)
        if bytes.count > maxDocumentBytes {
            return RawRecord(payload: tooLarge(bytes.count, format: format), id: id, source: source, location: location)
        }
        try reader.finish()
        let name = Compression.strippingSuffix(relativePath)
        switch format {
        case .html:
            return RawRecord(payload: .html(encoding: nil), bytes: bytes, id: id, source: source,
                             metadata: [("path", relativePath)], location: location)
        default:
            let language = SourceLanguage.forFileName(name)
            return RawRecord(payload: .sourceFile(language: language), bytes: bytes, id: id, source: source,
                             metadata: [("path", relativePath), ("language", language)], location: location)
        }
    }

    static func tooLarge(_ length: Int, format: InputFormat) -> RawRecord.Payload {
        format == .html ? .htmlTooLarge(length: length) : .tooLarge(length: length)
    }

    public static func fileSize(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
    }

    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
