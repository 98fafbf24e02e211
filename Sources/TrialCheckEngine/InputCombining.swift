/// An input audited in parts (one partition of a distributed audit each) is one input of
/// the merged report: its entries are combined, as if one audit had read it whole.
extension Array where Element == AuditReport.Input {
    /// Appends `input`, or combines it with the entry of the same path: patients and
    /// rejections summed, notes kept once each, and the SHA-256 kept only if every part
    /// gives the same one (a part's hash is that of the lines it read, not of the file).
    mutating func appendCombining(_ input: AuditReport.Input) {
        guard let index = firstIndex(where: { $0.path == input.path }) else {
            append(input)
            return
        }
        var combined = self[index]
        combined.patients += input.patients
        combined.rejected += input.rejected
        if combined.sha256 != input.sha256 { combined.sha256 = nil }
        if combined.format != input.format { combined.format = nil }
        var notes = combined.notes ?? []
        for note in input.notes ?? [] where !notes.contains(note) { notes.append(note) }
        combined.notes = notes.isEmpty ? nil : notes
        self[index] = combined
    }
}

extension Array where Element == InputCoverage {
    /// Appends `input`, or combines it with the entry of the same path: each element's
    /// occurrences and patients summed, its first occurrence the earliest, elements in
    /// the order an audit lists them (not understood first, then by kind and value).
    mutating func appendCombining(_ input: InputCoverage) {
        guard let index = firstIndex(where: { $0.path == input.path }) else {
            append(input)
            return
        }
        var elements = self[index].elements
        for element in input.elements {
            guard let same = elements.firstIndex(where: { ($0.status, $0.kind, $0.value) == (element.status, element.kind, element.value) }) else {
                elements.append(element)
                continue
            }
            elements[same].count += element.count
            if let patients = element.patients { elements[same].patients = (elements[same].patients ?? 0) + patients }
            if let first = element.first, elements[same].first.map({ first < $0 }) ?? true { elements[same].first = first }
        }
        self[index].elements = elements.sorted { ($0.status, $0.kind, $0.value) < ($1.status, $1.kind, $1.value) }
    }
}
