import Foundation
import XCTest
import PriorMix
@testable import PriorMixTrainer

/// Every alignment metric against scripts/alignment_reference.py, an independent numpy version of
/// the hypothesis paper's reference definitions working on full n × n matrices, on features that
/// numpy itself writes (float16/32/64, C and Fortran order): random and structured, n = 1,000,
/// widths 64 to 4,096, one and several layers — both the feature-space and the Gram-matrix paths.
final class AlignmentParityTests: XCTestCase {
    static let makeFeatures = #"""
    import sys
    import numpy as np
    out = sys.argv[1]
    rng = np.random.default_rng(21)
    n = 1000
    # Random: no shared structure (scores near chance).
    np.save(out + "/random-a.npy", rng.standard_normal((n, 64)).astype(np.float32))
    np.save(out + "/random-b.npy", np.asfortranarray(rng.standard_normal((n, 64))))
    # Structured: both sides see the same 12-dimensional latent through different maps, with noise,
    # heavy-tailed entries (so clipping matters), and a common offset (so centring matters).
    z = rng.standard_normal((n, 12))
    a = z @ rng.standard_normal((12, 4096)) + 0.8 * rng.standard_t(3, (n, 4096)) + 0.5
    b = np.tanh(z @ rng.standard_normal((12, 4096)) / 3) + 0.3 * rng.standard_normal((n, 4096))
    np.save(out + "/wide-a.npy", np.asfortranarray(a.astype(np.float32)))
    np.save(out + "/wide-b.npy", b)
    # Layers: (n, 3, 256) float16 against (n, 300) float32, a stronger signal in the middle layer.
    layers = np.stack([z @ rng.standard_normal((12, 256)) * s + rng.standard_normal((n, 256)) for s in (0.2, 1.5, 0.5)], axis=1)
    np.save(out + "/layers-a.npy", layers.astype(np.float16))
    np.save(out + "/layers-b.npy", (np.sin(z @ rng.standard_normal((12, 300))) + 0.2 * rng.standard_normal((n, 300))).astype(np.float32))
    """#

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
        let made = try runPython(Self.makeFeatures, arguments: [directory], requiring: "numpy")
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
            let reference = try runPython("import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
                                          arguments: [packageRoot + "/scripts/alignment_reference.py", pathA, pathB, "--metric", "all"] + test.arguments,
                                          requiring: "numpy")
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
