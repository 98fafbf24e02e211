import TrialCheckCore

/// Groups FHIR NDJSON resources by patient in bounded memory through a
/// ``PatientGroupSpill``, with exactly the items and notes of the grouping in memory
/// (``FHIRMapper/map(_:)``): patients in the order of their Patient resources, each with its
/// resources in input order; then the resources that refer to a patient the input does not
/// hold, rejected per reference.
///
/// Each line is read once, as it is read (in place, or parsed where that read gives up:
/// ``FHIRReader/node(ofLine:number:file:strings:inPlace:)``; a line that is not a resource
/// is rejected there): its type, id and patient reference are taken from that reading, and
/// its tape is spilled under its patient reference, read back whole
/// (``JSONTape/init(spilled:file:)``) when its patient is mapped; the resources that belong
/// to no patient and that references can name (a Medication, say) stay in memory.
/// References between resources resolve among the patient's own resources, then among those.
final class FHIRSpilledGrouping {
    /// The types a reference the mapping follows may name.
    private static let referableTypes: Set<String> = ["Medication", "MedicationRequest", "Observation", "Condition"]

    /// How many times its spilled bytes a patient's resource held in memory is, at most: the
    /// bytes read back, the tape made of them, and what the mapping makes. A tape in memory
    /// is about 2.5 times what it spills (48-byte entries, a few bytes each spilled), and
    /// what was held when whole tapes were spilled was up to 6 times those.
    private static let spilledExpansion = 15

    private let decoder: PatientRecordDecoder
    private let spill: PatientGroupSpill
    /// The strings the resources repeat (keys, code systems, units), built once.
    private let strings = JSONStringTable()
    private var mapper: FHIRMapper
    private let readsLinesInPlace = FHIRReader.linesReadInPlace
    /// The files read, by index (`nil`: the input itself).
    private var files: [String?] = []
    /// Lines that are not resources, rejected while reading.
    private var rejections: [ReadItem] = []
    private var shared: [FHIRResource] = []
    private var sharedReferences = FHIRReferences([])
    /// Every Medication resource, for those no medication resource follows.
    private var medications: [TextPosition] = []
    private var usedMedications = Set<TextPosition>()
    private var orphans: [PatientGroupSpill.Orphan] = []
    /// A resource's spilled bytes, the buffer reused.
    private var spilledBytes: [UInt8] = []
    private var pending: [ReadItem] = []
    private var patientsMapped = 0
    private var grouped = false
    private var finished = false

    /// An empty grouping of the input `decoder` reads, within `budget`.
    init(decoder: PatientRecordDecoder, budget: GroupingBudget) throws(InputError) {
        self.decoder = decoder
        mapper = FHIRMapper(decoder: decoder)
        spill = try PatientGroupSpill(budget: budget, expansion: Self.spilledExpansion, inputName: decoder.file) { key in
            // A reference and the key it resolves to hash alike.
            FHIRSpilledGrouping.patientKey(key) ?? key
        }
    }

    /// What the mapping did not use (complete once every item is read).
    var notes: [String] { mapper.notes }

    /// `Patient/<id>` for a reference to a patient (relative, absolute or versioned), as
    /// ``FHIRMapper/resolve(_:in:)`` reads it.
    ///
    /// It runs for every resource, so ASCII text (every reference of the exports met) is read
    /// by its bytes, and a reference that is its own key (`Patient/p1`) is returned as it is.
    static func patientKey(_ reference: String) -> String? {
        var text = reference
        let scanned: String?? = text.withUTF8 { bytes in
            // Characters split the text: only in ASCII text is every '/' byte a character.
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return .some(asciiPatientKey(bytes, reference: reference))
        }
        if let scanned { return scanned }
        let parts = reference.split(separator: "/")
        guard let index = parts.lastIndex(of: "Patient"), index + 1 < parts.count else { return nil }
        return "Patient/\(parts[index + 1])"
    }

    /// ``patientKey(_:)`` of ASCII `bytes` (those of `reference`): the parts between slashes
    /// read from the last, the part after the last `Patient`, if one follows it.
    private static func asciiPatientKey(_ bytes: UnsafeBufferPointer<UInt8>, reference: String) -> String? {
        let slash = UInt8(ascii: "/")
        var end = bytes.count
        var next: Range<Int>?
        while true {
            while end > 0, bytes[end - 1] == slash { end -= 1 }
            guard end > 0 else { return nil }
            var start = end
            while start > 0, bytes[start - 1] != slash { start -= 1 }
            if bytes.matches(start..<end, "Patient") {
                // The last `Patient` decides, whether a part follows it or not.
                guard let next else { return nil }
                if start == 0, next.lowerBound == end + 1, next.upperBound == bytes.count { return reference }
                return "Patient/" + String(decoding: UnsafeBufferPointer(rebasing: bytes[next]), as: UTF8.self)
            }
            next = start..<end
            end = start
        }
    }

