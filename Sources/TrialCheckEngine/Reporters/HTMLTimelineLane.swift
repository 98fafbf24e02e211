import TrialCheckCore

/// One lane of a patient's timeline: the events of one type, laid out in rows so that
/// nothing overlaps. Spans are bars (open-ended when ongoing, notched where the axis cuts
/// them); one-day events are markers, merged per day; a dose given three or more times
/// is a series on a row of its own; events off the axis are listed at its edge.
struct HTMLTimelineLane {
    /// Findings that share a date, for the Findings lane.
    struct Flag {
        /// The findings' date.
        let span: DaySpan
        /// The findings on that date.
        var findings: [AuditReport.Finding]
    }

    /// The lane's title (`Radiotherapy`).
    let title: String
    /// The event type (`radiotherapy`), or `finding` for the Findings lane.
    let type: String
    /// The events in the lane.
    let entryCount: Int
    /// The events outside the axis.
    let outsideCount: Int
    /// The lane's height.
    let height: Double
    /// The lane's drawing, with y measured from the lane's top.
    private let markup: String

    private static let rowHeight = 18.0
    private static let barHeight = 12.0
    private static let padding = 4.0
    private static let fontSize = 10.0

    /// A span a finding names (`toripalimab interval 2026-04-02 to 2026-05-01: 29 days`):
    /// drawn as a bracket from its first to its last day on the Findings lane.
    struct Span {
        let first: CalendarDay
        let last: CalendarDay
        let label: String
        let status: Verdict
    }

    /// Lays out `entries` (of one type) on `axis`, or `flags` and `spans` for the Findings
    /// lane; entries on the input lines in `offLines` are ringed as the events a finding
    /// is about.
    init(title: String, type: String, entries: [PatientTimeline.Entry], axis: HTMLTimelineAxis, flags: [Flag],
         spans: [Span] = [], offLines: [Int: Verdict] = [:]) {
        self.title = title
        self.type = type
        entryCount = entries.count
        var builder = Builder(type: type, axis: axis, offLines: offLines)
        if !flags.isEmpty {
            builder.drawFlags(flags)
        }
        builder.drawSpans(spans)
        let before = entries.filter { !$0.isOngoing && $0.end < axis.start }
        let after = entries.filter { $0.start >= axis.end }
        let onAxis = entries.filter { entry in
            !before.contains(entry) && !after.contains(entry)
        }
        let bars = onAxis.filter { $0.end > $0.start || $0.isOngoing }
        let points = onAxis.filter { !($0.end > $0.start || $0.isOngoing) }
        builder.drawBars(bars)
        builder.drawPoints(points)
        builder.drawOutside(before: before, after: after)
        outsideCount = before.count + after.count
        height = Double(max(builder.rows, 1)) * Self.rowHeight + 2 * Self.padding
        markup = builder.out
    }

    /// The lane's SVG, placed at `top`.
    func svg(top: Double) -> String {
        "<g class=\"tl-lane\" transform=\"translate(0 \(SVGNumber.format(top)))\">\n\(markup)</g>\n"
    }

    /// Accumulates a lane's rows and markup.
    private struct Builder {
        let type: String
        let axis: HTMLTimelineAxis
        let offLines: [Int: Verdict]
        var rows = 0
        var out = ""

        init(type: String, axis: HTMLTimelineAxis, offLines: [Int: Verdict]) {
            self.type = type
            self.axis = axis
            self.offLines = offLines
        }

        /// The ring around an event a finding is about, if `entry` is one.
        private func ring(_ entry: PatientTimeline.Entry, x: Double, row: Int) -> String {
            guard let line = entry.line, let status = offLines[line] else { return "" }
            let kind = status == .deviation ? "" : " indeterminate"
            return "<circle class=\"tl-off\(kind)\" cx=\"\(format(x))\" cy=\"\(format(middle(row)))\" r=\"8\"/>"
        }

