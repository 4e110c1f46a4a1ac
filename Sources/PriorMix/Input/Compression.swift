/// Compression of an input file, recognised from its first bytes rather than its name, so a
/// `.jsonl` that is really zstd (or a `.gz` that is plain) still reads correctly.
public enum Compression: String, Sendable, Codable {
    case none, gzip, zstd

    /// Formats PriorMix recognises but cannot read, with what to do instead.
    static let unsupported: [([UInt8], String)] = [
        ([0x42, 0x5A, 0x68], "bzip2"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz"),
        ([0x50, 0x4B, 0x03, 0x04], "zip"),
    ]

    public static func detect(_ prefix: [UInt8], path: String) throws -> Compression {
        if prefix.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
        if prefix.starts(with: [0x1F, 0x8B]) { return .gzip }
        for (magic, name) in unsupported where prefix.starts(with: magic) {
            throw PriorMixError(.unsupportedInput, "\(name)-compressed input is not supported", file: path,
                                hint: "recompress it with zstd or gzip")
        }
        return .none
    }

    /// The file's decompressed bytes, whatever its compression.
    public static func open(_ path: String) throws -> (source: ByteSource, compression: Compression) {
        let file = try FileByteSource(path: path)
        let compression = try detect(try file.peek(6), path: path)
        switch compression {
        case .none: return (file, .none)
        case .gzip: return (try GzipDecoder(source: file, path: path), .gzip)
        case .zstd: return (ZstdDecoder(source: file, path: path), .zstd)
        }
    }

    /// The name without a compression suffix: `a.jsonl.zst` → `a.jsonl`.
    public static func strippingSuffix(_ name: String) -> String {
        for suffix in [".zst", ".zstd", ".gz", ".gzip"] where name.lowercased().hasSuffix(suffix) {
            return String(name.dropLast(suffix.count))
        }
        return name
    }
}
