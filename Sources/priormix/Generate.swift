import ArgumentParser
import Foundation
import PriorMix
import PriorMixTrainer

/// `priormix generate RUN --prompt TEXT`: a quick look at what a checkpoint writes.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Sample a continuation from a trained checkpoint.")

    @Argument(help: "Run directory (its newest checkpoint) or a checkpoint directory.") var checkpoint: String
    @Option(help: "Text to continue.") var prompt = ""
    @Option(help: "New tokens at most.") var tokens = 200
    @Option(help: "Sampling temperature (0: greedy).") var temperature = 0.8
    @Option(help: "Sample among the k most likely tokens (0: all).") var topK = 40
    @Option(help: "Sampling seed.") var seed: UInt64 = 42
    @Option(help: "Tokenizer: a tokenizer.json, or 'bytes'. Default: the checkpoint's tokenizer.json, else bytes for a 257-id model.")
    var tokenizer: String?

    func run() throws {
        let directory = try Checkpoint.resolve(checkpoint)
        let model = try Checkpoint.loadModel(directory: directory)
        let path = tokenizer ?? (FileManager.default.fileExists(atPath: directory + "/tokenizer.json") ? directory + "/tokenizer.json"
                                 : model.config.vocabularySize == 257 ? "bytes" : directory + "/tokenizer.json")
        let codec = try TokenizerFiles.load(path)
        guard codec.vocabularySize == model.config.vocabularySize else {
            throw PriorMixError(.usage, "the tokenizer has \(codec.vocabularySize) ids but the model \(model.config.vocabularySize)", file: path)
        }
        var generator = TextGenerator(model: model)
        generator.temperature = temperature
        generator.topK = topK
        generator.seed = seed
        log("generating from \(directory)")
        let ids = generator.continuation(of: codec.encodeOrdinary(prompt), count: tokens, stop: codec.endOfTextID)
        print(prompt + codec.decode(ids))
    }
}
