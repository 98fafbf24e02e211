import Testing
import TrialCheckCore
@testable import TreatmentChecks

/// The quick readings of the treatment checks against the full ones they stand in for.
@Suite("Treatment checks: quick readings agree with the full ones")
struct TreatmentFastPathTests {
    static let doses: [Value?] = [
        nil, .null, .string("240 mg"), .string("240 mg "), .string("0.24 g"), .string("264 mg"), .string("265 mg"), .string("200 mg"),
        .string("240"), .string("240 Gy"), .string("abc"), .number("240"), .string("500 mg"), .string("1000 mg"),
        .map(["value": .number("240"), "unit": .string("mg")]), .string("240 mg/m2"),
    ]
    static let routes: [String?] = [nil, "", " ", "IV", "iv", " IV", "intravenous", "Intravenous", "oral", "PO", "po"]
    static let frequencies: [String?] = [nil, "BID", "bid", "b.i.d.", "twice daily", "Q3W", "BID "]

    static var events: [Event] {
        var events: [Event] = []
        for dose in doses {
            for route in routes {
                for frequency in frequencies {
                    events.append(administration("toripalimab", "2026-01-22", dose: dose, route: route, frequency: frequency))
                }
            }
        }
        return events
    }

    static let checks = [
        #"{"drug": "toripalimab", "dose": "240 mg", "tolerance": "10%", "route": ["IV", "intravenous"]}"#,
        #"{"drug": "toripalimab", "dose": "240 mg"}"#,
        #"{"drug": "capecitabine", "dose": "500 mg", "route": ["oral", "PO"], "frequency": ["BID", "b.i.d.", "twice daily"]}"#,
        #"{"drug": "toripalimab", "route": "IV", "frequency": "Q3W"}"#,
        #"{"drug": "toripalimab", "dose": "0.24 g", "tolerance": "10 mg"}"#,
        #"{"drug": "cisplatin", "dose": "40 mg/m2"}"#,
    ]

    @Test("An administration told to comply shows no problem and lacks nothing, alone or after another", arguments: checks)
    func studyDrugDose(_ json: String) throws {
        let check = try StudyDrugDoseCheck(parameters: parameters(StudyDrugDoseCheck.self, json), context: testContext)
        let history = patient(enrolled: "2026-01-20")
        let events = Self.events
        var quick = 0
        for event in events {
            var known: String?
            guard check.surelyComplies(event, knownDose: &known) else { continue }
            quick += 1
            let finding = check.inspect(event, in: history)
            #expect(finding.problems.isEmpty && finding.missing.isEmpty, "\(json) \(event)")
            // A later administration told to comply through the dose already read.
            for later in events {
                var remembered = known
                guard check.surelyComplies(later, knownDose: &remembered) else { continue }
                let finding = check.inspect(later, in: history)
                #expect(finding.problems.isEmpty && finding.missing.isEmpty, "\(json) \(event) then \(later)")
            }
        }
        // Body-size doses are always read in full; the others have administrations told quickly.
        #expect(json.contains("m2") ? quick == 0 : quick > 0, "\(json)")
    }

    @Test("Cycle numbers read as bits count as the labels do")
    func cycleCount() {
        let values: [Value?] = [
            nil, .null, .number("1"), .string("1"), .number("01"), .string(" 2"), .number("2"), .number("63"), .number("64"),
            .number("0"), .string("00"), .string("C2"), .string("c2"), .number("1.0"), .bool(true), .string(""), .number("-1"),
            .string("１"), .number("16"), .string("16 "), .number("17"), .list([.number("3")]), .string(" 1 "), .string("1\t"),
        ]
        let events = values.map { administration("toripalimab", "2026-01-22", cycle: $0) }
        for first in events.indices {
            for second in events.indices {
                for third in [0, 2, 5, 11, 19, 22] {
                    let chosen = [events[first], events[second], events[third]]
                    let counted = CycleCount(chosen)
                    // The count as the labels alone give it.
                    var labels: Set<String> = []
                    var (highest, unnumbered) = (0, 0)
                    for event in chosen {
                        guard let label = CycleCount.label(of: event) else {
                            unnumbered += 1
                            continue
                        }
                        labels.insert(label)
                        if let number = event["cycle"]?.int { highest = max(highest, number) }
                    }
                    #expect(counted.numbered == max(labels.count, highest), "\(chosen.map { $0["cycle"] as Value? })")
                    #expect(counted.unnumbered == unnumbered)
                    #expect(counted.highest == highest)
                }
            }
        }
    }

