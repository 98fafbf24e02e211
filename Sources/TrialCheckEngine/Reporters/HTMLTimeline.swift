import TrialCheckCore

/// One patient's timeline in the HTML report, as inline SVG: the dated events in lanes
/// by event type over a date axis with month ticks, the enrollment date as a vertical
/// line, each finding's allowed window as a shaded band, and how far outside the band
/// the finding's date falls.
///
/// The axis covers the episode around enrollment (at most 18 months before it and two
/// years after); events outside it are listed at the edge with their dates rather than
/// stretching the axis over a decade of medical history.
struct HTMLTimeline {
    /// The patient's id (for the accessible title).
    let patient: String
    /// The patient's dated events.
    let timeline: PatientTimeline
    /// The patient's findings, in report order.
    let findings: [AuditReport.Finding]
    /// An id unique in the document, for the title and description.
    let identifier: String

    private let width = 880.0
    private let plotLeft = 140.0
    private let plotRight = 856.0
    private let rowHeight = 18.0
    private let barHeight = 12.0
    private let lanePadding = 4.0

    /// The `<svg>` element.
    func render() -> String {
        let axis = HTMLTimelineAxis(timeline: timeline, windows: windows, findingDates: findings.compactMap(\.daySpan), left: plotLeft, right: plotRight)
        let lanes = layOut(axis)
        let violations = self.violations
        let escape = MarkupEscaping.escape
        let format = SVGNumber.format

        let axisHeight = 32.0
        let annotationRows = 1 + windows.count
        let lanesTop = axisHeight + Double(annotationRows) * 16 + 6
        let lanesHeight = lanes.reduce(0) { $0 + $1.height }
        let lanesBottom = lanesTop + lanesHeight
        let gapTop = lanesBottom + 4
        let height = gapTop + Double(violations.count) * 20 + 8

        var out = "<svg class=\"timeline\" viewBox=\"0 0 \(format(width)) \(format(height))\" width=\"\(format(width))\" height=\"\(format(height))\" role=\"img\" aria-labelledby=\"\(identifier)-title \(identifier)-desc\">\n"
        out += "<title id=\"\(identifier)-title\">Timeline of patient \(escape(patient))</title>\n"
        out += "<desc id=\"\(identifier)-desc\">\(escape(description(axis: axis, lanes: lanes)))</desc>\n"
        out += "<rect class=\"tl-bg\" x=\"\(format(plotLeft))\" y=\"\(format(lanesTop))\" width=\"\(format(plotRight - plotLeft))\" height=\"\(format(lanesHeight))\"/>\n"

        // Lane backgrounds and labels.
        var y = lanesTop
        for (index, lane) in lanes.enumerated() {
            if index % 2 == 1 {
                out += "<rect class=\"tl-lane-alt\" x=\"0\" y=\"\(format(y))\" width=\"\(format(plotRight))\" height=\"\(format(lane.height))\"/>"
            }
            out += "<text class=\"tl-lane-label\" x=\"8\" y=\"\(format(y + lanePadding + rowHeight / 2 + 4))\">\(escape(lane.title))</text>\n"
            y += lane.height
        }

        // Month grid and labels.
        for tick in axis.months {
            let x = axis.x(tick.day)
            out += "<line class=\"tl-grid\(tick.month == 1 ? " year" : "")\" x1=\"\(format(x))\" y1=\"\(format(axisHeight - 4))\" x2=\"\(format(x))\" y2=\"\(format(lanesBottom))\"/>"
            if tick.isLabelled {
                out += "<text class=\"tl-month\" x=\"\(format(x + 3))\" y=\"\(format(axisHeight - 8))\">\(tick.name)</text>"
            }
            if tick.month == 1 || tick.day == axis.start {
                out += "<text class=\"tl-year\" x=\"\(format(x + 3))\" y=\"11\">\(tick.year)</text>"
            }
            out += "\n"
        }
        out += "<line class=\"tl-grid year\" x1=\"\(format(plotRight))\" y1=\"\(format(axisHeight - 4))\" x2=\"\(format(plotRight))\" y2=\"\(format(lanesBottom))\"/>\n"

        // Allowed windows: a band over every lane, labelled above the lanes.
        for (index, window) in windows.enumerated() {
            let x0 = axis.x(window.first)
            let x1 = axis.x(window.last.advanced(by: 1))
            let labelY = axisHeight + 16 * Double(index + 2) - 4
            out += "<g class=\"tl-window-group\">"
            out += "<rect class=\"tl-window\" x=\"\(format(x0))\" y=\"\(format(labelY + 4))\" width=\"\(format(max(x1 - x0, 1)))\" height=\"\(format(lanesBottom - labelY - 4))\">"
            out += "<title>\(escape(window.text))</title></rect>"
            for edge in [x0, x1] {
                out += "<line class=\"tl-window-edge\" x1=\"\(format(edge))\" y1=\"\(format(labelY + 4))\" x2=\"\(format(edge))\" y2=\"\(format(lanesBottom))\"/>"
            }
            out += text(window.text, className: "tl-window-label tl-halo", anchorX: x0, alternativeX: x1, y: labelY)
            out += "</g>\n"
        }

        // Lanes' contents.
        y = lanesTop
        for lane in lanes {
            out += lane.svg(top: y)
            y += lane.height
        }

        // Enrollment.
        let enrolment = timeline.enrollment
        let violated = violations.contains { $0.isEnrollment && $0.status == .deviation }
        let enrolClass = violated ? " violation" : ""
        let enrolLabelY = axisHeight + 12
        if enrolment.isSingleDay {
            let x = axis.centre(enrolment.first)
            out += "<line class=\"tl-enrol\(enrolClass)\" x1=\"\(format(x))\" y1=\"\(format(enrolLabelY + 3))\" x2=\"\(format(x))\" y2=\"\(format(lanesBottom + (violations.isEmpty ? 0 : 4)))\"/>"
        } else {
            let x0 = axis.x(enrolment.first)
            let x1 = axis.x(enrolment.last.advanced(by: 1))
            out += "<rect class=\"tl-enrol-span\" x=\"\(format(x0))\" y=\"\(format(enrolLabelY + 3))\" width=\"\(format(max(x1 - x0, 1)))\" height=\"\(format(lanesBottom - enrolLabelY - 3))\"/>"
        }
        var enrolText = "Enrollment \(enrolment.text)"
        if violated { enrolText += ": outside the allowed window" }
        let enrolX = axis.centre(enrolment.first)
        out += text(enrolText, className: "tl-enrol-label\(enrolClass) tl-halo", anchorX: enrolX + 4, alternativeX: enrolX - 4, y: enrolLabelY)
        out += "\n"

        // How far outside its window each finding's date is.
        for (index, violation) in violations.enumerated() {
            let rowY = gapTop + Double(index) * 20 + 8
            let kind = violation.status == .deviation ? "" : " indeterminate"
            let x0 = min(violation.from, violation.to)
            let x1 = max(violation.from, violation.to)
            out += "<g class=\"tl-violation\">"
            if !violation.isEnrollment {
                out += "<line class=\"tl-gap\(kind)\" x1=\"\(format(violation.from))\" y1=\"\(format(lanesTop))\" x2=\"\(format(violation.from))\" y2=\"\(format(rowY))\" stroke-dasharray=\"2 3\"/>"
            }
            // The limit crossed: the window's edge, drawn down to the bracket.
            out += "<line class=\"tl-limit\(kind)\" x1=\"\(format(violation.to))\" y1=\"\(format(lanesTop))\" x2=\"\(format(violation.to))\" y2=\"\(format(rowY))\"/>"
            out += "<line class=\"tl-gap\(kind)\" x1=\"\(format(x0))\" y1=\"\(format(rowY))\" x2=\"\(format(x1))\" y2=\"\(format(rowY))\"/>"
            for x in [x0, x1] {
                out += "<line class=\"tl-gap\(kind)\" x1=\"\(format(x))\" y1=\"\(format(rowY - 5))\" x2=\"\(format(x))\" y2=\"\(format(rowY + 5))\"/>"
            }
            // The label goes on the side away from the window when it fits there.
            let outward = violation.to > violation.from ? x0 - 6 : x1 + 6
            let inward = violation.to > violation.from ? x1 + 6 : x0 - 6
            let outwardAnchor = violation.to > violation.from ? "end" : "start"
            let labelWidth = SVGNumber.textWidth(violation.text, size: 10.5, bold: true)
            let fitsOutward = outwardAnchor == "end" ? outward - labelWidth >= 4 : outward + labelWidth <= width - 4
            let (labelX, anchor) = fitsOutward ? (outward, outwardAnchor) : (inward, outwardAnchor == "end" ? "start" : "end")
            let room = anchor == "end" ? labelX - 4 : width - 4 - labelX
            let label = fitting(violation.text, room: room)
            out += "<text class=\"tl-gap-label\(kind) tl-halo\" x=\"\(format(labelX))\" y=\"\(format(rowY + 4))\" text-anchor=\"\(anchor)\"><title>\(escape(violation.text))</title>\(escape(label))</text>"
            out += "</g>\n"
        }
        out += "</svg>"
        return out
    }

