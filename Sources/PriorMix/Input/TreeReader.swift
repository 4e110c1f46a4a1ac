import Foundation

/// Lists the files of a directory tree in a fixed (sorted by bytes) order, lazily: only the
/// directories on the current path are held in memory. Hidden entries and symbolic links to
/// directories (which can form cycles) are skipped. Every other entry is listed, special files
/// included, so the reader can name them (see `FileKind`); a directory that cannot be listed is
/// an error item.
public struct TreeWalker {
    public enum Item { case file(String), error(PriorMixError) }

    private let root: String
    /// Pending entries per open directory, deepest last, each in reverse sorted order.
    private var stack: [(directory: String, entries: [String])] = []

    public init(root: String) throws {
        self.root = root
        stack = [(root, try TreeWalker.sortedEntries(root))]
    }

    /// The error for a directory that cannot be listed (an input error, like an unreadable file).
    static func unlistable(_ directory: String) -> PriorMixError {
        do {
            _ = try sortedEntries(directory)
            return PriorMixError(.io, "cannot list directory: it could not be listed when the run was planned", file: directory,
                                 hint: "run the command again to read it")
        } catch let error as PriorMixError {
            return error
        } catch {
            return PriorMixError(.io, "cannot list directory: \(error)", file: directory)
        }
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

    public mutating func next() -> Item? {
        while !stack.isEmpty {
            guard let name = stack[stack.count - 1].entries.popLast() else {
                stack.removeLast()
                continue
            }
            let path = stack[stack.count - 1].directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil { continue }
                do { stack.append((path, try TreeWalker.sortedEntries(path))) } catch let error as PriorMixError {
                    return .error(error)
                } catch {
                    return .error(PriorMixError(.io, "\(error)", file: path))
                }
                continue
            }
            return .file(path)
        }
        return nil
    }
}

/// Reads the files of a directory tree (all of them, walked in sorted order, or a given run of
/// them when the tree is split across ranks): every file is one document, except corpus files
/// inside the tree (JSONL, WARC, MediaWiki dumps), which are read with their own reader.
/// Document ids are the file's path below the tree, prefixed by the tree's name.
public final class TreeReader: RecordReader {
    private let root: String
    private let rootName: String
    private let options: ReaderOptions
    private var walker: TreeWalker?
    private var files: IndexingIterator<[String]>?
    private var nested: RecordReader?
    private var consumed = 0

    public var fileBytesConsumed: Int { consumed + (nested?.fileBytesConsumed ?? 0) }

    /// Reads `files` (paths inside `root`) when given, else every file of the tree.
    public init(root: String, options: ReaderOptions, files: [String]? = nil) throws {
        self.root = root
        self.options = options
        rootName = TreeReader.name(of: root)
        if let files { self.files = files.makeIterator() } else { walker = try TreeWalker(root: root) }
    }

    static func name(of root: String) -> String {
        (root as NSString).standardizingPath.split(separator: "/").last.map(String.init) ?? root
    }

    private func nextPath() -> TreeWalker.Item? {
        if files != nil { return files!.next().map { .file($0) } }
        return walker?.next()
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
            guard let item = nextPath() else { return nil }
            let path: String
            switch item {
            case .error(let error):
                return RawRecord(payload: .readError(error), source: root, location: SourceLocation(file: error.file ?? root))
            case .file(let file):
                path = file
            }
            let relative = rootName + "/" + String(path.dropFirst(root.count + 1))
            switch FileKind.of(path) {
            case .special(let kind):
                return RawRecord(payload: .setAside(.notRegularFile, detail: "\(kind): only regular files are read in a tree"), id: relative, source: root, location: SourceLocation(file: path))
            case .directory:
                // Only a planned run lists a directory here: one that could not be listed when planned.
                return RawRecord(payload: .readError(TreeWalker.unlistable(path)), source: root, location: SourceLocation(file: path))
            case .regular, .unknown:
                break
            }
            let name = (path as NSString).lastPathComponent
            let format = InputFormat.fromName(name, insideTree: true) ?? .text
            do {
                switch format {
                case .jsonl, .warc, .mediawiki, .parquet:
                    nested = try options.reader(for: path, format: format)
                    continue
                default:
                    let record = try FileRecords.record(path: path, id: relative, source: root, relativePath: relative,
                                                        format: format,
                                                        maxDocumentBytes: format == .html ? options.maxHTMLBytes : options.maxDocumentBytes)
                    consumed += FileRecords.fileSize(path) ?? record.bytes.count
                    return record
                }
            } catch let error as PriorMixError {
                return RawRecord(payload: .readError(error), source: root, location: SourceLocation(file: path))
            }
        }
    }
}
