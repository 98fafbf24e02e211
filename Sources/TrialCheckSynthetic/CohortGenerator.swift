/// Writes a synthetic cohort of patient histories for trial NCT07177794.
///
/// Each patient is built from its own random stream (the seed and the patient's index),
/// written, and forgotten: memory stays flat for any cohort size, and the same seed gives
/// byte-identical output. Records are realistic full histories (diagnosis, induction,
/// definitive chemoradiotherapy, screening labs with units and limits, ECOG, consent,
/// follow-up and Arm A study drug). A share of patients carries one injected problem:
///
/// - `deviationRate` of them a deviation of a design check (age, radiotherapy dose,
///   enrollment window, no adjuvant therapy);
/// - a quarter as many an edge case of those checks (a boundary pass, an indeterminate
///   partial date, a record a check cannot evaluate);
/// - a third as many a deviation of one of the protocol's other checks.
///
/// With a rate of 0 every record passes every check of the shipped protocol.
public struct CohortGenerator: Sendable {
    /// The only protocol whose shape the generator knows.
    public static let protocolID = "NCT07177794"
    /// The record format version written.
    public static let recordFormat = "patient-history/1"

    /// The seed: the same seed gives the same cohort.
    public let seed: UInt64
    /// The number of patients.
    public let patients: Int
    /// The share of patients given a deviation of a design check, 0 to 1.
    public let deviationRate: Double
    /// The output format.
    public let format: CohortFormat

    private let edgeRate: Double
    private let otherRate: Double
    private let idWidth: Int

    /// A generator of `patients` histories from `seed`.
    public init(seed: UInt64, patients: Int, deviationRate: Double = 0.1, format: CohortFormat = .ndjson) {
        self.seed = seed
        self.patients = max(0, patients)
        self.deviationRate = min(1, max(0, deviationRate))
        self.format = format
        let rate = self.deviationRate
        edgeRate = min(rate / 4, (1 - rate) / 2)
        otherRate = min(rate / 3, (1 - rate) / 2)
        var width = 4
        var limit = 10_000
        while limit <= self.patients && width < 18 {
            width += 1
            limit *= 10
        }
        idWidth = width
    }

    /// The problem injected into patient `index` (0-based), if any.
    public func scenario(ofPatient index: Int) -> Scenario? {
        var rng = SplitMix64(seed: seed, index: UInt64(index))
        return chooseScenario(&rng)
    }

    private static let designTable = Scenario.table(.designDeviation)
    private static let edgeTable = Scenario.table(.edge)
    private static let otherTable = Scenario.table(.otherDeviation)

    private func chooseScenario(_ rng: inout SplitMix64) -> Scenario? {
        let draw = rng.unit()
        let table: (scenarios: [Scenario], weights: [Int])
        if draw < deviationRate {
            table = CohortGenerator.designTable
        } else if draw < deviationRate + edgeRate {
            table = CohortGenerator.edgeTable
        } else if draw < deviationRate + edgeRate + otherRate {
            table = CohortGenerator.otherTable
        } else {
            return nil
        }
        return table.scenarios[rng.weightedIndex(table.weights)]
    }

    /// Generates the cohort, handing it to `consumer` in chunks of about `chunkSize` bytes, in
    /// order. The chunk's memory is reused once `consumer` returns.
    public func write(chunkSize: Int = 1 << 20, to consumer: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let sink = ByteSink(capacity: chunkSize + (chunkSize >> 2))
        let writer = RecordWriter(sink: sink, format: format, idWidth: idWidth)
        writer.header(patients: patients, seed: seed, deviationRate: deviationRate)
        for index in 0 ..< patients {
            var rng = SplitMix64(seed: seed, index: UInt64(index))
            let scenario = chooseScenario(&rng)
            var builder = PatientBuilder(rng: rng, scenario: scenario)
            builder.build()
            writer.record(builder, index: index)
            if sink.count >= chunkSize { try sink.drain(consumer) }
        }
        if sink.count > 0 { try sink.drain(consumer) }
    }

    /// The whole cohort as bytes (for tests and small cohorts).
    public func bytes() -> [UInt8] {
        var all: [UInt8] = []
        write { all.append(contentsOf: $0) }
        return all
    }
}
