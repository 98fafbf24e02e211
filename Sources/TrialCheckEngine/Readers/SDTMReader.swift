import TrialCheckCore

/// Reads CDISC SDTM datasets from a folder: `dm.csv` (required) and any of `ex`, `ec`,
/// `pr`, `cm`, `lb`, `ae`, `mh`, `rs`, `ds`, `ie`, `qs` (file names case-insensitive;
/// split datasets such as `lbch.csv` belong to their domain), with their supplemental
/// qualifiers (`suppae.csv`, ...), as CSV or SAS XPORT v5 (`.xpt`).
///
/// Each DM record is one patient; the other datasets' records join it by USUBJID. Datasets
/// whose subjects come in DM's order (sorted exports) are read all at once, subject by
/// subject (``SDTMSubjectStream``); otherwise the whole folder is read before the first
/// patient is returned: in memory when its datasets, parsed, fit the ``GroupingBudget``,
/// otherwise through temporary files (``SDTMSpilledGrouping``). Each way gives the same
/// items and notes. A dataset without a variable
/// the mapping needs (USUBJID, or the domain's topic variable) is malformed.
final class SDTMReader: FormatReader {
    /// The domains read, with the variables each must have.
    static let requiredVariables: [String: [String]] = [
        "DM": ["USUBJID"], "EX": ["USUBJID", "EXTRT"], "EC": ["USUBJID", "ECTRT"], "PR": ["USUBJID", "PRTRT"],
        "CM": ["USUBJID", "CMTRT"], "LB": ["USUBJID", "LBTESTCD"], "AE": ["USUBJID", "AETERM"],
        "MH": ["USUBJID", "MHTERM"], "RS": ["USUBJID"], "DS": ["USUBJID", "DSDECOD"], "IE": ["USUBJID", "IETESTCD"],
        "QS": ["USUBJID", "QSTESTCD"],
    ]

    private let folder: FolderInput
    private let decoder: PatientRecordDecoder
    var recordDecoder: PatientRecordDecoder { decoder }
    private var pending: [ReadItem] = []
    private var loaded = false
    private var readerNotes: [String] = []
    private let budget = GroupingBudget.current
    private var spilled: SDTMSpilledGrouping?
    private var streamed: SDTMSubjectStream?

    /// How many times its CSV text a dataset's parsed rows are, about.
    static let parsedExpansion = 20

    init(folder: FolderInput, decoder: PatientRecordDecoder) {
        self.folder = folder
        self.decoder = decoder
    }

    var sha256: String { folder.sha256 }
    var declaredProtocol: String? { nil }
    var notes: [String] { readerNotes + (spilled?.notes ?? streamed?.notes ?? []) }

    func next() throws(InputError) -> ReadItem? {
        if !loaded {
            loaded = true
            let files = datasetFiles()
            let sizes = files.map { folder.size(of: $0.name) }
            let total = sizes.contains { $0 == nil } ? nil : sizes.reduce(0) { $0 + ($1 ?? 0) }
            let fits = budget.holds(inputBytes: total, expansion: Self.parsedExpansion)
            if Self.streamsSortedInput, let stream = try SDTMSubjectStream.open(files: files, folder: folder, decoder: decoder, readsXPORT: fits) {
                streamed = stream
                return try stream.next()
            }
            if !fits {
                spilled = try loadSpilled(files)
                return try spilled?.next()
            }
            let datasets = try load(files)
            var mapper = SDTMMapper(decoder: decoder)
            pending = mapper.map(datasets).reversed()
            readerNotes += mapper.notes
        }
        if let streamed { return try streamed.next() }
        if let spilled { return try spilled.next() }
        return pending.popLast()
    }

    /// How the rows were grouped by subject: `nil` before the first item is read.
    var grouping: Grouping? {
        guard loaded else { return nil }
        return streamed != nil ? .streamed : spilled != nil ? .spilled : .inMemory
    }

    /// How an ``SDTMReader`` groups the rows by subject.
    enum Grouping: Equatable {
        /// Every dataset read at once, subject by subject: the datasets come in DM's order.
        case streamed
        /// All rows held in memory, within the ``GroupingBudget``.
        case inMemory
        /// Through temporary files (``SDTMSpilledGrouping``).
        case spilled
    }

    /// Whether datasets in DM's subject order are read subject by subject (tests turn it
    /// off to compare with the other groupings).
    @TaskLocal static var streamsSortedInput = true

    /// The domain a file holds, from its name: `ae.csv` → AE, `lbch.csv` → LB (a split
    /// dataset), `suppae.csv` → SUPPAE; `nil` for a file of another kind.
    static func domain(ofFile name: String) -> (domain: String, isSupplement: Bool, isXPORT: Bool)? {
        let lowered = name.lowercased()
        let isXPORT = lowered.hasSuffix(".xpt")
        guard lowered.hasSuffix(".csv") || isXPORT else { return nil }
        var stem = String(lowered.dropLast(4)).uppercased()
        let isSupplement = stem.hasPrefix("SUPP")
        if isSupplement { stem.removeFirst(4) }
        if requiredVariables[stem] != nil { return (stem, isSupplement, isXPORT) }
        let prefix = String(stem.prefix(2))
        if stem.count == 4, requiredVariables[prefix] != nil { return (prefix, isSupplement, isXPORT) }
        return nil
    }

