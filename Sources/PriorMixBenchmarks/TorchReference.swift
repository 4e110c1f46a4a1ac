import Foundation
import PriorMix
import PriorMixTrainer

/// The benchmark's reference: the same Llama decoder and training step (AdamW, clipping) written
/// in plain PyTorch (scripts/bench_train_torch.py), run by a Python that has torch. Used only when
/// present; never installed.
struct TorchReference {
    let python: String

    init?(python: String) {
        guard let probe = try? ProcessRunner.run("/usr/bin/env", [python, "-c", "import torch"], environment: Self.environment),
              probe.status == 0 else { return nil }
        self.python = python
    }

    func tokensPerSecond(config: ModelConfig, batchSize: Int, steps: Int, threads: Int) throws -> Double {
        let arguments = [config.vocabularySize, config.hiddenSize, config.layers, config.heads, config.keyValueHeads,
                         config.intermediateSize, config.contextLength, batchSize, steps, threads].map(String.init)
        let output = try PeerScript.run("bench_train_torch.py", python: python, arguments: arguments, environment: Self.environment)
        guard let value = Double(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw PriorMixError(.internalFailure, "the PyTorch reference printed no rate: \(String(decoding: output.suffix(500), as: UTF8.self))")
        }
        return value
    }

    /// PyTorch's own intra-op threads only: an OpenBLAS pool inside each of them oversubscribes the cores.
    static let environment = ["OPENBLAS_NUM_THREADS": "1"]
}
