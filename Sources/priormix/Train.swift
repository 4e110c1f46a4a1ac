import ArgumentParser
import Foundation
import PriorMix
import PriorMixTrainer

/// `priormix train SHARDS -o RUN`: trains the bundled Llama-style decoder on a shard set.
///
///     $ priormix train out/shards -o out/run --preset tiny --steps 300
///     step 0: validation loss 8.3180 (ln vocabulary 8.3178)
///     step 10/300: loss 8.1023 …
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the bundled Llama-style decoder on a PriorMix shard set.",
        discussion: """
            Reads the manifest and shards written by the mixture builder (Megatron .bin/.idx, llm.c or nanoGPT),
            logs training and per-category validation loss to RUN/log.jsonl and RUN/loss.svg, and writes
            checkpoints RUN/checkpoint-NNNNNN/ that HuggingFace's LlamaForCausalLM loads. --resume continues
            from the newest checkpoint with the same losses as an uninterrupted run.
            """
    )

    @Argument(help: "Shard directory (with manifest.json) or the manifest itself.") var shards: String
    @Option(name: .shortAndLong, help: "Run directory for log, plot and checkpoints.") var output: String
    @OptionGroup var model: ModelArguments
    @OptionGroup var training: ModelTrainingArguments
    @Flag(help: "Continue from the newest checkpoint in the run directory.") var resume = false
    @Option(help: "Stop after this step (with a checkpoint), keeping the schedule of --steps; continue later with --resume.")
    var stopAfter: Int?
    @Flag(help: "Print the summary as JSON.") var json = false

    func run() throws {
        let set = try ShardSet(path: shards)
        let config = try model.config(vocabularySize: set.vocabularySize, endOfTextID: set.endOfTextID)
        let trainer = try Trainer(shardsPath: shards, config: config, options: training.options, runDirectory: output)
        trainer.stopAfter = stopAfter
        trainer.report = { log($0) }
        log(String(format: "model: %@ parameters (hidden %d, %d layers, %d heads / %d kv, intermediate %d, context %d, vocabulary %d)",
                   ProgressLine.grouped(config.parameterCount), config.hiddenSize, config.layers, config.heads, config.keyValueHeads,
                   config.intermediateSize, config.contextLength, config.vocabularySize))
        let summary = try trainer.run(resume: resume)
        if json {
            var object: [String: Any] = ["steps": summary.steps, "tokens_per_step": summary.tokensPerStep, "tokens_per_second": summary.tokensPerSecond,
                                         "run": output]
            object["initial_val_loss"] = summary.initialValidationLoss
            object["final_train_loss"] = summary.finalTrainLoss
            object["final_val_loss"] = summary.finalValidationLoss
            object["final_val_loss_by_category"] = summary.finalValidationByCategory
            FileHandle.standardOutput.write(try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]))
            print()
            return
        }
        var rows = [["category", "validation loss"]]
        for (category, loss) in summary.finalValidationByCategory.sorted(by: { $0.key < $1.key }) { rows.append([category, String(format: "%.4f", loss)]) }
        if let loss = summary.finalValidationLoss { rows.append(["all", String(format: "%.4f", loss)]) }
        print(AlignedTable(rows: rows, rightAligned: [1]).text)
        print(String(format: "%.0f tokens/s; log %@/log.jsonl, plot %@/loss.svg, checkpoints %@/checkpoint-*", summary.tokensPerSecond, output, output, output))
    }
}
