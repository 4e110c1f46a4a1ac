import Foundation
import PriorMix

/// A shard set written by `priormix mix`: its manifest, training shards and per-category
/// validation shards, opened for reading.
public final class ShardSet: @unchecked Sendable {
    public let directory: String
    public let manifest: MixtureManifest
    public let train: [TokenShard]
    /// Validation shards by category, categories sorted.
    public let validation: [(category: String, shards: [TokenShard])]

    public var vocabularySize: Int { manifest.tokenizer.vocabularySize }
    public var endOfTextID: Int { Int(manifest.tokenizer.endOfTextID) }

    /// `path` is the shard directory or its `manifest.json`.
    public init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw PriorMixError(.io, "no such shard directory", file: path, hint: "pass the output directory of priormix mix")
        }
        let manifestPath = isDirectory.boolValue ? path + "/manifest.json" : path
        directory = (manifestPath as NSString).deletingLastPathComponent.isEmpty ? "." : (manifestPath as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: manifestPath) else {
            throw PriorMixError(.io, "no manifest.json", file: manifestPath, hint: "pass the output directory of priormix mix")
        }
        let manifest = try MixtureManifest.load(path: manifestPath)
        self.manifest = manifest
        let directory = self.directory, format = manifest.format
        func open(_ records: [ShardRecord]) throws -> [TokenShard] {
            try records.map { record in
                guard let bin = record.files.first(where: { $0.hasSuffix(".bin") }) else {
                    throw PriorMixError(.malformedInput, "a \(record.split) shard lists no .bin file", file: manifestPath)
                }
                return try TokenShard(path: directory + "/" + bin, format: format)
            }
        }
        train = try open(manifest.train)
        validation = try manifest.validation.keys.sorted().map { ($0, try open(manifest.validation[$0]!)) }
        guard train.contains(where: { $0.count > 1 }) else {
            throw PriorMixError(.malformedInput, "the shard set has no training tokens", file: manifestPath)
        }
    }

    /// The tokenizer file the manifest names, when it still exists (relative paths are tried from
    /// the working directory, then from the shard directory).
    public var tokenizerFile: String? {
        let path = manifest.tokenizer.path
        for candidate in [path, directory + "/" + path] where FileManager.default.fileExists(atPath: candidate) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue { return candidate }
        }
        return nil
    }
}
