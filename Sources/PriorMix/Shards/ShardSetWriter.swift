import Foundation

/// Fills numbered shards of one split (`train_00000.bin` …) up to a token budget each, keeping
/// documents whole, and records per shard its tokens by category and by tag.
public final class ShardSetWriter {
    public let directory: String
    public let split: String
    let format: ShardFormat
    let vocabularySize: Int
    let endOfText: UInt32
    let shardTokens: Int
    /// Shards that exist complete from an interrupted run are not rewritten (resume).
    let resume: Bool
    private var current: ShardWriter?
    private var skipping = false
    private var index = 0
    private var record = ShardRecord(split: "", files: [], sha256: [:], tokens: 0, documents: 0, tokensByCategory: [:], tokensByTag: [:])
    public private(set) var records: [ShardRecord] = []

    public init(directory: String, split: String, format: ShardFormat, vocabularySize: Int, endOfText: UInt32,
                shardTokens: Int, resume: Bool = false) {
        self.directory = directory
        self.split = split
        self.format = format
        self.vocabularySize = vocabularySize
        self.endOfText = endOfText
        self.shardTokens = shardTokens
        self.resume = resume
    }

    private var name: String { String(format: "%@_%05d.bin", split, index) }
    private var expectedFiles: [String] { format == .megatron ? [name, String(name.dropLast(4)) + ".idx"] : [name] }

    public func append(_ ids: [UInt32], category: String, reasoningShare: Double, visualShare: Double) throws {
        if current == nil && !skipping {
            // A shard finished by an earlier run is reproduced only in accounting, not rewritten.
            if resume, expectedFiles.allSatisfy({ FileManager.default.fileExists(atPath: directory + "/" + $0) }) {
                skipping = true
            } else {
                current = try ShardWriter(format: format, binPath: directory + "/" + name, vocabularySize: vocabularySize, endOfText: endOfText)
            }
            record = ShardRecord(split: split, files: [], sha256: [:], tokens: 0, documents: 0, tokensByCategory: [:], tokensByTag: [:])
        }
        try current?.append(document: ids)
        let tokens = ids.count + 1
        record.tokens += tokens
        record.documents += 1
        record.tokensByCategory[category, default: 0] += tokens
        record.tokensByTag["reasoning", default: 0] += Int((Double(tokens) * reasoningShare).rounded())
        record.tokensByTag["visual", default: 0] += Int((Double(tokens) * visualShare).rounded())
        if record.tokens >= shardTokens { try closeShard() }
    }

    private func closeShard() throws {
        if skipping {
            // The shard is complete on disk (renamed into place): only its hashes are recomputed.
            record.files = expectedFiles
            for file in expectedFiles { record.sha256[file] = try FileDigest.sha256(path: directory + "/" + file) }
            records.append(record)
            skipping = false
        } else if let writer = current {
            let files = try writer.finish()
            record.files = files.map { ($0 as NSString).lastPathComponent }
            for file in files { record.sha256[(file as NSString).lastPathComponent] = try FileDigest.sha256(path: file) }
            records.append(record)
            current = nil
        } else {
            return
        }
        index += 1
    }

    /// Closes the last, partly filled shard.
    public func finish() throws -> [ShardRecord] {
        if current != nil || skipping { try closeShard() }
        return records
    }
}

/// SHA-256 of a file, streamed.
public enum FileDigest {
    public static func sha256(path: String) throws -> String {
        let source = try FileByteSource(path: path)
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            hasher.update(buffer[0..<n])
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
