import TrialCheckCore

/// A mapping file: how a wide EDC export (a REDCap CSV or JSON export, or any wide CSV)
/// becomes patient-history records. See docs/input-mappings.md.
///
/// Built by ``load(path:dictionaryPath:)``, which validates the file (every problem
/// located at file:line:column) and reads the data dictionary it names.
public struct ExportMapping: Sendable {
    /// The export's layout.
    public enum Layout: String, Sendable, CaseIterable {
        /// A REDCap export: rows grouped by `record_id`, with `redcap_event_name`,
        /// `redcap_repeat_instrument` and `redcap_repeat_instance`.
        case redcap
        /// Any other wide export: one row per patient, per visit or per form instance.
        case wide
    }

    /// The mapping file's path.
    public let path: String
    /// The export's layout.
    public let layout: Layout
    /// The column holding the patient id.
    let idColumn: MappedName
    /// The patient-level fields and the rows they are read from.
    let patient: RecordMapping
    /// The events, each with the rows it is read from.
    let events: [EventMapping]
    /// The data dictionary, if the file or the command line named one.
    let dictionary: DataDictionary?

    /// The REDCap columns that group rows: always used, never reported as not mapped.
    static let redcapColumns = ["redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance", "redcap_data_access_group"]
    /// The column of a REDCap row's repeating instrument.
    static let repeatInstrumentColumn = "redcap_repeat_instrument"
    /// The column of a REDCap row's event (longitudinal projects).
    static let eventNameColumn = "redcap_event_name"
    /// The placeholder of a numbered repeat in a column name (`dose_{n}`).
    static let repeatPlaceholder = "{n}"
    /// Record keys that go into the record's `enrollment` mapping.
    static let enrollmentKeys = ["enrollment_date": EnrollmentKey.date.rawValue, "arm": EnrollmentKey.arm.rawValue]
}

/// A name in a mapping file (a column, a key) with where it is written.
struct MappedName: Sendable, Hashable {
    let text: String
    let location: SourceLocation
}

/// Which rows of a patient a record or event is read from: each condition names a
/// column and the values it may hold (`""` for a blank cell).
struct RowFilter: Sendable {
    let column: MappedName
    let values: Set<String>
    /// Whether the layout implies it (a REDCap record's own rows are those of no repeating
    /// instrument): it holds for every row of an export without the column.
    let isImplicit: Bool
}

/// One key of a record or event and where its value comes from.
struct FieldMapping: Sendable {
    /// Where the value comes from.
    enum Origin: Sendable {
        /// One column (its name may hold `{n}`, a numbered repeat).
        case column(MappedName)
        /// REDCap checkbox columns `<name>___<code>`: a list of the ticked choices.
        case checkbox(MappedName)
        /// The same value for every record or event.
        case constant(String)
    }

    /// Where the unit of a quantity comes from.
    enum UnitSource: Sendable {
        case fixed(String)
        case column(MappedName)
    }

    /// The key in the record or event.
    let key: MappedName
    let origin: Origin
    /// Codes written in the mapping file (code → name); else the dictionary's choices.
    let codes: [String: String]?
    /// The column's date format, for a date.
    let date: ExportDateFormat?
    /// The unit of a quantity: the value becomes `{value, unit}`.
    let unit: UnitSource?
    /// The separator of a list written in one cell (`;`).
    let listSeparator: String?
}

/// The patient-level fields.
struct RecordMapping: Sendable {
    let filters: [RowFilter]
    let fields: [FieldMapping]
}

/// One kind of event: one event per row (or numbered repeat) it is read from that has a value.
struct EventMapping: Sendable {
    /// The event type: a constant, or a column (coded or not).
    let type: FieldMapping
    let filters: [RowFilter]
    let fields: [FieldMapping]
    /// Whether the columns are numbered repeats (`dose_{n}`): one event per number.
    var isNumbered: Bool {
        ([type] + fields).contains { field in
            if case .column(let name) = field.origin { return name.text.contains(ExportMapping.repeatPlaceholder) }
            if case .checkbox(let name) = field.origin { return name.text.contains(ExportMapping.repeatPlaceholder) }
            return false
        }
    }
}
