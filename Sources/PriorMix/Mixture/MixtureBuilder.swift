import Foundation

/// Builds a shard set from annotated corpora and a recipe, in three streaming passes:
///
/// 1. tokenize: read every annotated document in input order, tokenize on all cores, and spill
///    each to its bucket's file (or its category's validation file) while counting tokens per
///    bucket, tag class and sampling-key bin;
/// 2. plan: quotas per bucket and tag class from those counts (`MixturePlan`);
/// 3. interleave: re-read the bucket spills epoch by epoch, take each document as often as the plan
///    says, and always continue the bucket furthest behind its quota, so every shard carries the
///    recipe's proportions; then write validation shards per category and the manifest.
///
/// Outputs depend only on inputs, recipe, seed and tokenizer. Every file is written under a temporary
/// name first; `resume` reuses a finished tokenize pass and finished shards of an interrupted run.
public struct MixtureBuilder {
    public var recipe: Recipe
    public var tokenizer: TokenEncoding
    public var tokenizerPath: String
    public var totalTokens: Int
    public var format: ShardFormat = .megatron
    public var shardTokens = 100_000_000
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var allowShortfall = false
    public var resume = false
    public var showProgress = false
    /// This process's share of the input files; several ranks run the stages separately.
    public var ranks = RankSelection()

    public init(recipe: Recipe, tokenizer: TokenEncoding, tokenizerPath: String, totalTokens: Int? = nil) {
        self.recipe = recipe
        self.tokenizer = tokenizer
        self.tokenizerPath = tokenizerPath
        self.totalTokens = totalTokens ?? recipe.totalTokens
    }

    var endOfText: UInt32 {
        get throws {
            guard let id = tokenizer.endOfTextID else {
                throw PriorMixError(.usage, "the tokenizer has no end-of-text token", file: tokenizerPath,
                                    hint: "add a special token such as <|endoftext|> (priormix tokenizer train adds one)")
            }
            return id
        }
    }

    // MARK: - Pass 1: tokenize and spill

    private struct Tokenized {
        var record: SpillRecord
        var bucket: Int?
        var validation: Bool
        var category: String
    }

    private struct TokenizedBatch { var documents: [Tokenized]; var invalid: [(SourceLocation, String)] }

    /// Where the passes keep their files: per rank, and the shared plan.
    func workDirectory(_ output: String) -> String { output + "/.work" }
    func rankDirectory(_ output: String, _ rank: Int) -> String { output + String(format: "/.work/rank-%05d", rank) }

    /// The annotated files of the inputs: a directory (a `classify` output, or a tree of them)
    /// gives its annotated JSONL files in sorted order, not its summaries or quarantine files.
    public static func inputFiles(_ inputs: [String]) throws -> [String] {
        try ReportInput.resolve(inputs).compactMap { input in
            if case .filterSummary = input { return nil }  // a filter run's statistics, not documents
            guard case .annotated(let path) = input else {
                throw PriorMixError(.usage, "a shard set is not an annotated corpus", file: input.path,
                                    hint: "mix reads the output of priormix classify")
            }
            return path
        }
    }

    /// What decides the spill files of every unit: inputs, buckets, seed, tokenizer and validation
    /// share. Not the rank count, so units tokenized under one world size serve another.
    struct Fingerprint: Codable, Equatable {
        var inputs: [String: Int]
        var recipe: String
        var seed: UInt64
        var tokenizer: String
        var validationShare: Double
    }

    func fingerprint(_ files: [String]) -> Fingerprint {
        Fingerprint(inputs: Dictionary(files.map { ($0, FileRecords.fileSize($0) ?? -1) }, uniquingKeysWith: { first, _ in first }),
                    recipe: recipe.effectiveBuckets.map { "\($0.name)=\($0.categories.joined(separator: ","))" }.joined(separator: ";"),
                    seed: recipe.seed, tokenizer: tokenizer.fileSHA256, validationShare: recipe.validationShare)
    }

    /// The tokenize pass works unit by unit (one unit per annotated file) through the runner's
    /// ledger: spill files and statistics per unit, resumable after a kill.
    private typealias Ledger = UnitLedger<Fingerprint, MixtureStatistics>

    private func ledger(_ outputDirectory: String) -> Ledger { Ledger(directory: workDirectory(outputDirectory) + "/units") }

    /// This rank's units (indices into the annotated files), balanced by bytes.
    func myUnits(_ files: [String]) -> [Int] {
        ranks.share(of: Array(files.indices)) { FileRecords.fileSize(files[$0]) ?? 0 }
    }

