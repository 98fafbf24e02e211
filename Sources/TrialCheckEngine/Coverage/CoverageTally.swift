import TrialCheckCore

/// Adds up the patients' coverage observations, input by input, into the report's
/// ``DataCoverage``.
struct CoverageTally {
    private struct Key: Hashable {
        let status: CoverageElement.Status
        let kind: CoverageElement.Kind
        let value: String
    }

    /// The elements of the input being read, by identity.
    private var elements: [Key: CoverageElement] = [:]
    /// The finished inputs.
    private var inputs: [InputCoverage] = []
    /// Per check, patients with data it reads.
    private var withData: [Int]

    init(checkCount: Int) {
        withData = Array(repeating: 0, count: checkCount)
    }

    /// Adds one audited patient's observations.
    mutating func add(_ patient: PatientCoverage) {
        for (index, has) in patient.checksWithData.enumerated() where has && index < withData.count {
            withData[index] += 1
        }
        var seenInPatient: Set<Key> = []
        for observation in patient.observations {
            let key = Key(status: observation.status, kind: observation.kind, value: observation.value)
            let isFirstInPatient = seenInPatient.insert(key).inserted
            if var element = elements[key] {
                element.count += 1
                if isFirstInPatient { element.patients = (element.patients ?? 0) + 1 }
                elements[key] = element
            } else {
                elements[key] = CoverageElement(
                    status: observation.status, kind: observation.kind, value: observation.value, count: 1, patients: 1,
                    first: observation.location, suggestion: observation.suggestion, reason: observation.reason
                )
            }
        }
    }

    /// Closes the input at `path`: its elements, not understood first, then by kind and value.
    mutating func finishInput(path: String) {
        let sorted = elements.values.sorted {
            ($0.status, $0.kind, $0.value) < ($1.status, $1.kind, $1.value)
        }
        inputs.append(InputCoverage(path: path, elements: sorted))
        elements = [:]
    }

    /// The coverage, with each check's count of evaluable patients from `checks`.
    func coverage(checks: [AuditReport.CheckSummary]) -> DataCoverage {
        DataCoverage(
            inputs: inputs,
            checks: checks.enumerated().map { index, check in
                CheckCoverage(id: check.id, patientsWithData: index < withData.count ? withData[index] : 0, evaluable: check.evaluated - check.notEvaluable)
            }
        )
    }
}
