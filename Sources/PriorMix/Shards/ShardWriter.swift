import Foundation

/// Writes documents' tokens into one shard file (plus index) in a given format, under a temporary
/// name until `finish()`. Knows nothing of mixtures: `ShardSetWriter` decides what goes where.
final class ShardWriter {
    let format: ShardFormat
    let binPath: String
    private let bin: AtomicOutputFile
    private let wide: Bool
    private let endOfText: UInt32
    private(set) var tokens = 0
    private(set) var documents = 0
    /// Megatron: tokens per document (each document is one sequence).
    private var lengths: [Int32] = []
    private var buffer: [UInt8] = []

    static let llmcHeaderInts = 256

    init(format: ShardFormat, binPath: String, vocabularySize: Int, endOfText: UInt32) throws {
        self.format = format
        self.binPath = binPath
        self.endOfText = endOfText
        switch format {
        case .megatron: wide = !ShardFormat.megatronUsesUInt16(vocabularySize: vocabularySize)
        case .llmc: wide = vocabularySize > 65_536
        case .nanogpt:
            guard vocabularySize <= 65_536 else {
                throw PriorMixError(.usage, "nanoGPT shards hold uint16 tokens; this tokenizer has \(vocabularySize) ids",
                                    hint: "use --format megatron or llmc for vocabularies above 65,536")
            }
            wide = false
        }
        bin = try AtomicOutputFile(path: binPath)
        if format == .llmc { try bin.write([UInt8](repeating: 0, count: Self.llmcHeaderInts * 4)) }
    }

    private func appendToken(_ token: UInt32) {
        if wide {
            withUnsafeBytes(of: token.littleEndian) { buffer.append(contentsOf: $0) }
        } else {
            withUnsafeBytes(of: UInt16(truncatingIfNeeded: token).littleEndian) { buffer.append(contentsOf: $0) }
        }
    }

    /// Appends one document with its end-of-text token (before it for llm.c, after it otherwise).
    func append(document ids: [UInt32]) throws {
        buffer.removeAll(keepingCapacity: true)
        if format == .llmc { appendToken(endOfText) }
        for id in ids { appendToken(id) }
        if format != .llmc { appendToken(endOfText) }
        try bin.write(buffer)
        tokens += ids.count + 1
        documents += 1
        lengths.append(Int32(ids.count + 1))
    }

    /// Finalizes headers and index, renames everything into place, returns the files written.
    func finish() throws -> [String] {
        var files = [binPath]
        switch format {
        case .llmc:
            var header = [Int32](repeating: 0, count: Self.llmcHeaderInts)
            header[0] = wide ? 20_240_801 : 20_240_520
            header[1] = wide ? 7 : 1
            header[2] = Int32(tokens)
            try bin.patch(at: 0, header.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } })
            try bin.commit()
        case .nanogpt:
            try bin.commit()
        case .megatron:
            try bin.commit()
            let indexPath = String(binPath.dropLast(4)) + ".idx"
            try AtomicOutputFile.write(MegatronIndex.bytes(lengths: lengths, dtypeCode: wide ? 4 : 8, tokenSize: wide ? 4 : 2), to: indexPath)
            files.append(indexPath)
        }
        return files
    }
}

/// The `.idx` file of a Megatron-LM indexed dataset (version 1).
enum MegatronIndex {
    static func bytes(lengths: [Int32], dtypeCode: UInt8, tokenSize: Int) -> [UInt8] {
        var out: [UInt8] = Array("MMIDIDX".utf8) + [0, 0]
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        append(UInt64(1))
        out.append(dtypeCode)
        append(UInt64(lengths.count))      // sequences
        append(UInt64(lengths.count + 1))  // document index entries (documents + 1)
        for length in lengths { append(length) }
        var pointer: Int64 = 0
        for length in lengths {
            append(pointer)
            pointer += Int64(length) * Int64(tokenSize)
        }
        for document in 0...lengths.count { append(Int64(document)) }
        return out
    }
}
