import Foundation

/// Quotas for one mixture: for every (bucket, tag class) cell, how many tokens to take, as whole
/// repeats of every document plus one more copy of the documents whose sampling key falls below a
/// cut. The cut is chosen on the token histogram, so quotas are met to within one histogram bin.
public struct MixturePlan: Codable, Sendable {
    public struct CellPlan: Codable, Sendable {
        public var available: Int
        public var target: Int
        /// Every document of the cell appears this many times …
        public var wholeRepeats: Int
        /// … plus once more when its sampling-key bin is below this.
        public var extraBelowBin: Int
        /// Tokens this plan takes (whole repeats plus the bins below the cut).
        public var planned: Int
        public var plannedReasoning: Double
        public var plannedVisual: Double
    }

    public struct BucketPlan: Codable, Sendable {
        public var name: String
        public var categories: [String]
        public var targetShare: Double
        public var available: Int
        public var cells: [CellPlan]
        public var planned: Int { cells.reduce(0) { $0 + $1.planned } }
        public var target: Int { cells.reduce(0) { $0 + $1.target } }
    }

    public var recipe: String
    public var seed: UInt64
    public var totalTokens: Int
    public var buckets: [BucketPlan]
    public var reasoningTarget: Double?
    public var visualTarget: Double?
    /// Buckets that cannot be filled within the epoch cap: name and shortfall in tokens.
    public var shortfalls: [String: Int]

    public var plannedTokens: Int { buckets.reduce(0) { $0 + $1.planned } }
    public var plannedReasoningShare: Double { buckets.flatMap(\.cells).reduce(0) { $0 + $1.plannedReasoning } / Double(max(plannedTokens, 1)) }
    public var plannedVisualShare: Double { buckets.flatMap(\.cells).reduce(0) { $0 + $1.plannedVisual } / Double(max(plannedTokens, 1)) }

    /// Plans `totalTokens` from the corpus statistics. Throws when a bucket cannot be filled within
    /// `maxEpochs` repeats, unless `allowShortfall` (the bucket then takes all it can).
    public static func make(recipe: Recipe, statistics: MixtureStatistics, totalTokens: Int, allowShortfall: Bool) throws -> MixturePlan {
        let buckets = recipe.effectiveBuckets
        let total = Double(totalTokens)
        let classes = MixtureStatistics.TagClass.allCases.count
        var natural = [[Double]](), reasoning = [[Double]](), visual = [[Double]](), upper = [[Double]]()
        for b in buckets.indices {
            let cells = statistics.cells[b]
            let bucketTokens = Double(max(statistics.bucketTokens(b), 1))
            natural.append(cells.map { Double($0.tokens) / bucketTokens })
            reasoning.append(cells.map { $0.tokens > 0 ? Double($0.reasoningTokens) / Double($0.tokens) : 0 })
            visual.append(cells.map { $0.tokens > 0 ? Double($0.visualTokens) / Double($0.tokens) : 0 })
            upper.append(cells.map { recipe.maxEpochs * Double($0.tokens) / total })
        }
        let solver = TagMixSolver(bucketShares: buckets.map(\.share), natural: natural, reasoningFraction: reasoning,
                                  visualFraction: visual, upperBound: upper,
                                  reasoningTarget: recipe.reasoningTarget, visualTarget: recipe.visualTarget)
        let weights = solver.solve()

        var plans: [BucketPlan] = []
        var shortfalls: [String: Int] = [:]
        for (b, bucket) in buckets.enumerated() {
            let bucketTarget = Int((bucket.share * total).rounded())
            var cellPlans: [CellPlan] = []
            for k in 0..<classes {
                let cell = statistics.cells[b][k]
                let target = Int((weights[b][k] * total).rounded())
                cellPlans.append(plan(cell: cell, target: target))
            }
            // Short only when the epoch cap binds; quotas otherwise land within about one document.
            let capacity = Int(recipe.maxEpochs * Double(statistics.bucketTokens(b)))
            if bucketTarget > capacity { shortfalls[bucket.name] = bucketTarget - capacity }
            plans.append(BucketPlan(name: bucket.name, categories: bucket.categories, targetShare: bucket.share,
                                    available: statistics.bucketTokens(b), cells: cellPlans))
        }
        let plan = MixturePlan(recipe: recipe.name, seed: recipe.seed, totalTokens: totalTokens, buckets: plans,
                               reasoningTarget: recipe.reasoningTarget, visualTarget: recipe.visualTarget, shortfalls: shortfalls)
        if !shortfalls.isEmpty && !allowShortfall {
            let details = shortfalls.sorted { $0.key < $1.key }.map { name, missing in
                let bucket = plans.first { $0.name == name }!
                let needed = Int((bucket.targetShare * total).rounded())
                return "\(name) needs \(needed) tokens but has \(bucket.available) (× \(recipe.maxEpochs) epochs): short by \(missing)"
            }.joined(separator: "; ")
            throw PriorMixError(.usage, "the corpus cannot fill the recipe: \(details)", file: recipe.path,
                                hint: "add documents of those categories, raise max_epochs, lower --tokens, or pass --allow-shortfall")
        }
        return plan
    }