    /// The datasets to read, in name order, noting the files not read.
    private func datasetFiles() -> [(name: String, domain: String, isSupplement: Bool, isXPORT: Bool)] {
        var files: [(name: String, domain: String, isSupplement: Bool, isXPORT: Bool)] = []
        var ignored: [String] = []
        let names = folder.fileNames
        for name in names {
            guard let kind = Self.domain(ofFile: name) else {
                ignored.append(name)
                continue
            }
            if kind.isXPORT {
                let csvTwin = String(name.dropLast(4)) + ".csv"
                if names.contains(where: { $0.lowercased() == csvTwin.lowercased() }) {
                    readerNotes.append("\(name) not read: \(csvTwin) holds the same dataset")
                    continue
                }
            }
            files.append((name, kind.domain, kind.isSupplement, kind.isXPORT))
        }
        if !ignored.isEmpty {
            readerNotes.append("\(ignored.count) file(s) not read (no mapping to patient histories): \(ignored.joined(separator: ", "))")
        }
        return files
    }

    private func load(_ files: [(name: String, domain: String, isSupplement: Bool, isXPORT: Bool)]) throws(InputError) -> [SDTMDataset] {
        var datasets: [SDTMDataset] = []
        var supplements: [(domain: String, dataset: SDTMDataset)] = []
        for file in files {
            let dataset = try read(file.name, domain: file.domain, isSupplement: file.isSupplement, isXPORT: file.isXPORT)
            if file.isSupplement {
                supplements.append((file.domain, dataset))
            } else {
                datasets.append(dataset)
            }
        }
        var qualifiers: [String: [String: [SDTMDataset.Qualifier]]] = [:]
        for (domain, supplement) in supplements {
            for record in supplement.records {
                guard let subject = record.subject, let name = record.text("QNAM"), let value = record.field("QVAL") else { continue }
                let entry = SDTMDataset.Qualifier(idVariable: record.text("IDVAR") ?? "", idValue: record.text("IDVARVAL") ?? "", name: name.uppercased(), value: value)
                qualifiers[domain, default: [:]][subject, default: []].append(entry)
            }
        }
        datasets = datasets.map { dataset in qualifiers[dataset.domain].map { dataset.with(supplements: $0) } ?? dataset }
        guard datasets.contains(where: { $0.domain == "DM" }) else { throw noDM }
        return datasets
    }

    private var noDM: InputError {
        .malformed(location: SourceLocation(file: decoder.file), reason: "the SDTM folder has no DM dataset (dm.csv or dm.xpt): every patient is a DM record")
    }

    /// Reads the folder's datasets into a grouping through temporary files.
    private func loadSpilled(_ files: [(name: String, domain: String, isSupplement: Bool, isXPORT: Bool)]) throws(InputError) -> SDTMSpilledGrouping {
        let grouping = try SDTMSpilledGrouping(decoder: decoder, budget: budget)
        for file in files {
            let path = folder.filePath(file.name)
            let index = grouping.addDataset(domain: file.domain, fileName: file.name, path: path, isSupplement: file.isSupplement)
            try readRows(file.name, domain: file.domain, isSupplement: file.isSupplement, isXPORT: file.isXPORT) { header, row throws(InputError) in
                try grouping.add(row, header: header, dataset: index)
            }
        }
        guard grouping.hasDM else { throw noDM }
        return grouping
    }

    private func read(_ name: String, domain: String, isSupplement: Bool, isXPORT: Bool) throws(InputError) -> SDTMDataset {
        var rows: [CSVRow] = []
        let header = try readRows(name, domain: domain, isSupplement: isSupplement, isXPORT: isXPORT) { _, row in rows.append(row) }
        return SDTMDataset(domain: domain, fileName: name, path: folder.filePath(name), header: header, rows: rows)
    }

    /// Reads a dataset, handing each row to `body` with the header as read; returns the
    /// header once it is checked for the variables the mapping needs.
    @discardableResult
    private func readRows(
        _ name: String, domain: String, isSupplement: Bool, isXPORT: Bool, _ body: (CSVHeader, CSVRow) throws(InputError) -> Void
    ) throws(InputError) -> CSVHeader {
        let path = folder.filePath(name)
        let source = try folder.open(name)
        let header: CSVHeader
        if isXPORT {
            let table = try XPORTReader.read(try source.readAll(), path: path)
            header = table.header
            for row in table.rows { try body(header, row) }
        } else {
            let reader = CSVRowReader(source: source, file: path)
            guard let first = try reader.next(inputName: path) else {
                throw .malformed(location: SourceLocation(file: path, line: 1), reason: "the dataset is empty: expected a header row of variable names")
            }
            if let field = first.firstDefect, let defect = field.defect {
                throw .malformed(location: field.position.location(in: path), reason: "the header row: \(defect)")
            }
            header = try CSVHeader(row: first, inputName: path)
            while let row = try reader.next(inputName: path) {
                if row.fields.count > header.names.count {
                    throw .malformed(
                        location: row.fields[header.names.count].position.location(in: path),
                        reason: "the row has \(row.fields.count) fields but the header has \(header.names.count) variables"
                    )
                }
                try body(header, row)
            }
        }
        let required = isSupplement ? ["USUBJID", "QNAM", "QVAL"] : (Self.requiredVariables[domain] ?? ["USUBJID"])
        try header.require(required, inputName: path, what: "the \(isSupplement ? "SUPP" : "")\(domain) dataset")
        return header
    }
}
