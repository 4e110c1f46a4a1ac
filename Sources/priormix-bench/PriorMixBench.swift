import ArgumentParser
import PriorMixBenchmarks

/// `priormix-bench`: the benchmarks on their own, the same subcommands as `priormix bench`.
///
/// ```
/// $ swift build -c release && .build/release/priormix-bench tokenize --size-mb 8
/// ```
@main
struct PriorMixBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "priormix-bench",
        abstract: Bench.configuration.abstract,
        subcommands: Bench.configuration.subcommands
    )
}
