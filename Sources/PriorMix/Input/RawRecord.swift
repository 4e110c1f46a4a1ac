/// Where a record came from: enough for a user to find it (file, line, byte offset).
public struct SourceLocation: Sendable, Equatable {
    public var file: String
    public var line: Int?
    /// Byte offset of the record in the (decompressed) stream.
    public var offset: Int?

    public init(file: String, line: Int? = nil, offset: Int? = nil) {
        self.file = file
        self.line = line
        self.offset = offset
    }
}

/// What a reader hands to normalization: the bytes of one would-be document and what is known
/// of it. Readers only split the input; parsing and cleaning happen in `Normalizer`, in parallel.
public struct RawRecord: Sendable {
    public enum Payload: Sendable, Equatable {
        /// One JSONL line, still unparsed.
        case jsonLine
        /// A row of a columnar file (Parquet): its columns' values back to back in `bytes`.
        case columns(ColumnarRow)
        /// A file from a directory tree (text, source code, or possibly binary).
        case sourceFile(language: String)
        /// An HTML page; `encoding` is the charset the transport declared, if any.
        case html(encoding: String?)
        /// A WARC block holding an HTTP response (headers and body).
        case httpResponse
        /// Text that is already plain (WET conversion records).
        case plainText
        /// A MediaWiki page's wikitext.
        case wikitext(namespace: Int, isRedirect: Bool, title: String)
        /// A record the reader refused without reading it whole.
        case tooLarge(length: Int)
        /// A raw HTML page (file or WARC record) over the HTML cap, refused before parsing.
        case htmlTooLarge(length: Int)
        case lineTooLong(length: Int)
        /// A record that is not a document (WARC request, metadata, warcinfo …): counted, not written.
        case nonDocument(kind: String)
        /// A part of the input the reader set aside without reading it (a FIFO in a tree, a Parquet
        /// row group it cannot decode): quarantined with the reason and what was lost.
        case setAside(QuarantineReason, detail: String)
        /// A problem the reader met mid-stream and recovered from or stopped at.
        case readError(PriorMixError)
    }

    public var payload: Payload
    public var bytes: [UInt8]
    public var id: String?
    public var source: String
    public var metadata: [(String, String)]
    public var location: SourceLocation

    public init(payload: Payload, bytes: [UInt8] = [], id: String? = nil, source: String,
                metadata: [(String, String)] = [], location: SourceLocation) {
        self.payload = payload
        self.bytes = bytes
        self.id = id
        self.source = source
        self.metadata = metadata
        self.location = location
    }

    /// Bytes the record holds: its `bytes`, and a columnar row's text held as a String. Batches
    /// of records are bounded by it.
    public var heldBytes: Int {
        if case .columns(let row) = payload { return row.heldBytes(bytes) }
        return bytes.count
    }
}

/// A reader of one input: yields records in input order.
public protocol RecordReader: AnyObject {
    /// The next record, or nil at the end. Throws only when the input cannot be read further.
    func next() throws -> RawRecord?
    /// Bytes of the input file(s) consumed so far, for progress reporting.
    var fileBytesConsumed: Int { get }
}
