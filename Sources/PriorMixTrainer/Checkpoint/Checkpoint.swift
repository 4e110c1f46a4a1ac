import Foundation
import PriorMix

/// A checkpoint directory, `RUN/checkpoint-NNNNNN/`: what HuggingFace's `LlamaForCausalLM` loads
/// (`model.safetensors`, `config.json`, and `tokenizer.json` when the shards name one), plus what
/// resumes training exactly (`optimizer.safetensors` with AdamW's moments, `trainer_state.json`).
/// Written under a temporary name and renamed into place, so a directory with that name is complete.
public enum Checkpoint {
    public struct State: Codable, Sendable {
        public var step: Int
        public var optimizerStep: Int
        public var tokensSeen: Int
        public var model: ModelConfig
        public var options: TrainingOptions
        public var shards: String
    }

    public static func name(step: Int) -> String { String(format: "checkpoint-%06d", step) }

    public static func save(model: LlamaModel<Float>, optimizer: AdamW, state: State, tokenizerFile: String?,
                            runDirectory: String, keep: Int) throws {
        let final = runDirectory + "/" + name(step: state.step)
        let temporary = runDirectory + "/." + name(step: state.step) + ".tmp-\(getpid())"
        let manager = FileManager.default
        try? manager.removeItem(atPath: temporary)
        try manager.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        try writeModel(model, tokenizerFile: tokenizerFile, directory: temporary)
        try SafeTensors.write(tensors(optimizer.firstMoment, layout: model.layout, prefix: "exp_avg.")
                                + tensors(optimizer.secondMoment, layout: model.layout, prefix: "exp_avg_sq."),
                              to: temporary + "/optimizer.safetensors")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try AtomicOutputFile.write(Array(try encoder.encode(state)), to: temporary + "/trainer_state.json")
        try? manager.removeItem(atPath: final)
        try manager.moveItem(atPath: temporary, toPath: final)
        for old in try list(runDirectory: runDirectory).dropLast(keep) {
            try? manager.removeItem(atPath: runDirectory + "/" + name(step: old))
        }
    }

    /// The HuggingFace-loadable part: `model.safetensors`, `config.json`, and the tokenizer.
    public static func writeModel(_ model: LlamaModel<Float>, tokenizerFile: String?, directory: String) throws {
        try SafeTensors.write(tensors(model.parameters, layout: model.layout, prefix: ""), metadata: ["format": "pt"], to: directory + "/model.safetensors")
        try AtomicOutputFile.write(Array(try LlamaConfigJSON.data(model.config)), to: directory + "/config.json")
        if let tokenizerFile {
            try? FileManager.default.removeItem(atPath: directory + "/tokenizer.json")
            try FileManager.default.copyItem(atPath: tokenizerFile, toPath: directory + "/tokenizer.json")
        }
    }

    private static func tensors(_ buffer: TensorBuffer<Float>, layout: ParameterLayout, prefix: String) -> [SafeTensors.Tensor] {
        layout.entries.map { entry in
            SafeTensors.Tensor(name: prefix + entry.name, shape: entry.shape,
                               values: UnsafeBufferPointer(start: buffer.pointer + entry.offset, count: entry.count))
        }
    }

    /// Steps of the complete checkpoints in a run, ascending.
    public static func list(runDirectory: String) throws -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runDirectory)) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("checkpoint-"), let step = Int(name.dropFirst("checkpoint-".count)) else { return nil }
            return FileManager.default.fileExists(atPath: runDirectory + "/" + name + "/trainer_state.json") ? step : nil
        }.sorted()
    }

    /// A checkpoint directory itself, or the newest one in a run directory.
    public static func resolve(_ path: String) throws -> String {
        if FileManager.default.fileExists(atPath: path + "/model.safetensors") { return path }
        guard let step = try list(runDirectory: path).last else {
            throw PriorMixError(.io, "no checkpoint here", file: path, hint: "pass a run directory of priormix train or one of its checkpoint-* directories")
        }
        return path + "/" + name(step: step)
    }

    public static func loadState(directory: String) throws -> State {
        let path = directory + "/trainer_state.json"
        guard let data = FileManager.default.contents(atPath: path) else { throw PriorMixError(.io, "missing", file: path) }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do { return try decoder.decode(State.self, from: data) } catch {
            throw PriorMixError(.malformedInput, "not a trainer state: \(error)", file: path)
        }
    }

    /// The model of a checkpoint directory (config.json and model.safetensors).
    public static func loadModel(directory: String) throws -> LlamaModel<Float> {
        let config = try LlamaConfigJSON.load(path: directory + "/config.json")
        let model = try LlamaModel<Float>(config: config)
        try fill(model.parameters, layout: model.layout, prefix: "", from: directory + "/model.safetensors")
        return model
    }

    public static func loadOptimizer(_ optimizer: AdamW, step: Int, directory: String) throws {
        let path = directory + "/optimizer.safetensors"
        try fill(optimizer.firstMoment, layout: optimizer.layout, prefix: "exp_avg.", from: path)
        try fill(optimizer.secondMoment, layout: optimizer.layout, prefix: "exp_avg_sq.", from: path)
        optimizer.step = step
    }

    private static func fill(_ buffer: TensorBuffer<Float>, layout: ParameterLayout, prefix: String, from path: String) throws {
        let tensors = try SafeTensors.read(path: path)
        for entry in layout.entries {
            guard let tensor = tensors[prefix + entry.name] else {
                throw PriorMixError(.malformedInput, "tensor \(prefix + entry.name) is missing", file: path)
            }
            guard tensor.shape == entry.shape else {
                throw PriorMixError(.malformedInput, "tensor \(prefix + entry.name) has shape \(tensor.shape), the config says \(entry.shape)", file: path)
            }
            tensor.values.withUnsafeBufferPointer { (buffer.pointer + entry.offset).update(from: $0.baseAddress!, count: entry.count) }
        }
    }
}