    private func bucketSpill(_ ledger: Ledger, _ unit: Int, _ bucket: Int) -> String {
        ledger.path(unit, ".bucket-\(bucket).spill")
    }

    /// A category's validation spill file of a unit, named by the category's index in the taxonomy
    /// so that no name read from the data ever becomes part of a path.
    private func validationSpill(_ ledger: Ledger, _ unit: Int, _ category: String) throws -> String {
        guard let index = CategoryTaxonomy.categoryIDs.firstIndex(of: category) else {
            throw PriorMixError(.internalFailure, "unknown category \(AnnotatedReader.quoted(category)) reached the mixture builder")
        }
        return ledger.path(unit, String(format: ".validation-%02d.spill", index))
    }

    /// Runs (or, on resume, reuses) pass 1 on this rank's units and returns their statistics.
    public func tokenize(inputs: [String], outputDirectory: String) throws -> MixtureStatistics {
        let files = try Self.inputFiles(inputs)
        let ledger = ledger(outputDirectory)
        let expected = fingerprint(files)
        // One process may start afresh (and a --plan with another recipe must); ranks share the
        // units, so with several ranks parts of another run are refused instead.
        if ranks.worldSize == 1, !resume || DoneMark.load(Fingerprint.self, at: ledger.directory + "/run.json") != expected {
            try? FileManager.default.removeItem(atPath: ledger.directory)
        }
        try ledger.claim(expected)
        let mine = myUnits(files)
        let progress = ProgressLine(label: "mix: tokenize", totalBytes: mine.reduce(0) { $0 + (FileRecords.fileSize(files[$1]) ?? 0) },
                                    enabled: showProgress && ProgressLine.isTerminal)
        var statistics = MixtureStatistics(buckets: recipe.effectiveBuckets.count)
        let marks = try ledger.complete(mine, bytes: { FileRecords.fileSize(files[$0]) ?? 0 }) { unit, bytesBefore in
            try tokenize(unit: unit, file: files[unit], ledger: ledger, progress: progress, bytesBefore: bytesBefore)
        }
        for mark in marks { statistics.merge(mark) }
        progress.clear()
        return statistics
    }

    /// Tokenizes one annotated file into its unit's bucket and validation spill files.
    private func tokenize(unit: Int, file: String, ledger: Ledger, progress: ProgressLine, bytesBefore: Int) throws -> MixtureStatistics {
        let buckets = recipe.effectiveBuckets
        var statistics = MixtureStatistics(buckets: buckets.count)
        var bucketFiles = try buckets.indices.map { try AtomicOutputFile(path: bucketSpill(ledger, unit, $0)) }
        var validationFiles: [String: AtomicOutputFile] = [:]
        var failure: Error?
        var invalid: [(SourceLocation, String)] = []
        let recipe = self.recipe
        let tokenizer = self.tokenizer

        let pool = OrderedWorkPool<[RawRecord], TokenizedBatch>(threads: threads, transform: { lines in
            var out = TokenizedBatch(documents: [], invalid: [])
            for line in lines {
                let document: AnnotatedDocument
                switch AnnotatedReader.parse(line) {
                case .document(let parsed): document = parsed
                case .invalid(let location, let reason): out.invalid.append((location, reason)); continue
                }
                let validation = SelectionKey.unit(seed: recipe.seed, purpose: .validation, id: document.id) < recipe.validationShare
                let bucket = recipe.bucketIndex(for: document.category)
                guard bucket != nil || validation else {
                    out.documents.append(Tokenized(record: SpillRecord(tokens: [], tagClass: 0, category: 0, reasoningShare: 0, visualShare: 0, unit: 0),
                                                   bucket: nil, validation: false, category: document.category))
                    continue
                }
                let tokens = tokenizer.encodeOrdinary(document.text)
                let tagClass = MixtureStatistics.TagClass(reasoningShare: document.reasoningShare, visualShare: document.visualShare).rawValue
                let record = SpillRecord(tokens: tokens, tagClass: tagClass,
                                         category: CategoryTaxonomy.categoryIDs.firstIndex(of: document.category) ?? 255,
                                         reasoningShare: Float(document.reasoningShare), visualShare: Float(document.visualShare),
                                         unit: SelectionKey.unit(seed: recipe.seed, purpose: .sample, id: document.id))
                out.documents.append(Tokenized(record: record, bucket: bucket, validation: validation, category: document.category))
            }
            return out
        }, consume: { batch in
            guard failure == nil else { return }
            invalid += batch.invalid
            do {
                for item in batch.documents {
                    let tokens = item.record.tokens.count + 1
                    if item.validation {
                        if validationFiles[item.category] == nil {
                            validationFiles[item.category] = try AtomicOutputFile(path: self.validationSpill(ledger, unit, item.category))
                        }
                        var bytes: [UInt8] = []
                        item.record.append(to: &bytes)
                        try validationFiles[item.category]!.write(bytes)
                        statistics.validationDocuments[item.category, default: 0] += 1
                        statistics.validationTokens[item.category, default: 0] += tokens
                    } else if let bucket = item.bucket {
                        var bytes: [UInt8] = []
                        item.record.append(to: &bytes)
                        try bucketFiles[bucket].write(bytes)
                        statistics.addTraining(bucket: bucket, category: item.category, tokens: tokens,
                                               reasoningShare: Double(item.record.reasoningShare), visualShare: Double(item.record.visualShare),
                                               unit: item.record.unit)
                    } else {
                        statistics.excludedDocuments += 1
                    }
                }
            } catch {
                failure = error
            }
        })

        var lines = 0
        var feeder = BatchFeeder(pool: pool, maxItems: 256, maxBytes: 4 << 20)
        let reader = try AnnotatedReader(path: file)
        while let line = try reader.nextLine() {
            lines += 1
            if feeder.add(line, bytes: line.heldBytes) {
                progress.update(documents: lines, bytes: bytesBefore + reader.fileBytesConsumed)
            }
            if failure != nil { break }
        }
        feeder.finish()
        if let failure { throw failure }
        if let (location, reason) = invalid.first {
            throw PriorMixError(.malformedInput, "\(reason)\(invalid.count > 1 ? " (and \(invalid.count - 1) more lines)" : "")",
                                file: location.file, line: location.line)
        }
        for file in bucketFiles { try file.commit() }
        for (_, file) in validationFiles.sorted(by: { $0.key < $1.key }) { try file.commit() }
        bucketFiles.removeAll()
        return statistics
    }

