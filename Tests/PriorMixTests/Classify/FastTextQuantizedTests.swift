import XCTest
@testable import PriorMix

/// `.ftz` models made by the real `fasttext` package in every layout the format allows (pruned or
/// not, norms quantized or not, output quantized, softmax / one-vs-all / hierarchical softmax):
/// same predictions, byte-identical when saved back, and clear errors — never a crash — when the
/// file is truncated or damaged.
final class FastTextQuantizedTests: XCTestCase {
    static let variants = ["softmax-pruned-qnorm", "ova-unpruned", "hs-qout"]

    /// The models and fastText's predictions, made once per test process (training takes seconds).
    private static let made: Result<(directory: String, predictions: [String: [[(String, Double)]]]), Error> = Result {
        let directory = NSTemporaryDirectory() + "priormix-ftz-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lines = FastTextCompatibilityTests.trainingLines(count: 2000, seed: 7).map { "__label__\($0.1) \($0.0)" }
        try write(lines.joined(separator: "\n") + "\n", to: directory + "/train.txt")
        try write(manyLabelLines().joined(separator: "\n") + "\n", to: directory + "/train-many.txt")
        try JSONSerialization.data(withJSONObject: probes).write(to: URL(fileURLWithPath: directory + "/probes.json"))
        let (result, stdout) = try runPythonFile(packageRoot + "/Tests/Fixtures/python/fasttext_quantized_models.py",
                                                 arguments: [directory + "/train.txt", directory + "/train-many.txt", directory + "/probes.json", directory],
                                                 requiring: "fasttext")
        guard result.status == 0 else { throw PriorMixError(.internalFailure, "fasttext_quantized_models.py: \(result.stderr)") }
        let parsed = try JSONSerialization.jsonObject(with: Data(stdout)) as! [String: [[[Any]]]]
        return (directory, parsed.mapValues { $0.map { $0.map { ($0[0] as! String, ($0[1] as! NSNumber).doubleValue) } } })
    }

    override class func tearDown() {
        if case .success(let made) = made { try? FileManager.default.removeItem(atPath: made.directory) }
        super.tearDown()
    }

    private func models() throws -> (directory: String, predictions: [String: [[(String, Double)]]]) {
        try Self.made.get()
    }

    /// 300 labels (the output matrix is quantized only with at least 256 rows), each with words of its own.
    static func manyLabelLines() -> [String] {
        var random = SplitMix64(seed: 3)
        return (0..<3000).map { index in
            let label = index % 300
            let words = (0..<8).map { _ -> String in
                random.next() % 4 == 0 ? "shared\(random.next() % 20)" : "w\(label)x\(random.next() % 5)"
            }
            return "__label__l\(label) " + words.joined(separator: " ")
        }
    }

    static let probes: [String] = FastTextCompatibilityTests.probes + FastTextCompatibilityTests.trainingLines(count: 40, seed: 31).map(\.0)
        + manyLabelLines().prefix(30).map { String($0.split(separator: " ", maxSplits: 1)[1]) }
        + ["", "   ", "w5x1 w5x2 shared3", "unknown ünknown 未知"]

    func testQuantizedModelsPredictAsFastText() throws {
        let (directory, predictions) = try models()
        for variant in Self.variants {
            let model = try FastTextModel.load(path: "\(directory)/\(variant).ftz")
            XCTAssertTrue(model.isQuantized, variant)
            for (probe, theirs) in zip(Self.probes, try XCTUnwrap(predictions[variant])) {
                let ours = model.predict(probe, k: 0)
                XCTAssertEqual(ours.map(\.label), theirs.map(\.0), "\(variant): \(probe)")
                for (mine, their) in zip(ours, theirs) {
                    XCTAssertEqual(mine.probability, their.1, accuracy: 1e-4, "\(variant) \(mine.label): \(probe)")
                }
                if model.tree != nil {
                    // Per-label probabilities (what the classifier and tagger read) are the same numbers.
                    let probabilities = model.probabilities(probe)
                    for mine in ours { XCTAssertEqual(probabilities[try XCTUnwrap(model.labels.firstIndex(of: mine.label))], mine.probability) }
                }
                // k = 1 and k = 3 are the heads of the full ranking (fastText's pruned search).
                XCTAssertEqual(model.predict(probe, k: 1).map(\.label), Array(theirs.prefix(1).map(\.0)), "\(variant): \(probe)")
                XCTAssertEqual(model.predict(probe, k: 3).map(\.label), Array(theirs.prefix(3).map(\.0)), "\(variant): \(probe)")
            }
        }
    }

    /// The per-thread feature cache (rows kept as their codes and norm code) changes no score, not
    /// even in the last bit, in any layout: norms quantized or not, pruned or not, any loss.
    func testFeatureCacheGivesTheSameScoresBitForBit() throws {
        let (directory, _) = try models()
        for variant in Self.variants {
            let model = try FastTextModel.load(path: "\(directory)/\(variant).ftz")
            let cache = FastTextFeatureCache(modelSerial: model.serial, payloadWidth: model.input.payloadWidth, maximumEntries: 50, arenaBytes: 1 << 12)
            for _ in 0..<2 {
                for probe in Self.probes + FastTextFeatureCacheTests.probes {
                    var probe = probe
                    let (plain, cached) = probe.withUTF8 { utf8 in
                        (model.ranked(utf8: utf8, k: 0, threshold: 0), model.ranked(utf8: utf8, k: 0, threshold: 0, cache: cache))
                    }
                    XCTAssertEqual(plain.map(\.label), cached.map(\.label), "\(variant): \(probe)")
                    XCTAssertEqual(plain.map(\.score.bitPattern), cached.map(\.score.bitPattern), "\(variant): \(probe)")
                }
            }
        }
    }

