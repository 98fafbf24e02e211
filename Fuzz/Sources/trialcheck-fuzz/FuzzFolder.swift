/// Several files in one fuzz input: a line `#>> NAME` starts the file NAME; bytes before
/// the first such line belong to the default file. Names are reduced to letters, digits
/// and `.`, so no input writes outside the scratch folder.
enum FuzzFolder {
    static let marker = Array("#>> ".utf8)

    static func files(in bytes: [UInt8], defaultName: String) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        var name = defaultName
        var current: [UInt8] = []
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
            let line = bytes[lineStart..<lineEnd]
            if line.starts(with: marker) {
                files[name, default: []] += current
                current = []
                let written = line.dropFirst(marker.count).filter { byte in
                    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2E
                }
                let cleaned = String(decoding: written.prefix(32), as: UTF8.self)
                name = cleaned.isEmpty || cleaned.allSatisfy({ $0 == "." }) ? defaultName : cleaned
            } else {
                current += line
            }
            lineStart = lineEnd
        }
        files[name, default: []] += current
        return files
    }
}
