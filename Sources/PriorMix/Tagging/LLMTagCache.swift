import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The LLM tagger's answers kept on disk, so a rerun (or a crashed run resumed) asks the server
/// only about segments it has not seen. One JSON object a line:
/// `{"key":"<sha256>","model":"…","rubric":"…","labels":["…"]}`, where the key hashes the model,
/// the rubric version and the segment text, so changing either asks again.
///
/// Each entry is appended with a single `write` on a descriptor opened with `O_APPEND`, then
/// `fsync`ed: concurrent writers do not interleave, and a crash can at worst leave a partial last
/// line, which loading skips and the next append cuts off before writing.
/// Safe to use from several threads.
public final class LLMTagCache: @unchecked Sendable {
    public let path: String
    private var entries: [String: LabelSet] = [:]
    private var descriptor: Int32 = -1
    private let lock = NSLock()

    /// Loads `path` if it exists; a malformed line other than a torn last line is an error.
    public init(path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else { return }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PriorMixError(.io, "cannot read the LLM tag cache: \(error.localizedDescription)", file: path)
        }
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where !line.isEmpty {
            let isTornLastLine = index == lines.count - 1
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let key = object["key"] as? String, let names = object["labels"] as? [String] else {
                if isTornLastLine { continue }
                throw PriorMixError(.corruptInput, "malformed LLM tag cache entry", file: path, line: index + 1,
                                    hint: "delete the line (or the file) to ask the LLM again")
            }
            var labels = LabelSet()
            for name in names {
                guard let label = ContentLabel(rawValue: name) else {
                    throw PriorMixError(.corruptInput, "unknown label `\(name)` in LLM tag cache", file: path, line: index + 1)
                }
                labels.insert(label)
            }
            entries[key] = labels
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    public var count: Int {
        lock.lock(); defer { lock.unlock() }
        return entries.count
    }

    /// The cache key of a segment for a model and rubric version.
    public static func key(model: String, rubricVersion: String, text: String) -> String {
        var material = Array("priormix-llm-tags\u{0}\(model)\u{0}\(rubricVersion)\u{0}".utf8)
        material.append(contentsOf: text.utf8)
        return SHA256.hex(of: material)
    }

    public func labels(for key: String) -> LabelSet? {
        lock.lock(); defer { lock.unlock() }
        return entries[key]
    }

    /// Records an answer in memory and appends it to the file.
    public func store(_ labels: LabelSet, for key: String, model: String, rubricVersion: String) throws {
        var json = JSONWriter()
        json.beginObject()
        json.member("key", string: key)
        json.member("model", string: model)
        json.member("rubric", string: rubricVersion)
        json.key("labels")
        json.beginArray()
        for label in labels { json.string(label.rawValue) }
        json.endArray()
        json.endObject()
        var line = json.bytes
        line.append(0x0A)

        lock.lock(); defer { lock.unlock() }
        entries[key] = labels
        if descriptor < 0 { try openForAppending() }
        try append(line)
        fsync(descriptor)
    }

    private func openForAppending() throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PriorMixError(.io, "cannot open the LLM tag cache for appending: \(String(cString: strerror(errno)))", file: path)
        }
        // After a torn write the file ends mid-line: cut the partial entry so the file stays valid.
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return }
        let reader = open(path, O_RDONLY | O_CLOEXEC)
        guard reader >= 0 else { return }
        defer { close(reader) }
        var end = off_t(status.st_size)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while end > 0 {
            let start = max(0, end - off_t(chunk.count))
            let count = chunk.withUnsafeMutableBytes { pread(reader, $0.baseAddress, Int(end - start), start) }
            guard count == Int(end - start) else { return }
            if let newline = chunk[0..<count].lastIndex(of: 0x0A) {
                let keep = start + off_t(newline) + 1
                if keep != off_t(status.st_size) { ftruncate(descriptor, keep) }
                return
            }
            end = start
        }
        ftruncate(descriptor, 0)
    }

    private func append(_ bytes: [UInt8]) throws {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw PriorMixError(.io, "cannot append to the LLM tag cache: \(String(cString: strerror(errno)))", file: path)
        }
    }
}
