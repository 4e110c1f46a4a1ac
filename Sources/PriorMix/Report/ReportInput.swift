import Foundation

/// One file `priormix report` reads: an annotated corpus file or a shard set's manifest.
public enum ReportInput: Sendable, Equatable {
    case annotated(String)
    case manifest(String)
    /// A run's summary.json holding filter statistics (`priormix filter`, or `run` with a filter stage).
    case filterSummary(String)

    public var path: String {
        switch self {
        case .annotated(let path), .manifest(let path), .filterSummary(let path): return path
        }
    }

    /// Expands the command line's paths, in order: a `.json` file is a manifest; a directory holding
    /// `manifest.json` is a shard set (its token files are not read); any other directory is walked
    /// in sorted order for annotated JSONL (`.jsonl`/`.ndjson`, optionally `.gz`/`.zst`), annotated
    /// Parquet (`.parquet`/`.pq`) and shard sets below it. Hidden entries and classify's `quarantine.jsonl` are not corpora and are skipped.
    public static func resolve(_ paths: [String]) throws -> [ReportInput] {
        if paths.isEmpty { throw PriorMixError(.usage, "no input given", hint: "pass annotated JSONL or Parquet files, shard set directories, or directories holding them") }
        var inputs: [ReportInput] = []
        for given in paths {
            let path = given.count > 1 && given.hasSuffix("/") ? String(given.dropLast()) : given
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw PriorMixError(.usage, "no such file or directory", file: given)
            }
            if !isDirectory.boolValue {
                if (path as NSString).lastPathComponent == "summary.json" {
                    guard hasFilterStatistics(path) else {
                        throw PriorMixError(.usage, "this run summary holds no filter statistics", file: given,
                                            hint: "pass the summary.json of priormix filter, or of priormix run with a filter stage")
                    }
                    inputs.append(.filterSummary(path))
                } else {
                    inputs.append(isManifestName(path) ? .manifest(path) : .annotated(path))
                }
                continue
            }
            let found = try walk(path)
            if found.isEmpty {
                throw PriorMixError(.usage, "no annotated JSONL or Parquet and no manifest.json in this directory", file: given,
                                    hint: "run priormix classify (annotated JSONL) or priormix mix (manifest.json) first")
            }
            inputs += found
        }
        return inputs
    }

    private static func isManifestName(_ path: String) -> Bool {
        (path as NSString).lastPathComponent.lowercased().hasSuffix(".json")
    }

    private static func walk(_ directory: String) throws -> [ReportInput] {
        let manifest = directory + "/manifest.json"
        if FileManager.default.fileExists(atPath: manifest) { return [.manifest(manifest)] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw PriorMixError(.io, "cannot list directory: \(error.localizedDescription)", file: directory)
        }
        var found: [ReportInput] = []
        // A filter run's directory: its statistics from summary.json; of its documents only annotated
        // ones (a filter-and-classify run) are a corpus, not the filtered documents or removed/.
        let filterRun = hasFilterStatistics(directory + "/summary.json")
        if filterRun { found.append(.filterSummary(directory + "/summary.json")) }
        for name in names where !name.hasPrefix(".") {
            if filterRun && (name == "removed" || Compression.strippingSuffix(name.lowercased()) == "documents.jsonl") { continue }
            let path = directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                found += try walk(path)
            } else if isAnnotatedName(name) {
                found.append(.annotated(path))
            }
        }
        return found
    }

    /// Whether `path` is a run summary with a `filter` member (read only when it is small).
    static func hasFilterStatistics(_ path: String) -> Bool {
        guard let size = FileRecords.fileSize(path), size < 64 << 20,
              let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["filter"] is [String: Any]
    }

    private static func isAnnotatedName(_ name: String) -> Bool {
        let base = Compression.strippingSuffix(name.lowercased())
        if base.hasSuffix(".parquet") || base.hasSuffix(".pq") { return true }
        return (base.hasSuffix(".jsonl") || base.hasSuffix(".ndjson")) && base != "quarantine.jsonl"
    }
}
