import TrialCheckCore

/// How names of agents, phases and event types are compared.
enum Term {
    /// `name` as compared: lower case, without surrounding spaces, inner spaces collapsed.
    static func fold(_ name: String) -> String {
        TermMatcher.normalized(name)
    }

    /// `names` without repeats, in their first order.
    static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }

    /// `names` joined for a sentence: `a`, `a or b`, `a, b or c`.
    static func list(_ names: [String], conjunction: String = "or") -> String {
        guard let last = names.last else { return "" }
        guard names.count > 1 else { return last }
        return names.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }

    /// An event for messages and evidence names: `induction chemotherapy (paclitaxel, cisplatin)`.
    static func describe(_ event: Event) -> String {
        describe(event, agents: agents(of: event))
    }

    /// An event for messages and evidence names, with its agents already read.
    static func describe(_ event: Event, agents: [String]) -> String {
        let kind = event.phase.map { "\($0) \(event.type.rawValue)" } ?? event.type.rawValue
        return agents.isEmpty ? kind : "\(kind) (\(agents.joined(separator: ", ")))"
    }

    /// The event's agents as written, trimmed, without empty ones.
    static func agents(of event: Event) -> [String] {
        event.strings("agents").compactMap { name in
            let trimmed = name.trimmingWhitespace()
            return trimmed.isEmpty ? nil : trimmed
        }
    }

    /// An event with its dates, for sentences: `induction chemotherapy (cisplatin) of 2025-08-20..2025-09-30`.
    static func describeDated(_ event: Event) -> String {
        "\(describe(event)) of \(event.datesDescription)"
    }

    /// The evidence that names an event and its dates.
    static func evidence(_ event: Event, prefix: String = "") -> Evidence {
        Evidence(prefix + describe(event), event.datesDescription, from: event)
    }
}
