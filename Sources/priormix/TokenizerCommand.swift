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

    func run() throws {
        let tokenizer = try source.load()
        if let jsonl {
            var out: [UInt8] = []
            let texts = try JSONLTexts.read(path: jsonl, field: textField)
            for ids in tokenizer.encodeBatch(texts) {
                out.append(contentsOf: ids.map(String.init).joined(separator: " ").utf8)
                out.append(0x0A)
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
            FileHandle.standardOutput.write(Data(writer.bytes + [0x0A]))
        } else if showTokens {
            print("\(ids.count) tokens:")
            for id in ids { print(String(format: "%8d  ", id) + TokenizerEncode.visible(tokenizer.decodeBytes([id]))) }
        } else {
            print("\(ids.count) tokens: " + ids.map(String.init).joined(separator: " "))
        }
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
        if list.isEmpty {
            let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            for word in input.split(whereSeparator: { $0.isWhitespace }) {
                guard let id = UInt32(word) else { throw ValidationError("'\(word)' is not a token id") }
                list.append(id)
            }
        }
        if let bad = list.first(where: { Int($0) >= tokenizer.vocabularySize }) {
            throw ValidationError("id \(bad) is outside the vocabulary (size \(tokenizer.vocabularySize))")
        }
        FileHandle.standardOutput.write(Data(tokenizer.decodeBytes(list, skipSpecialTokens: skipSpecialTokens)))
        if isatty(STDOUT_FILENO) == 1 { print() }
    }
}