        /// The outline around a bar a finding is about, if `entry` is one.
        private func frame(_ entry: PatientTimeline.Entry, x0: Double, x1: Double, row: Int) -> String {
            guard let line = entry.line, let status = offLines[line] else { return "" }
            let kind = status == .deviation ? "" : " indeterminate"
            return "<rect class=\"tl-off\(kind)\" x=\"\(format(x0 - 2))\" y=\"\(format(barTop(row) - 2))\" width=\"\(format(x1 - x0 + 4))\" height=\"\(format(HTMLTimelineLane.barHeight + 4))\" rx=\"2\"/>"
        }

        // MARK: Spans

        /// Each span a finding names, on a row of its own: a bracket with its label.
        mutating func drawSpans(_ spans: [Span]) {
            for span in spans {
                let x0 = axis.x(max(span.first, axis.start))
                let x1 = max(axis.x(min(span.last, axis.end.advanced(by: -1)).advanced(by: 1)), x0 + 2)
                let y = middle(rows)
                let kind = span.status == .deviation ? "" : " indeterminate"
                out += "<g class=\"tl-event\"><title>\(escape(span.label))</title>"
                out += "<line class=\"tl-span\(kind)\" x1=\"\(format(x0))\" y1=\"\(format(y))\" x2=\"\(format(x1))\" y2=\"\(format(y))\"/>"
                for x in [x0, x1] {
                    out += "<line class=\"tl-span\(kind)\" x1=\"\(format(x))\" y1=\"\(format(y - 5))\" x2=\"\(format(x))\" y2=\"\(format(y + 5))\"/>"
                }
                let labelWidth = SVGNumber.textWidth(span.label, size: HTMLTimelineLane.fontSize, bold: true)
                if x1 + 6 + labelWidth <= axis.right + 20 {
                    out += "<text class=\"tl-span-label\(kind) tl-halo\" x=\"\(format(x1 + 6))\" y=\"\(format(y + 3.5))\">\(escape(span.label))</text>"
                } else if x0 - 6 - labelWidth >= 2 {
                    out += "<text class=\"tl-span-label\(kind) tl-halo\" x=\"\(format(x0 - 6))\" y=\"\(format(y + 3.5))\" text-anchor=\"end\">\(escape(span.label))</text>"
                } else if let short = HTMLTimelineLane.truncate(span.label, to: max(axis.right + 20 - x1 - 6, x0 - 8), bold: true) {
                    let right = axis.right + 20 - x1 - 6 >= x0 - 8
                    out += "<text class=\"tl-span-label\(kind) tl-halo\" x=\"\(format(right ? x1 + 6 : x0 - 6))\" y=\"\(format(y + 3.5))\"\(right ? "" : " text-anchor=\"end\"")>\(escape(short))</text>"
                }
                out += "</g>\n"
                rows += 1
            }
        }

        private let format = SVGNumber.format
        private let escape = MarkupEscaping.escape

        /// The top of row `row`'s bar.
        private func barTop(_ row: Int) -> Double {
            HTMLTimelineLane.padding + Double(row) * HTMLTimelineLane.rowHeight + (HTMLTimelineLane.rowHeight - HTMLTimelineLane.barHeight) / 2
        }

        /// The vertical middle of row `row`.
        private func middle(_ row: Int) -> Double {
            HTMLTimelineLane.padding + (Double(row) + 0.5) * HTMLTimelineLane.rowHeight
        }

        private func width(_ text: String) -> Double {
            SVGNumber.textWidth(text, size: HTMLTimelineLane.fontSize)
        }

        // MARK: Bars

        mutating func drawBars(_ bars: [PatientTimeline.Entry]) {
            guard !bars.isEmpty else { return }
            // Greedy packing: each bar takes the first row it does not overlap.
            var placed: [[(entry: PatientTimeline.Entry, x0: Double, x1: Double)]] = []
            for entry in bars {
                let x0 = axis.x(max(entry.start, axis.start))
                let x1 = max(entry.isOngoing ? axis.right : axis.x(entry.end.advanced(by: 1)), x0 + 3)
                if let row = placed.firstIndex(where: { ($0.last?.x1 ?? 0) + 2 <= x0 }) {
                    placed[row].append((entry, x0, x1))
                } else {
                    placed.append([(entry, x0, x1)])
                }
            }
            for (row, items) in placed.enumerated() {
                for (index, item) in items.enumerated() {
                    let next = index + 1 < items.count ? items[index + 1].x0 : axis.right
                    drawBar(item.entry, x0: item.x0, x1: item.x1, row: rows + row, nextX: next)
                }
            }
            rows += placed.count
        }

