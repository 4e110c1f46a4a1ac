/// Everything a `Tokenizer` is built from, independent of the file it came from: a
/// tokenizer.json, a tiktoken rank file, or the trainer. Plain values, so tests can build one
/// in memory and the writer can turn one back into a tokenizer.json.
public struct TokenizerDefinition {
    /// One pre-tokenization step, applied in order to each piece of the previous step.
    public enum Step: Equatable {
        /// HF `Split` with a supported regex, behaviour `Isolated`, not inverted.
        case split(SplitPattern)
        /// HF `ByteLevel`: optional leading space, optional GPT-2 regex; marks the byte alphabet.
        case byteLevel(addPrefixSpace: Bool, useRegex: Bool)
    }

    /// How adjacent tokens merge.
    public enum Merges {
        /// HF: an ordered list of pairs; the position is the rank.
        case ranked([(String, String)])
        /// tiktoken: any two tokens whose bytes concatenate to a token merge, ranked by that token's rank (id).
        case byteRanks
    }

    /// An item of HF `TemplateProcessing`'s single-sequence template.
    public enum TemplateItem: Equatable {
        case sequence
        case special([UInt32])
    }

    /// Tokens as written in the vocabulary (byte-level text when `byteLevel`), with their ids.
    public var vocabulary: [(String, UInt32)]
    public var merges: Merges
    public var steps: [Step]
    public var addedTokens: [AddedToken] = []
    public var ignoreMerges = false
    public var byteFallback = false
    public var unknownToken: String?
    public var fuseUnknown = false
    /// Decoding: map byte-level characters back to bytes (HF `ByteLevel` decoder).
    public var decodeByteLevel = true
    /// Decoding: `<0xXX>` tokens stand for their byte (HF `ByteFallback` decoder).
    public var decodeByteFallback = false
    public var template: [TemplateItem]?

    public init(vocabulary: [(String, UInt32)], merges: Merges, steps: [Step]) {
        self.vocabulary = vocabulary
        self.merges = merges
        self.steps = steps
    }

    /// True when a `ByteLevel` step makes bytes, not characters, the BPE alphabet.
    public var byteLevel: Bool {
        steps.contains { if case .byteLevel = $0 { return true } else { return false } }
    }

    /// The first split pattern, if any (the GPT-2 regex for `ByteLevel(use_regex: true)`).
    public var pattern: SplitPattern? {
        for step in steps {
            switch step {
            case .split(let pattern): return pattern
            case .byteLevel(_, let useRegex) where useRegex: return .gpt2
            default: continue
            }
        }
        return nil
    }
}
