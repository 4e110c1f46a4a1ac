import ArgumentParser
import Foundation
import PriorMix

/// `priormix tokenizer train|encode|decode`: build a byte-level BPE tokenizer and inspect ids.
struct TokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Train byte-level BPE tokenizers and inspect their ids.",
        subcommands: [TokenizerTrain.self, TokenizerEncode.self, TokenizerDecode.self]
    )
}

/// Options naming a tokenizer to load.
struct TokenizerSource: ParsableArguments {
    @Option(name: [.short, .long], help: "A HuggingFace tokenizer.json, or a tiktoken rank file with --pattern.")
    var tokenizer: String

    @Option(help: "Read --tokenizer as a tiktoken rank file split with this pattern (\(SplitPattern.namesHelp)).")
    var pattern: String?

    func load() throws -> Tokenizer { try Tokenizer.load(path: tokenizer, pattern: pattern) }
}

struct TokenizerEncode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Print the token ids of text (arguments, standard input, or each document of a JSONL file).",
        discussion: """
            Example:
              $ priormix tokenizer encode -t samples/tokenizer/tokenizer.json "Hello, world!"
              5 tokens: 46 1020 11 903 0
            """
    )

    @OptionGroup var source: TokenizerSource

    @Argument(help: "Text to encode (default: all of standard input).")
    var text: [String] = []

    @Option(help: "Encode the text field of every line of this JSONL file; prints one line of ids per document.")
    var jsonl: String?

    @Option(help: "JSONL field holding the text.")
    var textField = "text"

    @Flag(help: "Show each token's text next to its id.")
    var showTokens = false

    @Flag(help: "Treat added and special tokens written in the text as plain text (tiktoken's encode_ordinary).")
    var ordinary = false

    @Flag(help: "Apply the tokenizer's post-processor template (e.g. a BOS token).")
    var addSpecialTokens = false

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        // One line per document leaves no room for a token table, and the text comes from the file.
        if jsonl != nil && !text.isEmpty { throw ValidationError("--jsonl encodes the file's documents; give no text arguments with it") }
        if jsonl != nil && showTokens { throw ValidationError("--show-tokens prints a table for one text; use --json with --jsonl") }
        if ordinary && addSpecialTokens { throw ValidationError("--ordinary and --add-special-tokens exclude each other") }
    }

    func run() throws {
        let tokenizer = try source.load()
        if let jsonl {
            var out: [UInt8] = []
            let texts = try JSONLTexts.read(path: jsonl, field: textField)
            for ids in tokenizer.encodeBatch(texts, addSpecialTokens: addSpecialTokens, recogniseAddedTokens: !ordinary) {
                out += json ? TokenizerEncode.jsonLine(ids, tokenizer) : Array(ids.map(String.init).joined(separator: " ").utf8) + [0x0A]
                if out.count > 1 << 20 { FileHandle.standardOutput.write(Data(out)); out.removeAll(keepingCapacity: true) }
            }
            FileHandle.standardOutput.write(Data(out))
            return
        }
        let input = text.isEmpty
            ? UTF8Repair.string(from: Array(FileHandle.standardInput.readDataToEndOfFile())).text
            : text.joined(separator: " ")
        let ids = ordinary ? tokenizer.encodeOrdinary(input) : tokenizer.encode(input, addSpecialTokens: addSpecialTokens)
        if json {
            FileHandle.standardOutput.write(Data(TokenizerEncode.jsonLine(ids, tokenizer)))
        } else if showTokens {
            print("\(ids.count) tokens:")
            for id in ids { print(String(format: "%8d  ", id) + TokenizerEncode.visible(tokenizer.decodeBytes([id]))) }
        } else {
            print("\(ids.count) tokens: " + ids.map(String.init).joined(separator: " "))
        }
    }

    /// `{"ids": [...], "tokens": [...]}` and a newline.
    static func jsonLine(_ ids: [UInt32], _ tokenizer: Tokenizer) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("ids")
        writer.beginArray()
        for id in ids { writer.integer(id) }
        writer.endArray()
        writer.key("tokens")
        writer.beginArray()
        for id in ids { writer.string(tokenizer.decode([id])) }
        writer.endArray()
        writer.endObject()
        return writer.bytes + [0x0A]
    }

    /// Token bytes with whitespace and invalid UTF-8 made visible.
    static func visible(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        var shown = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": shown += "\\n"
            case "\r": shown += "\\r"
            case "\t": shown += "\\t"
            case "\"": shown += "\\\""
            default: shown.unicodeScalars.append(scalar)
            }
        }
        return shown + "\"" + (String(validating: bytes, as: UTF8.self) == nil ? "  (partial UTF-8: \(bytes.map { String(format: "%02X", $0) }.joined(separator: " ")))" : "")
    }
}

