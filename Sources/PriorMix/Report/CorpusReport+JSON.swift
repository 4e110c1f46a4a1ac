import Foundation

/// `priormix report --json` writes one object:
///
/// ```json
/// {"formatVersion": 1,
///  "summary": {…shares, means, Table 4 rows, distributions, shard sets (ReportSummary)…},
///  "counts": {…integer counts and fixed-bin histograms (CorpusReport)…}}
/// ```
/// `summary` is for reading; `counts` is what `priormix report --merge` adds up, so the merge of
/// reports on the parts of a corpus is byte-for-byte the report on the whole.
extension CorpusReport {
    private struct Document: Encodable {
        var formatVersion: Int
        var summary: ReportSummary
        var counts: CorpusReport
    }

    private struct Counts: Decodable {
        var formatVersion: Int
        var counts: CorpusReport
    }

    /// Keys sorted and indented, so equal reports are equal bytes.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(Document(formatVersion: Self.formatVersion, summary: ReportSummary(self), counts: self))
    }

    /// Reads the counts of a report written by `--json`.
    public static func load(path: String) throws -> CorpusReport {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PriorMixError(.io, "cannot read report: \(error.localizedDescription)", file: path)
        }
        let hint = "--merge takes files written by priormix report --json"
        let decoded: Counts
        do {
            decoded = try JSONDecoder().decode(Counts.self, from: data)
        } catch let error as DecodingError {
            throw PriorMixError(.malformedInput, "not a PriorMix report: \(ReportedDocument.describe(error).replacingOccurrences(of: "priormix", with: "report"))",
                                file: path, hint: hint)
        }
        guard decoded.formatVersion == formatVersion, decoded.counts.formatVersion == formatVersion else {
            throw PriorMixError(.malformedInput, "report format version \(decoded.formatVersion), this priormix reads version \(formatVersion)",
                                file: path, hint: "write the report again with this version of priormix")
        }
        if let problem = decoded.counts.shapeProblem {
            throw PriorMixError(.malformedInput, "not a PriorMix report: \(problem)", file: path, hint: hint)
        }
        return decoded.counts
    }

    /// Arrays whose length the merge relies on, checked on reports read from files.
    var shapeProblem: String? {
        for (category, totals) in statistics.categories where totals.confidenceHistogram.count != Self.confidenceBins {
            return "\(category): confidence histogram has \(totals.confidenceHistogram.count) bins, not \(Self.confidenceBins)"
        }
        for (category, counts) in statistics.tags.categories where counts.segmentsByCombination.count != 64 || counts.tokensByCombination.count != 64 {
            return "\(category): label combination counts need 64 entries"
        }
        for (category, counts) in perCategory {
            for (name, density) in [("reasoning", counts.reasoning), ("visual", counts.visual)]
            where density.shareHistogram.bins != Self.densityBins || density.scoreHistogram.bins != Self.densityBins {
                return "\(category): \(name) histograms need \(Self.densityBins) bins"
            }
        }
        return nil
    }
}
