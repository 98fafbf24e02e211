import TrialCheckCore

/// What a `diagnosis` event says about metastases (its optional `metastases` list).
enum Metastases: Sendable, Hashable {
    /// The key is absent (or null): the format makes it optional.
    case notRecorded
    /// The sites listed, as written (an empty list means none).
    case sites([String])
    /// The value is not a list of site names; carries the value as written.
    case unreadable(String)

    /// Reads the `metastases` key of `event`; a single site reads as a list of one.
    init(of event: Event) {
        guard let value = event["metastases"], value != .null else {
            self = .notRecorded
            return
        }
        var sites: [String] = []
        for element in value.list {
            guard let text = element.text?.trimmingWhitespace(), !text.isEmpty else {
                self = .unreadable(value.display)
                return
            }
            sites.append(text)
        }
        self = .sites(sites)
    }

    /// The sites for a sentence (`supraclavicular-lymph-node, liver`), or `no recorded site`.
    var sitesText: String {
        if case .sites(let sites) = self, !sites.isEmpty { return sites.joined(separator: ", ") }
        return "no recorded site"
    }

    /// ` with metastases at ...` when sites are listed, otherwise empty.
    var withSitesText: String {
        if case .sites(let sites) = self, !sites.isEmpty { return " with metastases at \(sites.joined(separator: ", "))" }
        return ""
    }
}
