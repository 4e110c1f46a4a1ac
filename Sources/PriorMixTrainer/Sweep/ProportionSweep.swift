import Foundation
import PriorMix

/// The paper's proportion sweep at small scale: from one annotated corpus, build a mixture at each
/// reasoning share (a tag target on the base recipe, its visual target dropped so every share is
/// reachable), train the same model for the same steps on each, and compare validation loss per
/// category against the share. Held-out documents are chosen per document id and seed, so every
/// mixture is evaluated on the same validation text. Re-running continues finished pieces: shards
/// and checkpoints are reused.
public struct ProportionSweep {
    public struct Point: Codable, Sendable {
        public var targetShare: Double
        public var achievedShare: Double
        public var trainTokens: Int
        public var validationLoss: Double
        public var validationLossByCategory: [String: Double]
        public var run: String
        /// With `alignment` set: the best layer pair's score against the target features.
        public var alignment: AlignmentResult.Pair?
    }

    public var inputs: [String]
    public var tokenizer: TokenEncoding
    public var tokenizerPath: String
    public var baseRecipe: Recipe
    /// Reasoning shares, 0…1.
    public var shares: [Double]
    public var tokens: Int
    public var format: ShardFormat = .megatron
    public var model: ModelConfig
    public var options: TrainingOptions
    public var outputDirectory: String
    public var report: (String) -> Void = { _ in }
    /// Also score each checkpoint's text features against fixed features (issue 21).
    public var alignment: SweepAlignment?

    public init(inputs: [String], tokenizer: TokenEncoding, tokenizerPath: String, baseRecipe: Recipe, shares: [Double], tokens: Int,
                model: ModelConfig, options: TrainingOptions, outputDirectory: String) {
        self.inputs = inputs
        self.tokenizer = tokenizer
        self.tokenizerPath = tokenizerPath
        self.baseRecipe = baseRecipe
        self.shares = shares
        self.tokens = tokens
        self.model = model
        self.options = options
        self.outputDirectory = outputDirectory
    }

    func name(_ share: Double) -> String { String(format: "reasoning-%03d", Int((share * 100).rounded())) }

    public func run() throws -> [Point] {
        guard !shares.isEmpty, shares.allSatisfy({ (0...1).contains($0) }) else {
            throw PriorMixError(.usage, "reasoning shares must be percentages between 0 and 100")
        }
        var model = self.model
        model.vocabularySize = tokenizer.vocabularySize
        model.endOfTextID = tokenizer.endOfTextID.map(Int.init)
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        let alignmentTarget = try alignment?.loadTarget()
        var points: [Point] = []
        for share in shares {
            let directory = outputDirectory + "/" + name(share)
            var recipe = baseRecipe
            recipe.reasoningTarget = share
            recipe.visualTarget = nil
            recipe.name = baseRecipe.name + "-" + name(share)
            var builder = MixtureBuilder(recipe: recipe, tokenizer: tokenizer, tokenizerPath: tokenizerPath, totalTokens: tokens)
            builder.format = format
            builder.threads = options.threads
            // A corpus rarely holds enough pure reasoning (or pure non-reasoning) text for the ends of
            // the sweep; the mixture then takes what there is and the table shows the achieved share.
            builder.allowShortfall = true
            builder.resume = true
            report("\(name(share)): building the mixture (reasoning target \(Int((share * 100).rounded()))%)")
            let manifest = try builder.build(inputs: inputs, outputDirectory: directory + "/shards")
            report(String(format: "%@: %d tokens, reasoning %.1f%%; training", name(share), manifest.achieved.tokens, manifest.achieved.reasoningShare * 100))
            let trainer = try Trainer(shardsPath: directory + "/shards", config: model, options: options, runDirectory: directory + "/run")
            trainer.report = { report(self.name(share) + ": " + $0) }
            let summary = try trainer.run(resume: true)
            let final = summary.finalValidationLoss != nil ? Trainer.Evaluation(loss: summary.finalValidationLoss!, byCategory: summary.finalValidationByCategory)
                                                           : try trainer.evaluate()
            points.append(Point(targetShare: share, achievedShare: manifest.achieved.reasoningShare, trainTokens: manifest.achieved.tokens,
                                validationLoss: final.loss, validationLossByCategory: final.byCategory, run: directory + "/run"))
            if let alignment, let alignmentTarget {
                let result = try alignment.measure(runDirectory: directory + "/run", tokenizer: tokenizer, target: alignmentTarget,
                                                   featuresOutput: directory + "/alignment-features.npy")
                points[points.count - 1].alignment = result.best
                report(String(format: "%@: %@ %.4f (layer %d against layer %d)", name(share), result.metric.rawValue, result.best.score,
                              result.best.layerA, result.best.layerB))
            }
        }
        try write(points)
        return points
    }