    /// Whole repeats plus the histogram cut that brings the cell closest to its target.
    static func plan(cell: MixtureStatistics.Cell, target: Int) -> CellPlan {
        guard cell.tokens > 0, target > 0 else {
            return CellPlan(available: cell.tokens, target: target, wholeRepeats: 0, extraBelowBin: 0, planned: 0, plannedReasoning: 0, plannedVisual: 0)
        }
        let whole = target / cell.tokens
        let remainder = target - whole * cell.tokens
        var cumulative = 0
        var cut = 0
        while cut < cell.histogram.count {
            let next = cumulative + cell.histogram[cut]
            // Stop where adding this bin would overshoot more than leaving it out undershoots.
            if next >= remainder {
                if next - remainder < remainder - cumulative { cumulative = next; cut += 1 }
                break
            }
            cumulative = next
            cut += 1
        }
        let planned = whole * cell.tokens + cumulative
        let reasoningFraction = Double(cell.reasoningTokens) / Double(cell.tokens)
        let visualFraction = Double(cell.visualTokens) / Double(cell.tokens)
        return CellPlan(available: cell.tokens, target: target, wholeRepeats: whole, extraBelowBin: cut, planned: planned,
                        plannedReasoning: Double(planned) * reasoningFraction, plannedVisual: Double(planned) * visualFraction)
    }

    /// How many copies of a document of `bucket`/`tagClass` with sampling key `unit` the mixture takes.
    public func copies(bucket: Int, tagClass: Int, unit: Double) -> Int {
        let cell = buckets[bucket].cells[tagClass]
        return cell.wholeRepeats + (MixtureStatistics.bin(unit) < cell.extraBelowBin ? 1 : 0)
    }

    /// The plan as an aligned table: per bucket target share and tokens, available tokens, planned
    /// tokens and share, the upsampling factor; then the tag shares.
    public var table: String {
        let g = ProgressLine.grouped
        var rows = [["bucket", "categories", "target", "target tokens", "available", "planned", "planned share", "epochs"]]
        let planned = Double(max(plannedTokens, 1))
        for bucket in buckets {
            rows.append([bucket.name, bucket.categories.count > 3 ? "\(bucket.categories.count) categories" : bucket.categories.joined(separator: ","),
                         String(format: "%.1f%%", bucket.targetShare * 100), g(bucket.target), g(bucket.available), g(bucket.planned),
                         String(format: "%.2f%%", 100 * Double(bucket.planned) / planned),
                         String(format: "%.2f", Double(bucket.planned) / Double(max(bucket.available, 1)))])
        }
        rows.append(["total", "", "100%", g(totalTokens), g(buckets.reduce(0) { $0 + $1.available }), g(plannedTokens), "100%", ""])
        var text = AlignedTable(rows: rows, rightAligned: [2, 3, 4, 5, 6, 7]).text
        text += String(format: "\nreasoning share %.1f%%%@, visual share %.1f%%%@", plannedReasoningShare * 100,
                       reasoningTarget.map { String(format: " (target %.1f%%)", $0 * 100) } ?? "",
                       plannedVisualShare * 100, visualTarget.map { String(format: " (target %.1f%%)", $0 * 100) } ?? "")
        if !shortfalls.isEmpty {
            text += "\nshort: " + shortfalls.sorted { $0.key < $1.key }.map { "\($0.key) by \(g($0.value)) tokens" }.joined(separator: ", ")
        }
        return text
    }
}
