import Foundation

/// LLM distillation of the learned classifier: a deterministic sample of a corpus
/// (`DocumentSample`), each sampled document's category asked of a chat model
/// (`LLMCategoryLabeler`, several requests in flight), and a fastText-format model trained on the
/// answers with the same trainer `classifier fit` uses. The labels are written beside the model
/// as labelled JSONL (`{id, text, category, source, labelled_by}`), so they can be read, corrected
/// and trained on again with `classifier train`.
///
/// ```swift
/// let labeler = try LLMCategoryLabeler(client: client, prompt: CategoryPrompt(taxonomy: taxonomy), cachePath: "cache.jsonl")
/// var distiller = Distiller(labeler: labeler, trainer: trainer, sampleSize: 2000)
/// let result = try distiller.run(inputs: ["corpus/"])
/// try result.write(modelPath: "distilled.bin")
/// ```
public struct Distiller {
    public var labeler: LLMCategoryLabeler
    public var trainer: FastTextTrainer
    public var sampleSize: Int
    public var seed: UInt64 = 42
    public var corpus = CorpusDocuments()
    /// Requests sent at once (servers batch concurrent requests; the answers do not depend on it).
    public var requestsInFlight = 4

    public init(labeler: LLMCategoryLabeler, trainer: FastTextTrainer, sampleSize: Int) {
        self.labeler = labeler
        self.trainer = trainer
        self.sampleSize = sampleSize
    }

    /// What a run did, for the summary line and `--json`.
    public struct Summary: Codable, Equatable, PrettyJSONEncodable, Sendable {
        /// Documents read from the corpus, and how many of them the sample took.
        public var documentsRead: Int
        public var quarantined: Int
        public var sampled: Int
        /// Sampled documents asked about: answered by the server, from the cache, garbage after
        /// every attempt, or failed after the client's retries (they add up to `requested`).
        public var requested: Int
        public var answered: Int
        public var cached: Int
        public var garbage: Int
        public var failed: Int
        /// HTTP requests sent (retries of garbage answers included).
        public var httpRequests: Int
        /// Labels per category (the 16 ids, zeros included).
        public var labels: [String: Int]
        public var seed: UInt64
        public var model: String?
        public var labelsFile: String?
        /// The first garbage answer and the first failure, shown once.
        public var firstGarbage: String?
        public var firstFailure: String?
    }

    public struct Labelled {
        public var document: Document
        public var category: String
    }

    public struct Result {
        public var summary: Summary
        /// The labelled sample, in sample order (the order training sees).
        public var labelled: [Labelled]
        /// Nil when no document was labelled.
        public var model: FastTextModel?
        /// Read errors met in the corpus, each naming its file.
        public var readErrors: [PriorMixError]
        /// The server's failures said once, nil when none (`everyRequestFailed`: the run failed in substance).
        public var failureReport: (message: String, everyRequestFailed: Bool)?
        public var modelName: String
    }

    public func run(inputs: [String]) throws -> Result {
        // 1. The sample: one pass over the corpus, at most `sampleSize` documents held.
        let box = UnsafeSendableBox(DocumentSample(capacity: sampleSize, seed: seed))
        let counts = try corpus.forEach(inputs: inputs) { document, position in box.value.offer(document, position: position) }
        let sample = box.value.entries.map(\.document)

        // 2. The labels, `requestsInFlight` at a time; each result lands in its sample slot. The
        // workers are threads of their own, not dispatch workers: each blocks on its request, and
        // blocked dispatch workers starve the queues URLSession answers on (with two cores, four
        // requests in flight on dispatch workers ran 12x slower than one at a time).
        let outcomes = UnsafeSendableBox([LLMCategoryLabeler.Outcome?](repeating: nil, count: sample.count))
        let failure = UnsafeSendableBox<Error?>(nil)
        let next = UnsafeSendableBox(0)
        let lock = NSLock()
        let labeler = self.labeler
        let finished = DispatchGroup()
        for _ in 0..<min(max(1, requestsInFlight), max(1, sample.count)) {
            finished.enter()
            Thread.detachNewThread {
                defer { finished.leave() }
                while true {
                    lock.lock()
                    let index = next.value
                    next.value += 1
                    let stop = failure.value != nil
                    lock.unlock()
                    guard index < sample.count, !stop else { return }
                    do {
                        let outcome = try labeler.label(sample[index].text)
                        lock.lock(); outcomes.value[index] = outcome; lock.unlock()
                    } catch {
                        lock.lock(); if failure.value == nil { failure.value = error }; lock.unlock()
                    }
                }
            }
        }
        finished.wait()
        if let error = failure.value { throw error }

        var summary = Summary(documentsRead: counts.documents.read, quarantined: counts.documents.quarantined, sampled: sample.count,
                              requested: sample.count, answered: 0, cached: 0, garbage: 0, failed: 0,
                              httpRequests: labeler.tally.requests,
                              labels: Dictionary(uniqueKeysWithValues: CategoryTaxonomy.categoryIDs.map { ($0, 0) }), seed: seed)
        var labelled: [Labelled] = []
        for (document, outcome) in zip(sample, outcomes.value) {
            switch outcome {
            case .answered(let category)?: summary.answered += 1; labelled.append(Labelled(document: document, category: category))
            case .cached(let category)?: summary.cached += 1; labelled.append(Labelled(document: document, category: category))
            case .garbage(let answer)?: summary.garbage += 1; if summary.firstGarbage == nil { summary.firstGarbage = answer }
            case .failed(let message)?: summary.failed += 1; if summary.firstFailure == nil { summary.firstFailure = message }
            case nil: break
            }
        }
        for item in labelled { summary.labels[item.category, default: 0] += 1 }

        // 3. The model, trained on the labels in sample order (seeded, single-threaded: same labels, same bytes).
        var model: FastTextModel?
        if !labelled.isEmpty {
            model = try trainer.train { visit in
                for item in labelled { try visit(FastTextText.normalize(item.document.text), [item.category]) }
            }
        }
        return Result(summary: summary, labelled: labelled, model: model, readErrors: counts.errors,
                      failureReport: labeler.tally.failureReport(consequence: "those documents stay unlabelled"),
                      modelName: labeler.client.model)
    }
}
