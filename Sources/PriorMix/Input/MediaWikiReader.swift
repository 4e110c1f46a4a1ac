import CHTMLText
import Foundation

/// Streams a MediaWiki XML export (`pages-articles`, plain or compressed) with libxml2's pull
/// reader: one page in memory at a time. Each page becomes one wikitext record.
public final class MediaWikiReader: RecordReader {
    /// Owns the byte source the C reader pulls from, and remembers a decompression failure so it
    /// can be reported instead of libxml2's vaguer "premature end of data".
    final class Input {
        let source: ByteSource
        var failure: Error?
        init(source: ByteSource) { self.source = source }
    }

    private let path: String
    private let dumpName: String
    private let input: Input
    private let maxRecordBytes: Int
    private var wiki: OpaquePointer?
    private var finished = false

    public var fileBytesConsumed: Int { input.source.fileBytesConsumed }

    /// Pages whose wikitext exceeds `maxRecordBytes` are handed on as too large, without their text.
    public init(path: String, maxRecordBytes: Int = Int.max) throws {
        self.path = path
        self.maxRecordBytes = maxRecordBytes
        dumpName = Compression.strippingSuffix((path as NSString).lastPathComponent).replacingOccurrences(of: ".xml", with: "")
        input = Input(source: try Compression.open(path).source)
        HTMLText.initializeLibXML()
        let context = Unmanaged.passUnretained(input).toOpaque()
        let read: pm_read_callback = { context, buffer, length in
            let input = Unmanaged<MediaWikiReader.Input>.fromOpaque(context!).takeUnretainedValue()
            guard input.failure == nil else { return -1 }
            do {
                return Int32(try input.source.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
            } catch {
                input.failure = error
                return -1
            }
        }
        guard let reader = pm_wiki_open(read, context, path) else {
            throw PriorMixError(.internalFailure, "libxml2 could not create a reader", file: path)
        }
        wiki = reader
    }

    deinit { pm_wiki_close(wiki) }

    public func next() throws -> RawRecord? {
        guard !finished, let wiki else { return nil }
        var page = pm_wiki_page()
        let status = pm_wiki_next(wiki, &page)
        defer { pm_wiki_page_free(&page) }
        if status == 0 { finished = true; return nil }
        if status < 0 {
            finished = true
            if let failure = input.failure { throw failure }
            let message = pm_wiki_error(wiki).map { String(cString: $0) } ?? "malformed XML"
            let line = pm_wiki_error_line(wiki)
            throw PriorMixError(.malformedInput, "MediaWiki XML: \(message)", file: path, line: line > 0 ? line : nil,
                                hint: "pages before this point were read")
        }
        func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }
        let title = string(page.title)
        let pageID = string(page.page_id)
        let namespace = Int(string(page.ns)) ?? 0
        let id = "\(dumpName):\(pageID.isEmpty ? title : pageID)"
        let location = SourceLocation(file: path, line: page.line)
        if page.text_length > maxRecordBytes {
            return RawRecord(payload: .tooLarge(length: page.text_length), id: id, source: path,
                             metadata: [("title", title), ("page_id", pageID)], location: location)
        }
        let text = page.text.map { Array(UnsafeBufferPointer(start: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), count: page.text_length)) } ?? []
        var metadata: [(String, String)] = [("title", title), ("page_id", pageID), ("namespace", String(namespace))]
        let timestamp = string(page.timestamp)
        if !timestamp.isEmpty { metadata.append(("timestamp", timestamp)) }
        let isRedirect = page.is_redirect != 0
        if isRedirect { metadata.append(("redirect", string(page.redirect_title))) }
        return RawRecord(payload: .wikitext(namespace: namespace, isRedirect: isRedirect, title: title), bytes: text,
                         id: id, source: path, metadata: metadata, location: location)
    }
}