    /// `sweep.json`, `sweep.md` (the table) and `sweep.svg` (loss per category against share).
    func write(_ points: [Point]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try AtomicOutputFile.write(Array(try encoder.encode(points)), to: outputDirectory + "/sweep.json")
        try AtomicOutputFile.write(Array(("# Validation loss against reasoning share\n\n" + Self.table(points, markdown: true) + "\n").utf8),
                                   to: outputDirectory + "/sweep.md")
        let categories = Set(points.flatMap { $0.validationLossByCategory.keys }).sorted()
        let series = [LineChart.Series(label: "all categories", points: points.map { ($0.achievedShare * 100, $0.validationLoss) })]
            + categories.map { category in
                LineChart.Series(label: category, points: points.compactMap { point in
                    point.validationLossByCategory[category].map { (point.achievedShare * 100, $0) }
                })
            }
        let chart = LineChart(title: "Validation loss per category against reasoning share", xLabel: "reasoning share of training tokens (%)",
                              yLabel: "validation loss (nats/token)", series: series)
        try AtomicOutputFile.write(Array(sideBySide(chart, alignmentChart(points)).utf8), to: outputDirectory + "/sweep.svg")
    }

    /// One row per share: target, achieved share, tokens, overall and per-category validation loss.
    public static func table(_ points: [Point], markdown: Bool = false) -> String {
        let categories = Set(points.flatMap { $0.validationLossByCategory.keys }).sorted()
        let aligned = points.contains { $0.alignment != nil }
        var rows = [["target", "achieved", "tokens", "val loss"] + categories + (aligned ? ["alignment"] : [])]
        for point in points {
            rows.append([String(format: "%.0f%%", point.targetShare * 100), String(format: "%.1f%%", point.achievedShare * 100), String(point.trainTokens),
                         String(format: "%.4f", point.validationLoss)]
                        + categories.map { point.validationLossByCategory[$0].map { String(format: "%.4f", $0) } ?? "-" }
                        + (aligned ? [point.alignment.map { String(format: "%.4f", $0.score) } ?? "-"] : []))
        }
        if markdown {
            var lines = rows.map { "| " + $0.joined(separator: " | ") + " |" }
            lines.insert("|" + String(repeating: " ---: |", count: rows[0].count), at: 1)
            return lines.joined(separator: "\n")
        }
        return AlignedTable(rows: rows, rightAligned: Set(0..<rows[0].count)).text
    }

    /// The alignment score against the achieved share, when the sweep measured it.
    func alignmentChart(_ points: [Point]) -> LineChart? {
        guard let metric = alignment?.options.metric, points.contains(where: { $0.alignment != nil }) else { return nil }
        let series = [LineChart.Series(label: metric.rawValue, points: points.compactMap { point in
            point.alignment.map { (point.achievedShare * 100, $0.score) }
        })]
        return LineChart(title: "Alignment with the target features (best layer pair)", xLabel: "reasoning share of training tokens (%)",
                         yLabel: metric.rawValue, series: series)
    }

    /// One SVG holding the loss chart and, to its right, the alignment chart.
    func sideBySide(_ loss: LineChart, _ alignment: LineChart?) -> String {
        guard let alignment else { return loss.svg }
        let width = loss.width + alignment.width, height = max(loss.height, alignment.height)
        func placed(_ svg: String, x: Double) -> String {
            svg.hasPrefix("<svg") ? "<svg x=\"\(Int(x))\"" + svg.dropFirst(4) : svg
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
            + placed(loss.svg, x: 0) + placed(alignment.svg, x: loss.width) + "</svg>"
    }
}