    // MARK: - Passes 2 and 3

    /// Tokenizes (or reuses), plans and stops: what `priormix mix --plan` prints (one rank).
    public func plan(inputs: [String], outputDirectory: String) throws -> MixturePlan {
        let statistics = try tokenize(inputs: inputs, outputDirectory: outputDirectory)
        return try MixturePlan.make(recipe: recipe, statistics: statistics, totalTokens: totalTokens, allowShortfall: allowShortfall)
    }

    /// The merged statistics of `units` (exact: integer counts); every one must have been tokenized.
    private func statistics(of units: [Int], outputDirectory: String) throws -> MixtureStatistics {
        var merged = MixtureStatistics(buckets: recipe.effectiveBuckets.count)
        let marks = try ledger(outputDirectory).marks(of: units, hint: "run `priormix mix --stage tokenize` on every rank first (ranks resume)")
        for mark in marks { merged.merge(mark) }
        return merged
    }

    /// The plan step: merges every unit's statistics and fixes the quotas.
    @discardableResult
    public func writePlan(inputs: [String], outputDirectory: String) throws -> MixturePlan {
        let merged = try statistics(of: Array(try Self.inputFiles(inputs).indices), outputDirectory: outputDirectory)
        let plan = try MixturePlan.make(recipe: recipe, statistics: merged, totalTokens: totalTokens, allowShortfall: allowShortfall)
        // A new plan invalidates shards written under an earlier one.
        if ranks.worldSize > 1 || !resume { try removeEarlierShards(outputDirectory) }
        let saved = SavedPlan(plan: plan, statistics: merged)
        try DoneMark.write(saved, to: workDirectory(outputDirectory) + "/plan.json")
        return plan
    }

    struct SavedPlan: Codable {
        var plan: MixturePlan
        var statistics: MixtureStatistics
    }

    /// What one rank wrote, for the manifest step.
    struct RankShards: Codable {
        var train: [ShardRecord]
        var validation: [String: [ShardRecord]]
        var bucketTokens: [Int]
        var categoryTokens: [String: Int]
        var reasoning: Double
        var visual: Double
        var documents: Int
    }

    /// One bucket's documents as the plan takes them: epoch after epoch over its spill files (one
    /// per unit, in unit order).
    private final class BucketStream {
        let paths: [String]
        let bucket: Int
        let plan: MixturePlan
        let epochs: Int
        var epoch = 0
        var file = 0
        var reader: SpillReader?

        init(paths: [String], bucket: Int, plan: MixturePlan) {
            self.paths = paths
            self.bucket = bucket
            self.plan = plan
            epochs = plan.buckets[bucket].cells.map { $0.wholeRepeats + ($0.extraBelowBin > 0 ? 1 : 0) }.max() ?? 0
        }

