/// The removal pass's stage: acts on the merge's decisions for the document at hand (found by the
/// position the runner gives every document). A duplicate is removed with reason `duplicate` and
/// a detail naming the survivor's id and the cluster; a survivor keeps its text and gains a
/// `dedup` field `{"cluster": "unit:ordinal", "size": n}`; in paragraph mode the repeated lines
/// are dropped (the document gains `{"paragraphs_removed": k}`), and a document left with no
/// text is removed as a duplicate.
public struct DuplicateRemovalStage: DocumentStage {
    public typealias Statistics = DedupStatistics

    let store: DecisionStore
    let options: DedupOptions

    init(store: DecisionStore, options: DedupOptions) {
        self.store = store
        self.options = options
    }

    public var name: String { "dedup" }
    public var fingerprint: String { options.fingerprint }

    public func process(_ document: Document, statistics: inout DedupStatistics) -> StageVerdict {
        statistics.mode = options.mode.rawValue
        var counts = DedupStatistics.Counts()
        counts.documents = 1
        defer {
            statistics.totals.merge(counts)
            statistics.bySource[document.source, default: .init()].merge(counts)
            if let category = Self.category(of: document) { statistics.byCategory[category, default: .init()].merge(counts) }
        }
        guard let position = document.position else { return .keep(document) }
        // Every decisions file is read once before the pass (`DedupMerge.validate`), so a failure here
        // means the work folder changed under the run: the document is kept rather than lost.
        guard let decision = try? store.decision(position) else { return .keep(document) }
        if let lines = decision.lines {
            return dropLines(lines, from: document, counts: &counts)
        }
        guard let cluster = decision.cluster else { return .keep(document) }
        if let survivor = decision.survivor {
            counts.duplicates = 1
            counts.bytesRemoved = document.text.utf8.count
            return .remove(reason: "duplicate", detail: "duplicate of \(survivor) (cluster \(cluster), \(decision.size ?? 2) documents)")
        }
        statistics.clusters += 1
        var kept = document
        kept.setField(RawJSONField(name: "dedup", rawValue: Array(#"{"cluster":"\#(cluster)","size":\#(decision.size ?? 1)}"#.utf8)))
        return .keep(kept)
    }

    private func dropLines(_ indices: [Int], from document: Document, counts: inout DedupStatistics.Counts) -> StageVerdict {
        let drop = Set(indices)
        let lines = ParagraphLines.lines(document.text)
        var kept: [Substring] = []
        for (index, line) in lines.enumerated() {
            if drop.contains(index) {
                counts.paragraphsRemoved += 1
                counts.bytesRemoved += line.utf8.count + (index + 1 < lines.count ? 1 : 0)
            } else {
                kept.append(line)
            }
        }
        let text = kept.joined(separator: "\n")
        if text.allSatisfy(\.isWhitespace) {
            counts.duplicates = 1
            return .remove(reason: "duplicate", detail: "every paragraph (\(counts.paragraphsRemoved)) repeats earlier text")
        }
        var changed = document
        changed.text = text
        changed.setField(RawJSONField(name: "dedup", rawValue: Array(#"{"paragraphs_removed":\#(counts.paragraphsRemoved)}"#.utf8)))
        return .keep(changed)
    }

    /// The category of an annotated document (`priormix.category`), if it has one.
    static func category(of document: Document) -> String? {
        guard let raw = document.field("priormix") else { return nil }
        return raw.withUnsafeBufferPointer { bytes -> String? in
            guard let members = try? JSONScanner.members(of: bytes),
                  let member = members.first(where: { $0.key == "category" }), member.kind == .string else { return nil }
            return JSONScanner.decodeString(bytes, range: member.value).text
        }
    }
}

extension Document {
    /// Sets a carried field, replacing one of the same name.
    mutating func setField(_ field: RawJSONField) {
        if let index = fields.firstIndex(where: { $0.name == field.name }) { fields[index] = field } else { fields.append(field) }
    }
}
