import Foundation

/// Reads tiktoken rank files (`.tiktoken`: one `base64(token bytes) rank` per line). The file has
/// no pattern and no special tokens, so the caller names the pattern; the special tokens of the
/// matching OpenAI encoding are added when the file has exactly that encoding's size, otherwise
/// `<|endoftext|>` takes the id after the last rank.
public enum TiktokenRanks {
    public static func definition(parsing bytes: [UInt8], path: String, pattern: SplitPattern) throws -> TokenizerDefinition {
        var vocabulary: [(String, UInt32)] = []
        var seenRanks = Set<UInt32>()
        var seenTokens = Set<[UInt8]>()
        var lineNumber = 0
        var offset = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            defer { offset += line.count + 1 }
            var fields = line.split(separator: 0x20)
            if let last = fields.last, last.last == 0x0D { fields[fields.count - 1] = last.dropLast() }
            if fields.isEmpty { continue }
            guard fields.count == 2 else {
                throw PriorMixError(.malformedInput, "expected 'base64-token rank', found \(fields.count) field(s)", file: path, line: lineNumber,
                                    hint: "is this a tiktoken rank file? a tokenizer.json is loaded without a pattern")
            }
            guard let token = Data(base64Encoded: Data(fields[0])), !token.isEmpty else {
                throw PriorMixError(.malformedInput, "token is not valid base64", file: path, line: lineNumber, offset: offset)
            }
            guard let rank = UInt32(String(decoding: fields[1], as: UTF8.self)) else {
                throw PriorMixError(.malformedInput, "rank is not a non-negative integer", file: path, line: lineNumber, offset: offset)
            }
            guard seenRanks.insert(rank).inserted else {
                throw PriorMixError(.malformedInput, "rank \(rank) appears twice", file: path, line: lineNumber)
            }
            guard seenTokens.insert(Array(token)).inserted else {
                throw PriorMixError(.malformedInput, "token appears twice", file: path, line: lineNumber)
            }
            vocabulary.append((ByteLevelAlphabet.encode(token), rank))
        }
        guard !vocabulary.isEmpty else { throw PriorMixError(.malformedInput, "no ranks in file", file: path) }
        let singleBytes = Set(seenTokens.filter { $0.count == 1 }.map { $0[0] })
        guard singleBytes.count == 256 else {
            throw PriorMixError(.malformedInput, "\(256 - singleBytes.count) of the 256 single bytes have no rank", file: path,
                                hint: "tiktoken needs every byte as a token to encode arbitrary text")
        }
        let steps: [TokenizerDefinition.Step] = [.split(pattern), .byteLevel(addPrefixSpace: false, useRegex: false)]
        var definition = TokenizerDefinition(vocabulary: vocabulary, merges: .byteRanks, steps: steps)
        definition.ignoreMerges = true   // tiktoken looks a whole piece up before merging
        definition.decodeByteLevel = true
        definition.addedTokens = specialTokens(pattern: pattern, rankCount: vocabulary.count, maxRank: seenRanks.max()!)
            .map { AddedToken(id: $0.1, content: $0.0) }
        return definition
    }

    /// OpenAI's special tokens for the standard encodings, keyed by their rank count.
    static func specialTokens(pattern: SplitPattern, rankCount: Int, maxRank: UInt32) -> [(String, UInt32)] {
        switch (pattern, rankCount) {
        case (.gpt2, 50256): return [("<|endoftext|>", 50256)]
        case (.cl100k, 100256), (.llama3, 100256):
            return [("<|endoftext|>", 100257), ("<|fim_prefix|>", 100258), ("<|fim_middle|>", 100259),
                    ("<|fim_suffix|>", 100260), ("<|endofprompt|>", 100276)]
        case (.o200k, 199998): return [("<|endoftext|>", 199999), ("<|endofprompt|>", 200018)]
        default: return [("<|endoftext|>", maxRank + 1)]
        }
    }

    /// A rank file for a byte-level definition, ranks = ids (what `load(path:pattern:)` reads back).
    /// Added tokens are left out: a rank file holds mergeable tokens only.
    public static func serialize(_ definition: TokenizerDefinition) -> [UInt8] {
        var out: [UInt8] = []
        let added = Set(definition.addedTokens.map(\.id))
        for (token, id) in definition.vocabulary.sorted(by: { $0.1 < $1.1 }) where !added.contains(id) {
            guard let bytes = ByteLevelAlphabet.decode(token) else { continue }
            out.append(contentsOf: Data(bytes).base64EncodedString().utf8)
            out.append(contentsOf: " \(id)\n".utf8)
        }
        return out
    }
}
