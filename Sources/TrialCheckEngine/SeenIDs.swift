import TrialCheckCore

/// The patient ids an audit has seen and where each was first read, kept compactly
/// (a file index and a line per id, not a location with its own path), since it is the
/// one thing an audit holds for every patient.
struct SeenIDs {
    private var firstSeen: [String: (file: Int32, line: Int32)] = [:]
    private var files: [String] = []
    private var fileIndices: [String: Int32] = [:]

    /// Records `id` as read at `location`; returns where it was first read if it was seen before.
    mutating func insert(_ id: String, at location: SourceLocation) -> SourceLocation? {
        if let first = firstSeen[id] {
            return SourceLocation(file: files[Int(first.file)], line: first.line > 0 ? Int(first.line) : nil)
        }
        firstSeen[id] = (index(of: location.file), Int32(clamping: location.line ?? 0))
        return nil
    }

    private mutating func index(of file: String) -> Int32 {
        // Consecutive records nearly always come from the same file.
        if let last = files.last, last == file { return Int32(files.count - 1) }
        if let known = fileIndices[file] { return known }
        let index = Int32(files.count)
        files.append(file)
        fileIndices[file] = index
        return index
    }
}