        private mutating func drawBar(_ entry: PatientTimeline.Entry, x0: Double, x1: Double, row: Int, nextX: Double) {
            let y = barTop(row)
            let height = HTMLTimelineLane.barHeight
            let cutLeft = entry.start < axis.start
            let openRight = entry.isOngoing || entry.end >= axis.end
            let kind = escape(type)
            out += "<g class=\"tl-event\"><title>\(escape(HTMLTimelineLane.describe(entry)))</title>"
            out += "<rect class=\"tl-bar \(kind)\" x=\"\(format(x0))\" y=\"\(format(y))\" width=\"\(format(x1 - x0))\" height=\"\(format(height))\"/>"
            // The outline leaves out the side the bar continues past.
            let (l, r, t, b) = (format(x0), format(x1), format(y), format(y + height))
            let outline: String
            switch (cutLeft, openRight) {
            case (false, false): outline = "M\(l) \(t)H\(r)V\(b)H\(l)Z"
            case (true, false): outline = "M\(l) \(t)H\(r)V\(b)H\(l)"
            case (false, true): outline = "M\(r) \(t)H\(l)V\(b)H\(r)"
            case (true, true): outline = "M\(l) \(t)H\(r)M\(l) \(b)H\(r)"
            }
            out += "<path class=\"tl-outline \(kind)\" d=\"\(outline)\"/>"
            out += frame(entry, x0: x0, x1: x1, row: row)
            let middle = y + height / 2
            if openRight {
                out += "<path class=\"tl-outline \(kind)\" d=\"M\(format(x1 + 2)) \(format(middle - 4))L\(format(x1 + 7)) \(format(middle))L\(format(x1 + 2)) \(format(middle + 4))\"/>"
            }
            if cutLeft {
                out += "<path class=\"tl-outline \(kind)\" d=\"M\(format(x0 - 2)) \(format(middle - 4))L\(format(x0 - 7)) \(format(middle))L\(format(x0 - 2)) \(format(middle + 4))\"/>"
            }
            var label = entry.label
            if cutLeft { label += " (from \(entry.start))" }
            if entry.isOngoing { label += ", ongoing" }
            let textY = format(y + height - 2.5)
            if width(label) + 8 <= x1 - x0 {
                out += "<text class=\"tl-bar-label\" x=\"\(format(x0 + 4))\" y=\"\(textY)\">\(escape(label))</text>"
            } else if x1 + 6 + width(label) <= min(nextX - 4, axis.right) {
                out += "<text class=\"tl-bar-label\" x=\"\(format(x1 + 5))\" y=\"\(textY)\">\(escape(label))</text>"
            } else if let short = HTMLTimelineLane.truncate(label, to: x1 - x0 - 8), short.count >= 6 {
                out += "<text class=\"tl-bar-label\" x=\"\(format(x0 + 4))\" y=\"\(textY)\">\(escape(short))</text>"
            }
            out += "</g>\n"
        }

        // MARK: Points

        mutating func drawPoints(_ points: [PatientTimeline.Entry]) {
            guard !points.isEmpty else { return }
            var counts: [String: Int] = [:]
            for point in points { counts[point.label, default: 0] += 1 }
            var seriesLabels: [String] = []
            for point in points where counts[point.label, default: 0] >= 3 && !seriesLabels.contains(point.label) {
                seriesLabels.append(point.label)
            }
            for label in seriesLabels {
                drawSeries(points.filter { $0.label == label }, row: rows)
                rows += 1
            }
            let single = points.filter { !seriesLabels.contains($0.label) }
            guard !single.isEmpty else { return }
            // One marker per day.
            var groups: [[PatientTimeline.Entry]] = []
            for point in single {
                if let index = groups.firstIndex(where: { $0.first?.start == point.start }) {
                    groups[index].append(point)
                } else {
                    groups.append([point])
                }
            }
            groups.sort { ($0.first?.start.ordinal ?? 0) < ($1.first?.start.ordinal ?? 0) }
            for (index, group) in groups.enumerated() {
                guard let day = group.first?.start else { continue }
                let x = axis.centre(day)
                let next = index + 1 < groups.count ? (groups[index + 1].first.map { axis.centre($0.start) } ?? axis.right) : axis.right
                let label = group.count == 1 ? (group.first?.label ?? "") : "\(group.count) \(HTMLTimelineLane.plural(type))"
                let tooltip = group.map(HTMLTimelineLane.describe).joined(separator: "\n")
                out += "<g class=\"tl-event\"><title>\(escape(tooltip))</title>"
                out += marker(x: x, row: rows)
                for entry in group { out += ring(entry, x: x, row: rows) }
                if x + 8 + width(label) <= min(next - 8, axis.right + 20) {
                    out += "<text class=\"tl-point-label\" x=\"\(format(x + 7))\" y=\"\(format(middle(rows) + 3.5))\">\(escape(label))</text>"
                }
                out += "</g>\n"
            }
            rows += 1
        }

