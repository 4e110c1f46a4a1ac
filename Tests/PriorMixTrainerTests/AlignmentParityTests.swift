import Foundation
import XCTest
import PriorMix
@testable import PriorMixTrainer

/// Every alignment metric against scripts/alignment_reference.py, an independent numpy version of
/// the hypothesis paper's reference definitions working on full n × n matrices, on features that
/// numpy itself writes (float16/32/64, C and Fortran order): random and structured, n = 1,000,
/// widths 64 to 4,096, one and several layers — both the feature-space and the Gram-matrix paths.
final class AlignmentParityTests: XCTestCase {

    struct Case {
        var a: String
        var b: String
        var arguments: [String] = []
        var clamp = OutlierClamp()
        var normalize = true
        var k = 10
    }

    func testEveryMetricMatchesTheNumpyReference() throws {
        let directory = try makeTemporaryDirectory(self)
        let (made, _) = try runPythonFile(packageRoot + "/Tests/Fixtures/python/alignment_features.py", arguments: [directory], requiring: "numpy")
        XCTAssertEqual(made.status, 0, made.stderr)
        let cases = [
            Case(a: "random-a", b: "random-b"),
            Case(a: "wide-a", b: "wide-b"),
            Case(a: "random-b", b: "random-a", arguments: ["--exact-quantile", "--k", "25"], clamp: OutlierClamp(quantile: 0.95, exact: true), k: 25),
            Case(a: "layers-a", b: "layers-b", arguments: ["--outlier-quantile", "1", "--no-normalize", "--k", "5"],
                 clamp: OutlierClamp(quantile: 1), normalize: false, k: 5),
            Case(a: "layers-b", b: "layers-a"),
        ]
        for test in cases {
            let pathA = directory + "/" + test.a + ".npy", pathB = directory + "/" + test.b + ".npy"
            let (reference, _) = try runPythonFile(packageRoot + "/scripts/alignment_reference.py",
                                                   arguments: [pathA, pathB, "--metric", "all"] + test.arguments, requiring: "numpy")
            XCTAssertEqual(reference.status, 0, reference.stderr)
            let expected = try JSONSerialization.jsonObject(with: Data(reference.stdout.utf8)) as! [String: [String: [[Double]]]]
            let a = try AlignmentFeatures.read(path: pathA), b = try AlignmentFeatures.read(path: pathB)
            var options = AlignmentOptions(k: test.k)
            options.clamp = test.clamp
            options.normalize = test.normalize
            for result in try LayerAlignment.measure(a, b, metrics: AlignmentMetric.allCases, options: options) {
                let metric = result.metric
                let want = try XCTUnwrap(expected[metric.rawValue]?["scores"])
                XCTAssertEqual(result.scores.count, want.count)
                for (got, wanted) in zip(result.scores.joined(), want.joined()) {
                    XCTAssertEqual(got, wanted, accuracy: 1e-5, "\(metric.rawValue) on \(test.a) × \(test.b) \(test.arguments)")
                }
            }
        }
    }

    /// The structured pairs must score far above the random ones, or the comparison above proves little.
    func testStructuredFeaturesAlignAndRandomOnesDoNot() throws {
        var random = SplitMix64(seed: 4)
        let n = 300
        let latent = (0..<(n * 4)).map { _ in random.nextGaussian() }
        func features(_ width: Int, noise: Double) -> AlignmentFeatures {
            let map = (0..<(4 * width)).map { _ in random.nextGaussian() }
            var values = [Double](repeating: 0, count: n * width)
            for i in 0..<n { for j in 0..<width {
                values[i * width + j] = (0..<4).reduce(0.0) { $0 + latent[i * 4 + $1] * map[$1 * width + j] } + noise * random.nextGaussian()
            } }
            return AlignmentFeatures(count: n, layers: 1, width: width, values: values, source: "synthetic")
        }
        let a = features(32, noise: 0.3), b = features(48, noise: 0.3)
        let unrelated = AlignmentFeatures(count: n, layers: 1, width: 32, values: (0..<(n * 32)).map { _ in random.nextGaussian() }, source: "noise")
        for metric in AlignmentMetric.allCases {
            let aligned = try LayerAlignment.measure(a, b, options: AlignmentOptions(metric: metric)).best.score
            let chance = try LayerAlignment.measure(a, unrelated, options: AlignmentOptions(metric: metric)).best.score
            XCTAssertGreaterThan(aligned, chance + 0.2, metric.rawValue)
            let itself = try LayerAlignment.measure(a, a, options: AlignmentOptions(metric: metric)).best.score
            if metric == .cycleKNN {
                // Neighbourhoods are not symmetric, so even a space with itself misses a few round trips.
                XCTAssertGreaterThan(itself, 0.9)
            } else {
                XCTAssertEqual(itself, 1, accuracy: 1e-4, "\(metric.rawValue) of features with themselves")
            }
        }
    }
}
