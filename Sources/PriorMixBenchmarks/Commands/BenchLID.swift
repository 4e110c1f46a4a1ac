import ArgumentParser
import Foundation
import PriorMix

/// `priormix bench lid`
///
/// ```
/// $ make models && priormix bench lid
/// 3120 documents, 9.80 MB of text, 120 languages predicted
/// predictor                        threads  predictions/s  MB/s  MB/s per core  runs (s)
/// PriorMix predict k = 1                 1              …
/// fasttext predict k = 1                 1              …
/// documents whose prediction differs from fasttext's: 0 (k = 1), 0 (every label, best)
/// ```
struct BenchLID: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lid",
        abstract: "Language-identification predictions/s and MB/s with lid.176.ftz on one core and all, beside the fasttext package, and how many predictions differ."
    )

    @Option(help: "The fastText language model (make models fetches it).") var model = LanguageIdentifier.defaultModelPath
    @Option(help: "Directory of .html pages (default: out/wed/pages when present, the dev set unpacked as its README says).")
    var pages: String?
    @Option(help: "JSONL with a text field (default: ../shared/corpus-dev/labeled.jsonl when present).") var corpus: String?
    @Option(help: "Locale tree whose .mo translations are read as text (default: /usr/share/locale; an empty value skips it).")
    var locales = "/usr/share/locale"
    @Option(help: "Timed runs of each predictor (the fastest counts).") var repeats = 3
    @Option(help: "Threads for the multi-core rows.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Where to keep the texts for the peer.") var workDirectory = ".build/bench"
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let pagesDirectory = pages ?? (FileManager.default.fileExists(atPath: "out/wed/pages") ? "out/wed/pages" : nil)
        let corpusPath = corpus ?? "../shared/corpus-dev/labeled.jsonl"
        let texts = try LIDBenchmark.defaultTexts(pagesDirectory: pagesDirectory, corpus: corpusPath,
                                                  localeRoot: locales.isEmpty ? nil : locales) { log($0) }
        guard !texts.isEmpty else {
            throw PriorMixError(.usage, "no text to identify", hint: "give --pages, --corpus or --locales")
        }
        let benchmark = LIDBenchmark(texts: texts, modelPath: model, threads: threads, repeats: repeats, workDirectory: workDirectory)
        let result = try benchmark.run { log($0) }
        try result.writeToStandardOutput(json: json) { result.table }
    }
}
