import Foundation

/// Walks a directory tree in a fixed (sorted) order: every file is one document, except corpus
/// files inside the tree (JSONL, WARC, MediaWiki dumps), which are read with their own reader.
/// Only the directories on the current path are listed in memory, never the whole tree.
public final class TreeReader: RecordReader {
    private let root: String
    private let rootName: String
    private let options: ReaderOptions
    /// Pending entries per open directory, deepest last, each in reverse sorted order.
    private var stack: [(directory: String, entries: [String])] = []
    private var nested: RecordReader?
    private var nestedConsumedBefore = 0
    private var consumed = 0

    public var fileBytesConsumed: Int { consumed + (nested?.fileBytesConsumed ?? 0) }

    public init(root: String, options: ReaderOptions) throws {
        self.root = root
        self.options = options
        rootName = (root as NSString).standardizingPath.split(separator: "/").last.map(String.init) ?? root
        stack = [(root, try TreeReader.sortedEntries(root))]
    }

    static func sortedEntries(_ directory: String) throws -> [String] {
        do {
            let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            // Reverse order so popLast yields ascending byte order, stable across locales.
            return names.filter { !$0.hasPrefix(".") }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.reversed()
        } catch {
            throw PriorMixError(.io, "cannot list directory: \(error.localizedDescription)", file: directory)
        }
    }

    public func next() throws -> RawRecord? {
        while true {
            if let reader = nested {
                do {
                    if let record = try reader.next() { return record }
                    consumed += reader.fileBytesConsumed
                    nested = nil
                } catch let error as PriorMixError {
                    consumed += reader.fileBytesConsumed
                    nested = nil
                    return RawRecord(payload: .readError(error), source: root, location: SourceLocation(file: error.file ?? root))
                }
            }
            guard !stack.isEmpty else { return nil }
            guard let name = stack[stack.count - 1].entries.popLast() else {
                stack.removeLast()
                continue
            }
            let path = stack[stack.count - 1].directory + "/" + name
            let relative = rootName + "/" + String(path.dropFirst(root.count + 1))
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            // Symbolic links to directories are not followed: they can form cycles.
            if isDirectory.boolValue {
                if (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil { continue }
                do { stack.append((path, try TreeReader.sortedEntries(path))) } catch let error as PriorMixError {
                    return RawRecord(payload: .readError(error), source: root, location: SourceLocation(file: path))
                }
                continue
            }
            let format = InputFormat.fromName(name, insideTree: true) ?? .text
            do {
                switch format {
                case .jsonl, .warc, .mediawiki:
                    nested = try options.reader(for: path, format: format)
                    continue
                default:
                    let record = try FileRecords.record(path: path, id: relative, source: root, relativePath: relative,
                                                        format: format, maxDocumentBytes: options.maxDocumentBytes)
                    consumed += FileRecords.fileSize(path) ?? record.bytes.count
                    return record
                }
            } catch let error as PriorMixError {
                return RawRecord(payload: .readError(error), source: root, location: SourceLocation(file: path))
            }
        }
    }
}
