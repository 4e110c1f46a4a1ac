/// The report for a terminal: aligned tables, histograms as one line of bars each.
///
/// ```
/// $ priormix report out/classified
/// 42 documents, 312,405 bytes, 80,123 estimated tokens from 1 input
/// category     documents  share  expected    bytes  share  est. tokens  share  mean bytes  mean tokens  confidence  reasoning  visual
/// code                 9  21.4%     20.8%   31,204  10.0%        7,431   9.3%     3,467.1        825.7       0.912      0.889   0.111
/// …
/// ```
extension ReportSummary {
    public var terminalText: String {
        var sections = [headline]
        if documents > 0 {
            sections.append(categoryTable(rightAlignedFrom: 1))
            if !table4.isEmpty {
                sections.append("segments with each label, % (the paper's Table 4 layout)\n" + tagStatisticsTable)
                sections.append("label combinations, all categories\n" + combinationTable)
            } else {
                sections.append(Self.untaggedNote)
            }
            sections.append("distributions (documents per bin of [0, 1], lowest bin first)\n" + distributionLines)
        }
        if let duplicates {
            sections.append("duplicates removed, per category (documents before deduplication)\n" + Self.duplicateTable(duplicates.byCategory, first: "category"))
            sections.append("duplicates removed, per source (most duplicated first)\n" + Self.duplicateTable(duplicates.bySource, first: "source"))
        }
        sections += shardSets.map(\.terminalText)
        if let filterTerminalText { sections.append(filterTerminalText) }
        return sections.joined(separator: "\n\n") + "\n"
    }

    var headline: String {
        var parts: [String] = []
        if documents > 0 || (shardSets.isEmpty && filter == nil) {
            parts.append("\(NumberStyle.count.text(documents)) documents, \(NumberStyle.count.text(total.bytes)) bytes, "
                         + "\(NumberStyle.count.text(total.tokens)) estimated tokens")
        }
        if !shardSets.isEmpty { parts.append("\(shardSets.count) shard set\(shardSets.count == 1 ? "" : "s")") }
        if let filter { parts.append("filter statistics of \(NumberStyle.count.text(filter.documents)) documents") }
        var line = parts.joined(separator: ", ") + " from \(inputs.count) input\(inputs.count == 1 ? "" : "s")"
        if invalidLines > 0 { line += "; \(NumberStyle.count.text(invalidLines)) invalid lines skipped" }
        return line
    }

    static let categoryHeaders = ["category", "documents", "share", "expected", "bytes", "share", "est. tokens", "share",
                                  "mean bytes", "mean tokens", "confidence", "reasoning", "visual"]

    /// Cells of one category row in `categoryHeaders` order.
    static func cells(_ row: CategoryRow) -> [String] {
        [row.category, NumberStyle.count.text(row.documents), NumberStyle.percent.text(row.documentShare),
         row.expectedShare.map { NumberStyle.percent.text($0) } ?? "",
         NumberStyle.count.text(row.bytes), NumberStyle.percent.text(row.byteShare),
         NumberStyle.count.text(row.tokens), NumberStyle.percent.text(row.tokenShare),
         NumberStyle.decimal.text(row.meanBytes), NumberStyle.decimal.text(row.meanTokens), NumberStyle.score.text(row.meanConfidence),
         NumberStyle.score.text(row.meanReasoningDensity), NumberStyle.score.text(row.meanVisualDescriptiveness)]
    }

    func categoryTable(rightAlignedFrom first: Int) -> String {
        let rows = [Self.categoryHeaders] + (categories + [total]).map(Self.cells)
        return AlignedTable(rows: rows, rightAligned: Set(first..<Self.categoryHeaders.count)).text
    }

