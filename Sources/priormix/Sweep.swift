import ArgumentParser
import Foundation
import PriorMix
import PriorMixTrainer

/// `priormix sweep ANNOTATED... --tokenizer T -o DIR`: the paper's reasoning-proportion sweep at small scale.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build mixtures at several reasoning shares, train each with the same budget, compare per-category validation loss.",
        discussion: """
            Writes DIR/reasoning-NNN/{shards,run} per share, and DIR/sweep.md (table), DIR/sweep.json and DIR/sweep.svg
            (validation loss per category against the achieved reasoning share). Re-running reuses finished shards and checkpoints.
            With --align-features F.npy --align-texts T.jsonl, each checkpoint also embeds the texts (priormix embed) and is scored
            against F (priormix align, best layer pair): an alignment column in the table and a second panel in sweep.svg.
            """
    )

    @Argument(help: "Annotated JSONL(.zst) files from priormix classify.") var inputs: [String]
    @Option(name: .shortAndLong, help: "Output directory.") var output: String
    @Option(help: "Tokenizer: a tokenizer.json, or 'bytes' for byte-level ids.") var tokenizer: String
    @Option(help: "Reasoning shares in percent, comma-separated.") var shares = "0,25,50,75,100"
    @Option(help: "Training tokens per mixture.") var tokens = 2_000_000
    @Option(help: "Base recipe (seed, validation share, epoch cap); its tag targets are replaced.")
    var recipe = "taxonomy/recipes/vision-favorable.yaml"
    @Option(help: "Share of documents held out for validation, percent (default: the recipe's).") var validationShare: Double?
    @Option(help: "Shard format.") var format: ShardFormat = .megatron
    @Option(help: "Also score each checkpoint against these features (.npy, one row per --align-texts line), e.g. a vision model's.")
    var alignFeatures: String?
    @Option(help: "JSONL texts to embed with each checkpoint for --align-features (same items, same order).") var alignTexts: String?
    @Option(help: "Alignment metric for --align-features.") var alignMetric: AlignmentMetric = .mutualKNN
    @Option(help: "Neighbours for the k-NN alignment metrics.") var alignK = 10
    @OptionGroup var model: ModelArguments
    @OptionGroup var training: ModelTrainingArguments

    func run() throws {
        let codec = try TokenizerFiles.load(tokenizer)
        let values = try shares.split(separator: ",").map { text -> Double in
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), (0...100).contains(value) else {
                throw ValidationError("--shares: '\(text)' is not a percentage between 0 and 100")
            }
            return value / 100
        }
        let config = try model.config(vocabularySize: codec.vocabularySize, endOfTextID: codec.endOfTextID.map(Int.init))
        var base = try Recipe.load(path: recipe)
        if let validationShare {
            guard (0..<100).contains(validationShare) else { throw ValidationError("--validation-share must be in [0, 100)") }
            base.validationShare = validationShare / 100
        }
        var sweep = ProportionSweep(inputs: inputs, tokenizer: codec, tokenizerPath: tokenizer, baseRecipe: base,
                                    shares: values, tokens: tokens, model: config, options: training.options, outputDirectory: output)
        sweep.format = format
        switch (alignFeatures, alignTexts) {
        case let (features?, texts?):
            var options = AlignmentOptions(metric: alignMetric, k: alignK)
            options.threads = training.options.threads
            sweep.alignment = SweepAlignment(featuresPath: features, textsPath: texts, options: options)
        case (nil, nil): break
        default: throw ValidationError("--align-features and --align-texts go together")
        }
        sweep.report = { log($0) }
        let points = try sweep.run()
        print(ProportionSweep.table(points))
        print("table \(output)/sweep.md, plot \(output)/sweep.svg, data \(output)/sweep.json")
    }
}