    /// A label anchored at `anchorX` (start), or ending at `alternativeX` when it would
    /// run past the drawing's right edge; cut with an ellipsis (the whole text as its
    /// tooltip) when it fits neither way, so no label is clipped.
    private func text(_ content: String, className: String, anchorX: Double, alternativeX: Double, y: Double) -> String {
        let format = SVGNumber.format
        let escape = MarkupEscaping.escape
        let labelWidth = SVGNumber.textWidth(content, size: 10.5, bold: true)
        let startX = max(anchorX, 2)
        if startX + labelWidth <= width - 4 {
            return "<text class=\"\(className)\" x=\"\(format(startX))\" y=\"\(format(y))\">\(escape(content))</text>"
        }
        if alternativeX - labelWidth >= 4 {
            return "<text class=\"\(className)\" x=\"\(format(alternativeX))\" y=\"\(format(y))\" text-anchor=\"end\">\(escape(content))</text>"
        }
        // Neither fits: the side with more room, the text cut to it.
        if width - 4 - startX >= alternativeX - 4 {
            return "<text class=\"\(className)\" x=\"\(format(startX))\" y=\"\(format(y))\"><title>\(escape(content))</title>\(escape(fitting(content, room: width - 4 - startX)))</text>"
        }
        return "<text class=\"\(className)\" x=\"\(format(alternativeX))\" y=\"\(format(y))\" text-anchor=\"end\"><title>\(escape(content))</title>\(escape(fitting(content, room: alternativeX - 4)))</text>"
    }

