import TrialCheckCore

/// A protocol's versions (the original and each amendment, with the day it takes effect)
/// and the date that decides which version judges a patient.
public struct ProtocolVersioning: Sendable, Hashable {
    /// One version of the protocol.
    public struct Version: Sendable, Hashable, Codable {
        /// Its name (`2025-09-17`, `Amendment 2`).
        public let version: String
        /// The first day it is in force; `nil` for the original protocol.
        public let effective: CalendarDay?

        /// Creates a version.
        public init(version: String, effective: CalendarDay?) {
            self.version = version
            self.effective = effective
        }

        private enum CodingKeys: String, CodingKey { case version, effective }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            version = try container.decode(String.self, forKey: .version)
            let text = try container.decodeIfPresent(String.self, forKey: .effective)
            effective = text.flatMap { PartialDate(iso8601: $0)?.span }.map(\.first)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(version, forKey: .version)
            try container.encodeIfPresent(effective.map { PartialDate($0).description }, forKey: .effective)
        }
    }

    /// The patient's date that chooses the version in force (`version_date:`).
    public enum Anchor: String, Sendable, Hashable, CaseIterable, Codable {
        /// The earliest informed-consent date (the default).
        case consent
        /// The enrollment (registration) date.
        case enrollment
    }

    /// Which version judges a patient.
    public enum Choice: Sendable, Hashable {
        /// The version at this index of ``versions``.
        case known(Int)
        /// The anchor date is missing, or partial across an effective date: any of these
        /// versions may be the one in force; `reason` says why, in a sentence.
        case undetermined([Int], reason: String)
    }

    /// The versions, original first, in order of their effective dates.
    public let versions: [Version]
    /// The date that chooses the version.
    public let anchor: Anchor

    /// Creates a versioning; `versions` start with the original (no effective date).
    public init(versions: [Version], anchor: Anchor) {
        self.versions = versions
        self.anchor = anchor
    }

    /// The version in force for `patient` at its anchor date, and the evidence of that date.
    public func choice(for patient: PatientHistory) -> (choice: Choice, evidence: Evidence?) {
        let span: DaySpan
        let evidence: Evidence
        switch anchor {
        case .enrollment:
            span = patient.enrollment.date.span
            evidence = .enrollmentDate(of: patient)
        case .consent:
            switch TimelineAnchor.consent.resolve(in: patient) {
            case .success(let (day, found)):
                span = day
                evidence = found
            case .failure(let missing):
                return (.undetermined(Array(versions.indices), reason: "the protocol version is chosen by the consent date, and \(missing.reason.lowercasingFirstLetter.dropLastFullStop)"), nil)
            }
        }
        let first = index(inForceOn: span.first)
        let last = index(inForceOn: span.last)
        guard first != last else { return (.known(first), evidence) }
        let names = (first...last).map { versions[$0].version }.joined(separator: " or ")
        return (.undetermined(Array(first...last), reason: "the \(anchor.rawValue) date \(span) may fall before or after an amendment's effective date (version \(names))"), evidence)
    }

    /// The index of the version in force on `day`: the last whose effective date is on or before it.
    func index(inForceOn day: CalendarDay) -> Int {
        versions.lastIndex { version in version.effective.map { $0 <= day } ?? true } ?? 0
    }

    /// The version names a choice allows, for a finding: `2.0`, or `1.0 or 2.0`.
    public func label(_ choice: Choice) -> String {
        switch choice {
        case .known(let index): versions[index].version
        case .undetermined(let indices, _): indices.map { versions[$0].version }.joined(separator: " or ")
        }
    }
}

extension String {
    /// The text without a final full stop.
    fileprivate var dropLastFullStop: String { hasSuffix(".") ? String(dropLast()) : self }
}