struct TokenizerDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Print the text of token ids.",
        discussion: """
            Example:
              $ priormix tokenizer decode -t samples/tokenizer/tokenizer.json 46 1020 11 903 0
              Hello, world!
            """
    )

    @OptionGroup var source: TokenizerSource

    @Argument(help: "Token ids (default: whitespace-separated ids on standard input).")
    var ids: [UInt32] = []

    @Flag(help: "Leave special tokens out.")
    var skipSpecialTokens = false

    func run() throws {
        let tokenizer = try source.load()
        var list = ids
        // Ids given as arguments are a usage error (exit 2); ids read from standard input are bad input (exit 1).
        let code: PriorMixError.Code = list.isEmpty ? .malformedInput : .usage
        if list.isEmpty {
            let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            for word in input.split(whereSeparator: { $0.isWhitespace }) {
                guard let id = UInt32(word) else {
                    throw PriorMixError(code, "'\(word.prefix(40))' on standard input is not a token id")
                }
                list.append(id)
            }
        }
        if let bad = list.first(where: { Int($0) >= tokenizer.vocabularySize }) {
            throw PriorMixError(code, "token id \(bad) is outside the vocabulary (ids 0 to \(tokenizer.vocabularySize - 1))",
                                file: source.tokenizer)
        }
        FileHandle.standardOutput.write(Data(tokenizer.decodeBytes(list, skipSpecialTokens: skipSpecialTokens)))
        if isatty(STDOUT_FILENO) == 1 { print() }
    }
}

struct TokenizerTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a byte-level BPE tokenizer on any input `ingest` reads and write a tokenizer.json.",
        discussion: """
            The input is streamed: only the counts of distinct pre-tokenization pieces are kept in
            memory. Ids 0–255 are the bytes, then one id per merge, then the special tokens
            (by default <|endoftext|> as end of text, then <|begin_of_text|> as BOS). The file loads
            in HuggingFace tokenizers and encodes to the same ids as PriorMix.

            Example:
              $ priormix tokenizer train samples/ --vocab-size 4096 -o tokenizer.json
            """
    )

    @Argument(help: "Files or directories to learn from (JSONL, text, HTML, WARC, MediaWiki, trees).")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Where to write the tokenizer.json.")
    var output: String

    @Option(help: "Vocabulary size including the special tokens.")
    var vocabSize = 32_000

    @Option(help: "Pre-tokenization pattern (\(SplitPattern.namesHelp)).")
    var pattern = "llama3"

    @Option(help: "Pairs seen fewer times are not merged.")
    var minFrequency = 2

    @Option(help: "Special tokens after the merges, comma-separated; the first ends a text, the second begins one.")
    var specialTokens = "<|endoftext|>,<|begin_of_text|>"

    @Flag(help: "Add the BOS token in HF's post-processor (HF encode() then starts every text with it).")
    var bosInTemplate = false

    @Flag(help: "Also write a tiktoken rank file next to the output (OUTPUT.tiktoken).")
    var tiktoken = false

    @OptionGroup var reader: ReaderArguments

    @Flag(help: "Print the training summary as JSON.")
    var json = false

    func validate() throws {
        guard SplitPattern(name: pattern) != nil else { throw ValidationError("unknown --pattern '\(pattern)'; use one of \(SplitPattern.namesHelp)") }
        let specials = specialTokens.split(separator: ",").map(String.init)
        guard vocabSize >= 256 + specials.count + 1 else {
            throw ValidationError("--vocab-size must be at least \(256 + specials.count + 1): 256 bytes, the special tokens and one merge")
        }
        guard minFrequency >= 1 else { throw ValidationError("--min-frequency must be at least 1") }
    }

    func run() throws {
        var options = BPETrainer.Options()
        options.vocabularySize = vocabSize
        options.pattern = SplitPattern(name: pattern)!
        options.minFrequency = Int64(minFrequency)
        options.specialTokens = specialTokens.split(separator: ",").map(String.init)
        options.threads = reader.threads
        options.reader = reader.readerOptions
        let (trained, statistics) = try BPETrainer(options: options).train(inputs: inputs) { log($0) }
        var definition = trained
        if bosInTemplate, options.specialTokens.count >= 2, let bos = definition.addedTokens.first(where: { $0.content == options.specialTokens[1] }) {
            definition.template = [.special([bos.id]), .sequence]
        }
        let bytes = TokenizerJSON.serialize(definition)
        try AtomicOutputFile.write(bytes, to: output)
        if tiktoken { try AtomicOutputFile.write(TiktokenRanks.serialize(definition), to: output + ".tiktoken") }
        let tokenizer = try Tokenizer(definition: definition, source: output, fileSHA256: SHA256.hex(of: bytes))
        let eot = tokenizer.endOfTextID.map(String.init) ?? "none"
        let bos = tokenizer.beginOfTextID.map(String.init) ?? "none"
        if json {
            var writer = JSONWriter()
            writer.beginObject()
            writer.member("output", string: output)
            writer.member("vocab_size", integer: tokenizer.vocabularySize)
            writer.member("merges", integer: statistics.merges)
            writer.member("documents", integer: statistics.documents)
            writer.member("text_bytes", integer: statistics.textBytes)
            writer.member("distinct_pieces", integer: statistics.distinctPieces)
            writer.member("seconds", number: statistics.seconds, decimals: 3)
            writer.member("sha256", string: tokenizer.fileSHA256)
            writer.endObject()
            FileHandle.standardOutput.write(Data(writer.bytes + [0x0A]))
        } else {
            print("tokenizer: \(output): \(tokenizer.vocabularySize) tokens (\(statistics.merges) merges) from \(statistics.documents) documents, "
                  + String(format: "%.1f MB in %.1f s", Double(statistics.textBytes) / 1e6, statistics.seconds)
                  + "; end of text \(eot), BOS \(bos); sha256 \(tokenizer.fileSHA256)")
            if tokenizer.vocabularySize < vocabSize {
                print("note: the corpus supported only \(statistics.merges) merges with --min-frequency \(minFrequency)")
            }
        }
    }
}
