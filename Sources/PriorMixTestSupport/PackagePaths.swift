import Foundation

/// The package root, found from this file's path (Sources/PriorMixTestSupport/…), so tests run
/// from any working directory.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The `priormix` executable built beside the test bundle, for tests that run it as users do.
public var priormixBinary: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("priormix").path
}
