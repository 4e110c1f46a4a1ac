/// Settings shared by every reader, and the one place that maps an input to its reader.
public struct ReaderOptions: Sendable {
    /// Documents larger than this (in UTF-8 bytes) are quarantined instead of read. For HTML this
    /// applies to the extracted text, not to the page's markup.
    public var maxDocumentBytes: Int
    /// Raw HTML pages (files and WARC responses) larger than this are quarantined unparsed: markup,
    /// scripts and inline images make a page many times larger than its text.
    public var maxHTMLBytes: Int
    /// What the HTML extractor keeps: the main content (default) or all visible text.
    public var extraction: ExtractionMode
    public var textField: String
    public var idField: String
    /// Forces a format for every input instead of detecting it.
    public var format: InputFormat?

    public init(maxDocumentBytes: Int = 1 << 20, textField: String = "text", idField: String = "id", format: InputFormat? = nil,
                maxHTMLBytes: Int = 32 << 20, extraction: ExtractionMode = .main) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxHTMLBytes = maxHTMLBytes
        self.extraction = extraction
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

    /// A WARC record may hold an HTML page (up to `maxHTMLBytes`) or text (up to 4 × the document limit).
    public var maxWARCRecordBytes: Int { max(maxDocumentBytes * 4, maxHTMLBytes) + (1 << 16) }

    /// The options that change what a run writes, for telling a resumed run from a different one.
    public var extractionFingerprint: String { "extract=\(extraction.rawValue) max-html=\(maxHTMLBytes)" }

    public func reader(for path: String, format: InputFormat) throws -> RecordReader {
        switch format {
        case .jsonl: return try JSONLReader(path: path, maxLineBytes: maxLineBytes)
        case .warc: return try WARCReader(path: path, maxRecordBytes: maxWARCRecordBytes)
        case .mediawiki: return try MediaWikiReader(path: path, maxRecordBytes: maxRecordBytes)
        case .tree: return try TreeReader(root: path, options: self)
        case .parquet: return try ParquetReader(path: path, textField: textField)
        case .html: return SingleFileReader(path: path, format: format, maxDocumentBytes: maxHTMLBytes)
        case .text: return SingleFileReader(path: path, format: format, maxDocumentBytes: maxDocumentBytes)
        }
    }
}