    /// `content` cut with an ellipsis to fit `room` at the labels' size (10.5 px, bold).
    private func fitting(_ content: String, room: Double) -> String {
        guard SVGNumber.textWidth(content, size: 10.5, bold: true) > room else { return content }
        var characters = Array(content)
        while characters.count > 1, SVGNumber.textWidth(String(characters) + "…", size: 10.5, bold: true) > room {
            characters.removeLast()
        }
        return String(characters) + "…"
    }

    // MARK: - Windows and violations

    /// A distinct allowed window of the patient's findings.
    struct Window: Hashable {
        let label: String
        let first: CalendarDay
        let last: CalendarDay
        let checks: [String]

        var text: String {
            "\(label.capitalizingFirstLetter): \(first) to \(last) (\(checks.joined(separator: ", ")))"
        }
    }

    /// A window's label as the report shows it: for an indeterminate finding the band holds
    /// only the days certainly allowed, and says so (`certainly allowed enrollment`).
    static func windowLabel(_ window: DateWindow, status: Verdict) -> String {
        guard status == .indeterminate else { return window.label }
        return window.label.hasPrefix("allowed ") ? "certainly " + window.label : window.label + " (days certain)"
    }

    /// The findings' windows, first appearance first, merged when two checks allow the same span.
    var windows: [Window] {
        var result: [Window] = []
        for finding in findings {
            guard let window = finding.window,
                  let first = PartialDate(iso8601: window.first)?.span.first,
                  let last = PartialDate(iso8601: window.last)?.span.last
            else { continue }
            let label = Self.windowLabel(window, status: finding.status)
            if let index = result.firstIndex(where: { $0.label == label && $0.first == first && $0.last == last }) {
                if !result[index].checks.contains(finding.check) {
                    result[index] = Window(label: label, first: first, last: last, checks: result[index].checks + [finding.check])
                }
            } else {
                result.append(Window(label: label, first: first, last: last, checks: [finding.check]))
            }
        }
        return result
    }

