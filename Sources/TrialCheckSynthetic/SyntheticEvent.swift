import TrialCheckCore

/// One event of a synthetic history, in the shape patient-history v1 writes it.
///
/// Every text is a fixed literal and every date a day ordinal, so building a history
/// allocates little and writing it is mostly copying.
enum SyntheticEvent {
    case condition(term: StaticString, onset: DateText, active: Bool)
    case diagnosis(date: Int, histology: StaticString, stage: StaticString, primarySite: StaticString, metastases: [StaticString]?)
    case therapy(type: StaticString, phase: StaticString?, agents: [StaticString], cycles: Int?, start: Int, end: DateText)
    case radiotherapy(Radiotherapy)
    case adverseEvent(term: StaticString, grade: Int, immuneRelated: Bool, start: Int, end: Int?)
    case surgery(date: DateText, procedure: StaticString, intent: StaticString)
    case consent(date: Int)
    case lab(Lab)
    case performanceStatus(date: Int, score: Int)
    case response(date: Int, result: StaticString)
    case capecitabine(doseMilligrams: Int, start: Int, end: Int?)
    case toripalimab(doseMilligrams: Int, date: Int, cycle: Int)

    /// A radiotherapy course.
    struct Radiotherapy {
        var start: Int
        var end: DateText
        var dose: Dose?
        var fractions: Int
        var technique: StaticString
        var intent: StaticString?
        var target: StaticString?
    }

    /// A dose as written: text (`50.4 Gy`) or a `{value, unit}` mapping.
    struct Dose {
        var hundredths: Int
        var unit: StaticString
        var asMapping = false
    }

    /// A laboratory result with its unit and reference limits, as scaled integers.
    struct Lab {
        var date: Int
        var test: StaticString
        var value: Int
        var decimals: Int
        var unit: StaticString
        var lowerLimit: Int?
        var upperLimit: Int?
    }

    /// The day the event sorts by: its start (the first day of a partial date).
    var sortDay: Int {
        switch self {
        case .condition(_, let onset, _): SyntheticEvent.firstDay(onset)
        case .diagnosis(let date, _, _, _, _): date
        case .therapy(_, _, _, _, let start, _): start
        case .radiotherapy(let course): course.start
        case .adverseEvent(_, _, _, let start, _): start
        case .surgery(let date, _, _): SyntheticEvent.firstDay(date)
        case .consent(let date): date
        case .lab(let lab): lab.date
        case .performanceStatus(let date, _): date
        case .response(let date, _): date
        case .capecitabine(_, let start, _): start
        case .toripalimab(_, let date, _): date
        }
    }

    private static func firstDay(_ date: DateText) -> Int {
        let (year, month, _) = SyntheticCalendar.components(date.ordinal)
        switch date.precision {
        case .day: return date.ordinal
        case .month: return SyntheticCalendar.day(year, month, 1)
        case .year: return SyntheticCalendar.day(year, 1, 1)
        }
    }

    /// Writes the event as one flow mapping.
    func write(_ out: inout FlowWriter) {
        out.open()
        switch self {
        case .condition(let term, let onset, let active):
            out.key(EventKey.type); out.string("condition")
            out.key("term"); out.string(term)
            out.key("onset"); out.date(onset)
            out.key("status"); out.string(active ? "active" : "resolved")
        case .diagnosis(let date, let histology, let stage, let site, let metastases):
            out.key(EventKey.type); out.string("diagnosis")
            out.key(EventKey.date); out.date(.day(date))
            out.key("histology"); out.string(histology)
            out.key("stage"); out.string(stage)
            out.key("primary_site"); out.string(site)
            if let metastases { out.key("metastases"); out.list(metastases) }
        case .therapy(let type, let phase, let agents, let cycles, let start, let end):
            out.key(EventKey.type); out.string(type)
            if let phase { out.key("phase"); out.string(phase) }
            out.key("agents"); out.list(agents)
            if let cycles { out.key("cycles"); out.int(cycles) }
            out.key(EventKey.start); out.date(.day(start))
            out.key(EventKey.end); out.date(end)
        case .radiotherapy(let course):
            out.key(EventKey.type); out.string("radiotherapy")
            out.key(EventKey.start); out.date(.day(course.start))
            out.key(EventKey.end); out.date(course.end)
            if let dose = course.dose {
                out.key("dose")
                if dose.asMapping {
                    out.open()
                    out.key("value"); out.number(hundredths: dose.hundredths)
                    out.key("unit"); out.string(dose.unit)
                    out.close()
                } else {
                    out.quantity(hundredths: dose.hundredths, unit: dose.unit)
                }
            }
            out.key("fractions"); out.int(course.fractions)
            out.key("technique"); out.string(course.technique)
            if let intent = course.intent { out.key("intent"); out.string(intent) }
            if let target = course.target { out.key("target"); out.string(target) }
        case .adverseEvent(let term, let grade, let immuneRelated, let start, let end):
            out.key(EventKey.type); out.string("adverse-event")
            out.key("term"); out.string(term)
            out.key("grade"); out.int(grade)
            out.key("immune_related"); out.bool(immuneRelated)
            out.key(EventKey.start); out.date(.day(start))
            if let end { out.key(EventKey.end); out.date(.day(end)) }
        case .surgery(let date, let procedure, let intent):
            out.key(EventKey.type); out.string("surgery")
            out.key(EventKey.date); out.date(date)
            out.key("procedure"); out.string(procedure)
            out.key("intent"); out.string(intent)
        case .consent(let date):
            out.key(EventKey.type); out.string("consent")
            out.key(EventKey.date); out.date(.day(date))
        case .lab(let lab):
            out.key(EventKey.type); out.string("lab")
            out.key(EventKey.date); out.date(.day(lab.date))
            out.key("test"); out.string(lab.test)
            out.key("value"); out.decimal(lab.value, decimals: lab.decimals)
            out.key("unit"); out.string(lab.unit)
            if let lower = lab.lowerLimit { out.key("lln"); out.decimal(lower, decimals: lab.decimals) }
            if let upper = lab.upperLimit { out.key("uln"); out.decimal(upper, decimals: lab.decimals) }
        case .performanceStatus(let date, let score):
            out.key(EventKey.type); out.string("performance-status")
            out.key(EventKey.date); out.date(.day(date))
            out.key("scale"); out.string("ECOG")
            out.key("score"); out.int(score)
        case .response(let date, let result):
            out.key(EventKey.type); out.string("response")
            out.key(EventKey.date); out.date(.day(date))
            out.key("result"); out.string(result)
        case .capecitabine(let dose, let start, let end):
            out.key(EventKey.type); out.string("administration")
            out.key("drug"); out.string("capecitabine")
            out.key("dose"); out.quantity(hundredths: dose * 100, unit: "mg")
            out.key("route"); out.string("oral")
            out.key("frequency"); out.string("BID")
            out.key(EventKey.start); out.date(.day(start))
            if let end { out.key(EventKey.end); out.date(.day(end)) }
        case .toripalimab(let dose, let date, let cycle):
            out.key(EventKey.type); out.string("administration")
            out.key("drug"); out.string("toripalimab")
            out.key("dose"); out.quantity(hundredths: dose * 100, unit: "mg")
            out.key("route"); out.string("IV")
            out.key("frequency"); out.string("Q3W")
            out.key(EventKey.date); out.date(.day(date))
            out.key("cycle"); out.int(cycle)
        }
        out.close()
    }
}
