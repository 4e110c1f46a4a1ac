import Foundation
import PriorMix
import XCTest

/// A fresh directory under the system temporary directory, removed when the test ends.
public func makeTemporaryDirectory(_ testCase: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "priormix-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

public func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

public func write(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// gzip-compresses `bytes` with the system gzip (one member).
public func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    try runProcess("/bin/gzip", ["-c", "-n"], input: bytes).1
}

/// zstd-compresses `bytes` with PriorMix's own encoder.
public func zstd(_ bytes: [UInt8]) throws -> [UInt8] {
    var out: [UInt8] = []
    let encoder = ZstdEncoder { out.append(contentsOf: $0) }
    try encoder.write(bytes)
    try encoder.finish()
    return out
}

/// The decompressed content of any file PriorMix can read.
public func readAllBytes(_ path: String) throws -> [UInt8] {
    let reader = ByteReader(source: try Compression.open(path).source)
    return try reader.read(count: Int.max / 2)
}

/// Every JSON object of a JSONL(.zst) file, parsed with Foundation (an independent parser).
public func readJSONLines(_ path: String) throws -> [[String: Any]] {
    let bytes = try readAllBytes(path)
    return try bytes.split(separator: 0x0A).map {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0)) as? [String: Any])
    }
}
