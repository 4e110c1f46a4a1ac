import PriorMix

/// A tokenizer that can also turn ids back into text: what `generate` needs beyond the mixture
/// builder's `TokenEncoding`.
public protocol TextCodec: TokenEncoding {
    func decode(_ ids: [UInt32]) -> String
}

/// Byte-level ids: 0…255 are UTF-8 bytes, 256 is end-of-text. Needs no vocabulary file, so a
/// sweep or a test can run before any tokenizer is trained (`--tokenizer bytes`).
public final class ByteLevelCodec: TextCodec, @unchecked Sendable {
    public let vocabularySize = 257
    public let endOfTextID: UInt32? = 256
    public let fileSHA256 = "byte-level"

    public init() {}

    public func encodeOrdinary(_ text: String) -> [UInt32] { text.utf8.map(UInt32.init) }

    public func decode(_ ids: [UInt32]) -> String {
        String(decoding: ids.filter { $0 < 256 }.map { UInt8($0) }, as: UTF8.self)
    }
}

/// PriorMix's BPE tokenizer as the trainer's codec (tokenizer.json or tiktoken files).
extension Tokenizer: TextCodec {
    public func decode(_ ids: [UInt32]) -> String { decode(ids, skipSpecialTokens: false) }
}
