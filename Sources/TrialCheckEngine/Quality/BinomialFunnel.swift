import Foundation

/// Control limits of a funnel plot for proportions (Spiegelhalter, "Funnel plots for
/// comparing institutional performance", Stat Med 2005): for a site of `n` patients (or
/// verdicts) and the study's rate θ, the exact binomial quantiles of the count, interpolated
/// between whole counts and divided by `n`.
///
/// The `p` limit is `(r - α) / n`, where `r` is the smallest count with `P(R ≤ r) ≥ p` and
/// `α = (P(R ≤ r) - p) / P(R = r)`; limits are clamped to 0-1.
enum BinomialFunnel {
    /// The two-sided bands drawn: 95% (about 2 standard deviations) and 99.8% (about 3).
    static let probabilities = (lower998: 0.001, lower95: 0.025, upper95: 0.975, upper998: 0.999)

    /// The four control limits for a site of `trials` around `rate`; `nil` for a site of none.
    static func band(trials: Int, rate: Double) -> QualityReport.FunnelBand? {
        guard trials > 0 else { return nil }
        let p = probabilities
        let limits = quantiles([p.lower998, p.lower95, p.upper95, p.upper998], trials: trials, rate: rate)
        // Six decimals: more than a plot or a table shows, and free of floating-point noise.
        let rounded = limits.map { ($0 * 1_000_000).rounded() / 1_000_000 }
        return QualityReport.FunnelBand(lower998: rounded[0], lower95: rounded[1], upper95: rounded[2], upper998: rounded[3])
    }

    /// The interpolated proportions at each of `probabilities` (ascending), in one pass
    /// over the binomial distribution.
    static func quantiles(_ probabilities: [Double], trials n: Int, rate θ: Double) -> [Double] {
        if θ <= 0 { return probabilities.map { _ in 0 } }
        if θ >= 1 { return probabilities.map { _ in 1 } }
        var results = [Double](repeating: 1, count: probabilities.count)
        var next = 0
        let logOdds = log(θ / (1 - θ))
        var logMass = Double(n) * log1p(-θ)
        var cumulative = 0.0
        var r = 0
        while r <= n, next < probabilities.count {
            let mass = exp(logMass)
            cumulative += mass
            while next < probabilities.count, cumulative >= probabilities[next] {
                let alpha = mass > 0 ? (cumulative - probabilities[next]) / mass : 0
                results[next] = min(1, max(0, (Double(r) - alpha) / Double(n)))
                next += 1
            }
            if r < n { logMass += log(Double(n - r) / Double(r + 1)) + logOdds }
            r += 1
        }
        return results
    }
}
