import Foundation

/// A funnel plot of one quality tolerance limit, as inline SVG with a text alternative:
/// each site's rate against its size, the study's rate, the limit's threshold, and the 95%
/// and 99.8% binomial control limits around the study's rate (``BinomialFunnel``).
struct HTMLFunnelPlot {
    let limit: QualityReport.LimitResult
    /// The limit's position in the protocol, for the plot's element ids.
    let index: Int

    private let width = 640.0
    private let height = 300.0
    private let left = 56.0
    private let right = 20.0
    private let top = 16.0
    private let bottom = 44.0

    /// The `<svg>` element.
    func render() -> String {
        let escape = MarkupEscaping.escape
        let format = SVGNumber.format
        let sites = limit.sites.filter { $0.rate.denominator > 0 }
        let studyRate = limit.overall.value ?? 0
        let largest = max(sites.map(\.rate.denominator).max() ?? 1, 1)
        let xMaximum = Double(largest) * 1.05
        let sizes = Self.curveSizes(upTo: Int(xMaximum.rounded(.up)))
        let bands = sizes.map { ($0, BinomialFunnel.band(trials: $0, rate: studyRate)) }
        let highest = ([limit.threshold, studyRate] + sites.compactMap(\.rate.value) + bands.compactMap { $0.1?.upper998 }.suffix(sizes.count * 3 / 4)).max() ?? 1
        let yMaximum = min(1, max(0.01, Self.niceCeiling(highest * 1.1)))
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func x(_ size: Double) -> Double { left + size / xMaximum * plotWidth }
        func y(_ rate: Double) -> Double { top + (1 - min(rate, yMaximum) / yMaximum) * plotHeight }
        let id = "funnel-\(index)"

        var out = "<svg class=\"funnel\" viewBox=\"0 0 \(format(width)) \(format(height))\" width=\"\(format(width))\" height=\"\(format(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">\n"
        out += "<title id=\"\(id)-title\">Funnel plot: \(escape(limit.title))</title>\n"
        out += "<desc id=\"\(id)-desc\">\(escape(description))</desc>\n"
        // Axes, with ticks.
        for step in 0...4 {
            let rate = yMaximum * Double(step) / 4
            out += "<line class=\"chart-grid\" x1=\"\(format(left))\" y1=\"\(format(y(rate)))\" x2=\"\(format(width - right))\" y2=\"\(format(y(rate)))\"/>"
            out += "<text class=\"chart-tick\" x=\"\(format(left - 6))\" y=\"\(format(y(rate) + 3.5))\" text-anchor=\"end\">\(QualityReport.percent(rate))</text>\n"
        }
        let xStep = HTMLFindingsChart.step(for: largest)
        var tick = 0
        while Double(tick) <= xMaximum {
            out += "<text class=\"chart-tick\" x=\"\(format(x(Double(tick))))\" y=\"\(format(height - bottom + 14))\" text-anchor=\"middle\">\(tick)</text>"
            tick += xStep
        }
        out += "\n<line class=\"chart-axis\" x1=\"\(format(left))\" y1=\"\(format(top + plotHeight))\" x2=\"\(format(width - right))\" y2=\"\(format(top + plotHeight))\"/>"
        out += "<line class=\"chart-axis\" x1=\"\(format(left))\" y1=\"\(format(top))\" x2=\"\(format(left))\" y2=\"\(format(top + plotHeight))\"/>\n"
        out += "<text class=\"chart-sub\" x=\"\(format(left + plotWidth / 2))\" y=\"\(format(height - 8))\" text-anchor=\"middle\">\(limit.unit.rawValue) at the site</text>\n"
        // Control limits.
        func curve(_ kind: String, _ value: (QualityReport.FunnelBand) -> Double) -> String {
            let points = bands.compactMap { size, band in band.map { "\(format(x(Double(size)))),\(format(y(value($0))))" } }
            return "<polyline class=\"funnel-\(kind)\" points=\"\(points.joined(separator: " "))\"/>\n"
        }
        out += curve("998", \.upper998) + curve("998", \.lower998) + curve("95", \.upper95) + curve("95", \.lower95)
        out += "<line class=\"funnel-rate\" x1=\"\(format(left))\" y1=\"\(format(y(studyRate)))\" x2=\"\(format(width - right))\" y2=\"\(format(y(studyRate)))\"><title>Study rate \(QualityReport.percent(studyRate))</title></line>\n"
        out += "<line class=\"funnel-threshold\" x1=\"\(format(left))\" y1=\"\(format(y(limit.threshold)))\" x2=\"\(format(width - right))\" y2=\"\(format(y(limit.threshold)))\"><title>Limit \(QualityReport.percent(limit.threshold))</title></line>\n"
        out += "<text class=\"funnel-label\" x=\"\(format(width - right - 2))\" y=\"\(format(y(limit.threshold) - 4))\" text-anchor=\"end\">limit \(QualityReport.percent(limit.threshold))</text>\n"
        // Sites.
        for site in sites {
            guard let rate = site.rate.value else { continue }
            let signal = site.signal ?? .inside
            let kind = site.status == .breached ? "breached" : signal == .inside ? "inside" : "outside"
            out += "<circle class=\"funnel-site \(kind)\" cx=\"\(format(x(Double(site.rate.denominator))))\" cy=\"\(format(y(rate)))\" r=\"5\">"
            out += "<title>\(escape(sentence(for: site)))</title></circle>\n"
        }
        out += "</svg>"
        return out
    }

    /// The plot as sentences, for screen readers.
    var description: String {
        let study = "Study rate \(limit.overall.percentText) (\(limit.overall.numerator) of \(limit.overall.denominator) \(limit.unit.rawValue)); limit \(QualityReport.percent(limit.threshold)). "
        let sites = limit.sites.filter { $0.rate.denominator > 0 }
        guard !sites.isEmpty else { return study + "No site has data." }
        return study + sites.map(sentence).joined(separator: " ")
    }

    private func sentence(for site: QualityReport.SiteRate) -> String {
        "Site \(QualityReport.siteName(site.site)): \(site.rate.percentText) of \(site.rate.denominator) \(limit.unit.rawValue), "
            + "\(site.signal?.phrase ?? "not placed"), \(site.status.rawValue)."
    }

    /// The site sizes the control-limit curves are drawn through: every size up to 20, then
    /// about 40 steps growing geometrically to `maximum`.
    static func curveSizes(upTo maximum: Int) -> [Int] {
        var sizes = Array(1...max(1, min(maximum, 20)))
        var size = 20.0
        let factor = maximum > 20 ? pow(Double(maximum) / 20, 1.0 / 40) : 2
        while Int(size) < maximum {
            size *= factor
            let next = min(maximum, Int(size.rounded()))
            if next > (sizes.last ?? 0) { sizes.append(next) }
        }
        return sizes
    }

    /// `value` rounded up to 1, 2 or 5 times a power of ten.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        var magnitude = 1.0
        while magnitude > value { magnitude /= 10 }
        while magnitude * 10 <= value { magnitude *= 10 }
        for factor in [1.0, 2, 5, 10] where factor * magnitude >= value { return factor * magnitude }
        return 10 * magnitude
    }
}
