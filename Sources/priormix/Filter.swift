import ArgumentParser
import Foundation
import PriorMix

/// `priormix filter INPUT... --rules FILE -o OUT`
///
/// ```
/// $ priormix filter samples/jsonl --rules taxonomy/filters/fineweb.yaml -o out/filtered
/// filter: read 12 = written 7 + filtered 5 (c4 2, fineweb 1, gopher_quality 2) + quarantined 0 … → out/filtered/documents.jsonl.zst
/// rule                 seen  removed   rate  by check
/// gopher_repetition      12        0   0.0%
/// ```
struct Filter: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read corpora and remove documents by rules: language, Gopher, C4, FineWeb, PII masking, fastText classifiers.",
        discussion: """
            Reads everything `ingest` reads, runs the rules of --rules in file order on each document and \
            writes the kept documents to OUT/documents.jsonl.zst; removed documents go to \
            OUT/removed/removed.jsonl.zst with the rule, the check and the measured value; OUT/summary.json \
            counts removals per rule (read = written + filtered + quarantined) and holds every measured \
            value's distribution. --dry-run removes nothing and annotates instead.
            """
    )

    @OptionGroup var input: InputArguments
    @Option(name: .shortAndLong, help: "Output directory.") var output: String
    @OptionGroup(title: "Filter rules") var filter: FilterArguments
    @OptionGroup var reader: ReaderArguments
    @OptionGroup var outputOptions: OutputArguments
    @OptionGroup var ranks: RankArguments

    func validate() throws {
        if filter.rules == nil { throw ValidationError("missing --rules FILE (presets in taxonomy/filters/: default, gopher, c4, fineweb)") }
    }

    func run() throws {
        var configuration = StageRunner.Configuration()
        configuration.command = "filter"
        configuration.stages = StageChain(try filter.stage())
        try runStages(configuration, reader: reader, output: outputOptions, ranks: ranks, inputs: input.inputs, output: output)
    }
}