    func testQuantizedModelsSaveBackByteForByte() throws {
        let (directory, _) = try models()
        for variant in Self.variants {
            let path = "\(directory)/\(variant).ftz"
            try FastTextModel.load(path: path).save(path: path + ".again")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), try Data(contentsOf: URL(fileURLWithPath: path + ".again")), variant)
        }
    }

    /// Every prefix at the structure's boundaries and at seeded offsets: an error naming the file
    /// and a byte offset, never a crash or a model.
    func testTruncatedQuantizedModelsGiveErrorsWithOffsets() throws {
        let (directory, _) = try models()
        let path = "\(directory)/softmax-pruned-qnorm.ftz"
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        var random = SplitMix64(seed: 17)
        let cuts = Array(0..<80) + (0..<120).map { _ in Int(random.next() % UInt64(bytes.count)) } + [bytes.count - 1]
        let cutPath = directory + "/cut.ftz"
        for cut in cuts {
            try write(Array(bytes.prefix(cut)), to: cutPath)
            XCTAssertThrowsError(try FastTextModel.load(path: cutPath), "cut at \(cut)") { error in
                guard let error = error as? PriorMixError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.file, cutPath)
                XCTAssertNotNil(error.offset, "\(error)")
                XCTAssertLessThanOrEqual(error.offset ?? .max, cut, "\(error)")
            }
        }
    }

    /// Seeded damage (bytes overwritten, runs zeroed or set to 0xFF) anywhere in every variant: each
    /// load either fails with a PriorMixError naming the file or gives a model that predicts without crashing.
    func testDamagedQuantizedModelsNeverCrash() throws {
        let (directory, _) = try models()
        var random = SplitMix64(seed: 29)
        var refused = 0, loaded = 0
        for variant in Self.variants {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(variant).ftz")))
            let damagedPath = "\(directory)/damaged-\(variant).ftz"
            for trial in 0..<40 {
                var damaged = bytes
                // Half the trials hit the first 400 bytes: the header, the dictionary and the sizes.
                let span = trial % 2 == 0 ? min(400, bytes.count) : bytes.count
                let at = Int(random.next() % UInt64(span))
                switch random.next() % 3 {
                case 0: damaged[at] = UInt8(truncatingIfNeeded: random.next())
                case 1: for index in at..<min(at + 8, damaged.count) { damaged[index] = 0 }
                default: for index in at..<min(at + 4, damaged.count) { damaged[index] = 0xFF }
                }
                try write(damaged, to: damagedPath)
                do {
                    let model = try FastTextModel.load(path: damagedPath)
                    for probe in Self.probes.prefix(12) { _ = model.predict(probe, k: 3) }
                    loaded += 1
                } catch let error as PriorMixError {
                    XCTAssertEqual(error.file, damagedPath, "\(error)")
                    refused += 1
                }
            }
        }
        XCTAssertGreaterThan(refused, 15)
        XCTAssertGreaterThan(loaded, 15)
    }

    func testSpecificCorruptionsAreNamed() throws {
        let (directory, _) = try models()
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: "\(directory)/ova-unpruned.ftz")))
        let model = try FastTextModel.load(path: "\(directory)/ova-unpruned.ftz")
        let path = directory + "/named.ftz"
        func expect(_ damaged: [UInt8], _ fragment: String, line: UInt = #line) throws {
            try write(damaged, to: path)
            XCTAssertThrowsError(try FastTextModel.load(path: path), line: line) { error in
                XCTAssertTrue("\(error)".contains(fragment), "\(error)", line: line)
                XCTAssertTrue("\(error)".contains(path), "\(error)", line: line)
            }
        }
        // The dictionary size (int32 after magic, version, 12 int32 args and a double) claims billions of entries.
        var huge = bytes
        huge.replaceSubrange(64..<68, with: [0xFF, 0xFF, 0xFF, 0x7F])
        try expect(huge, "dictionary entries")
        // Trailing bytes after the output matrix.
        try expect(bytes + [0, 1, 2], "unexpected bytes after the output matrix")
        // The input quantization flag (right after the dictionary) set to 2.
        var writer = BinaryWriter()
        writer.int32(FastTextArgs.magic); writer.int32(FastTextArgs.version); model.args.write(&writer); model.dictionary.write(&writer)
        var flag = bytes
        flag[writer.bytes.count] = 2
        try expect(flag, "input quantization flag is 2")
        // The quantized input's column count (after its qnorm flag and row count).
        var columns = bytes
        columns[writer.bytes.count + 1 + 1 + 8] ^= 0x01
        try expect(columns, "input matrix: is")
    }

    func testSigmoidTableAcceptsNaN() {
        XCTAssertTrue(Sigmoid.table(.nan).isNaN)
        XCTAssertEqual(Sigmoid.table(100), 1)
    }
}
