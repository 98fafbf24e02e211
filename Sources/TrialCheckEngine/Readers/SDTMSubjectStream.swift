import TrialCheckCore

/// Reads SDTM datasets whose subjects come in DM's order (each subject's rows together in
/// every dataset, as exports sorted by USUBJID have them) all at once, subject by subject,
/// holding one subject's rows: no temporary files, and the items and notes of the grouping
/// in memory (``SDTMMapper/map(_:)``): the subjects in DM order, each with its records in
/// dataset and row order and its supplemental qualifiers, then the subjects DM does not hold.
///
/// ``open(files:folder:decoder:readsXPORT:)`` reads each dataset's USUBJID column ahead to
/// decide; datasets in another order, a DM record without USUBJID or a second one for a
/// subject, or more than one DM dataset leave the reading to the general grouping.
final class SDTMSubjectStream {
    private let dm: SDTMDatasetCursor
    private let datasets: [SDTMDatasetCursor]
    private let supplements: [SDTMDatasetCursor]
    private let order: SDTMSubjectOrder
    private let decoder: PatientRecordDecoder
    private var mapper: SDTMMapper
    private var subjectsMapped = 0
    /// How many records the subject mapped last had.
    private var recordsOfLastSubject = 0
    private var orphans: [String: (sequence: Int, first: SDTMDataset.Record, count: Int)] = [:]
    private var pending: [ReadItem] = []
    private var finished = false

    private init(dm: SDTMDatasetCursor, others: [SDTMDatasetCursor], order: SDTMSubjectOrder, decoder: PatientRecordDecoder) {
        self.dm = dm
        datasets = others.filter { !$0.isSupplement }
        supplements = others.filter(\.isSupplement)
        self.order = order
        self.decoder = decoder
        mapper = SDTMMapper(decoder: decoder)
    }

    /// What the mapping did not use (complete once every item is read).
    var notes: [String] { mapper.notes }

    /// A stream over the folder's datasets `files` if they come in DM's order, else `nil`.
    /// XPORT datasets are read whole (twice: once to look ahead): `readsXPORT` says whether
    /// they may be. Nothing is read for good before the answer: a `nil` leaves the folder
    /// as it was (the look ahead counts toward no digest).
    static func open(
        files: [(name: String, domain: String, isSupplement: Bool, isXPORT: Bool)], folder: FolderInput,
        decoder: PatientRecordDecoder, readsXPORT: Bool
    ) throws(InputError) -> SDTMSubjectStream? {
        let dmFiles = files.filter { $0.domain == "DM" && !$0.isSupplement }
        guard dmFiles.count == 1, let dmFile = dmFiles.first, readsXPORT || !files.contains(where: \.isXPORT) else { return nil }
        var order = SDTMSubjectOrder()
        guard lookAhead(dmFile, folder: folder, { order.addDM($0) }) else { return nil }
        for file in files where !(file.domain == "DM" && !file.isSupplement) {
            var follower = SDTMSubjectOrder.Follower(order)
            guard lookAhead(file, folder: folder, { follower.accepts($0) }) else { return nil }
        }
        var cursors: [SDTMDatasetCursor] = []
        for (index, file) in files.enumerated() {
            let path = folder.filePath(file.name)
            let source = try folder.open(file.name)
            if file.isXPORT {
                let table = try XPORTReader.read(try source.readAll(), path: path)
                cursors.append(try SDTMDatasetCursor(index: index, domain: file.domain, isSupplement: file.isSupplement, name: file.name, table: table, path: path))
            } else {
                let reader = CSVRowReader(source: source, file: path)
                cursors.append(try SDTMDatasetCursor(index: index, domain: file.domain, isSupplement: file.isSupplement, name: file.name, reader: reader, path: path))
            }
        }
        guard let dm = cursors.first(where: { $0.dataset.domain == "DM" && !$0.isSupplement }) else { return nil }
        return SDTMSubjectStream(dm: dm, others: cursors.filter { $0 !== dm }, order: order, decoder: decoder)
    }

