import ArgumentParser
import Foundation
import PriorMix

struct BenchTokenize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "MB/s of PriorMix's tokenizer next to tiktoken and HF tokenizers (same text and vocabulary), one and both cores.",
        discussion: """
            Without --tokenizer, a tokenizer of --vocab-size tokens is trained on the corpus first.
            The peers run in python3 (scripts/ensure-python.sh installs them).

            Example:
              $ priormix bench tokenize --input corpus.jsonl --size-mb 8
            """
    )

    @Option(help: "JSONL (text field) or plain-text corpus to encode (default: a synthetic corpus).")
    var input: String?

    @Option(help: "Use at most this many MB of text.")
    var sizeMb = 16

    @Option(name: [.short, .long], help: "A tokenizer.json to measure (default: train one on the corpus).")
    var tokenizer: String?

    @Option(help: "Vocabulary size of the tokenizer trained when --tokenizer is not given.")
    var vocabSize = 32_000

    @Option(help: "Pattern of the tokenizer trained when --tokenizer is not given (\(SplitPattern.namesHelp)).")
    var pattern = "llama3"

    @Option(help: "Timed runs per measurement; the best is reported.")
    var repetitions = 3

    @Flag(help: "Measure PriorMix only.")
    var noPeers = false

    @Flag(help: "Skip the pathological inputs.")
    var noPathological = false

    @Option(help: "Where to keep the corpus copy, trained tokenizer and peer ids.")
    var workDirectory = ".build/bench-tokenize"

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard SplitPattern(name: pattern) != nil else { throw ValidationError("unknown --pattern '\(pattern)'") }
        guard sizeMb > 0, repetitions > 0 else { throw ValidationError("--size-mb and --repetitions must be positive") }
    }

    func run() throws {
        var benchmark = TokenizerBenchmark(input: input, sizeMB: sizeMb, tokenizerPath: tokenizer, vocabularySize: vocabSize,
                                           pattern: SplitPattern(name: pattern)!, workDirectory: workDirectory,
                                           repetitions: repetitions, runPeers: !noPeers)
        benchmark.runPathological = !noPathological
        let result = try benchmark.run { log($0) }
        try result.writeToStandardOutput(json: json) { result.table }
    }
}