        /// A dose given repeatedly: markers joined by a thin line, labelled once with the count.
        private mutating func drawSeries(_ points: [PatientTimeline.Entry], row: Int) {
            guard let first = points.first, let last = points.last else { return }
            let x0 = axis.centre(first.start)
            let x1 = axis.centre(last.start)
            let y = middle(row)
            let dates = points.map { point in point.start.description + (point.line.map { " (line \($0))" } ?? "") }
            out += "<g class=\"tl-event\"><title>\(escape("\(first.label) ×\(points.count): " + dates.joined(separator: ", ")))</title>"
            out += "<line class=\"tl-series\" x1=\"\(format(x0))\" y1=\"\(format(y))\" x2=\"\(format(x1))\" y2=\"\(format(y))\"/>"
            for point in points {
                out += marker(x: axis.centre(point.start), row: row)
                out += ring(point, x: axis.centre(point.start), row: row)
            }
            out += "</g>\n"
            let label = "\(first.label) ×\(points.count)"
            let labelWidth = width(label)
            if x0 - 8 - labelWidth >= axis.left + 2 {
                out += "<text class=\"tl-point-label\" x=\"\(format(x0 - 8))\" y=\"\(format(y + 3.5))\" text-anchor=\"end\">\(escape(label))</text>"
            } else if x1 + 8 + labelWidth <= axis.right + 20 {
                out += "<text class=\"tl-point-label\" x=\"\(format(x1 + 8))\" y=\"\(format(y + 3.5))\">\(escape(label))</text>"
            }
            out += "\n"
        }

        /// The marker of a one-day event: a diamond for a diagnosis, a square for consent,
        /// otherwise a dot.
        private func marker(x: Double, row: Int) -> String {
            let y = middle(row)
            let kind = escape(type)
            switch type {
            case "diagnosis":
                return "<path class=\"tl-point \(kind)\" d=\"M\(format(x)) \(format(y - 6))L\(format(x + 6)) \(format(y))L\(format(x)) \(format(y + 6))L\(format(x - 6)) \(format(y))Z\"/>"
            case "consent":
                return "<rect class=\"tl-point \(kind)\" x=\"\(format(x - 4.5))\" y=\"\(format(y - 4.5))\" width=\"9\" height=\"9\"/>"
            default:
                return "<circle class=\"tl-point \(kind)\" cx=\"\(format(x))\" cy=\"\(format(y))\" r=\"4.5\"/>"
            }
        }

        // MARK: Findings

