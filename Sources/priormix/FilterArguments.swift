import ArgumentParser
import Foundation
import PriorMix

/// The options of `filter` and of the filter stage of `run`.
struct FilterArguments: ParsableArguments {
    @Option(help: "Filter rules (YAML), e.g. taxonomy/filters/fineweb.yaml (presets: default, gopher, c4, fineweb).")
    var rules: String?
    @Flag(help: "Remove nothing: annotate each document with a `filter` member holding every rule's measured values and verdict.")
    var dryRun = false

    /// The stage, with the process's allocator tuned for it (`filter` and `run` alike).
    func stage() throws -> FilterStage {
        guard let rules else { throw ValidationError("the filter stage needs --rules FILE (see taxonomy/filters/)") }
        AllocatorTuning.keepFreedMemory()
        return FilterStage(rules: try FilterRuleSet.load(path: rules), dryRun: dryRun)
    }
}
