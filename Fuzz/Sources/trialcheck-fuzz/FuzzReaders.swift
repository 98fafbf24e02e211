import BuiltinPlugins
import TrialCheckCore
import TrialCheckEngine

/// Feeds inputs to the readers the way the command line does: as files on disk.
enum FuzzReaders {
    /// A loader with every check kind the command line knows.
    static let protocolLoader = ProtocolLoader(registry: CheckRegistry(kinds: BuiltinPlugins.kinds + EngineKinds.all))

    /// Reads `bytes` as the file `name` in `format`, to the end or the first error.
    static func readFile(_ bytes: [UInt8], named name: String, format: InputFormat) {
        let path = FuzzScratch.shared.write(bytes, to: name)
        drain(path: path, format: format)
    }

    /// Reads a folder holding `files` (name to bytes) in `format`.
    static func readFolder(_ files: [String: [UInt8]], format: InputFormat) {
        let path = FuzzScratch.shared.folder(holding: files)
        drain(path: path, format: format)
    }

    /// Every item of the input, until its end or the first error that ends it.
    private static func drain(path: String, format: InputFormat) {
        do {
            let reader = try HistoryReader(path: path, format: format, maxRecordBytes: 1 << 20)
            while try reader.next() != nil {}
            _ = reader.notes
            _ = reader.sha256
        } catch {
            _ = error.description
        }
    }
}
