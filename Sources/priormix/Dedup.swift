import ArgumentParser
import Foundation
import PriorMix

/// `priormix dedup INPUT... -o OUT --mode exact|minhash|paragraph`
///
/// ```
/// $ priormix dedup samples/jsonl -o out/dedup --mode minhash
/// dedup: read 40 = written 36 + filtered 4 (duplicate 4) + quarantined 0 from 0.1 MB in 0.05 s → out/dedup/documents.jsonl.zst
/// minhash (5-word shingles, 14 bands x 8 rows): 4 duplicates in 3 clusters, 4 of 40 documents (10.0%)
/// ```
struct Dedup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove exact and near-duplicate documents, or repeated paragraphs.",
        discussion: """
            Reads everything `ingest` reads. Writes OUT/documents.jsonl.zst (survivors; a cluster's survivor, \
            its earliest document in input order, gains a "dedup" field with the cluster id and size), \
            OUT/removed/removed.jsonl.zst (every removed document with the survivor's id), OUT/quarantine.jsonl \
            and OUT/summary.json. With several ranks run --step signatures on every rank, --step merge once, \
            --step remove on every rank, then --finalize (`priormix slurm -- dedup ...` writes those jobs).
            """
    )

    @OptionGroup var input: InputArguments
    @Option(name: .shortAndLong, help: "Output directory.") var output: String
    @OptionGroup(title: "Deduplication") var dedup: DedupArguments
    @OptionGroup var reader: ReaderArguments
    @OptionGroup var outputOptions: OutputArguments
    @OptionGroup var ranks: RankArguments

    func run() throws {
        var configuration = StageRunner.Configuration()
        configuration.command = "dedup"
        try dedup.run(configuration, reader: reader, output: outputOptions, ranks: ranks, inputs: input.inputs, outputDirectory: output)
    }
}

extension DedupOptions.Mode: ExpressibleByArgument {}
extension DedupOptions.Verification: ExpressibleByArgument {}
extension Deduplicator.Step: ExpressibleByArgument {}

/// The dedup options `dedup` and `run --stages …,dedup` share.
struct DedupArguments: ParsableArguments {
    @Option(help: "exact (normalized text), minhash (near duplicates) or paragraph (repeated lines).") var mode: DedupOptions.Mode = .minhash
    @Option(help: "MinHash: words per shingle.") var shingleWords = 5
    @Option(help: "MinHash: LSH bands.") var bands = 14
    @Option(help: "MinHash: hashes per band.") var rows = 8
    @Option(help: "MinHash: seed of the hash functions (the same on every rank).") var seed: UInt64 = 1
    @Option(help: "MinHash: confirm candidate pairs by estimated Jaccard similarity (signature), by true Jaccard similarity of the shingle sets (jaccard), or not (none).") var verify: DedupOptions.Verification = .none
    @Option(help: "MinHash with --verify signature: the least estimated Jaccard similarity of duplicates.") var threshold = 0.8
    @Flag(help: "Exact and paragraph modes: compare text case-folded.") var caseFold = false
    @Option(help: "Paragraph mode: the Bloom filter's false-positive rate.") var falsePositiveRate = 1e-6
    @Option(help: "Paragraph mode: most memory the Bloom filter may take, in MB.") var maxFilterMb = 4096
    @Option(help: "Run one step only (multi-rank runs): signatures (every rank), merge (once), remove (every rank).") var step: Deduplicator.Step?

    var options: DedupOptions {
        var options = DedupOptions(mode: mode)
        options.shingleWords = shingleWords
        options.bands = bands
        options.rowsPerBand = rows
        options.seed = seed
        options.verification = verify
        options.threshold = threshold
        options.caseFold = caseFold
        options.falsePositiveRate = falsePositiveRate
        options.maxFilterBytes = maxFilterMb << 20
        return options
    }

    func validate() throws {
        do { try options.validate() } catch let error as PriorMixError { throw ValidationError(error.message) }
    }

    /// Runs the requested step (or all of them for one rank) and prints the summary.
    func run(_ base: StageRunner.Configuration, reader: ReaderArguments, output options: OutputArguments, ranks: RankArguments,
             inputs: [String], outputDirectory: String) throws {
        let configuration = runnerConfiguration(base, reader: reader, output: options)
        let deduplicator = Deduplicator(configuration: configuration, options: self.options)
        let selection = try ranks.resolve()
        let summary: RunSummary
        if ranks.finalize {
            summary = try deduplicator.finalize(inputs: inputs, output: outputDirectory)
        } else {
            switch step {
            case nil:
                guard selection.worldSize == 1 else {
                    throw ValidationError("with several ranks, run --step signatures, --step merge, --step remove, then --finalize")
                }
                summary = try deduplicator.run(inputs: inputs, output: outputDirectory)
            case .signatures:
                summary = try deduplicator.signatures(inputs: inputs, output: outputDirectory, ranks: selection)
            case .merge:
                let merged = try deduplicator.merge(inputs: inputs, output: outputDirectory)
                if options.json {
                    print(#"{"documents":\#(merged.documents),"clusters":\#(merged.clusters),"duplicates":\#(merged.duplicates),"candidate_pairs":\#(merged.candidatePairs),"paragraphs":\#(merged.paragraphs),"repeated_paragraphs":\#(merged.repeatedParagraphs)}"#)
                } else {
                    print("dedup merge: \(merged.documents) documents; \(merged.duplicates) duplicates in \(merged.clusters) clusters"
                          + (self.mode == .paragraph ? "; \(merged.repeatedParagraphs) of \(merged.paragraphs) paragraphs repeat (filter \(merged.filterBytes >> 10) KB)" : ""))
                }
                return
            case .remove:
                summary = try deduplicator.remove(inputs: inputs, output: outputDirectory, ranks: selection)
            }
        }
        try summary.writeToStandardOutput(json: options.json) {
            var lines = [summary.humanLine]
            if let dedup = summary.dedup, summary.outputs["documents"] != nil {
                lines.append(dedupLine(dedup))
            }
            return lines.joined(separator: "\n")
        }
        for error in summary.errors { log("priormix: error: \(error)") }
        if !summary.complete { throw ExitCode.failure }
    }

    private func dedupLine(_ statistics: DedupStatistics) -> String {
        let totals = statistics.totals
        let share = String(format: "%.1f%%", 100 * totals.duplicateRate)
        switch mode {
        case .minhash:
            return "minhash (\(shingleWords)-word shingles, \(bands) bands x \(rows) rows): \(totals.duplicates) duplicates in \(statistics.clusters) clusters, \(totals.duplicates) of \(totals.documents) documents (\(share))"
        case .exact:
            return "exact: \(totals.duplicates) duplicates in \(statistics.clusters) clusters, \(totals.duplicates) of \(totals.documents) documents (\(share))"
        case .paragraph:
            return "paragraph: \(totals.paragraphsRemoved) repeated paragraphs removed (\(totals.bytesRemoved) bytes); \(totals.duplicates) documents left empty and removed"
        }
    }
}
