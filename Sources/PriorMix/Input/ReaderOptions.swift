/// Settings shared by every reader, and the one place that maps an input to its reader.
public struct ReaderOptions: Sendable {
    /// Documents larger than this (in UTF-8 bytes) are quarantined instead of read.
    public var maxDocumentBytes: Int
    public var textField: String
    public var idField: String
    /// Forces a format for every input instead of detecting it.
    public var format: InputFormat?

    public init(maxDocumentBytes: Int = 1 << 20, textField: String = "text", idField: String = "id", format: InputFormat? = nil) {
        self.maxDocumentBytes = maxDocumentBytes
        self.textField = textField
        self.idField = idField
        self.format = format
    }

    /// JSON escapes can make a line several times longer than its text; beyond this a line is
    /// skipped without being buffered.
    public var maxLineBytes: Int { maxDocumentBytes * 4 + (1 << 20) }

    /// Markup (HTML in WARC records, wikitext) shrinks when reduced to text; a record over this
    /// cannot yield a document within the limit and is refused before it is parsed.
    public var maxRecordBytes: Int { maxDocumentBytes * 4 + (1 << 16) }

    public func reader(for path: String, format: InputFormat) throws -> RecordReader {
        switch format {
        case .jsonl: return try JSONLReader(path: path, maxLineBytes: maxLineBytes)
        case .warc: return try WARCReader(path: path, maxRecordBytes: maxRecordBytes)
        case .mediawiki: return try MediaWikiReader(path: path, maxRecordBytes: maxRecordBytes)
        case .tree: return try TreeReader(root: path, options: self)
        case .parquet: return try ParquetReader(path: path, textField: textField)
        case .html, .text: return SingleFileReader(path: path, format: format, maxDocumentBytes: maxDocumentBytes)
        }
    }
}
