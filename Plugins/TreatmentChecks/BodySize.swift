import TrialCheckCore

/// The body size a dose per m2 or per kg is scaled by: body-surface area or weight, from
/// the record's `measurement` events.
///
/// For a dose on a given day, the measurement used is the latest one certainly on or before
/// that day: body-surface area is the latest recorded `bsa` (in m2), else computed by the
/// Mosteller formula, BSA (m2) = sqrt(height (cm) x weight (kg) / 3600), from the latest
/// `height` and the latest `weight`; weight is the latest recorded `weight`.
enum BodySize {
    /// What a dose is scaled by.
    enum Basis: Sendable {
        /// Body-surface area, in m2.
        case surfaceArea
        /// Weight, in kg.
        case weight

        /// `m2` or `kg`.
        var unit: String { self == .surfaceArea ? "m2" : "kg" }
    }

    /// The body size on `day` by `basis`, with how it was found, or why it cannot be.
    static func size(_ basis: Basis, on day: DaySpan, in patient: PatientHistory) -> Result<(value: Double, text: String), Missing> {
        let measured = patient.events(ofType: .measurement).filter { event in
            guard let span = event.startSpan else { return false }
            return span.last <= day.first
        }.sorted { ($0.startSpan?.first ?? day.first) < ($1.startSpan?.first ?? day.first) }
        func latest(_ key: String, _ convert: (Quantity) -> Double?) -> Result<(Double, Event)?, Missing> {
            guard let event = measured.last(where: { $0[key] != nil && $0[key] != .null }), let raw = event[key] else { return .success(nil) }
            guard let quantity = raw.quantity, let value = convert(quantity), value > 0 else {
                return .failure(Missing("the \(key) '\(raw.display)' measured \(event.datesDescription) is not a \(key) with a unit this check reads"))
            }
            return .success((value, event))
        }
        switch basis {
        case .weight:
            switch latest("weight", kilograms) {
            case .failure(let missing): return .failure(missing)
            case .success(nil): return .failure(Missing("no weight is recorded on or before \(day)"))
            case .success(let found?): return .success((found.0, "weight \(Quantity.format(found.0)) kg (\(found.1.datesDescription))"))
            }
        case .surfaceArea:
            if case .success(let recorded?) = latest("bsa", squareMetres) {
                return .success((recorded.0, "BSA \(Quantity.format(recorded.0)) m2 (\(recorded.1.datesDescription))"))
            }
            let weight: (Double, Event)
            let height: (Double, Event)
            switch (latest("weight", kilograms), latest("height", centimetres)) {
            case (.failure(let missing), _), (_, .failure(let missing)): return .failure(missing)
            case (.success(let w?), .success(let h?)):
                weight = w
                height = h
            default: return .failure(Missing("no body-surface area, or height and weight, is recorded on or before \(day)"))
            }
            let bsa = (height.0 * weight.0 / 3600).squareRoot()
            let rounded = (bsa * 100).rounded() / 100
            return .success((bsa, "BSA \(Quantity.format(rounded)) m2 (Mosteller: height \(Quantity.format(height.0)) cm \(height.1.datesDescription), weight \(Quantity.format(weight.0)) kg \(weight.1.datesDescription))"))
        }
    }

    /// Why a body size cannot be found.
    struct Missing: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private static func kilograms(_ quantity: Quantity) -> Double? {
        if TextKey.trimmedLowercased(quantity.unit) == "lb" { return quantity.value * 0.45359237 }
        guard ClinicalUnit.definition(of: quantity.unit)?.dimension == .mass else { return nil }
        return quantity.converted(to: "kg")?.value
    }

    private static func centimetres(_ quantity: Quantity) -> Double? {
        switch TextKey.trimmedLowercased(quantity.unit) {
        case "cm": quantity.value
        case "m": quantity.value * 100
        case "in": quantity.value * 2.54
        default: nil
        }
    }

    private static func squareMetres(_ quantity: Quantity) -> Double? {
        ["m2", "m^2", "m²"].contains(TextKey.trimmedLowercased(quantity.unit)) ? quantity.value : nil
    }
}