        func next() throws -> SpillRecord? {
            while epoch < epochs {
                while file < paths.count {
                    if reader == nil { reader = try SpillReader(path: paths[file]) }
                    while let record = try reader!.next() {
                        if plan.copies(bucket: bucket, tagClass: record.tagClass, unit: record.unit) > epoch { return record }
                    }
                    reader = nil
                    file += 1
                }
                file = 0
                epoch += 1
            }
            return nil
        }
    }

    /// All stages in one process (one rank): tokenize, plan, write, manifest.
    public func build(inputs: [String], outputDirectory: String) throws -> MixtureManifest {
        guard ranks.worldSize == 1 else {
            throw PriorMixError(.usage, "with several ranks the stages run separately", hint: "use --stage tokenize|plan|write|manifest")
        }
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        if !resume { try removeEarlierOutputs(outputDirectory) }
        _ = try tokenize(inputs: inputs, outputDirectory: outputDirectory)
        try writePlan(inputs: inputs, outputDirectory: outputDirectory)
        try writeShards(inputs: inputs, outputDirectory: outputDirectory)
        return try writeManifest(inputs: inputs, outputDirectory: outputDirectory)
    }

    /// The write step for this rank: its documents, as the plan takes them, interleaved so every
    /// shard carries the recipe's proportions. With several ranks, shard names carry the rank.
    public func writeShards(inputs: [String], outputDirectory: String) throws {
        let planPath = workDirectory(outputDirectory) + "/plan.json"
        guard let saved = DoneMark.load(SavedPlan.self, at: planPath) else {
            throw PriorMixError(.usage, "no plan yet", file: planPath, hint: "run `priormix mix --stage plan` after every rank tokenized")
        }
        let plan = saved.plan
        let mine = myUnits(try Self.inputFiles(inputs))
        let ledger = ledger(outputDirectory)
        let statistics = try self.statistics(of: mine, outputDirectory: outputDirectory)
        let endOfText = try self.endOfText
        let work = rankDirectory(outputDirectory, ranks.rank)
        try OutputDirectory.create(work)
        let infix = ranks.worldSize > 1 ? String(format: "_r%05d", ranks.rank) : ""

        // This rank's expected tokens per bucket under the plan: the pacing targets.
        let expected = plan.buckets.indices.map { b -> Int in
            statistics.cells[b].enumerated().reduce(0) { total, item in
                let (k, cell) = item
                let cellPlan = plan.buckets[b].cells[k]
                return total + cellPlan.wholeRepeats * cell.tokens + cell.histogram.prefix(cellPlan.extraBelowBin).reduce(0, +)
            }
        }
        let streams = plan.buckets.indices.map { bucket in
            BucketStream(paths: mine.map { bucketSpill(ledger, $0, bucket) }, bucket: bucket, plan: plan)
        }
        var pending: [SpillRecord?] = try streams.map { try $0.next() }
        var emitted = [Int](repeating: 0, count: streams.count)
        let train = ShardSetWriter(directory: outputDirectory, split: "train" + infix, format: format, vocabularySize: tokenizer.vocabularySize,
                                   endOfText: endOfText, shardTokens: shardTokens, resume: resume)
        var result = RankShards(train: [], validation: [:], bucketTokens: [Int](repeating: 0, count: streams.count),
                                categoryTokens: [:], reasoning: 0, visual: 0, documents: 0)
        while true {
            // Always continue the bucket furthest behind its quota.
            var chosen: Int?
            var lowest = Double.infinity
            for index in streams.indices where pending[index] != nil {
                let progress = Double(emitted[index]) / Double(max(expected[index], 1))
                if progress < lowest { lowest = progress; chosen = index }
            }
            guard let bucket = chosen, let record = pending[bucket] else { break }
            let category = record.category < CategoryTaxonomy.categoryIDs.count ? CategoryTaxonomy.categoryIDs[record.category] : "unknown"
            try train.append(record.tokens, category: category, reasoningShare: Double(record.reasoningShare), visualShare: Double(record.visualShare))
            let tokens = record.tokens.count + 1
            emitted[bucket] += tokens
            result.bucketTokens[bucket] += tokens
            result.categoryTokens[category, default: 0] += tokens
            result.reasoning += Double(tokens) * Double(record.reasoningShare)
            result.visual += Double(tokens) * Double(record.visualShare)
            result.documents += 1
            pending[bucket] = try streams[bucket].next()
        }
        result.train = try train.finish()

        for category in statistics.validationDocuments.keys.sorted() {
            let writer = ShardSetWriter(directory: outputDirectory, split: "val_\(category)" + infix, format: format, vocabularySize: tokenizer.vocabularySize,
                                        endOfText: endOfText, shardTokens: shardTokens, resume: resume)
            // A unit without validation documents of this category has no spill file for it.
            for path in try mine.map({ try validationSpill(ledger, $0, category) }) where FileManager.default.fileExists(atPath: path) {
                let reader = try SpillReader(path: path)
                while let record = try reader.next() {
                    try writer.append(record.tokens, category: category, reasoningShare: Double(record.reasoningShare), visualShare: Double(record.visualShare))
                }
            }
            result.validation[category] = try writer.finish()
        }
        try DoneMark.write(result, to: work + "/shards.json")
    }

