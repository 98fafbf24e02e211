/// The column names and event types patient-history v1 defines, which the CSV mapping
/// knows; anything else is kept (for plugins and `where` selections) and noted.
enum CSVColumns {
    /// Columns of the `patient` row, besides the event keys.
    static let patientKeys: Set<String> = [
        "patient_id", "type", "birth_date", "age", "sex", "site", "enrollment_date", "arm", "data_cutoff",
    ]

    /// Event keys of patient-history v1 (docs/input-format.md).
    static let eventKeys: Set<String> = [
        "date", "start", "end", "onset", "histology", "stage", "primary_site", "metastases", "agents", "phase",
        "cycles", "dose", "fractions", "technique", "intent", "target", "procedure", "drug", "route", "frequency",
        "cycle", "test", "value", "unit", "lln", "uln", "scale", "score", "term", "grade", "immune_related",
        "result", "status",
    ]

    /// Keys whose values are words or dates, never numbers: a decimal comma is not looked
    /// for in them.
    static let textKeys: Set<String> = [
        "date", "start", "end", "onset", "birth_date", "enrollment_date", "data_cutoff",
        "patient_id", "type", "sex", "site", "arm", "histology", "stage", "primary_site", "metastases", "agents",
        "phase", "technique", "intent", "target", "procedure", "drug", "route", "frequency", "test", "unit",
        "scale", "term", "result", "status", "immune_related",
    ]

    /// Event types of patient-history v1, and `patient` for the patient row.
    static let eventTypes: Set<String> = [
        "patient", "diagnosis", "radiotherapy", "chemotherapy", "immunotherapy", "targeted-therapy", "surgery",
        "administration", "lab", "performance-status", "adverse-event", "response", "condition", "consent",
    ]

    /// Whether a column (lowercased) is one the format defines: a patient or event key,
    /// or `<key>_unit` for an event key.
    static func isKnown(_ key: String) -> Bool {
        if patientKeys.contains(key) || eventKeys.contains(key) { return true }
        guard key.hasSuffix("_unit") else { return false }
        return eventKeys.contains(String(key.dropLast("_unit".count)))
    }
}