    /// A finding whose date lies outside its window: drawn as a dimension line from the
    /// date to the window's nearer edge.
    struct Violation {
        let status: Verdict
        let isEnrollment: Bool
        /// The x of the finding's date.
        let from: Double
        /// The x of the window's edge.
        let to: Double
        let text: String
    }

    private var violations: [Violation] {
        let axis = HTMLTimelineAxis(timeline: timeline, windows: windows, findingDates: findings.compactMap(\.daySpan), left: plotLeft, right: plotRight)
        var result: [Violation] = []
        for finding in findings where finding.status != .pass {
            guard let window = finding.window, let date = finding.daySpan,
                  let first = PartialDate(iso8601: window.first)?.span.first,
                  let last = PartialDate(iso8601: window.last)?.span.last
            else { continue }
            let isEnrollment = date == timeline.enrollment
            let subject = isEnrollment ? "Enrollment" : "\(finding.check) date"
            let early = first.ordinal - date.last.ordinal
            let late = date.first.ordinal - last.ordinal
            // An indeterminate verdict's band holds only the days allowed whatever the partial
            // dates turn out to be, so a date outside it is not known to be out of window.
            let target = finding.status == .deviation
                ? "the \(window.label) window"
                : "the \(Self.windowLabel(window, status: finding.status)) window (partial dates: undecided)"
            if early > 0 {
                result.append(Violation(
                    status: finding.status, isEnrollment: isEnrollment, from: axis.centre(date.last), to: axis.x(first),
                    text: "\(subject) \(early) day\(early == 1 ? "" : "s") before \(target)"
                ))
            } else if late > 0 {
                result.append(Violation(
                    status: finding.status, isEnrollment: isEnrollment, from: axis.centre(date.first), to: axis.x(last.advanced(by: 1)),
                    text: "\(subject) \(late) day\(late == 1 ? "" : "s") after \(target)"
                ))
            }
        }
        return result
    }

    // MARK: - Lanes

    /// The lanes, in clinical order, with their rows laid out.
    private func layOut(_ axis: HTMLTimelineAxis) -> [HTMLTimelineLane] {
        var byType: [String: [PatientTimeline.Entry]] = [:]
        for entry in timeline.entries { byType[entry.type, default: []].append(entry) }
        let known = Self.laneOrder.map(\.type)
        let unknown = byType.keys.filter { !known.contains($0) }.sorted()
        var lanes: [HTMLTimelineLane] = []
        let flags = findingFlags(axis)
        let spans = findingSpans
        if !flags.isEmpty || !spans.isEmpty {
            lanes.append(HTMLTimelineLane(title: "Findings", type: "finding", entries: [], axis: axis, flags: flags, spans: spans))
        }
        let offLines = self.offLines
        for type in known + unknown {
            guard let entries = byType[type], !entries.isEmpty else { continue }
            let title = Self.laneOrder.first { $0.type == type }?.title ?? type.replacingOccurrences(of: "-", with: " ").capitalizingFirstLetter
            lanes.append(HTMLTimelineLane(title: title, type: type, entries: entries, axis: axis, flags: [], offLines: offLines))
        }
        return lanes
    }

    /// The input lines of the events the findings are about (the lines their evidence was
    /// read from), with the worst status: only lines that hold one event, so a record
    /// written on one line (NDJSON) rings nothing rather than everything.
    private var offLines: [Int: Verdict] {
        var eventsOnLine: [Int: Int] = [:]
        for entry in timeline.entries {
            if let line = entry.line { eventsOnLine[line, default: 0] += 1 }
        }
        var result: [Int: Verdict] = [:]
        for finding in findings where finding.status == .deviation || finding.status == .indeterminate {
            for item in finding.evidence {
                guard let line = item.location?.line, eventsOnLine[line] == 1, line != finding.location?.line else { continue }
                result[line] = max(result[line] ?? finding.status, finding.status)
            }
        }
        return result
    }

