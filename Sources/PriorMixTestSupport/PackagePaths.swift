import Foundation

/// The package root, found from this file's path (Sources/PriorMixTestSupport/…), so tests run
/// from any working directory.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The `priormix` executable built beside the test bundle, for tests that run it as users do.
public var priormixBinary: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("priormix").path
}

/// The shared development corpus beside the checkout (`../shared/corpus-dev`).
public let developmentCorpusPath = packageRoot + "/../shared/corpus-dev/labeled.jsonl"

/// Every `step`-th text of the development corpus, or none when it is not beside the checkout.
public func developmentCorpusTexts(every step: Int) throws -> [String] {
    guard FileManager.default.fileExists(atPath: developmentCorpusPath) else { return [] }
    let lines = try readJSONLines(developmentCorpusPath)
    return stride(from: 0, to: lines.count, by: step).compactMap { lines[$0]["text"] as? String }
}
