import Foundation
import PriorMix

/// The tokens of one shard file in any format the mixture builder writes, read in place.
public final class TokenShard: @unchecked Sendable {
    public let path: String
    public let count: Int
    private let file: MappedFile
    private let start: Int
    private let width: Int

    public init(path: String, format: ShardFormat) throws {
        self.path = path
        file = try MappedFile(path: path)
        switch format {
        case .nanogpt:
            (start, width) = (0, 2)
            guard file.size % 2 == 0 else { throw PriorMixError(.truncatedInput, "nanoGPT shard has an odd number of bytes", file: path) }
            count = file.size / 2
        case .llmc:
            let header = 256 * 4
            guard file.size >= header else { throw PriorMixError(.truncatedInput, "shorter than the 1024-byte llm.c header", file: path) }
            let magic = file.load(Int32.self, at: 0), version = file.load(Int32.self, at: 4)
            switch (magic, version) {
            case (20_240_520, 1): width = 2
            case (20_240_801, 7): width = 4
            default:
                throw PriorMixError(.unsupportedInput, "llm.c header magic \(magic) version \(version) is neither 20240520/1 (uint16) nor 20240801/7 (uint32)", file: path)
            }
            start = header
            count = Int(file.load(Int32.self, at: 8))
            guard header + count * width == file.size else {
                throw PriorMixError(.truncatedInput, "header says \(count) tokens but the file holds \((file.size - header) / width)", file: path)
            }
        case .megatron:
            let index = try MegatronIndexReader(path: String(path.dropLast(4)) + ".idx")
            (start, width) = (0, index.tokenSize)
            guard index.totalBytes == file.size else {
                throw PriorMixError(.truncatedInput, "the index covers \(index.totalBytes) bytes but the file has \(file.size)", file: path,
                                    hint: "the .bin and .idx come from different runs; rebuild the shard set")
            }
            count = file.size / width
        }
    }

    /// Copies `n` tokens from position `from`.
    public func copy(from position: Int, count n: Int, into out: UnsafeMutablePointer<Int32>) {
        precondition(position >= 0 && position + n <= count)
        let base = file.bytes + start + position * width
        if width == 2 {
            for i in 0..<n { out[i] = Int32(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
        } else {
            for i in 0..<n { out[i] = Int32(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        }
    }

    public func tokens(from position: Int = 0, count n: Int? = nil) -> [Int32] {
        let n = n ?? count - position
        return [Int32](unsafeUninitializedCapacity: n) { buffer, initialized in
            copy(from: position, count: n, into: buffer.baseAddress!)
            initialized = n
        }
    }
}

/// The parts of a Megatron-LM `.idx` (version 1) the reader needs: token width and extent.
struct MegatronIndexReader {
    let tokenSize: Int
    let sequences: Int
    let totalBytes: Int

    init(path: String) throws {
        let file = try MappedFile(path: path)
        func fail(_ message: String) -> PriorMixError { PriorMixError(.corruptInput, message, file: path) }
        guard file.size >= 34, Array(UnsafeRawBufferPointer(start: file.bytes, count: 9)) == Array("MMIDIDX".utf8) + [0, 0] else {
            throw fail("not a Megatron index (no MMIDIDX magic)")
        }
        guard file.load(UInt64.self, at: 9) == 1 else { throw fail("index version \(file.load(UInt64.self, at: 9)) is not 1") }
        switch file.load(UInt8.self, at: 17) {
        case 8: tokenSize = 2
        case 4: tokenSize = 4
        case let code: throw PriorMixError(.unsupportedInput, "token dtype code \(code) (only 8 uint16 and 4 int32 hold token ids)", file: path)
        }
        sequences = Int(file.load(UInt64.self, at: 18))
        let documents = Int(file.load(UInt64.self, at: 26))
        let lengths = 34, pointers = lengths + 4 * sequences
        guard file.size == pointers + 8 * sequences + 8 * documents else {
            throw fail("\(file.size) bytes do not match \(sequences) sequences and \(documents) document entries")
        }
        if sequences == 0 {
            totalBytes = 0
        } else {
            let last = sequences - 1
            totalBytes = Int(file.load(Int64.self, at: pointers + 8 * last)) + Int(file.load(Int32.self, at: lengths + 4 * last)) * tokenSize
        }
    }
}