    /// Reads the NDJSON lines of `source` (`file`: the path locations name, `nil` for the input itself).
    func addLines(of source: ByteSource, file: String?) throws(InputError) {
        let fileIndex = files.count
        files.append(file)
        var carry: [UInt8] = []
        var lineNumber = 0
        while let block = try source.next() {
            var start = 0
            while let end = block.indexOfLineFeed(from: start) {
                lineNumber += 1
                if carry.isEmpty {
                    try addLine(Array(block[start..<end]), number: lineNumber, fileIndex: fileIndex)
                } else {
                    carry.append(contentsOf: block[start..<end])
                    try addLine(carry, number: lineNumber, fileIndex: fileIndex)
                    carry.removeAll()
                }
                start = end + 1
            }
            carry.append(contentsOf: block[start...])
        }
        try addLine(carry, number: lineNumber + 1, fileIndex: fileIndex)
    }

    private func addLine(_ line: [UInt8], number: Int, fileIndex: Int) throws(InputError) {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
        // The line is read once: its tape is what is spilled, and what the mapping reads.
        guard let resource = readResource(line, number: number, fileIndex: fileIndex) else { return }
        let type = resource.type
        let patientReference = FHIRMapper.patientReference(of: resource)
        if patientReference == nil, Self.referableTypes.contains(type) { shared.append(resource) }
        let sequence = spill.sequence
        if type == "Medication" { medications.append(resource.position) }
        if type == "Patient" {
            try spill.addOwner(key: resource.reference ?? "\u{1F}\(sequence)", payload: payload(resource, fileIndex: fileIndex))
        } else if let patientReference {
            try spill.addMember(reference: patientReference, payload: payload(resource, fileIndex: fileIndex), reportsOrphan: true)
        } else if type != "Medication" {
            mapper.clock = FHIRMapper.clock(phase: 1, sequence)
            mapper.skip(type, "no patient reference")
        }
    }

    /// What is spilled of a resource: the index of its file, then its tape (written in a
    /// buffer kept from one resource to the next).
    private func payload(_ resource: FHIRResource, fileIndex: Int) -> [UInt8] {
        spilledBytes.removeAll(keepingCapacity: true)
        spilledBytes.appendVarint(fileIndex)
        resource.node.tape.spill(to: &spilledBytes)
        return spilledBytes
    }

    /// The resource on `line`, or `nil` with the line rejected if it is not one.
    private func readResource(_ line: [UInt8], number: Int, fileIndex: Int) -> FHIRResource? {
        let node: FHIRNode
        do throws(SyntaxError) {
            node = try FHIRReader.node(ofLine: line, number: number, file: files[fileIndex], strings: strings, inPlace: readsLinesInPlace)
        } catch {
            rejections.append(.rejected(RecordRejection(location: error.position.location(in: decoder.file), reason: "invalid JSON: \(error.message)")))
            return nil
        }
        return FHIRReader.resource(node, fullUrl: nil, inputName: decoder.file, rejections: &rejections)
    }

    /// The next item: the lines rejected, the patients, then the references to patients the
    /// input does not hold; `nil` at the end.
    func next() throws(InputError) -> ReadItem? {
        if !grouped {
            grouped = true
            let (duplicates, orphans) = try spill.group { reference, keys in FHIRMapper.resolve(reference, in: keys) }
            for duplicate in duplicates {
                mapper.clock = FHIRMapper.clock(phase: 0, duplicate.sequence)
                mapper.skip("Patient", "a second copy of \(duplicate.key)")
            }
            self.orphans = orphans
            sharedReferences = FHIRReferences(shared)
            pending = rejections.reversed()
            rejections = []
        }
        while pending.isEmpty, !finished {
            // Each tape is read back where it lies in the temporary file's chunk.
            if let groups = try spill.nextGroups(reading: resource) {
                for (patient, resources) in groups {
                    mapper.clock = FHIRMapper.clock(phase: 2, patientsMapped)
                    patientsMapped += 1
                    let context = FHIRMapper.Context(references: FHIRReferences(resources, shared: sharedReferences))
                    pending.append(mapper.record(for: patient, resources: resources, context: context, used: &usedMedications))
                }
                pending.reverse()
            } else {
                finished = true
                for orphan in orphans {
                    let first = try orphan.first.withUnsafeBufferPointer { (payload: UnsafeBufferPointer<UInt8>) throws(InputError) in
                        try resource(payload)
                    }
                    pending.append(.rejected(RecordRejection(
                        location: first.position.location(in: decoder.file),
                        reason: "\(orphan.count) resource(s) refer to \(orphan.reference), which the input does not contain (no Patient resource)",
                        patient: orphan.reference
                    )))
                }
                pending.reverse()
                mapper.clock = FHIRMapper.clock(phase: 3, 0)
                for position in medications where !usedMedications.contains(position) {
                    mapper.skip("Medication", "not referenced by a medication resource")
                }
            }
        }
        return pending.popLast()
    }

    /// The resource a payload holds, its tape read back.
    private func resource(_ payload: UnsafeBufferPointer<UInt8>) throws(InputError) -> FHIRResource {
        var reader = CompactByteReader(payload)
        guard let fileIndex = try? reader.varint(), fileIndex >= 0, fileIndex < files.count,
              let tape = JSONTape(spilled: &reader, file: files[fileIndex]), reader.position == payload.count,
              let type = tape.root["resourceType"]?.text else {
            throw .unreadable(path: decoder.file, reason: "a temporary file grouping the resources by patient is damaged")
        }
        return FHIRResource(node: tape.root, type: type, fullUrl: nil)
    }
}