        mutating func drawFlags(_ flags: [Flag]) {
            var previousEnd = axis.left
            for (index, flag) in flags.enumerated() {
                let x = axis.centre(flag.span.first)
                let y = middle(rows)
                let worst = flag.findings.map(\.status).max() ?? .deviation
                let next = index + 1 < flags.count ? axis.centre(flags[index + 1].span.first) : axis.right + 20
                let tooltip = "\(flag.span.text): " + flag.findings.map { "\($0.check) \($0.status.rawValue)" }.joined(separator: "; ")
                let label = flag.findings.map(\.check).joined(separator: ", ")
                out += "<g class=\"tl-event\"><title>\(escape(tooltip))</title>"
                out += "<path class=\"tl-flag fill-\(worst.rawValue)\" d=\"M\(format(x - 6)) \(format(y - 7))H\(format(x + 6))L\(format(x)) \(format(y + 6))Z\"/>"
                let labelWidth = SVGNumber.textWidth(label, size: HTMLTimelineLane.fontSize, bold: true)
                if x + 9 + labelWidth <= next - 8 {
                    out += "<text class=\"tl-flag-label\" x=\"\(format(x + 9))\" y=\"\(format(y + 3.5))\">\(escape(label))</text>"
                    previousEnd = x + 9 + labelWidth
                } else if x - 9 - labelWidth >= max(previousEnd + 8, axis.left) {
                    out += "<text class=\"tl-flag-label\" x=\"\(format(x - 9))\" y=\"\(format(y + 3.5))\" text-anchor=\"end\">\(escape(label))</text>"
                    previousEnd = x + 6
                } else {
                    previousEnd = x + 6
                }
                out += "</g>\n"
            }
            rows += 1
        }

        // MARK: Off the axis

        mutating func drawOutside(before: [PatientTimeline.Entry], after: [PatientTimeline.Entry]) {
            guard !before.isEmpty || !after.isEmpty else { return }
            let y = middle(rows) + 3.5
            let room = (axis.right - axis.left) * (before.isEmpty || after.isEmpty ? 1 : 0.5) - 12
            if !before.isEmpty {
                let full = "◂ earlier: " + before.map(HTMLTimelineLane.summary).joined(separator: "; ")
                let text = HTMLTimelineLane.truncate(full, to: room) ?? "◂ earlier"
                out += "<g class=\"tl-event\"><title>\(escape(before.map(HTMLTimelineLane.describe).joined(separator: "\n")))</title>"
                out += "<text class=\"tl-point-label\" x=\"\(format(axis.left + 4))\" y=\"\(format(y))\">\(escape(text))</text></g>\n"
            }
            if !after.isEmpty {
                let full = "later: " + after.map(HTMLTimelineLane.summary).joined(separator: "; ") + " ▸"
                let text = HTMLTimelineLane.truncate(full, to: room) ?? "later ▸"
                out += "<g class=\"tl-event\"><title>\(escape(after.map(HTMLTimelineLane.describe).joined(separator: "\n")))</title>"
                out += "<text class=\"tl-point-label\" x=\"\(format(axis.right - 4))\" y=\"\(format(y))\" text-anchor=\"end\">\(escape(text))</text></g>\n"
            }
            rows += 1
        }
    }

    // MARK: - Text

    /// An event's label, dates and input line, for its tooltip.
    static func describe(_ entry: PatientTimeline.Entry) -> String {
        var text = entry.label + ": " + dates(entry)
        if let line = entry.line { text += " (line \(line))" }
        return text
    }

    /// An event's label and dates, for the off-axis list.
    static func summary(_ entry: PatientTimeline.Entry) -> String {
        "\(entry.label) \(dates(entry))"
    }

    private static func dates(_ entry: PatientTimeline.Entry) -> String {
        if entry.isOngoing { return "since \(entry.start), ongoing" }
        return entry.start == entry.end ? entry.start.description : "\(entry.start) to \(entry.end)"
    }

    /// The plural noun for several events of `type` on one day.
    static func plural(_ type: String) -> String {
        switch type {
        case "lab": "lab results"
        case "administration": "doses"
        case "adverse-event": "adverse events"
        case "response": "assessments"
        default: "events"
        }
    }

    /// `text` cut with an ellipsis to fit `width` at the lane's font size, or `nil` if
    /// not even a few characters fit.
    static func truncate(_ text: String, to width: Double, bold: Bool = false) -> String? {
        if SVGNumber.textWidth(text, size: fontSize, bold: bold) <= width { return text }
        var characters = Array(text)
        while !characters.isEmpty, SVGNumber.textWidth(String(characters) + "…", size: fontSize, bold: bold) > width {
            characters.removeLast()
        }
        let trimmed = String(characters).trimmingSuffixSpaces
        return trimmed.count < 4 ? nil : trimmed + "…"
    }
}

extension String {
    /// The text without trailing spaces.
    fileprivate var trimmingSuffixSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
