import Foundation

/// A temporary file only this process can reach: created in `TMPDIR` and unlinked at once,
/// so it disappears when its descriptor is closed, even if the process is killed.
final class SpillFile: Sendable {
    /// The open descriptor, read and written at explicit offsets (so readers share it).
    let descriptor: Int32

    /// A new empty file in `folder` (`TMPDIR` by default), named from `prefix` while it
    /// exists, or `nil` if none can be made.
    init?(in folder: URL = FileManager.default.temporaryDirectory, prefix: String = "trialcheck-findings-") {
        guard let file = UniqueFile.create(in: folder, prefix: prefix) else { return nil }
        _ = unlink(file.path)
        descriptor = file.descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Writes all of `bytes` at `offset`; returns whether it could.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        var done = 0
        while done < bytes.count, let base = bytes.baseAddress {
            let result = pwrite(descriptor, base + done, bytes.count - done, off_t(offset + done))
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return false }
            done += result
        }
        return true
    }

    /// Reads up to `buffer.count` bytes at `offset` (fewer only at the end of the file);
    /// returns how many, or `nil` on a read error.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int? {
        var done = 0
        while done < buffer.count, let base = buffer.baseAddress {
            let result = pread(descriptor, base + done, buffer.count - done, off_t(offset + done))
            if result < 0 && errno == EINTR { continue }
            guard result >= 0 else { return nil }
            if result == 0 { break }
            done += result
        }
        return done
    }
}
