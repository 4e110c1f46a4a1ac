/// The report as Markdown: the same sections as the terminal, histograms as tables of bins.
extension ReportSummary {
    public var markdown: String {
        var out = "# PriorMix report\n\n" + headline + "\n\n"
        if documents > 0 {
            out += "## Categories\n\nTokens are the tagger's estimate (about four ASCII bytes a token), not a tokenizer's count.\n\n"
            out += Self.markdownTable(headers: Self.categoryHeaders, rows: (categories + [total]).map(Self.cells))
            if !table4.isEmpty {
                out += "\n## Content labels (the paper's Table 4 layout)\n\nPercent of segments with each label.\n\n"
                let headers = ["category", "segments"] + ContentLabel.allCases.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") }
                    + ["reasoning comb.", "visual comb.", "none"]
                out += Self.markdownTable(headers: headers, rows: table4.map { row in
                    [row.category, NumberStyle.count.text(row.segments)]
                        + ContentLabel.allCases.map { NumberStyle.percent.text(row.labels[$0.rawValue] ?? 0) }
                        + [NumberStyle.percent.text(row.reasoning), NumberStyle.percent.text(row.visual), NumberStyle.percent.text(row.none)]
                })
                out += "\n### Label combinations, all categories\n\n"
                out += Self.markdownTable(headers: ["labels", "segments", "share", "est. tokens", "share"], rows: combinations.map { combination in
                    [Self.combinationName(combination.labels), NumberStyle.count.text(combination.segments), NumberStyle.percent.text(combination.segmentShare),
                     NumberStyle.count.text(combination.tokens), NumberStyle.percent.text(combination.tokenShare)]
                })
            }
            if table4.isEmpty { out += "\n" + Self.untaggedNote + ".\n" }
            out += "\n## Distributions\n\nDocuments per bin of [0, 1].\n"
            for entry in namedDistributions {
                out += "\n### \(entry.title) (mean \(NumberStyle.score.text(entry.histogram.mean)), \(NumberStyle.count.text(entry.histogram.documents)) documents)\n\n"
                out += Self.markdownTable(headers: ["bin", "documents", "share"], rows: entry.histogram.bins.map { bin in
                    ["\(NumberStyle.score.text(bin.lower))–\(NumberStyle.score.text(bin.upper))", NumberStyle.count.text(bin.documents), NumberStyle.percent.text(bin.share)]
                })
            }
        }
        if let duplicates {
            out += "\n## Duplicates\n\nDocuments before deduplication and the duplicates removed, per category and per source (most duplicated first).\n\n"
            out += Self.markdownTable(headers: ["category", "documents", "duplicates", "rate"], rows: duplicates.byCategory.map(Self.duplicateCells))
            out += "\n" + Self.markdownTable(headers: ["source", "documents", "duplicates", "rate"], rows: duplicates.bySource.map(Self.duplicateCells))
        }
        for set in shardSets {
            out += "\n## Shard set `\(set.manifest)`\n\n" + set.headline + "\n\n"
            out += Self.markdownTable(headers: ["bucket", "categories", "target", "achieved", "difference", "tokens"], rows: set.buckets.map { bucket in
                [bucket.name, bucket.categories.joined(separator: ", "), NumberStyle.percent.text(bucket.targetShare), NumberStyle.percent.text(bucket.achievedShare),
                 NumberStyle.points.text(bucket.difference), NumberStyle.count.text(bucket.tokens)]
            })
            out += "\n" + Self.markdownTable(headers: ["tags", "target", "achieved", "tokens"], rows: set.tags.map { tag in
                [tag.name, NumberStyle.percent.text(tag.target), NumberStyle.percent.text(tag.achieved), NumberStyle.count.text(tag.tokens)]
            })
            out += "\n" + Self.markdownTable(headers: ["category", "tokens", "share", "validation tokens"], rows: set.categories.map { row in
                [row.category, NumberStyle.count.text(row.tokens), NumberStyle.percent.text(row.share), NumberStyle.count.text(row.validationTokens)]
            })
        }
        if let filterMarkdown { out += filterMarkdown }
        return out
    }

    /// A GitHub table: the first column left-aligned, numbers right-aligned.
    static func markdownTable(headers: [String], rows: [[String]]) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        let rule = "|---|" + String(repeating: "--:|", count: max(0, headers.count - 1)) + "\n"
        return line(headers) + rule + rows.map(line).joined()
    }
}
