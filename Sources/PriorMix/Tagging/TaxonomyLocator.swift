import Foundation

/// Finds the `taxonomy/` directory when the user names none: `$PRIORMIX_TAXONOMY`, then
/// `./taxonomy`, then the package root above the running executable (`.build/release/priormix`
/// sits three levels below it), walking up until a directory holds `taxonomy/labels`.
public enum TaxonomyLocator {
    public static let environmentVariable = "PRIORMIX_TAXONOMY"

    /// The taxonomy root (the directory that contains `labels/`).
    public static func taxonomyDirectory(environment: [String: String] = ProcessInfo.processInfo.environment,
                                         currentDirectory: String = FileManager.default.currentDirectoryPath,
                                         executablePath: String? = Bundle.main.executablePath ?? CommandLine.arguments.first) throws -> String {
        if let configured = environment[environmentVariable], !configured.isEmpty {
            guard isDirectory(configured) else {
                throw PriorMixError(.io, "\(environmentVariable) names no directory", file: configured,
                                    hint: "set it to the taxonomy/ directory (the one holding labels/) or unset it")
            }
            return configured
        }
        let local = currentDirectory + "/taxonomy"
        if isDirectory(local + "/labels") { return local }
        var searched = [local]
        if let executablePath {
            var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
            while directory.path != "/" && !directory.path.isEmpty {
                let candidate = directory.appendingPathComponent("taxonomy").path
                if isDirectory(candidate + "/labels") { return candidate }
                searched.append(candidate)
                directory.deleteLastPathComponent()
            }
        }
        throw PriorMixError(.io, "cannot find the taxonomy directory (looked in \(searched.prefix(4).joined(separator: ", "))\(searched.count > 4 ? ", …" : ""))",
                            hint: "pass --taxonomy DIR or set \(environmentVariable)")
    }

    /// `taxonomyDirectory()/labels`.
    public static func labelsDirectory() throws -> String {
        try taxonomyDirectory() + "/labels"
    }

    private static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }
}