    /// Table 4 from the summary's rows, in the layout `TagStatistics.terminalTable` uses.
    var tagStatisticsTable: String {
        let headers = ["category", "segments", "vis.concept", "vis.attr", "vis.rel", "code", "math", "science", "reasoning", "visual", "none"]
        let rows = table4.map { row in
            [row.category, NumberStyle.count.text(row.segments)]
                + ContentLabel.allCases.map { NumberStyle.percent.text(row.labels[$0.rawValue] ?? 0) }
                + [NumberStyle.percent.text(row.reasoning), NumberStyle.percent.text(row.visual), NumberStyle.percent.text(row.none)]
        }
        return AlignedTable(rows: [headers] + rows, rightAligned: Set(1..<headers.count)).text
    }

    var combinationTable: String {
        let rows = combinations.map { combination in
            [Self.combinationName(combination.labels), NumberStyle.count.text(combination.segments), NumberStyle.percent.text(combination.segmentShare),
             NumberStyle.count.text(combination.tokens), NumberStyle.percent.text(combination.tokenShare)]
        }
        return AlignedTable(rows: [["labels", "segments", "share", "est. tokens", "share"]] + rows, rightAligned: [1, 2, 3, 4]).text
    }

    var distributionLines: String {
        let rows = namedDistributions.map { entry in
            [entry.title, "|" + Self.bars(entry.histogram.bins.map(\.documents)) + "|",
             "mean " + NumberStyle.score.text(entry.histogram.mean), "n=" + NumberStyle.count.text(entry.histogram.documents)]
        }
        return AlignedTable(rows: rows).text
    }

    static func duplicateCells(_ row: DuplicateRow) -> [String] {
        [row.name, NumberStyle.count.text(row.documents), NumberStyle.count.text(row.duplicates), NumberStyle.percent.text(row.rate)]
    }

    static func duplicateTable(_ rows: [DuplicateRow], first: String) -> String {
        AlignedTable(rows: [[first, "documents", "duplicates", "rate"]] + rows.map(duplicateCells), rightAligned: [1, 2, 3]).text
    }

    /// One block character per bin, its height relative to the fullest bin; `·` marks an empty bin.
    static func bars(_ counts: [Int]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        let highest = max(counts.max() ?? 0, 1)
        return String(counts.map { count in
            count == 0 ? "·" : blocks[max(1, Int((8 * Double(count) / Double(highest)).rounded(.up))) - 1]
        })
    }
}

extension ReportSummary.ShardSet {
    var headline: String {
        "shard set \(manifest): recipe \(recipe), seed \(seed), \(format); \(NumberStyle.count.text(tokens)) tokens, "
            + "\(NumberStyle.count.text(documents)) train documents in \(trainShards) train shards, "
            + "\(NumberStyle.count.text(validationDocuments)) validation documents in \(validationShards) validation shards"
    }

    var terminalText: String {
        let bucketRows = buckets.map { bucket in
            [bucket.name, NumberStyle.percent.text(bucket.targetShare), NumberStyle.percent.text(bucket.achievedShare),
             NumberStyle.points.text(bucket.difference), NumberStyle.count.text(bucket.tokens)]
        }
        let tagRows = tags.map { tag in
            [tag.name, NumberStyle.percent.text(tag.target), NumberStyle.percent.text(tag.achieved), NumberStyle.count.text(tag.tokens)]
        }
        let categoryRows = categories.map { row in
            [row.category, NumberStyle.count.text(row.tokens), NumberStyle.percent.text(row.share), NumberStyle.count.text(row.validationTokens)]
        }
        return [headline,
                AlignedTable(rows: [["bucket", "target", "achieved", "difference", "tokens"]] + bucketRows, rightAligned: [1, 2, 3, 4]).text,
                AlignedTable(rows: [["tags", "target", "achieved", "tokens"]] + tagRows, rightAligned: [1, 2, 3]).text,
                AlignedTable(rows: [["category", "tokens", "share", "validation tokens"]] + categoryRows, rightAligned: [1, 2, 3]).text]
            .joined(separator: "\n\n")
    }
}