    /// The spans the findings' evidence names (`2026-04-02 to 2026-05-01`, or
    /// `2025-10-13..2025-11-19`): the gap between two doses, a treatment that ran past its
    /// limit. Each is labelled with its evidence.
    private var findingSpans: [HTMLTimelineLane.Span] {
        var result: [HTMLTimelineLane.Span] = []
        for finding in findings where finding.status == .deviation || finding.status == .indeterminate {
            for item in finding.evidence {
                let text = "\(item.name): \(item.value)"
                guard let (first, last) = Self.dateRange(in: text), first < last,
                      !result.contains(where: { $0.first == first && $0.last == last })
                else { continue }
                result.append(HTMLTimelineLane.Span(first: first, last: last, label: text, status: finding.status))
            }
        }
        return result
    }

    /// The first `YYYY-MM-DD to YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD` in `text`.
    static func dateRange(in text: String) -> (CalendarDay, CalendarDay)? {
        let characters = Array(text)
        func date(at index: Int) -> CalendarDay? {
            guard index + 10 <= characters.count else { return nil }
            let candidate = String(characters[index..<(index + 10)])
            guard let date = PartialDate(iso8601: candidate), date.isComplete else { return nil }
            return date.span.first
        }
        var index = 0
        while index + 10 <= characters.count {
            if let first = date(at: index) {
                for separator in [" to ", ".."] {
                    let next = index + 10 + separator.count
                    if next <= characters.count, String(characters[(index + 10)..<next]) == separator, let last = date(at: next) {
                        return (first, last)
                    }
                }
            }
            index += 1
        }
        return nil
    }

    /// The findings grouped by date, for the Findings lane.
    private func findingFlags(_ axis: HTMLTimelineAxis) -> [HTMLTimelineLane.Flag] {
        var flags: [HTMLTimelineLane.Flag] = []
        for finding in findings {
            guard let span = finding.daySpan, span.first >= axis.start, span.first < axis.end else { continue }
            if let index = flags.firstIndex(where: { $0.span == span }) {
                flags[index].findings.append(finding)
            } else {
                flags.append(HTMLTimelineLane.Flag(span: span, findings: [finding]))
            }
        }
        return flags.sorted { $0.span.first < $1.span.first }
    }

    /// Lane order and titles for the known event types; others follow alphabetically.
    static let laneOrder: [(type: String, title: String)] = [
        ("diagnosis", "Diagnosis"),
        ("condition", "Conditions"),
        ("surgery", "Surgery"),
        ("chemotherapy", "Chemotherapy"),
        ("immunotherapy", "Immunotherapy"),
        ("targeted-therapy", "Targeted therapy"),
        ("radiotherapy", "Radiotherapy"),
        ("consent", "Consent"),
        ("administration", "Study drug"),
        ("lab", "Labs"),
        ("performance-status", "Performance status"),
        ("adverse-event", "Adverse events"),
        ("response", "Response"),
    ]

    private func description(axis: HTMLTimelineAxis, lanes: [HTMLTimelineLane]) -> String {
        var parts = ["Dated events of patient \(patient) from \(axis.start) to \(axis.end.advanced(by: -1))."]
        parts.append("Enrollment \(timeline.enrollment.text).")
        for window in windows { parts.append(window.text + ".") }
        for violation in violations { parts.append(violation.text + ".") }
        let counts = lanes.filter { $0.type != "finding" }.map { "\($0.title) \($0.entryCount)" }
        if !counts.isEmpty { parts.append("Events by lane: " + counts.joined(separator: ", ") + ".") }
        let outside = lanes.reduce(0) { $0 + $1.outsideCount }
        if outside > 0 { parts.append("\(outside) event\(outside == 1 ? " lies" : "s lie") outside the axis and \(outside == 1 ? "is" : "are") listed at its edge.") }
        return parts.joined(separator: " ")
    }
}

extension AuditReport.Finding {
    /// Every day the finding's date could be, if it has a valid one.
    var daySpan: DaySpan? {
        date.flatMap { PartialDate(iso8601: $0) }?.span
    }
}

extension DaySpan {
    /// `2026-01-05`, or `2026-01-01 to 2026-01-31` for a partial date.
    var text: String {
        isSingleDay ? first.description : "\(first) to \(last)"
    }
}
