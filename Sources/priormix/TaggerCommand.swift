import ArgumentParser
import Foundation
import PriorMix

/// `priormix tagger train`: fit the fast tagger to labels an LLM gave a sample of the corpus.
struct TaggerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tagger",
        abstract: "Train the fast segment tagger from LLM-labelled segments.",
        subcommands: [TaggerTrain.self]
    )
}

struct TaggerTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit a one-vs-all linear model (fastText format) to the segment labels in annotated JSONL.",
        discussion: """
            $ priormix classify sample/ --llm-endpoint http://127.0.0.1:8000/v1 --llm-model my-model -o labelled
            $ priormix tagger train labelled/annotated.jsonl.zst -o tagger.bin
            $ priormix classify corpus/ --tagger-model tagger.bin -o classified
            """
    )

    @Argument(help: "Annotated JSONL files whose segments carry labels.") var inputs: [String]
    @Option(name: .shortAndLong, help: "Model file to write (.bin).") var output: String
    @Option(help: "Use only documents tagged by a tagger whose name starts with this (default: llm; pass '' for all).")
    var taggerPrefix = "llm"
    @OptionGroup var training: TrainingArguments

    func run() throws {
        var trainer = try training.trainer()
        trainer.args.loss = .oneVsAll
        let prefix = taggerPrefix.isEmpty ? nil : taggerPrefix
        var segments = 0
        let model = try trainer.train { visit in segments = try TaggerTraining.forEachSegment(in: inputs, taggerPrefix: prefix, visit) }
        try model.save(path: output)
        print("tagger train: \(segments) segments, labels \(model.labels.joined(separator: ", ")) → \(output)")
    }
}
