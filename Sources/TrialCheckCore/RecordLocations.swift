/// Where each record-level value of a patient history was read: the enrollment date, the
/// arm, the birth date, ... so evidence built from one points at its own line (and column),
/// not at the start of the record.
///
/// A location is `nil` where the value was not read from the record (absent, `null`, a
/// default from a file header or the command line) or the reader does not know it; evidence
/// then falls back to the record's location (``PatientHistory/location``), as
/// ``PatientHistory/location(of:)`` does.
public struct RecordLocations: Sendable, Hashable {
    /// Where `site` was read.
    public var site: SourceLocation?
    /// Where `sex` was read.
    public var sex: SourceLocation?
    /// Where `birth_date` was read.
    public var birthDate: SourceLocation?
    /// Where `age` was read.
    public var age: SourceLocation?
    /// Where `enrollment.date` was read.
    public var enrollmentDate: SourceLocation?
    /// Where `enrollment.arm` was read.
    public var arm: SourceLocation?
    /// Where `data_cutoff` was read (not set for a cut-off taken from a file header or the
    /// command line).
    public var dataCutoff: SourceLocation?

    /// Locations for the values given; the others unknown.
    public init(
        site: SourceLocation? = nil,
        sex: SourceLocation? = nil,
        birthDate: SourceLocation? = nil,
        age: SourceLocation? = nil,
        enrollmentDate: SourceLocation? = nil,
        arm: SourceLocation? = nil,
        dataCutoff: SourceLocation? = nil
    ) {
        self.site = site
        self.sex = sex
        self.birthDate = birthDate
        self.age = age
        self.enrollmentDate = enrollmentDate
        self.arm = arm
        self.dataCutoff = dataCutoff
    }

    /// The location of `field`, if known.
    public subscript(field: RecordField) -> SourceLocation? {
        get {
            switch field {
            case .site: site
            case .sex: sex
            case .birthDate: birthDate
            case .age: age
            case .enrollmentDate: enrollmentDate
            case .arm: arm
            case .dataCutoff: dataCutoff
            }
        }
        set {
            switch field {
            case .site: site = newValue
            case .sex: sex = newValue
            case .birthDate: birthDate = newValue
            case .age: age = newValue
            case .enrollmentDate: enrollmentDate = newValue
            case .arm: arm = newValue
            case .dataCutoff: dataCutoff = newValue
            }
        }
    }
}

extension PatientHistory {
    /// Where the record-level value `field` was read: its own location where the reader
    /// knows it, else the record's.
    public func location(of field: RecordField) -> SourceLocation? {
        fieldLocations[field] ?? location
    }
}

extension Evidence {
    /// The enrollment date of `patient`, located at the value itself.
    ///
    /// Every check that cites the enrollment date builds it here, so it reads and points the
    /// same everywhere.
    public static func enrollmentDate(of patient: PatientHistory) -> Evidence {
        enrollmentDate(patient.enrollment.date, at: patient.location(of: .enrollmentDate))
    }

    /// The enrollment date `date`, read at `location` (``PatientHistory/location(of:)``):
    /// for evidence written later, without keeping the whole history for it.
    public static func enrollmentDate(_ date: PartialDate, at location: SourceLocation?) -> Evidence {
        Evidence("enrollment date", date.description, at: location)
    }

    /// The arm of `patient` (`not recorded` when absent), located at the value itself.
    public static func arm(of patient: PatientHistory) -> Evidence {
        Evidence("arm", patient.enrollment.arm ?? "not recorded", at: patient.location(of: .arm))
    }

    /// The birth date of `patient`, located at the value itself; `nil` when none is recorded.
    public static func birthDate(of patient: PatientHistory) -> Evidence? {
        birthDate(patient.birthDate, at: patient.location(of: .birthDate))
    }

    /// The birth date `date`, read at `location`; `nil` for none: for evidence written
    /// later, without keeping the whole history for it.
    public static func birthDate(_ date: PartialDate?, at location: SourceLocation?) -> Evidence? {
        date.map { Evidence("birth date", $0.description, at: location) }
    }

    /// The age the record gives for `patient`, located at the value itself; `nil` when none is recorded.
    public static func recordedAge(of patient: PatientHistory) -> Evidence? {
        recordedAge(patient.age, at: patient.location(of: .age))
    }

    /// The recorded age `age`, read at `location`; `nil` for none: for evidence written
    /// later, without keeping the whole history for it.
    public static func recordedAge(_ age: Int?, at location: SourceLocation?) -> Evidence? {
        age.map { Evidence("recorded age", String($0), at: location) }
    }

    /// The data cut-off of `patient`, located at the value itself (or at the record, for a
    /// cut-off taken from a file header or the command line); `nil` when there is none.
    public static func dataCutoff(of patient: PatientHistory) -> Evidence? {
        patient.dataCutoff.map { Evidence("data cut-off", $0.description, at: patient.location(of: .dataCutoff)) }
    }
}
