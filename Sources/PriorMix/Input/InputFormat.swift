import Foundation

/// The kinds of raw input PriorMix reads.
public enum InputFormat: String, Sendable, CaseIterable, Codable {
    case jsonl, text, html, warc, mediawiki, tree, parquet

    /// Decides from the path, then (for names that say nothing) from the first decompressed bytes.
    public static func detect(path: String) throws -> InputFormat {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw PriorMixError(.usage, "no such file or directory", file: path)
        }
        if isDirectory.boolValue { return .tree }
        if let format = fromName(path, insideTree: false) { return format }
        return try sniff(path: path)
    }

    /// The format implied by a file name, or nil when the name does not say.
    /// Inside a directory tree a plain `.json` is a source file, not a JSONL corpus.
    public static func fromName(_ path: String, insideTree: Bool) -> InputFormat? {
        let name = (path as NSString).lastPathComponent.lowercased()
        let compressed = Compression.strippingSuffix(name) != name
        let base = Compression.strippingSuffix(name)
        if base.hasSuffix(".jsonl") || base.hasSuffix(".ndjson") { return .jsonl }
        if name.hasSuffix(".parquet") || name.hasSuffix(".pq") { return .parquet }
        if base.hasSuffix(".json") && (compressed || !insideTree) { return .jsonl }
        if base.hasSuffix(".warc") || base.hasSuffix(".wet") || base.hasSuffix(".wat") { return .warc }
        if base.hasSuffix(".xml") && base.contains("pages-") { return .mediawiki }
        if base.hasSuffix(".html") || base.hasSuffix(".htm") || base.hasSuffix(".xhtml") { return .html }
        if base.hasSuffix(".xml") && !insideTree { return nil }
        return insideTree ? .text : nil
    }

    static func sniff(path: String) throws -> InputFormat {
        // Parquet is never wrapped in a compressor: its magic comes first in the raw file.
        if try FileByteSource(path: path).peek(4) == Array("PAR1".utf8) { return .parquet }
        let (source, _) = try Compression.open(path)
        var prefix = [UInt8](repeating: 0, count: 1024)
        var filled = 0
        while filled < prefix.count {
            let n = try prefix.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if n == 0 { break }
            filled += n
        }
        let head = String(decoding: prefix[0..<filled], as: UTF8.self)
        let trimmed = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.lowercased()
        if trimmed.hasPrefix("warc/") { return .warc }
        if trimmed.hasPrefix("{") { return .jsonl }
        if trimmed.contains("<mediawiki") { return .mediawiki }
        if trimmed.hasPrefix("<!doctype html") || trimmed.hasPrefix("<html") { return .html }
        return .text
    }
}
