import Foundation

/// The rules for a run's output directory, checked before any work: it is a directory (or can
/// be made one), it does not lie inside an input tree (the run would read its own output), and
/// it holds no finished run unless the user asks to replace it.
enum OutputDirectory {
    static func check(_ directory: String, inputs: [String], overwrite: Bool) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw PriorMixError(.usage, "the output path is a file, not a directory", file: directory, hint: "give -o a directory (it is created if missing)")
        }
        let output = resolved(directory)
        for input in inputs {
            var inputIsDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &inputIsDirectory), inputIsDirectory.boolValue else { continue }
            let tree = resolved(input)
            if output == tree || output.hasPrefix(tree.hasSuffix("/") ? tree : tree + "/") {
                throw PriorMixError(.usage, "the output directory lies inside the input tree \(input): the run would read its own output",
                                    file: directory, hint: "write to a directory outside the inputs")
            }
        }
        guard FileManager.default.fileExists(atPath: directory + "/summary.json") else { return }
        guard overwrite else {
            throw PriorMixError(.usage, "the output directory already holds a finished run (summary.json)", file: directory,
                                hint: "pass --overwrite to replace it, or write to another -o")
        }
        // The summary marks a finished run: without it, a replacement killed half-way is not
        // taken for finished.
        try FileManager.default.removeItem(atPath: directory + "/summary.json")
    }

    /// Creates `path` and its parents, with an error that says what went wrong in words.
    static func create(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw PriorMixError(.io, "cannot create the directory", file: path,
                                hint: "check that no file stands in its way and that its parent is writable")
        }
    }

    /// The absolute path with symbolic links resolved, for comparing paths that name the same place.
    /// A directory that does not exist yet resolves through its nearest existing parent.
    static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var existing = url
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        return rest.reduce(existing.resolvingSymlinksInPath()) { $0.appendingPathComponent($1) }.path
    }
}
