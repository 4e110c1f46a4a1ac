import Foundation
import PriorMix

/// `priormix embed`: per text of a JSONL file, the bundled model's hidden states averaged over the
/// text's tokens (the hypothesis paper's `pool avg` language features), for every hidden state or
/// chosen ones, written as a float32 `.npy` of shape `(texts, states, hiddenSize)` in input order,
/// with a JSON sidecar naming the ids and states.
///
/// Two passes over the input: the first checks every line and counts the texts (the `.npy` header
/// needs the shape), the second embeds a batch of texts at a time on all cores — one model, a
/// workspace and a single-threaded BLAS per worker — and appends the rows, so memory does not grow
/// with the number of texts. Each text's features depend on that text alone, hence the same bytes
/// for any thread count.
public struct TextEmbedder {
    public struct Summary: Codable, Sendable, PrettyJSONEncodable {
        public var texts: Int
        public var states: [Int]
        public var hiddenSize: Int
        public var shape: [Int]
        public var tokens: Int
        /// Texts longer than the context, of which only the first `contextLength` tokens were used.
        public var truncated: Int
        public var checkpoint: String
        public var features: String
        public var ids: [String]
    }

    public let model: LlamaModel<Float>
    public let codec: TokenEncoding
    public var states: [Int]
    public var textField = "text"
    public var idField = "id"
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var batchSize = 256
    public var checkpoint = ""

    public init(model: LlamaModel<Float>, codec: TokenEncoding, states: [Int]? = nil) {
        self.model = model
        self.codec = codec
        self.states = states ?? Array(0..<model.hiddenStateCount)
    }

    /// Hidden-state numbers from a list such as `0,2,-1` (negative counts from the last), or all.
    public static func parseStates(_ text: String, count: Int) throws -> [Int] {
        if text == "all" { return Array(0..<count) }
        return try text.split(separator: ",").map { part in
            guard let value = Int(part.trimmingCharacters(in: .whitespaces)), (-count..<count).contains(value) else {
                throw PriorMixError(.usage, "--layers: '\(part)' is not a hidden state of this model (0…\(count - 1), or -1 for the last)")
            }
            return value < 0 ? count + value : value
        }
    }

    /// The sidecar's path: `F.npy` → `F.json`.
    public static func sidecarPath(_ output: String) -> String {
        (output.hasSuffix(".npy") ? String(output.dropLast(4)) : output) + ".json"
    }

    struct Text {
        var id: String
        var tokens: [Int32]
        var truncated: Bool
    }

    /// One line of the input: its id (the id field, else the line number) and its tokens.
    func parse(_ record: RawRecord, path: String) throws -> Text {
        let line = record.location.line
        guard case .jsonLine = record.payload else {
            throw PriorMixError(.malformedInput, "line is not a JSON object a line", file: path, line: line, offset: record.location.offset)
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(record.bytes)) as? [String: Any] else {
            throw PriorMixError(.malformedInput, "malformed JSON", file: path, line: line, offset: record.location.offset)
        }
        guard let text = object[textField] as? String else {
            throw PriorMixError(.malformedInput, "no string field '\(textField)'", file: path, line: line, offset: record.location.offset,
                                hint: "name the text field with --text-field")
        }
        let id: String
        switch object[idField] {
        case let value as String: id = value
        case let value as NSNumber: id = value.stringValue
        default: id = String(line ?? 0)
        }
        var tokens = codec.encodeOrdinary(text).map { Int32(bitPattern: $0) }
        guard !tokens.isEmpty else {
            throw PriorMixError(.malformedInput, "text '\(id)' is empty: it has no tokens to average", file: path, line: line, offset: record.location.offset)
        }
        let truncated = tokens.count > model.config.contextLength
        if truncated { tokens = Array(tokens.prefix(model.config.contextLength)) }
        return Text(id: id, tokens: tokens, truncated: truncated)
    }

    public func run(input: String, output: String, progress: (String) -> Void = { _ in }) throws -> Summary {
        guard codec.vocabularySize == model.config.vocabularySize else {
            throw PriorMixError(.usage, "the tokenizer has \(codec.vocabularySize) ids but the model \(model.config.vocabularySize)")
        }
        var count = 0
        let counter = try JSONLReader(path: input, maxLineBytes: 64 << 20)
        while let record = try counter.next() {
            _ = try parse(record, path: input)
            count += 1
        }
        guard count > 0 else { throw PriorMixError(.malformedInput, "no texts in the file", file: input) }
        let d = model.config.hiddenSize
        let writer = try NumpyFloat32Writer(path: output, shape: [count, states.count, d])
        let reader = try JSONLReader(path: input, maxLineBytes: 64 << 20)
        var ids: [String] = []
        var totalTokens = 0, truncated = 0
        let workers = max(1, threads)
        BLASThreads.set(1)
        let workspaces = (0..<workers).map { _ in Workspace<Float>(config: model.config, batch: 1, length: model.config.contextLength) }
        var batch: [Text] = []
        func flush() throws {
            guard !batch.isEmpty else { return }
            let texts = batch
            let rows = UnsafeMutableBufferPointer<Float>.allocate(capacity: texts.count * states.count * d)
            defer { rows.deallocate() }
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in stride(from: worker, to: texts.count, by: workers) {
                    let means = model.meanHiddenStates(tokens: texts[index].tokens, states: states, workspace: workspaces[worker])
                    for (j, value) in means.enumerated() { rows[index * states.count * d + j] = Float(value) }
                }
            }
            try writer.append(Array(rows))
            ids += texts.map(\.id)
            progress("embedded \(ids.count) of \(count) texts")
            batch.removeAll(keepingCapacity: true)
        }
        while let record = try reader.next() {
            let text = try parse(record, path: input)
            totalTokens += text.tokens.count
            if text.truncated { truncated += 1 }
            batch.append(text)
            if batch.count == batchSize { try flush() }
        }
        try flush()
        try writer.commit()
        let summary = Summary(texts: count, states: states, hiddenSize: d, shape: [count, states.count, d], tokens: totalTokens,
                              truncated: truncated, checkpoint: checkpoint, features: output, ids: ids)
        try AtomicOutputFile.write(Array(try summary.jsonData()), to: Self.sidecarPath(output))
        return summary
    }
}
