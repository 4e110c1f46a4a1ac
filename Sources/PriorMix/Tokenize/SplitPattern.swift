/// The pre-tokenization regexes PriorMix implements with hand-written scanners instead of a
/// regex engine. A tokenizer.json names its pattern as a regex string; `init(regex:)` accepts
/// exactly the spellings published by OpenAI (tiktoken) and Meta/HF, nothing approximate.
public enum SplitPattern: String, CaseIterable, Sendable {
    /// GPT-2 / r50k / p50k: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
    case gpt2
    /// Llama-3 (and cl100k as first published): contractions any case, an optional non-letter
    /// before letters, digits in threes, `\s*[\r\n]+`.
    case llama3
    /// cl100k_base as tiktoken ships it today: like `llama3` plus `\s++$`, so trailing whitespace
    /// at the end of the text stays one piece even when it holds a newline.
    case cl100k
    /// o200k_base: case-aware words with marks, contractions glued on, `[\r\n/]*` after punctuation.
    case o200k
    /// Qwen2: `llama3` with single digits.
    case qwen2
    /// tiktoken's cl100k regex as HF `tokenizers` reads it from a tokenizer.json: Oniguruma takes
    /// `\p{N}{1,3}+` as "one or more runs of 1–3 digits", not as a possessive `{1,3}`, so digit
    /// runs stay whole. Same regex text as `cl100k`, other pieces.
    case cl100kHF = "cl100k-hf"

    /// The canonical regex (the one PriorMix writes into a tokenizer.json and gives tiktoken).
    public var regex: String {
        switch self {
        case .gpt2: return #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
        case .llama3: return #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        case .cl100k, .cl100kHF: return #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#
        case .o200k:
            return [
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                #"\p{N}{1,3}"#, #" ?[^\s\p{L}\p{N}]+[\r\n/]*"#, #"\s*[\r\n]+"#, #"\s+(?!\S)"#, #"\s+"#,
            ].joined(separator: "|")
        case .qwen2: return #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        }
    }

    /// Other spellings that match exactly the same pieces (tiktoken's rewrites over the years).
    static let equivalentSpellings: [String: SplitPattern] = [
        #"'s|'t|'re|'ve|'m|'ll|'d| ?[\p{L}]+| ?[\p{N}]+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#: .gpt2,
        #"'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#: .gpt2,
        #"'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"#: .gpt2,
        #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"#: .llama3,
    ]

    /// The regex engine whose reading of a pattern counts: they differ on `{n,m}+`.
    public enum Engine: Sendable {
        /// HF `tokenizers` (tokenizer.json files).
        case oniguruma
        /// tiktoken.
        case fancyRegex
    }

    /// The pattern a regex string denotes for `engine`, or nil when PriorMix has no scanner for it.
    public init?(regex: String, engine: Engine = .oniguruma) {
        if regex == SplitPattern.cl100k.regex {
            self = engine == .oniguruma ? .cl100kHF : .cl100k
        } else if let known = SplitPattern.allCases.first(where: { $0.regex == regex }) {
            self = known
        } else if let known = SplitPattern.equivalentSpellings[regex] {
            self = known
        } else {
            return nil
        }
    }

    /// Accepts the names people use for these encodings (`r50k_base`, `cl100k_base`, `gpt-4o` …).
    public init?(name: String) {
        switch name.lowercased() {
        case "gpt2", "gpt-2", "r50k", "r50k_base", "p50k", "p50k_base", "p50k_edit": self = .gpt2
        case "llama3", "llama-3", "llama3.1", "llama-3.1": self = .llama3
        case "cl100k", "cl100k_base", "gpt-4", "gpt-3.5-turbo": self = .cl100k
        case "o200k", "o200k_base", "gpt-4o": self = .o200k
        case "qwen2", "qwen2.5": self = .qwen2
        case "cl100k-hf": self = .cl100kHF
        default: return nil
        }
    }

    public static var namesHelp: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
