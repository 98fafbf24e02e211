import TrialCheckCore

/// Groups SDTM dataset rows by USUBJID in bounded memory through a ``PatientGroupSpill``,
/// with exactly the items and notes of the grouping in memory (``SDTMMapper/map(_:)``):
/// the DM records rejected (no USUBJID, a second record of a subject), the subjects in DM
/// order, each with its records in dataset and row order and its supplemental qualifiers,
/// then the subjects of other datasets that DM does not hold.
final class SDTMSpilledGrouping {
    private struct Dataset {
        let domain: String
        let fileName: String
        let path: String
        let isSupplement: Bool
        /// The dataset without rows, once its header is read.
        var base: SDTMDataset?
    }

    private let decoder: PatientRecordDecoder
    private let spill: PatientGroupSpill
    private var mapper: SDTMMapper
    private var datasets: [Dataset] = []
    /// DM records rejected while reading (no USUBJID), with their sequence numbers.
    private var rejectedDM: [(sequence: Int, item: ReadItem)] = []
    private var orphans: [PatientGroupSpill.Orphan] = []
    private var pending: [ReadItem] = []
    private var subjectsMapped = 0
    private var grouped = false
    private var finished = false

    /// An empty grouping of the folder `decoder` reads, within `budget`.
    init(decoder: PatientRecordDecoder, budget: GroupingBudget) throws(InputError) {
        self.decoder = decoder
        mapper = SDTMMapper(decoder: decoder)
        spill = try PatientGroupSpill(budget: budget, expansion: SDTMReader.parsedExpansion, inputName: decoder.file) { $0 }
    }

    /// What the mapping did not use (complete once every item is read).
    var notes: [String] { mapper.notes }

    /// Whether a DM dataset was read.
    var hasDM: Bool { datasets.contains { $0.domain == "DM" && !$0.isSupplement } }

    /// Declares the next dataset read; returns its index.
    func addDataset(domain: String, fileName: String, path: String, isSupplement: Bool) -> Int {
        datasets.append(Dataset(domain: domain, fileName: fileName, path: path, isSupplement: isSupplement))
        return datasets.count - 1
    }

    /// Adds one row of dataset `index`.
    func add(_ row: CSVRow, header: CSVHeader, dataset index: Int) throws(InputError) {
        let dataset = datasets[index]
        let base: SDTMDataset
        if let known = dataset.base {
            base = known
        } else {
            base = SDTMDataset(domain: dataset.domain, fileName: dataset.fileName, path: dataset.path, header: header, rows: [])
            datasets[index].base = base
        }
        let record = SDTMDataset.Record(dataset: base, row: row)
        let subject = record.subject
        if dataset.isSupplement {
            guard let subject, record.text("QNAM") != nil, record.field("QVAL") != nil else { return }
            try spill.addMember(reference: subject, payload: Self.payload(row, dataset: index, path: dataset.path), reportsOrphan: false)
        } else if dataset.domain == "DM" {
            guard let subject else {
                rejectedDM.append((spill.sequence, .rejected(RecordRejection(
                    location: record.position.lineLocation(in: decoder.file), reason: "the DM record has no USUBJID"
                ))))
                return
            }
            try spill.addOwner(key: subject, payload: Self.payload(row, dataset: index, path: dataset.path))
        } else if let subject {
            try spill.addMember(reference: subject, payload: Self.payload(row, dataset: index, path: dataset.path), reportsOrphan: true)
        } else {
            mapper.clock = SDTMMapper.clock(phase: 1, spill.sequence)
            mapper.skip(record, "no USUBJID")
        }
    }

    /// The next item; `nil` at the end.
    func next() throws(InputError) -> ReadItem? {
        if !grouped {
            grouped = true
            let (duplicates, orphans) = try spill.group { reference, keys in keys[reference] }
            self.orphans = orphans
            var rejections = rejectedDM
            for duplicate in duplicates {
                let record = try self.record(duplicate.payload)
                rejections.append((duplicate.sequence, .rejected(RecordRejection(
                    location: record.position.lineLocation(in: decoder.file),
                    reason: "a second DM record for subject '\(duplicate.key)'", patient: duplicate.key
                ))))
            }
            rejectedDM = []
            pending = rejections.sorted { $0.sequence < $1.sequence }.map(\.item).reversed()
        }
        while pending.isEmpty, !finished {
            if let groups = try spill.nextGroups() {
                for group in groups {
                    mapper.clock = SDTMMapper.clock(phase: 2, subjectsMapped)
                    subjectsMapped += 1
                    if let item = try subject(group) { pending.append(item) }
                }
                pending.reverse()
            } else {
                finished = true
                for orphan in orphans {
                    let first = try record(orphan.first)
                    pending.append(.rejected(RecordRejection(
                        location: first.position.lineLocation(in: decoder.file),
                        reason: "\(orphan.count) record(s) of subject '\(orphan.reference)' (first in \(first.dataset.fileName)) have no DM record",
                        patient: orphan.reference
                    )))
                }
                pending.reverse()
            }
        }
        return pending.popLast()
    }

