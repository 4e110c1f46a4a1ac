import Foundation
import PriorMix

/// The sweep's optional representation-alignment column: after each mixture's model is trained,
/// embed the same texts with its checkpoint (`TextEmbedder`, every hidden state) and score them
/// against fixed features of the same items — typically a vision model's features of the images the
/// texts describe — keeping the best layer pair, as the hypothesis paper does.
public struct SweepAlignment: Sendable {
    public var featuresPath: String
    public var textsPath: String
    public var options: AlignmentOptions
    public var textField = "text"
    public var idField = "id"

    public init(featuresPath: String, textsPath: String, options: AlignmentOptions = AlignmentOptions()) {
        self.featuresPath = featuresPath
        self.textsPath = textsPath
        self.options = options
    }

    /// Reads the target features once, before any training, so a bad file fails early.
    public func loadTarget() throws -> AlignmentFeatures { try AlignmentFeatures.read(path: featuresPath) }

    /// Embeds the texts with the newest checkpoint of `runDirectory` into `featuresOutput` and
    /// scores them against `target`.
    public func measure(runDirectory: String, tokenizer: TokenEncoding, target: AlignmentFeatures, featuresOutput: String) throws -> AlignmentResult {
        let checkpoint = try Checkpoint.resolve(runDirectory)
        var embedder = TextEmbedder(model: try Checkpoint.loadModel(directory: checkpoint), codec: tokenizer)
        embedder.textField = textField
        embedder.idField = idField
        embedder.threads = options.threads
        embedder.checkpoint = checkpoint
        _ = try embedder.run(input: textsPath, output: featuresOutput)
        return try LayerAlignment.measure(try AlignmentFeatures.read(path: featuresOutput), target, options: options)
    }
}
