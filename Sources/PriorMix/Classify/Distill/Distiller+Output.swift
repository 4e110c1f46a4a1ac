import Foundation

/// What `classifier distill` leaves on disk: the labels it trained on, as labelled JSONL beside the
/// model (`{id, text, category, source, labelled_by}`, readable by `classifier train`, `eval` and
/// `learn-lexicon`), and the model; each written to a temporary name first.
extension Distiller {
    /// `model.bin` → `model.labels.jsonl` (any other name gets `.labels.jsonl` appended).
    public static func labelsPath(forModel path: String) -> String {
        sidecarPath(forModel: path, suffix: ".labels.jsonl")
    }

    /// A file beside the model: `model.bin` → `model` + `suffix` (any other name gets `suffix` appended).
    public static func sidecarPath(forModel path: String, suffix: String) -> String {
        (path.hasSuffix(".bin") ? String(path.dropLast(4)) : path) + suffix
    }
}

extension Distiller.Result {
    /// Writes the labels (`labelsPath(forModel:)`) and the model, each to a temporary name first.
    public mutating func write(modelPath: String) throws {
        guard let model else {
            throw PriorMixError(.malformedInput, "no sampled document was labelled, so there is nothing to train on",
                                hint: "see the garbage and failure counts; check the endpoint and the model name")
        }
        let labelsPath = Distiller.labelsPath(forModel: modelPath)
        let output = try AtomicOutputFile(path: labelsPath)
        var buffer: [UInt8] = []
        for item in labelled {
            var json = JSONWriter(reservingCapacity: item.document.text.utf8.count + 128)
            json.beginObject()
            json.member("id", string: item.document.id)
            json.member("text", string: item.document.text)
            json.member("category", string: item.category)
            json.member("source", string: item.document.source)
            json.member("labelled_by", string: "llm:\(modelName)")
            json.endObject()
            buffer.append(contentsOf: json.bytes)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 { try output.write(buffer); buffer.removeAll(keepingCapacity: true) }
        }
        try output.write(buffer)
        try output.commit()
        try model.save(path: modelPath)
        summary.model = modelPath
        summary.labelsFile = labelsPath
    }
}