    /// One subject's records, with the supplemental qualifiers of its datasets, mapped.
    private func subject(_ group: PatientGroupSpill.Group) throws(InputError) -> ReadItem? {
        var rows: [(dataset: Int, row: CSVRow)] = []
        var supplements: [Int: [SDTMDataset.Qualifier]] = [:]
        var subject = ""
        for payload in [group.owner] + group.members {
            let (index, row) = try Self.row(payload, datasets: datasets)
            guard datasets[index].isSupplement else {
                rows.append((index, row))
                continue
            }
            guard let base = datasets[index].base else { continue }
            let record = SDTMDataset.Record(dataset: base, row: row)
            guard let name = record.text("QNAM"), let value = record.field("QVAL") else { continue }
            let entry = SDTMDataset.Qualifier(idVariable: record.text("IDVAR") ?? "", idValue: record.text("IDVARVAL") ?? "", name: name.uppercased(), value: value)
            for target in datasets.indices where !datasets[target].isSupplement && datasets[target].domain == datasets[index].domain {
                supplements[target, default: []].append(entry)
            }
        }
        guard let owner = rows.first, let ownerBase = datasets[owner.dataset].base else { return nil }
        subject = SDTMDataset.Record(dataset: ownerBase, row: owner.row).subject ?? ""
        var withSupplements: [Int: SDTMDataset] = [:]
        func dataset(_ index: Int) -> SDTMDataset? {
            if let known = withSupplements[index] { return known }
            guard let base = datasets[index].base?.joined(supplements[index], of: subject) else { return nil }
            withSupplements[index] = base
            return base
        }
        let ownerDataset = dataset(owner.dataset) ?? ownerBase
        let records = rows.dropFirst().compactMap { entry in dataset(entry.dataset).map { SDTMDataset.Record(dataset: $0, row: entry.row) } }
        return mapper.patient(SDTMDataset.Record(dataset: ownerDataset, row: owner.row), records: records)
    }

    private func record(_ payload: [UInt8]) throws(InputError) -> SDTMDataset.Record {
        let (index, row) = try Self.row(payload, datasets: datasets)
        guard let base = datasets[index].base else { throw damaged }
        return SDTMDataset.Record(dataset: base, row: row)
    }

    private var damaged: InputError {
        .unreadable(path: decoder.file, reason: "a temporary file grouping the records by subject is damaged")
    }

    // MARK: Rows as bytes

    private static func payload(_ row: CSVRow, dataset: Int, path: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendVarint(dataset)
        bytes.appendVarint(row.line)
        bytes.appendVarint(row.fields.count)
        for field in row.fields {
            bytes.appendString(field.text)
            bytes.appendVarint(field.position.line)
            bytes.appendVarint(field.position.column)
            switch field.position.file {
            case nil: bytes.append(0)
            case path?: bytes.append(1)
            case let file?:
                bytes.append(2)
                bytes.appendString(file)
            }
            if let defect = field.defect {
                bytes.append(1)
                bytes.appendString(defect)
            } else {
                bytes.append(0)
            }
        }
        return bytes
    }

    private static func row(_ payload: [UInt8], datasets: [Dataset]) throws(InputError) -> (Int, CSVRow) {
        let decoded: (Int, CSVRow)? = payload.withUnsafeBufferPointer { buffer in
            var reader = CompactByteReader(buffer)
            do throws(CompactByteReader.Malformed) {
                let index = try reader.varint()
                guard index < datasets.count else { return nil }
                let line = try reader.varint()
                let count = try reader.varint()
                var fields: [CSVField] = []
                fields.reserveCapacity(count)
                for _ in 0..<count {
                    let text = try reader.string()
                    let fieldLine = try reader.varint()
                    let column = try reader.varint()
                    let file: String? = switch try reader.byte() {
                    case 0: nil
                    case 1: datasets[index].path
                    default: try reader.string()
                    }
                    let defect: String? = try reader.byte() == 0 ? nil : try reader.string()
                    fields.append(CSVField(text: text, position: TextPosition(line: fieldLine, column: column, file: file), defect: defect))
                }
                return (index, CSVRow(line: line, fields: fields))
            } catch {
                return nil
            }
        }
        guard let decoded else {
            throw .unreadable(path: datasets.first?.path ?? "", reason: "a temporary file grouping the records by subject is damaged")
        }
        return decoded
    }
}
