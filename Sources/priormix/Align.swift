import ArgumentParser
import Foundation
import PriorMix
import PriorMixTrainer

/// `priormix align A.npy B.npy`: how alike two representations of the same items are, with the
/// Platonic Representation Hypothesis paper's metrics.
///
/// ```sh
/// $ priormix align text-features.npy image-features.npy --metric mutual_knn --k 10 --svg layers.svg
/// mutual_knn (k = 10) over 1024 items: 0.162305 at layer 5 of A and layer 11 of B
/// ```
struct Align: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score the alignment of two feature sets of the same items (.npy, item i of A paired with item i of B).",
        discussion: """
            Features are (items, width) or (items, layers, width) arrays of float16/32/64 in C or Fortran order,
            as numpy.save writes them (priormix embed writes (items, layers, width) float32). With several layers,
            every pair of layers is scored and the best pair reported. Preparation follows the reference code:
            values clipped at the --outlier-quantile of their magnitudes, then each item L2-normalised per layer.
            """
    )

    @Argument(help: "Features A (.npy).") var a: String
    @Argument(help: "Features B (.npy), same items in the same order.") var b: String
    @Option(help: "Metric: \(AlignmentMetric.allCases.map(\.rawValue).joined(separator: ", ")).") var metric: AlignmentMetric = .mutualKNN
    @Option(help: "Nearest neighbours per item (mutual_knn, cycle_knn, cknna).") var k = 10
    @Option(help: "Clip values at this quantile of their magnitudes before scoring (1: no clipping).") var outlierQuantile = 0.95
    @Flag(help: "Take the quantile over the whole array at once (the reference's --precise) rather than per item, averaged.") var exactQuantile = false
    @Flag(help: "Do not L2-normalise each item's features.") var noNormalize = false
    @Option(help: "Threads for BLAS and neighbour selection.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Write the layer-by-layer heat map here (SVG).") var svg: String?
    @Flag(help: "Print the result as JSON (scores of every layer pair, the best pair).") var json = false

    func validate() throws {
        guard threads > 0 else { throw ValidationError("--threads must be positive") }
    }

    func run() throws {
        let featuresA = try AlignmentFeatures.read(path: a)
        let featuresB = try AlignmentFeatures.read(path: b)
        var options = AlignmentOptions(metric: metric, k: k)
        options.clamp = OutlierClamp(quantile: outlierQuantile, exact: exactQuantile)
        options.normalize = !noNormalize
        options.threads = threads
        let result = try LayerAlignment.measure(featuresA, featuresB, options: options)
        if let svg { try AtomicOutputFile.write(Array(result.heatMap.utf8), to: svg) }
        try result.writeToStandardOutput(json: json) { result.table }
    }
}

extension AlignmentMetric: ExpressibleByArgument {}
