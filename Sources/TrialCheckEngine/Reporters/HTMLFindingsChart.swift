/// The HTML report's chart of findings per check: one stacked horizontal bar per check
/// (deviation, indeterminate, not evaluable), as inline SVG with a text alternative.
struct HTMLFindingsChart {
    /// The checks, in protocol order.
    let checks: [AuditReport.CheckSummary]

    private let width = 880.0
    private let labelWidth = 230.0
    private let top = 26.0

    /// Whether rows are one line each (a long protocol), without the severity line.
    private var isCompact: Bool { checks.count > 12 }
    private var rowHeight: Double { isCompact ? 22 : 36 }
    private var barHeight: Double { isCompact ? 13 : 18 }

    /// The `<svg>` element.
    func render() -> String {
        let escape = MarkupEscaping.escape
        let plotLeft = labelWidth
        let plotRight = width - 70
        let total = checks.map(findings).max() ?? 0
        let step = Self.step(for: total)
        let scaleMaximum = max(step, ((total + step - 1) / step) * step)
        let scale = (plotRight - plotLeft) / Double(scaleMaximum)
        let height = top + rowHeight * Double(max(checks.count, 1)) + 8
        let format = SVGNumber.format

        var out = "<svg class=\"findings-chart\" viewBox=\"0 0 \(format(width)) \(format(height))\" width=\"\(format(width))\" height=\"\(format(height))\" role=\"img\" aria-labelledby=\"chart-title chart-desc\">\n"
        out += "<title id=\"chart-title\">Findings per check</title>\n"
        out += "<desc id=\"chart-desc\">\(escape(description))</desc>\n"

        // Scale: gridlines and counts along the top.
        var tick = 0
        while tick <= scaleMaximum {
            let x = plotLeft + Double(tick) * scale
            out += "<line class=\"chart-grid\" x1=\"\(format(x))\" y1=\"\(format(top - 6))\" x2=\"\(format(x))\" y2=\"\(format(height - 8))\"/>"
            out += "<text class=\"chart-tick\" x=\"\(format(x))\" y=\"\(format(top - 10))\" text-anchor=\"middle\">\(tick)</text>\n"
            tick += step
        }
        out += "<line class=\"chart-axis\" x1=\"\(format(plotLeft))\" y1=\"\(format(top - 6))\" x2=\"\(format(plotLeft))\" y2=\"\(format(height - 8))\"/>\n"

        for (index, check) in checks.enumerated() {
            let rowTop = top + Double(index) * rowHeight
            let barY = rowTop + (rowHeight - barHeight) / 2
            out += "<g class=\"chart-row\">\n"
            if isCompact {
                out += "<text class=\"chart-label\" x=\"\(format(plotLeft - 12))\" y=\"\(format(barY + 10.5))\" text-anchor=\"end\">\(escape(check.id))</text>\n"
            } else {
                out += "<text class=\"chart-label\" x=\"\(format(plotLeft - 12))\" y=\"\(format(barY + 8))\" text-anchor=\"end\">\(escape(check.id))</text>"
                out += "<text class=\"chart-sub\" x=\"\(format(plotLeft - 12))\" y=\"\(format(barY + 21))\" text-anchor=\"end\">\(check.severity.rawValue) · \(check.category.rawValue) · \(check.evaluated) evaluated</text>\n"
            }
            var x = plotLeft
            let segments: [(String, String, Int)] = [
                ("deviation", "deviation", check.deviation),
                ("indeterminate", "indeterminate", check.indeterminate),
                ("not-evaluable", "not evaluable", check.notEvaluable),
            ]
            for (kind, noun, count) in segments where count > 0 {
                let segmentWidth = Double(count) * scale
                out += "<rect class=\"seg fill-\(kind)\" x=\"\(format(x))\" y=\"\(format(barY))\" width=\"\(format(segmentWidth))\" height=\"\(format(barHeight))\">"
                out += "<title>\(escape(check.id)): \(count) \(noun)</title></rect>\n"
                x += segmentWidth
            }
            let count = findings(check)
            let summary = count == 0 ? "no findings" : "\(count)"
            out += "<text class=\"chart-value\" x=\"\(format(x + 8))\" y=\"\(format(barY + barHeight / 2 + 4))\">\(summary)</text>\n"
            out += "</g>\n"
        }
        out += "</svg>"
        return out
    }

    /// The chart as a sentence, for screen readers.
    var description: String {
        guard !checks.isEmpty else { return "The protocol has no checks." }
        return "Non-pass verdicts per check. " + checks.map { check in
            "\(check.id): \(check.deviation) deviation\(check.deviation == 1 ? "" : "s"), "
                + "\(check.indeterminate) indeterminate, \(check.notEvaluable) not evaluable, of \(check.evaluated) evaluated."
        }.joined(separator: " ")
    }

    private func findings(_ check: AuditReport.CheckSummary) -> Int {
        check.deviation + check.indeterminate + check.notEvaluable
    }

    /// A round tick step that gives at most six ticks up to `maximum`.
    static func step(for maximum: Int) -> Int {
        var magnitude = 1
        while magnitude < Int.max / 100 {
            for factor in [1, 2, 5] where maximum <= 6 * factor * magnitude {
                return factor * magnitude
            }
            magnitude *= 10
        }
        return max(maximum, 1)
    }
}
