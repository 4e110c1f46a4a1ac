import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// An LLM's answers kept on disk, so a rerun (or a crashed run resumed) asks the server only about
/// texts it has not seen. One JSON object a line: `{"key":"<sha256>", <context members>, "<field>": <answer>}`,
/// where the key hashes everything that decides the answer (model, prompt version, text), so
/// changing any of them asks again. The answer is a list of names, or one name when `singleValue`.
/// The LLM tagger (`LLMTagCache`) and `classifier distill` (`LLMCategoryLabeler`) share it.
///
/// Each entry is appended with a single `write` on a descriptor opened with `O_APPEND`, then
/// `fsync`ed: concurrent writers do not interleave, and a crash can at worst leave a partial last
/// line, which loading skips and the next append cuts off before writing.
/// Safe to use from several threads.
public final class LLMAnswerCache: @unchecked Sendable {
    public let path: String
    /// The member holding the answer.
    public let field: String
    /// The answer is one name (a JSON string) rather than a list.
    public let singleValue: Bool
    private var entries: [String: [String]] = [:]
    private var descriptor: Int32 = -1
    private let lock = NSLock()

    /// Loads `path` if it exists; a malformed line other than a torn last line, or a name
    /// `isValid` refuses, is an error naming the file and line (`what` says whose cache it is).
    public init(path: String, field: String, singleValue: Bool = false, what: String, isValid: (String) -> Bool) throws {
        self.path = path
        self.field = field
        self.singleValue = singleValue
        guard FileManager.default.fileExists(atPath: path) else { return }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PriorMixError(.io, "cannot read the \(what): \(error.localizedDescription)", file: path)
        }
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where !line.isEmpty {
            let isTornLastLine = index == lines.count - 1
            let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            let names = object?[field].flatMap { singleValue ? ($0 as? String).map { [$0] } : $0 as? [String] }
            guard let key = object?["key"] as? String, let names else {
                if isTornLastLine { continue }
                throw PriorMixError(.corruptInput, "malformed \(what) entry", file: path, line: index + 1,
                                    hint: "delete the line (or the file) to ask the LLM again")
            }
            for name in names where !isValid(name) {
                throw PriorMixError(.corruptInput, "unknown \(field) `\(name)` in \(what)", file: path, line: index + 1)
            }
            entries[key] = names
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    public var count: Int {
        lock.lock(); defer { lock.unlock() }
        return entries.count
    }

    /// The cache key of `text` under everything else that decides the answer, in order.
    public static func key(domain: String, _ parts: [String], text: String) -> String {
        var material = Array(domain.utf8)
        for part in parts { material.append(0); material.append(contentsOf: part.utf8) }
        material.append(0)
        material.append(contentsOf: text.utf8)
        return SHA256.hex(of: material)
    }

    public func answer(for key: String) -> [String]? {
        lock.lock(); defer { lock.unlock() }
        return entries[key]
    }

    /// Records an answer in memory and appends it to the file with the `context` members
    /// (model, prompt version …) written before it, for people reading the file.
    public func store(_ names: [String], for key: String, context: [(String, String)]) throws {
        var json = JSONWriter()
        json.beginObject()
        json.member("key", string: key)
        for (name, value) in context { json.member(name, string: value) }
        if singleValue, names.count == 1 {
            json.member(field, string: names[0])
        } else {
            json.key(field)
            json.beginArray()
            for name in names { json.string(name) }
            json.endArray()
        }
        json.endObject()
        var line = json.bytes
        line.append(0x0A)

        lock.lock(); defer { lock.unlock() }
        entries[key] = names
        if descriptor < 0 { try openForAppending() }
        try append(line)
        fsync(descriptor)
    }

    private func openForAppending() throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PriorMixError(.io, "cannot open the LLM answer cache for appending: \(String(cString: strerror(errno)))", file: path)
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
            throw PriorMixError(.io, "cannot append to the LLM answer cache: \(String(cString: strerror(errno)))", file: path)
        }
    }
}
