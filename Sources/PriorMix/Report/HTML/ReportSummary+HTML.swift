/// The report as one self-contained HTML page: inline CSS and hand-written SVG charts, no script,
/// no font or image to fetch. Every number on the page sits in an element carrying its JSON
/// pointer and exact value (see `ReportNumber`); bin edges and axis ticks are marked `axis`.
extension ReportSummary {
    public var html: String {
        var body = "<h1>PriorMix report</h1>\n" + headlineHTML + inputsHTML
        if documents > 0 {
            body += categoriesHTML
            body += table4.isEmpty ? "<p class=\"note\">\(HTML.escape(Self.untaggedNote)).</p>\n" : labelsHTML
            body += distributionsHTML
        }
        body += duplicatesHTML
        for index in shardSets.indices { body += shardSetHTML(index) }
        body += filterHTML
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>PriorMix report</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <main>
            \(body)</main>
            </body>
            </html>

            """
    }

    static let style = """
        body{margin:0;background:#fff;color:#1a1a1a;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
        main{max-width:1320px;margin:0 auto;padding:24px 28px 48px}
        h1{font-size:26px;margin:0 0 6px}h2{font-size:20px;margin:34px 0 6px;border-bottom:1px solid #ddd;padding-bottom:4px}
        h3{font-size:15px;margin:18px 0 4px}p.note{color:#555;margin:4px 0 10px}
        table{border-collapse:collapse;margin:10px 0 4px;font-variant-numeric:tabular-nums}
        th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
        th:first-child,td:first-child,th.text,td.text{text-align:left}td.text{white-space:normal;max-width:560px}th{background:#f5f6f8;font-weight:600}
        tr.total td{border-top:2px solid #bbb;font-weight:600}
        code{font-size:12px}ul.inputs{margin:4px 0;padding-left:20px;columns:2}
        .grid{display:grid;grid-template-columns:repeat(2,max-content);gap:8px 24px}
        figure{margin:10px 0}figcaption{font-weight:600;margin-bottom:2px}
        svg.chart{display:block;font-family:inherit}
        svg .label{font-size:12px;fill:#1a1a1a}svg .value{font-size:10px;fill:#333}svg .cell{font-size:11px}
        svg .head{font-size:11px;fill:#333;font-weight:600}svg .legend{font-size:12px;fill:#333}
        svg .axis{font-size:10px;fill:#666}svg .grid{stroke:#e3e3e3}svg .baseline{stroke:#999}
        """

    var headlineHTML: String {
        var parts: [String] = []
        if documents > 0 || shardSets.isEmpty {
            parts = [ReportNumber(documents, at: jsonPointer("summary", "documents")).element("span") + " annotated documents",
                     ReportNumber(total.bytes, at: jsonPointer("summary", "total", "bytes")).element("span") + " bytes",
                     ReportNumber(total.tokens, at: jsonPointer("summary", "total", "tokens")).element("span") + " estimated tokens"]
        }
        if !shardSets.isEmpty { parts.append("shard sets from their manifests") }
        if invalidLines > 0 {
            parts.append(ReportNumber(invalidLines, at: jsonPointer("summary", "invalidLines")).element("span") + " invalid lines skipped")
        }
        return "<p class=\"lead\">" + parts.joined(separator: ", ") + "</p>\n"
    }

    var inputsHTML: String {
        let items = inputs.map { "<li><code class=\"path\">\(HTML.escape($0))</code></li>" }.joined()
        return "<details\(inputs.count <= 12 ? " open" : "")><summary>inputs</summary><ul class=\"inputs\">\(items)</ul></details>\n"
    }

    var categoriesHTML: String {
        let chart = GroupedBarChart(
            title: "share of the corpus per category",
            series: [.init(name: "documents", color: "#9ecae1"), .init(name: "estimated tokens", color: "#3182bd")],
            rows: categories.enumerated().map { index, row in
                .init(label: row.category, values: [ReportNumber(row.documentShare, .percent, at: jsonPointer("summary", "categories", index, "documentShare")),
                                                     ReportNumber(row.tokenShare, .percent, at: jsonPointer("summary", "categories", index, "tokenShare"))])
            })
        var out = "<h2 id=\"categories\">Categories</h2>\n<p class=\"note\">Tokens are the tagger's estimate (about four ASCII bytes a token), not a tokenizer's count. "
            + "Expected is the sum of the classifier's probabilities for the category (its three most probable categories per document), as a share of the documents; share counts each document's most probable category. "
            + "Reasoning and visual are means over tagged documents of the share of segments with such a label.</p>\n"
        out += "<figure><figcaption>Share of the corpus per category</figcaption>\(chart.svg)</figure>\n"
        out += "<table>\n<tr>" + Self.categoryHeaders.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr>\n"
        for (index, row) in categories.enumerated() {
            out += "<tr>" + categoryCells(row, pointer: { jsonPointer("summary", "categories", index, $0) }) + "</tr>\n"
        }
        out += "<tr class=\"total\">" + categoryCells(total, pointer: { jsonPointer("summary", "total", $0) }) + "</tr>\n</table>\n"
        return out
    }

    private func categoryCells(_ row: CategoryRow, pointer: (String) -> String) -> String {
        func cell(_ value: Double?, _ style: NumberStyle, _ key: String) -> String {
            guard let value else { return "<td>-</td>" }
            return ReportNumber(value, style, at: pointer(key)).element("td")
        }
        return "<td>\(HTML.escape(row.category))</td>"
            + cell(Double(row.documents), .count, "documents") + cell(row.documentShare, .percent, "documentShare")
            + cell(row.expectedShare, .percent, "expectedShare")
            + cell(Double(row.bytes), .count, "bytes") + cell(row.byteShare, .percent, "byteShare")
            + cell(Double(row.tokens), .count, "tokens") + cell(row.tokenShare, .percent, "tokenShare")
            + cell(row.meanBytes, .decimal, "meanBytes") + cell(row.meanTokens, .decimal, "meanTokens")
            + cell(row.meanConfidence, .score, "meanConfidence")
            + cell(row.meanReasoningDensity, .score, "meanReasoningDensity") + cell(row.meanVisualDescriptiveness, .score, "meanVisualDescriptiveness")
    }

    var labelsHTML: String {
        let columns = ContentLabel.allCases.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") } + ["reasoning comb.", "visual comb.", "no label"]
        let map = HeatMapChart(title: "share of segments with each label per category", columns: columns, sizeColumn: "segments",
            rows: table4.enumerated().map { index, row in
                let at = { (key: String) in jsonPointer("summary", "table4", index, key) }
                let labels = ContentLabel.allCases.map { label in
                    ReportNumber(row.labels[label.rawValue] ?? 0, .percent, at: jsonPointer("summary", "table4", index, "labels", label.rawValue))
                }
                return .init(label: row.category, size: ReportNumber(row.segments, at: at("segments")),
                             cells: labels + [ReportNumber(row.reasoning, .percent, at: at("reasoning")), ReportNumber(row.visual, .percent, at: at("visual")),
                                              ReportNumber(row.none, .percent, at: at("none"))])
            })
        var out = "<h2 id=\"labels\">Content labels</h2>\n<p class=\"note\">The paper's <span class=\"name\">Table 4</span> layout: percent of each category's segments carrying each label; "
            + "a combination counts segments with any label of the group.</p>\n"
        out += "<figure><figcaption>Segments with each label, by category</figcaption>\(map.svg)</figure>\n"
        out += "<h3>Label combinations, all categories</h3>\n<table>\n<tr><th>labels</th><th>segments</th><th>share</th><th>est. tokens</th><th>share</th></tr>\n"
        for (index, combination) in combinations.enumerated() {
            let at = { (key: String) in jsonPointer("summary", "combinations", index, key) }
            out += "<tr><td>\(HTML.escape(Self.combinationName(combination.labels)))</td>"
                + ReportNumber(combination.segments, at: at("segments")).element("td") + ReportNumber(combination.segmentShare, .percent, at: at("segmentShare")).element("td")
                + ReportNumber(combination.tokens, at: at("tokens")).element("td") + ReportNumber(combination.tokenShare, .percent, at: at("tokenShare")).element("td")
                + "</tr>\n"
        }
        return out + "</table>\n"
    }

    var distributionsHTML: String {
        let colors = ["confidence": "#3182bd", "reasoningDensity": "#756bb1", "reasoningScore": "#9e9ac8",
                      "visualDescriptiveness": "#31a354", "visualScore": "#74c476"]
        var out = "<h2 id=\"distributions\">Distributions</h2>\n<p class=\"note\">Documents per bin of <span class=\"range\">[0, 1]</span>; bins are fixed, so reports of parts merge exactly.</p>\n<div class=\"grid\">\n"
        for entry in namedDistributions {
            let at = { (parts: [CustomStringConvertible]) in "/summary/distributions/\(entry.key)" + parts.map { "/\($0)" }.joined() }
            let chart = HistogramChart(title: entry.title, counts: entry.histogram.bins.enumerated().map { index, bin in
                ReportNumber(bin.documents, .compact, at: at(["bins", index, "documents"]))
            }, color: colors[entry.key] ?? "#3182bd")
            let mean = entry.histogram.mean.map { ReportNumber($0, .score, at: at(["mean"])).element("span") } ?? "-"
            out += "<figure><figcaption>\(HTML.escape(entry.title)): mean \(mean), "
                + ReportNumber(entry.histogram.documents, at: at(["documents"])).element("span") + " documents</figcaption>\(chart.svg)</figure>\n"
        }
        return out + "</div>\n"
    }

    func shardSetHTML(_ index: Int) -> String {
        let set = shardSets[index]
        let at = { (parts: [CustomStringConvertible]) in "/summary/shardSets/\(index)" + parts.map { "/\($0)" }.joined() }
        var rows = set.buckets.enumerated().map { position, bucket in
            GroupedBarChart.Row(label: bucket.name, values: [ReportNumber(bucket.targetShare, .percent, at: at(["buckets", position, "targetShare"])),
                                                            ReportNumber(bucket.achievedShare, .percent, at: at(["buckets", position, "achievedShare"]))])
        }
        rows += set.tags.enumerated().map { position, tag in
            GroupedBarChart.Row(label: tag.name + " tags", values: [tag.target.map { ReportNumber($0, .percent, at: at(["tags", position, "target"])) },
                                                                   ReportNumber(tag.achieved, .percent, at: at(["tags", position, "achieved"]))])
        }
        let chart = GroupedBarChart(title: "target and achieved share per bucket",
                                    series: [.init(name: "recipe target", color: "#bdbdbd"), .init(name: "achieved", color: "#e6550d")], rows: rows)
        var out = "<h2 id=\"shard-set-\(index)\">Shard set <code class=\"path\">\(HTML.escape(set.manifest))</code></h2>\n"
        out += "<p class=\"note\">Recipe <b class=\"name\">\(HTML.escape(set.recipe))</b>, <span class=\"name\">\(HTML.escape(set.format))</span> shards; "
            + ReportNumber(set.tokens, at: at(["tokens"])).element("span") + " tokens (the mixture's tokenizer), "
            + ReportNumber(set.documents, at: at(["documents"])).element("span") + " train documents in "
            + ReportNumber(set.trainShards, at: at(["trainShards"])).element("span") + " train shards and "
            + ReportNumber(set.validationDocuments, at: at(["validationDocuments"])).element("span") + " validation documents in "
            + ReportNumber(set.validationShards, at: at(["validationShards"])).element("span") + " validation shards.</p>\n"
        out += "<figure><figcaption>Recipe target beside achieved composition</figcaption>\(chart.svg)</figure>\n"
        out += "<table>\n<tr><th>bucket</th><th class=\"text\">categories</th><th>target</th><th>achieved</th><th>difference</th><th>tokens</th></tr>\n"
        for (position, bucket) in set.buckets.enumerated() {
            out += "<tr><td>\(HTML.escape(bucket.name))</td><td class=\"text\">\(HTML.escape(bucket.categories.joined(separator: ", ")))</td>"
                + ReportNumber(bucket.targetShare, .percent, at: at(["buckets", position, "targetShare"])).element("td")
                + ReportNumber(bucket.achievedShare, .percent, at: at(["buckets", position, "achievedShare"])).element("td")
                + ReportNumber(bucket.difference, .points, at: at(["buckets", position, "difference"])).element("td")
                + ReportNumber(bucket.tokens, at: at(["buckets", position, "tokens"])).element("td") + "</tr>\n"
        }
        out += "</table>\n<table>\n<tr><th>tags</th><th>target</th><th>achieved</th><th>tokens</th></tr>\n"
        for (position, tag) in set.tags.enumerated() {
            out += "<tr><td>\(HTML.escape(tag.name))</td>"
                + (tag.target.map { ReportNumber($0, .percent, at: at(["tags", position, "target"])).element("td") } ?? "<td>-</td>")
                + ReportNumber(tag.achieved, .percent, at: at(["tags", position, "achieved"])).element("td")
                + ReportNumber(tag.tokens, at: at(["tags", position, "tokens"])).element("td") + "</tr>\n"
        }
        out += "</table>\n<table>\n<tr><th>category</th><th>tokens</th><th>share</th><th>validation tokens</th></tr>\n"
        for (position, row) in set.categories.enumerated() {
            out += "<tr><td>\(HTML.escape(row.category))</td>"
                + ReportNumber(row.tokens, at: at(["categories", position, "tokens"])).element("td")
                + ReportNumber(row.share, .percent, at: at(["categories", position, "share"])).element("td")
                + ReportNumber(row.validationTokens, at: at(["categories", position, "validationTokens"])).element("td") + "</tr>\n"
        }
        return out + "</table>\n"
    }
}