    /// The manifest step: every rank's shards, in rank order, and the achieved composition.
    @discardableResult
    public func writeManifest(inputs: [String], outputDirectory: String) throws -> MixtureManifest {
        let planPath = workDirectory(outputDirectory) + "/plan.json"
        guard let saved = DoneMark.load(SavedPlan.self, at: planPath) else {
            throw PriorMixError(.usage, "no plan yet", file: planPath, hint: "run the tokenize, plan and write stages first")
        }
        let plan = saved.plan
        var parts: [RankShards] = []
        for rank in 0..<ranks.worldSize {
            let path = rankDirectory(outputDirectory, rank) + "/shards.json"
            guard let part = DoneMark.load(RankShards.self, at: path) else {
                throw PriorMixError(.usage, "rank \(rank) has not written its shards", file: path,
                                    hint: "run `priormix mix --stage write --rank \(rank) --world-size \(ranks.worldSize)`")
            }
            parts.append(part)
        }
        let bucketTokens = plan.buckets.indices.map { b in parts.reduce(0) { $0 + $1.bucketTokens[b] } }
        let total = bucketTokens.reduce(0, +)
        var categoryTokens: [String: Int] = [:]
        var validation: [String: [ShardRecord]] = [:]
        for part in parts {
            categoryTokens.merge(part.categoryTokens, uniquingKeysWith: +)
            validation.merge(part.validation) { $0 + $1 }
        }
        let reasoning = parts.reduce(0) { $0 + $1.reasoning }, visual = parts.reduce(0) { $0 + $1.visual }
        let composition = MixtureManifest.Composition(
            tokens: total, documents: parts.reduce(0) { $0 + $1.documents },
            buckets: plan.buckets.enumerated().map { index, bucket in
                MixtureManifest.BucketComposition(name: bucket.name, categories: bucket.categories, targetShare: bucket.targetShare,
                                                  achievedShare: Double(bucketTokens[index]) / Double(max(total, 1)), tokens: bucketTokens[index])
            },
            tokensByCategory: categoryTokens, reasoningShare: reasoning / Double(max(total, 1)), visualShare: visual / Double(max(total, 1)),
            reasoningTarget: recipe.reasoningTarget, visualTarget: recipe.visualTarget)
        let files = try Self.inputFiles(inputs)
        let manifest = MixtureManifest(
            recipe: recipe.name, recipePath: recipe.path, seed: recipe.seed, format: format, shardTokens: shardTokens,
            tokenizer: .init(path: tokenizerPath, sha256: tokenizer.fileSHA256, vocabularySize: tokenizer.vocabularySize, endOfTextID: try endOfText),
            inputs: try files.map { .init(path: $0, bytes: FileRecords.fileSize($0) ?? 0, sha256: try FileDigest.sha256(path: $0)) },
            plan: plan, train: parts.flatMap(\.train), validation: validation, achieved: composition,
            excludedDocuments: saved.statistics.excludedDocuments, invalidLines: saved.statistics.invalidLines)
        try AtomicOutputFile.write(Array(try manifest.jsonData()) + [0x0A], to: outputDirectory + "/manifest.json")
        try? FileManager.default.removeItem(atPath: workDirectory(outputDirectory))
        return manifest
    }

    private func removeEarlierShards(_ directory: String) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name == "manifest.json"
            || ((name.hasPrefix("train_") || name.hasPrefix("val_")) && (name.hasSuffix(".bin") || name.hasSuffix(".idx"))) {
            try FileManager.default.removeItem(atPath: directory + "/" + name)
        }
        for rank in 0..<ranks.worldSize { try? FileManager.default.removeItem(atPath: rankDirectory(directory, rank) + "/shards.json") }
    }

    /// A fresh run replaces whatever an earlier run left: shards, manifest and work files.
    private func removeEarlierOutputs(_ directory: String) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name == "manifest.json" || name == ".work"
            || ((name.hasPrefix("train_") || name.hasPrefix("val_")) && (name.hasSuffix(".bin") || name.hasSuffix(".idx"))) {
            try FileManager.default.removeItem(atPath: directory + "/" + name)
        }
    }
}
