import ArgumentParser
import Foundation
import PriorMix
import PriorMixTrainer

/// `priormix embed RUN TEXTS.jsonl -o FEATURES.npy`: the bundled model's text features for `align`.
///
/// ```sh
/// $ priormix embed out/run captions.jsonl -o text.npy
/// 1024 texts → text.npy (1024, 5, 128) float32, ids and states in text.json
/// ```
struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Per text, the trained model's hidden states averaged over tokens, as a float32 .npy of shape (texts, states, hidden).",
        discussion: """
            States follow HuggingFace's output_hidden_states: 0 is the token embeddings, i the output of decoder layer i,
            the last one the final RMSNorm's output (layers + 1 in all). Texts longer than the context keep their first
            tokens. FEATURES.json beside the .npy lists the ids in row order, the states and the checkpoint.
            """
    )

    @Argument(help: "Run directory (its newest checkpoint) or a checkpoint directory.") var checkpoint: String
    @Argument(help: "JSONL with one text a line.") var texts: String
    @Option(name: .shortAndLong, help: "Output .npy file.") var output: String
    @Option(help: "Hidden states to keep: 'all', or a list such as 0,2,-1 (negative counts from the last).") var layers = "all"
    @Option(help: "Name of the JSONL field holding the text.") var textField = "text"
    @Option(help: "Name of the JSONL field holding the id (default: the line number).") var idField = "id"
    @Option(help: "Tokenizer: a tokenizer.json, or 'bytes'. Default: the checkpoint's tokenizer.json, else bytes for a 257-id model.")
    var tokenizer: String?
    @Option(help: "Worker threads (output is identical for any value).") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Print the summary as JSON.") var json = false

    func validate() throws {
        guard threads > 0 else { throw ValidationError("--threads must be positive") }
    }

    func run() throws {
        let directory = try Checkpoint.resolve(checkpoint)
        let model = try Checkpoint.loadModel(directory: directory)
        let codec = try TokenizerFiles.load(tokenizer ?? TokenizerFiles.checkpointDefault(directory: directory, vocabularySize: model.config.vocabularySize))
        var embedder = TextEmbedder(model: model, codec: codec, states: try TextEmbedder.parseStates(layers, count: model.hiddenStateCount))
        embedder.textField = textField
        embedder.idField = idField
        embedder.threads = threads
        embedder.checkpoint = directory
        let summary = try embedder.run(input: texts, output: output) { log($0) }
        try summary.writeToStandardOutput(json: json) {
            "\(summary.texts) texts → \(output) (\(summary.shape.map(String.init).joined(separator: ", "))) float32, ids and states in \(TextEmbedder.sidecarPath(output))"
                + (summary.truncated > 0 ? "; \(summary.truncated) texts cut to the \(model.config.contextLength)-token context" : "")
        }
    }
}
