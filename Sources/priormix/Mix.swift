import ArgumentParser
import Foundation
import PriorMix

/// `priormix mix --recipe R --tokens N --tokenizer T ANNOTATED... -o DIR`
///
/// ```
/// $ priormix mix --recipe taxonomy/recipes/mix6.yaml --tokens 2000000 \
///       --tokenizer samples/tokenizer/tokenizer.json out/classified/annotated.jsonl.zst -o out/mix6
/// ```
struct Mix: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build token shards whose composition matches a recipe, from annotated corpora.",
        discussion: """
            Plans quotas per bucket (and tag class) from the corpus, samples documents deterministically \
            (hash of seed and document id; whole repeats plus a fraction, at most max_epochs), interleaves \
            buckets so every shard carries the recipe's proportions, and writes shards plus manifest.json. \
            --plan prints the plan and stops. --resume finishes an interrupted run with identical output.
            """
    )

    @Argument(help: "Annotated JSONL or Parquet files, or directories holding them (output of priormix classify).") var inputs: [String]
    @Option(help: "Recipe YAML (taxonomy/recipes/mix0.yaml, mix6.yaml, vision-favorable.yaml, or your own).") var recipe: String
    @Option(help: "Total training tokens (default: the recipe's total_tokens).") var tokens: Int?
    @Option(help: "tokenizer.json, or a tiktoken rank file with --pattern (default: the recipe's tokenizer).") var tokenizer: String?
    @Option(help: "Split pattern for a tiktoken rank file: gpt2, cl100k or o200k.") var pattern: String?
    @Option(name: .shortAndLong, help: "Output directory.") var output: String
    @Option(help: "Shard format: megatron, llmc or nanogpt.") var format: ShardFormat = .megatron
    @Option(help: "Tokens per shard (documents are kept whole).") var shardTokens = 100_000_000
    @Option(help: "Override the recipe's seed.") var seed: UInt64?
    @Option(help: "Override the recipe's validation share (0 ≤ share < 1).") var validationShare: Double?
    @Flag(help: "Print the plan table and stop.") var plan = false
    @Flag(help: "Take what a bucket has when it cannot be filled within max_epochs, instead of failing.") var allowShortfall = false
    @Flag(help: "Finish an interrupted run, reusing its finished work.") var resume = false
    @Option(help: "Worker threads (output is identical for any value).") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Run one stage for multi-rank runs: tokenize (each rank), plan (once), write (each rank), manifest (once).")
    var stage: MixStage?
    @Option(help: "This process's rank (default: $SLURM_ARRAY_TASK_ID or $SLURM_PROCID, else 0).") var rank: Int?
    @Option(help: "Number of ranks (default: $SLURM_ARRAY_TASK_COUNT or $SLURM_NTASKS, else 1).") var worldSize: Int?
    @Flag(help: "Print the manifest's composition as JSON.") var json = false
    @Flag(help: "No progress line.") var quiet = false

    func validate() throws {
        for input in inputs where !FileManager.default.fileExists(atPath: input) {
            throw ValidationError("\(input): no such file or directory")
        }
        if let tokens, tokens <= 0 { throw ValidationError("--tokens must be positive") }
        guard shardTokens > 0 else { throw ValidationError("--shard-tokens must be positive") }
    }

    func run() throws {
        var recipe = try Recipe.load(path: self.recipe)
        if let seed { recipe.seed = seed }
        if let validationShare {
            guard (0..<1).contains(validationShare) else { throw ValidationError("--validation-share must be in [0, 1)") }
            recipe.validationShare = validationShare
        }
        guard let tokenizerPath = tokenizer ?? recipe.tokenizer else {
            throw ValidationError("no tokenizer: pass --tokenizer or name one in the recipe")
        }
        let tokenizer = try Tokenizer.load(path: tokenizerPath, pattern: pattern)
        var builder = MixtureBuilder(recipe: recipe, tokenizer: tokenizer, tokenizerPath: tokenizerPath, totalTokens: tokens)
        builder.format = format
        builder.shardTokens = shardTokens
        builder.threads = threads
        builder.allowShortfall = allowShortfall
        builder.resume = resume || plan || stage != nil
        builder.showProgress = !quiet
        builder.ranks = try RankSelection.resolve(rank: rank, worldSize: worldSize)
        // A directory may hold summaries and quarantine files beside its corpus: say what is read.
        if !quiet, inputs.contains(where: { FileRecords.isDirectory($0) }) {
            let files = try MixtureBuilder.inputFiles(inputs)
            log("mix: reading \(files.count) annotated file\(files.count == 1 ? "" : "s"): \(files.joined(separator: ", "))")
        }
        if let stage {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            switch stage {
            case .tokenize:
                let statistics = try builder.tokenize(inputs: inputs, outputDirectory: output)
                print("mix tokenize: rank \(builder.ranks.rank) of \(builder.ranks.worldSize): \(ProgressLine.grouped(statistics.cells.joined().reduce(0) { $0 + $1.tokens })) tokens")
            case .plan:
                print(try builder.writePlan(inputs: inputs, outputDirectory: output).table)
            case .write:
                try builder.writeShards(inputs: inputs, outputDirectory: output)
                print("mix write: rank \(builder.ranks.rank) of \(builder.ranks.worldSize) done")
            case .manifest:
                let manifest = try builder.writeManifest(inputs: inputs, outputDirectory: output)
                print(manifest.compositionTable)
                print("→ \(output)/manifest.json")
            }
            return
        }
        if plan {
            print(try builder.plan(inputs: inputs, outputDirectory: output).table)
            return
        }
        let manifest = try builder.build(inputs: inputs, outputDirectory: output)
        if json {
            FileHandle.standardOutput.write(try manifest.jsonData())
            print()
        } else {
            print(manifest.compositionTable)
            print("→ \(output)/manifest.json")
        }
    }
}

extension ShardFormat: ExpressibleByArgument {}

enum MixStage: String, ExpressibleByArgument, CaseIterable {
    case tokenize, plan, write, manifest
}
