import Foundation
import XCTest
import PriorMix
@testable import PriorMixTrainer

/// `.npy` files as numpy writes them, read back value for value, and the bad inputs `align` must
/// refuse with a message naming the file and the problem.
final class AlignmentInputTests: XCTestCase {

    func testReadsEveryLayoutNumpyWrites() throws {
        let directory = try makeTemporaryDirectory(self)
        let (made, _) = try runPythonFile(packageRoot + "/Tests/Fixtures/python/npy_layouts.py", arguments: [directory], requiring: "numpy")
        XCTAssertEqual(made.status, 0, made.stderr)
        for name in ["c-f4-2d", "f-f4-2d", "c-f8-3d", "f-f8-3d", "c-f2-3d", "f-f2-3d", "c-be-f4", "f-be-f8", "v2"] {
            let array = try NumpyArray.read(path: directory + "/" + name + ".npy")
            let expected = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name + ".expected")).withUnsafeBytes {
                Array($0.bindMemory(to: Double.self))
            }
            XCTAssertEqual(array.shape, name.hasSuffix("2d") || name.hasSuffix("f4") ? [7, 5] : [7, 3, 5], name)
            XCTAssertEqual(array.values, expected, name)
        }
        let features = try AlignmentFeatures.read(path: directory + "/c-f8-3d.npy")
        XCTAssertEqual([features.count, features.layers, features.width], [7, 3, 5])
        let middle = features.layer(1)
        let check = try NumpyArray.read(path: directory + "/f-f4-2d.npy")
        for (x, y) in zip(middle.values, check.values) { XCTAssertEqual(x, y, accuracy: 1e-6) }

        for (name, message) in [("ints", "dtype '<i8' is not a float16, float32 or float64 array"), ("one-d", "expected (items, width)"),
                                ("empty", "hold no values")] {
            XCTAssertThrowsError(try AlignmentFeatures.read(path: directory + "/" + name + ".npy"), name) { error in
                XCTAssertTrue("\(error)".contains(message) && "\(error)".contains(name + ".npy"), "\(error)")
            }
        }
    }

    func testWriterOutputReadsBack() throws {
        let directory = try makeTemporaryDirectory(self)
        let array = NumpyArray(shape: [2, 3, 4], values: (0..<24).map { Double($0) * 0.25 - 2 })
        try NumpyFloat32Writer.write(array, to: directory + "/w.npy")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/w.npy"))
        XCTAssertEqual((bytes.count - 24 * 4) % 64, 0, "header padded to 64 bytes as numpy does")
        let read = try NumpyArray.read(path: directory + "/w.npy")
        XCTAssertEqual(read.shape, [2, 3, 4])
        XCTAssertEqual(read.values, array.values)
    }

    func testBadInputsGiveClearErrors() throws {
        let directory = try makeTemporaryDirectory(self)
        func write(_ name: String, _ shape: [Int], _ values: [Double]) throws -> String {
            let path = directory + "/" + name
            try NumpyFloat32Writer.write(NumpyArray(shape: shape, values: values), to: path)
            return path
        }
        func expectError(_ body: @autoclosure () throws -> Any, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertThrowsError(try body(), file: file, line: line) { error in
                for fragment in fragments { XCTAssertTrue("\(error)".contains(fragment), "\(error) lacks \(fragment)", file: file, line: line) }
            }
        }
        var random = SplitMix64(seed: 9)
        let six = try write("six.npy", [6, 4], (0..<24).map { _ in random.nextGaussian() })
        let five = try write("five.npy", [5, 4], (0..<20).map { _ in random.nextGaussian() })
        var poisoned = (0..<24).map { _ in random.nextGaussian() }
        poisoned[13] = .nan
        let nan = try write("nan.npy", [6, 4], poisoned)
        poisoned[13] = 1
        poisoned[22] = .infinity
        let inf = try write("inf.npy", [6, 4], poisoned)
        FileManager.default.createFile(atPath: directory + "/empty.npy", contents: Data())
        FileManager.default.createFile(atPath: directory + "/text.npy", contents: Data("id,x\n1,2\n".utf8))
        let full = try Data(contentsOf: URL(fileURLWithPath: six))
        FileManager.default.createFile(atPath: directory + "/cut.npy", contents: full.prefix(full.count - 5))

        var huge = Array(NumpyArray.headerBytes(shape: [1 << 40, 1 << 40]))
        huge += [0, 0, 0, 0]
        FileManager.default.createFile(atPath: directory + "/huge.npy", contents: Data(huge))

        let a = try AlignmentFeatures.read(path: six), b = try AlignmentFeatures.read(path: five)
        expectError(try AlignmentFeatures.read(path: directory + "/huge.npy"), ["huge.npy", "shape [1099511627776, 1099511627776] needs"])
        expectError(try LayerAlignment.measure(a, b, options: AlignmentOptions()), ["six.npy has 6 items but", "five.npy has 5"])
        expectError(try AlignmentFeatures.read(path: nan), ["nan.npy", "item 3, layer 0, column 1 is not finite"])
        expectError(try AlignmentFeatures.read(path: inf), ["inf.npy", "item 5, layer 0, column 2", "inf"])
        expectError(try AlignmentFeatures.read(path: directory + "/empty.npy"), ["empty.npy", "empty file"])
        expectError(try AlignmentFeatures.read(path: directory + "/text.npy"), ["text.npy", "not a .npy file"])
        expectError(try AlignmentFeatures.read(path: directory + "/cut.npy"), ["cut.npy", "needs 96 bytes"])
        expectError(try LayerAlignment.measure(a, a, options: AlignmentOptions(metric: .mutualKNN, k: 6)), ["--k 6 is out of range for 6 items"])
        expectError(try LayerAlignment.measure(a, a, options: AlignmentOptions(metric: .cknna, k: 1)), ["cknna needs 2 ≤ k < n"])
        expectError(try LayerAlignment.measure(a, a, options: AlignmentOptions(metric: .svcca)), ["svcca needs more than 10 items"])
        let three = try AlignmentFeatures.read(path: try write("three.npy", [3, 2], [1, 2, 3, 4, 5, 6]))
        expectError(try LayerAlignment.measure(three, three, options: AlignmentOptions(metric: .unbiasedCKA)), ["unbiased_cka needs at least 4 items"])
    }

    /// Hand-made neighbourhoods with known answers, independent of any reference code.
    func testNeighbourMetricsOnAHandMadeExample() throws {
        // Items along an arc; item 2, (0.5, 0.5), has the same inner product 0.5 with every other
        // item. In B the last two items trade places, which leaves every neighbour list as it was.
        let a = FeatureMatrix(rows: 5, columns: 2, values: [1, 0, 0.9, 0.1, 0.5, 0.5, 0.1, 0.9, 0, 1])
        let b = FeatureMatrix(rows: 5, columns: 2, values: [1, 0, 0.9, 0.1, 0.5, 0.5, 0, 1, 0.1, 0.9])
        let na = NearestNeighbors(a, k: 1, threads: 2), nb = NearestNeighbors(b, k: 1, threads: 2)
        XCTAssertEqual(na.indices, [1, 0, 0, 4, 3])
        XCTAssertEqual(nb.indices, [1, 0, 0, 4, 3])
        XCTAssertEqual(MutualKNN(k: 1, threads: 2).score(na, nb), 1)
        let n2a = NearestNeighbors(a, k: 2, threads: 2)
        XCTAssertEqual(Array(n2a.neighbors(of: 2)), [0, 1], "equal similarities: the lower index first")
        XCTAssertEqual(CycleKNN(k: 1, threads: 2).score(na, nb), 0.8, "item 2's neighbour 0 points on to 1, not back to 2")
    }
}
