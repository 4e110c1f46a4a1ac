/// The HTML page's sections on filter runs and on duplicates, with every number tied to its place
/// in the JSON report as the rest of the page is. Names taken from data (rules, checks, categories,
/// sources) sit in `name` elements, so the page check reads them as text, not as numbers.
extension ReportSummary {
    var filterHTML: String {
        guard let filter else { return "" }
        let base: [CustomStringConvertible] = ["summary", "filter"]
        var out = "<h2 id=\"filter\">Filter rules</h2>\n<p class=\"note\">" + ReportNumber(filter.documents, at: jsonPointer(base + ["documents"])).element("span") + " documents, "
            + ReportNumber(filter.removalRate, .percent, at: jsonPointer(base + ["removalRate"])).element("span")
            + (filter.dryRun ? " would be removed (dry run)" : " removed")
            + "; a rule sees the documents the rules before it kept.</p>\n<table>\n<tr><th>rule</th><th>seen</th><th>removed</th><th>rate</th><th>rewritten</th><th class=\"text\">removed by check</th></tr>\n"
        for (index, rule) in filter.rules.enumerated() {
            let row: [CustomStringConvertible] = ["rules", index]
            let checks = rule.removedByCheck.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { key, value in
                "<span class=\"name\">\(HTML.escape(key))</span> " + ReportNumber(value, at: jsonPointer(base + row + ["removedByCheck", key])).element("span")
            }
            out += "<tr><td class=\"name\">\(HTML.escape(rule.name))</td>"
                + ReportNumber(rule.evaluated, at: jsonPointer(base + row + ["evaluated"])).element("td")
                + ReportNumber(rule.removed, at: jsonPointer(base + row + ["removed"])).element("td")
                + ReportNumber(rule.removalRate, .percent, at: jsonPointer(base + row + ["removalRate"])).element("td")
                + ReportNumber(rule.rewritten, at: jsonPointer(base + row + ["rewritten"])).element("td")
                + "<td class=\"text\">" + checks.joined(separator: ", ") + "</td></tr>\n"
        }
        out += "</table>\n"
        for (ruleIndex, rule) in filter.rules.enumerated() {
            for (index, distribution) in rule.distributions.enumerated() where distribution.measured > 0 {
                let path: [CustomStringConvertible] = ["rules", ruleIndex, "distributions", index, "bins"]
                out += "<h3><span class=\"name\">\(HTML.escape(rule.name)): \(HTML.escape(distribution.name))</span></h3>\n<table>\n<tr><th>bin</th><th>documents</th><th>share</th></tr>\n"
                for (binIndex, bin) in distribution.bins.enumerated() where bin.documents > 0 {
                    out += "<tr><td class=\"range\">\(HTML.escape(Self.binLabel(bin)))</td>"
                        + ReportNumber(bin.documents, at: jsonPointer(base + path + [binIndex, "documents"])).element("td")
                        + ReportNumber(bin.share, .percent, at: jsonPointer(base + path + [binIndex, "share"])).element("td") + "</tr>\n"
                }
                out += "</table>\n"
            }
        }
        return out
    }

    var duplicatesHTML: String {
        guard let duplicates else { return "" }
        var out = "<h2 id=\"duplicates\">Duplicates</h2>\n<p class=\"note\">Documents before deduplication and the duplicates removed, per category and per source (most duplicated first).</p>\n"
        for (key, title, rows) in [("byCategory", "category", duplicates.byCategory), ("bySource", "source", duplicates.bySource)] {
            out += "<table>\n<tr><th>\(title)</th><th>documents</th><th>duplicates</th><th>rate</th></tr>\n"
            for (index, row) in rows.enumerated() {
                let path: [CustomStringConvertible] = ["summary", "duplicates", key, index]
                out += "<tr\(row.name == "total" ? " class=\"total\"" : "")><td class=\"name\">\(HTML.escape(row.name))</td>"
                    + ReportNumber(row.documents, at: jsonPointer(path + ["documents"])).element("td")
                    + ReportNumber(row.duplicates, at: jsonPointer(path + ["duplicates"])).element("td")
                    + ReportNumber(row.rate, .percent, at: jsonPointer(path + ["rate"])).element("td") + "</tr>\n"
            }
            out += "</table>\n"
        }
        return out
    }
}
