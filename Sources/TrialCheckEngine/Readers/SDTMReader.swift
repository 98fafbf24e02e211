import TrialCheckCore

/// Reads CDISC SDTM datasets from a folder: `dm.csv` (required) and any of `ex`, `ec`,
/// `pr`, `cm`, `lb`, `ae`, `mh`, `rs`, `ds`, `ie`, `qs` (file names case-insensitive;
/// split datasets such as `lbch.csv` belong to their domain), with their supplemental
/// qualifiers (`suppae.csv`, ...), as CSV or SAS XPORT v5 (`.xpt`).
///
/// Each DM record is one patient; the other datasets' records join it by USUBJID. The
/// whole folder is read before the first patient is returned. A dataset without a
/// variable the mapping needs (USUBJID, or the domain's topic variable) is malformed.
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

    init(folder: FolderInput, decoder: PatientRecordDecoder) {
        self.folder = folder
        self.decoder = decoder
    }

    var sha256: String { folder.sha256 }
    var declaredProtocol: String? { nil }
    var notes: [String] { readerNotes }

    func next() throws(InputError) -> ReadItem? {
        if !loaded {
            loaded = true
            let datasets = try load()
            var mapper = SDTMMapper(decoder: decoder)
            pending = mapper.map(datasets).reversed()
            readerNotes += mapper.notes
        }
        return pending.popLast()
    }

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

    private func load() throws(InputError) -> [SDTMDataset] {
        var datasets: [SDTMDataset] = []
        var supplements: [(domain: String, dataset: SDTMDataset)] = []
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
            let dataset = try read(name, domain: kind.domain, isSupplement: kind.isSupplement, isXPORT: kind.isXPORT)
            if kind.isSupplement {
                supplements.append((kind.domain, dataset))
            } else {
                datasets.append(dataset)
            }
        }
        if !ignored.isEmpty {
            readerNotes.append("\(ignored.count) file(s) not read (no mapping to patient histories): \(ignored.joined(separator: ", "))")
        }
        for (domain, supplement) in supplements {
            for record in supplement.records {
                guard let subject = record.subject, let name = record.text("QNAM"), let value = record.field("QVAL") else { continue }
                let entry = (idVariable: record.text("IDVAR") ?? "", idValue: record.text("IDVARVAL") ?? "", name: name.uppercased(), value: value)
                for index in datasets.indices where datasets[index].domain == domain {
                    datasets[index].supplements[subject, default: []].append(entry)
                }
            }
        }
        guard datasets.contains(where: { $0.domain == "DM" }) else {
            throw .malformed(location: SourceLocation(file: decoder.file), reason: "the SDTM folder has no DM dataset (dm.csv or dm.xpt): every patient is a DM record")
        }
        return datasets
    }

    private func read(_ name: String, domain: String, isSupplement: Bool, isXPORT: Bool) throws(InputError) -> SDTMDataset {
        let path = folder.filePath(name)
        let source = try folder.open(name)
        let header: CSVHeader
        var rows: [CSVRow] = []
        if isXPORT {
            let table = try XPORTReader.read(try source.readAll(), path: path)
            header = table.header
            rows = table.rows
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
                rows.append(row)
            }
        }
        let required = isSupplement ? ["USUBJID", "QNAM", "QVAL"] : (Self.requiredVariables[domain] ?? ["USUBJID"])
        try header.require(required, inputName: path, what: "the \(isSupplement ? "SUPP" : "")\(domain) dataset")
        return SDTMDataset(domain: domain, fileName: name, path: path, header: header, rows: rows)
    }
}
