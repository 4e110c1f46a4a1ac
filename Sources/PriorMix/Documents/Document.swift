/// One normalized document, the unit every PriorMix stage passes along.
///
/// `fields` holds whatever else the input carried (Dolma's `added` and `metadata`, RedPajama's
/// `meta`, a reader's own metadata), as raw JSON in input order, so it reaches the output untouched.
public struct Document: Sendable, Equatable {
    public var id: String
    public var text: String
    public var source: String
    public var fields: [RawJSONField]
    /// Where the runner read the document: its input unit and its record's ordinal in that unit.
    /// Filled by `StageRunner` before the stages run (nil elsewhere), so a stage that acts on
    /// decisions made over the whole corpus (deduplication) knows which document it sees.
    public var position: DocumentPosition?

    public init(id: String, text: String, source: String, fields: [RawJSONField] = []) {
        self.id = id
        self.text = text
        self.source = source
        self.fields = fields
    }

    /// The raw JSON value of a carried field, if present.
    public func field(_ name: String) -> [UInt8]? {
        fields.first { $0.name == name }?.rawValue
    }
}

/// A document's place in a run's input: the unit (`InputPlan.Unit.index`) and the ordinal of its
/// record among the unit's records. Units do not depend on the rank count, so neither does this.
public struct DocumentPosition: Sendable, Hashable, Comparable {
    public var unit: Int
    public var ordinal: Int

    public init(unit: Int, ordinal: Int) {
        self.unit = unit
        self.ordinal = ordinal
    }

    public static func < (a: DocumentPosition, b: DocumentPosition) -> Bool {
        a.unit != b.unit ? a.unit < b.unit : a.ordinal < b.ordinal
    }
}

/// A JSON member kept verbatim: `name` is the decoded key, `rawValue` valid UTF-8 JSON text.
public struct RawJSONField: Sendable, Equatable {
    public var name: String
    public var rawValue: [UInt8]

    public init(name: String, rawValue: [UInt8]) {
        self.name = name
        self.rawValue = rawValue
    }

    /// A field whose value is a JSON object built from string members (reader metadata).
    public static func object(_ name: String, _ members: [(String, String)]) -> RawJSONField {
        var json = JSONWriter()
        json.beginObject()
        for (key, value) in members { json.member(key, string: value) }
        json.endObject()
        return RawJSONField(name: name, rawValue: json.bytes)
    }
}