    @Test("A value accepted as written is accepted as folded")
    func acceptedTerms() {
        let terms = AcceptedTerms(["oral", "PO", "b.i.d.", "caf\u{E9}"])
        for text in ["oral", "Oral", " oral", "PO", "po", "b.i.d.", "BID", "caf\u{E9}", "cafe\u{301}", "", "  "] {
            if terms.acceptsAsWritten(text) { #expect(terms.accepts(text), "\(text)") }
        }
        #expect(terms.acceptsAsWritten("oral") && terms.acceptsAsWritten("caf\u{E9}"))
        #expect(!terms.acceptsAsWritten("cafe\u{301}") && !terms.acceptsAsWritten("Oral"))
    }

    @Test("Study administrations collected from the names read once are those each event names", arguments: [
        (["toripalimab"], [String]()), (["toripalimab", "capecitabine"], []), (["capecitabine"], ["fluoropyrimidine"]),
    ])
    func administrations(drugs names: [String], classes: [String]) throws {
        let synonyms = names.contains("toripalimab") ? ["toripalimab": ["JS001"]] : nil
        let drugs = try DrugNames(names, synonyms: synonyms, classes: classes, parameter: "drugs")
        let therapy = { (agents: [String], start: String?) in
            Event(type: .chemotherapy, start: start.map(date), end: nil, attributes: ["agents": .list(agents.map(Value.string))])
        }
        let events = [
            administration("toripalimab", "2026-01-22"), administration("JS001", "2026-02-12"), administration("Toripalimab ", "2026-01-10"),
            administration("capecitabine", "2026-01-22"), administration("Xeloda", nil), administration("  ", "2026-01-23"),
            administration("zz-unknown-drug", "2026-01-24"), administration("fluorouracil", "2026-01-25"),
            administration("toripalimab", "2026-01-15"), administration("caf\u{E9}", "2026-01-26"), administration("cafe\u{301}", "2026-01-27"),
            Event(type: .administration, date: date("2026-01-28"), attributes: ["dose": .string("240 mg")]),
            therapy(["capecitabine", "toripalimab", "capecitabine"], "2026-01-21"), therapy(["", " "], "2026-01-29"), therapy(["zz-other"], nil),
        ]
        let history = armPatient("A", events)
        let enrollment = history.enrollment.date.span
        func mayFollow(_ event: Event) -> Bool {
            event.startSpan == nil || (event.endSpan.map { !$0.isBefore(enrollment) } ?? .yes) != .no
        }
        for types in [[EventType.administration], [.administration, .chemotherapy]] {
            let found = StudyAdministrations(of: history, drugs: drugs, types: types)
            // Each event read on its own, as the names it records stand.
            var dated: [(position: Int, drugs: [String])] = []
            var (undated, unnamed, unclassified) = ([Int](), [Int](), [String]())
            for (position, event) in events.enumerated() where types.contains(event.type) {
                let recorded = event.type == .administration ? [event.string("drug")].compactMap { $0 } : event.strings("agents")
                guard recorded.contains(where: { !$0.trimmingWhitespace().isEmpty }) else {
                    if mayFollow(event) { unnamed.append(position) }
                    continue
                }
                var given: [String] = []
                for name in recorded {
                    switch drugs.match(name, key: DrugTerminology.key(name)) {
                    case .drug(let drug): if !given.contains(drug) { given.append(drug) }
                    case .none: continue
                    case .unclassified: if mayFollow(event) { unclassified.append(name) }
                    }
                }
                guard !given.isEmpty else { continue }
                guard event.startSpan != nil else {
                    undated.append(position)
                    continue
                }
                if (event.endSpan.map { !$0.isBefore(enrollment) } ?? .yes) != .no { dated.append((position, given)) }
            }
            #expect(Set(found.dated.map(\.position)) == Set(dated.map(\.position)), "\(names) \(types)")
            for item in found.dated {
                #expect(item.drugs == dated.first { $0.position == item.position }?.drugs, "\(names) \(types) \(item.position)")
                #expect(item.event == events[item.position])
            }
            #expect(found.undated == undated.map { events[$0] })
            #expect(found.unnamed == unnamed.map { events[$0] })
            #expect(found.unclassified.map(\.name) == unclassified)
        }
    }
}
