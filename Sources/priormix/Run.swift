import ArgumentParser
import Foundation
import PriorMix

/// `priormix run INPUT... --stages STAGE,... -o OUT`: several stages in one pass over the data.
///
/// ```
/// $ priormix run samples/jsonl --stages filter,classify --rules taxonomy/filters/default.yaml -o out/run
/// run: read 43 = written 42 + filtered 1 + quarantined 0 from 0.2 MB in 0.03 s → out/run/annotated.jsonl.zst
/// ```
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read corpora and pass every document through a chain of stages in one pass.",
        discussion: """
            Reads everything `ingest` reads, runs the stages in the order given on each document, and \
            writes the survivors to OUT/documents.jsonl.zst (OUT/annotated.jsonl.zst when the chain \
            classifies), with OUT/quarantine.jsonl and OUT/summary.json; documents a stage removes are \
            counted as filtered with the stage's reason. dedup, when chained, comes last and runs in \
            the steps of `priormix dedup` (--step for several ranks). Stages: \(PipelineStage.allCases.map(\.rawValue).joined(separator: ", ")). \
            Ranks, resume and --finalize work as for ingest and classify.
            """
    )

    @OptionGroup var input: InputArguments
    @Option(name: .shortAndLong, help: "Output directory.") var output: String
    @Option(help: "Stages in order, comma-separated (\(PipelineStage.allCases.map(\.rawValue).joined(separator: ", "))).",
            transform: { try PipelineStage.list($0) })
    var stages: [PipelineStage]
    @OptionGroup(title: "Filter stage") var filter: FilterArguments
    @OptionGroup(title: "Classify stage") var classify: ClassifyArguments
    @OptionGroup(title: "Dedup stage (last in the chain)") var dedup: DedupArguments
    @OptionGroup var reader: ReaderArguments
    @OptionGroup var outputOptions: OutputArguments
    @OptionGroup var ranks: RankArguments

    func validate() throws {
        if stages.isEmpty { throw ValidationError("--stages needs at least one stage") }
        if Set(stages).count != stages.count { throw ValidationError("--stages names a stage twice") }
        if let index = stages.firstIndex(of: .dedup), index != stages.count - 1 {
            throw ValidationError("dedup must be the last stage: it decides over the whole corpus what the stages before it wrote")
        }
        if dedup.step != nil && !stages.contains(.dedup) { throw ValidationError("--step applies to a chain ending in dedup") }
        if stages.contains(.filter) && filter.rules == nil { throw ValidationError("the filter stage needs --rules FILE (see taxonomy/filters/)") }
    }

    func run() throws {
        var configuration = StageRunner.Configuration()
        configuration.command = "run"
        var llmTagger: LLMTagger?
        for stage in stages {
            switch stage {
            case .filter:
                configuration.stages.append(try filter.stage())
            case .classify:
                let annotator = try classify.annotator(output: output)
                llmTagger = annotator.llmTagger
                configuration.stages.append(annotator)
                configuration.documentsName = "annotated"
            case .dedup:
                // The signature pass runs the stages before it, the removal pass runs them again
                // with the removal stage added (see Deduplicator).
                try dedup.run(configuration, reader: reader, output: outputOptions, ranks: ranks, inputs: input.inputs, outputDirectory: output)
                return
            }
        }
        try runStages(configuration, reader: reader, output: outputOptions, ranks: ranks, inputs: input.inputs, output: output, llmTagger: llmTagger)
    }
}

/// The stages `run` can chain, by the name users give them.
enum PipelineStage: String, CaseIterable {
    case filter
    case classify
    case dedup

    static func list(_ text: String) throws -> [PipelineStage] {
        try text.split(separator: ",").map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let stage = PipelineStage(rawValue: trimmed) else {
                throw ValidationError("unknown stage `\(trimmed)` (stages: \(allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return stage
        }
    }
}