    /// Reads a dataset's subjects ahead, handing each to `accepts`; `false` if the dataset
    /// cannot be read so (its header or a row is not as the mapping needs: the general
    /// reading reports it) or `accepts` refuses one.
    private static func lookAhead(
        _ file: (name: String, domain: String, isSupplement: Bool, isXPORT: Bool), folder: FolderInput, _ accepts: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool {
        let path = folder.filePath(file.name)
        let required = file.isSupplement ? ["USUBJID", "QNAM", "QVAL"] : (SDTMReader.requiredVariables[file.domain] ?? ["USUBJID"])
        do throws(InputError) {
            if file.isXPORT {
                let table = try XPORTReader.read(try folder.openForLookAhead(file.name).readAll(), path: path)
                try table.header.require(required, inputName: path, what: "")
                guard let column = table.header.index(of: "USUBJID") else { return false }
                for row in table.rows {
                    var subject = column < row.fields.count ? row.fields[column].trimmed ?? "" : ""
                    guard subject.withUTF8(accepts) else { return false }
                }
                return true
            }
            guard let first = try CSVRowReader(source: try folder.openForLookAhead(file.name), file: path).next(inputName: path),
                  first.firstDefect == nil else { return false }
            let header = try CSVHeader(row: first, inputName: path)
            try header.require(required, inputName: path, what: "")
            guard let column = header.index(of: "USUBJID") else { return false }
            return try SDTMSubjectColumn.scan(try folder.openForLookAhead(file.name), column: column, columns: header.names.count, accepts)
        } catch {
            return false
        }
    }

    /// The next item; `nil` at the end.
    func next() throws(InputError) -> ReadItem? {
        while pending.isEmpty, !finished {
            dm.releaseRows()
            if let owner = dm.record, let subject = dm.subject {
                try dm.advance()
                let place = subjectsMapped
                subjectsMapped += 1
                if let item = try self.subject(subject, place: place, owner: owner) { return item }
            } else if dm.row != nil {
                // The look ahead found no blank subject in DM: the file changed since.
                throw .unreadable(path: dm.dataset.path, reason: "the dataset changed while it was read")
            } else {
                try finish()
            }
        }
        return pending.popLast()
    }

    /// One DM subject with its records and supplemental qualifiers, mapped.
    private func subject(_ subject: String, place: Int, owner: SDTMDataset.Record) throws(InputError) -> ReadItem? {
        // The records of the subjects before are mapped: their rows are let go of.
        for cursor in supplements { cursor.releaseRows() }
        for cursor in datasets { cursor.releaseRows() }
        // The qualifiers by domain: a few domains, found by comparing (not hashing) their names.
        var entries: [(domain: String, qualifiers: [SDTMDataset.Qualifier])] = []
        func qualifiers(of domain: String) -> [SDTMDataset.Qualifier]? {
            entries.first { $0.domain == domain }?.qualifiers
        }
        for cursor in supplements {
            try pass(cursor, before: subject, at: place)
            while let record = cursor.record, cursor.subject == subject {
                if let name = record.text("QNAM"), let value = record.field("QVAL") {
                    let entry = SDTMDataset.Qualifier(idVariable: record.text("IDVAR") ?? "", idValue: record.text("IDVARVAL") ?? "", name: SDTMDataset.upperCased(name), value: value)
                    if let index = entries.firstIndex(where: { $0.domain == cursor.dataset.domain }) {
                        entries[index].qualifiers.append(entry)
                    } else {
                        entries.append((cursor.dataset.domain, [entry]))
                    }
                }
                try cursor.advance()
                try pass(cursor, before: subject, at: place)
            }
        }
        var records: [SDTMDataset.Record] = []
        // As many as the subject before had: most subjects have about as many.
        records.reserveCapacity(recordsOfLastSubject)
        for cursor in datasets {
            try pass(cursor, before: subject, at: place)
            var joined: SDTMDataset?
            while let row = cursor.row, cursor.subject == subject {
                let dataset = joined ?? cursor.dataset.joined(qualifiers(of: cursor.dataset.domain), of: subject)
                joined = dataset
                records.append(SDTMDataset.Record(dataset: dataset, row: row))
                try cursor.advance()
                try pass(cursor, before: subject, at: place)
            }
        }
        recordsOfLastSubject = records.count
        let dm = owner.dataset.joined(qualifiers(of: "DM"), of: subject)
        mapper.clock = SDTMMapper.clock(phase: 2, place)
        return mapper.patient(SDTMDataset.Record(dataset: dm, row: owner.row), records: records)
    }

    /// Passes the cursor's rows that come before those of `subject`, the DM subject at
    /// `place` (`nil`: every row left): rows without a subject (counted in the notes) and
    /// rows of subjects DM does not hold (orphans; quietly dropped from a supplement).
    private func pass(_ cursor: SDTMDatasetCursor, before subject: String?, at place: Int) throws(InputError) {
        while cursor.row != nil {
            if let found = cursor.subject {
                if found == subject { return }
                if let later = order.place(of: found), later > place { return }
                if !cursor.isSupplement, let record = cursor.record { countOrphan(found, record, cursor) }
            } else if !cursor.isSupplement, let record = cursor.record {
                mapper.clock = SDTMMapper.clock(phase: 1, cursor.index << 40 | cursor.ordinal)
                mapper.skip(record, "no USUBJID")
            }
            try cursor.advance()
            cursor.releaseRows()
        }
    }

    private func countOrphan(_ subject: String, _ record: SDTMDataset.Record, _ cursor: SDTMDatasetCursor) {
        let sequence = cursor.index << 40 | cursor.ordinal
        if let known = orphans[subject] {
            orphans[subject] = sequence < known.sequence ? (sequence, record, known.count + 1) : (known.sequence, known.first, known.count + 1)
        } else {
            orphans[subject] = (sequence, record, 1)
        }
    }

    /// After DM's last subject: the rest of every dataset, then the orphans' rejections.
    private func finish() throws(InputError) {
        finished = true
        for cursor in supplements + datasets { try pass(cursor, before: nil, at: Int.max) }
        pending = orphans.sorted { $0.value.sequence < $1.value.sequence }.map { subject, orphan in
            .rejected(RecordRejection(
                location: orphan.first.position.lineLocation(in: decoder.file),
                reason: "\(orphan.count) record(s) of subject '\(subject)' (first in \(orphan.first.dataset.fileName)) have no DM record",
                patient: subject
            ))
        }.reversed()
    }
}
