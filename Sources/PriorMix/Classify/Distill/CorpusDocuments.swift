import Foundation

/// The documents of inputs in any format ingest reads (JSONL, Parquet, WARC, MediaWiki, HTML,
/// text files, directory trees; compressed or not), normalised exactly as ingest does, on
/// `threads` cores and handed to the caller in input order. For commands that consume documents
/// without writing a run directory (`classifier distill`'s sample); quarantined and filtered
/// records are counted as ingest counts them, and a reader's error is collected, naming the file.
public struct CorpusDocuments {
    public var reader = ReaderOptions()
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init() {}

    public struct Counts {
        public var documents = DocumentCounts()
        /// Problems met while reading (truncated or corrupt input), each naming its file.
        public var errors: [PriorMixError] = []
    }

    /// Calls `visit` with every document and its position (0, 1, 2 … in input order).
    public func forEach(inputs: [String], _ visit: @escaping (Document, Int) -> Void) throws -> Counts {
        try StageRunner.validateInputs(inputs)
        let plan = try InputPlan.make(inputs: inputs, forcedFormat: reader.format)
        let normalizer = Normalizer(options: reader)
        var counts = Counts()
        var position = 0
        let pool = OrderedWorkPool<[RawRecord], [Outcome]>(threads: threads, transform: { records in
            records.map { normalizer.normalize($0) }
        }, consume: { outcomes in
            for outcome in outcomes {
                switch outcome {
                case .written(let document, _):
                    visit(document, position)
                    position += 1
                case .inputError(let error):
                    counts.errors.append(error)
                default:
                    break
                }
                counts.documents.count(outcome)
            }
        })
        var feeder = BatchFeeder(pool: pool, maxItems: 256, maxBytes: 4 << 20)
        for unit in plan.units {
            let label = unit.files.count == 1 ? unit.files[0] : plan.inputs[unit.input]
            do {
                let records = try plan.reader(for: unit, options: reader)
                while let record = try records.next() { feeder.add(record, bytes: record.heldBytes) }
            } catch {
                let failure = error as? PriorMixError ?? PriorMixError(.io, "\(error)", file: label)
                feeder.add(RawRecord(payload: .readError(failure), source: label, location: SourceLocation(file: label)), bytes: 0)
            }
        }
        feeder.finish()
        return counts
    }
}
