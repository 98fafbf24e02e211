#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks, before any record is read, that every input of an audit can be opened: an
/// audit whose inputs are not all there must stop before it reports on some of them.
public enum InputPreflight {
    /// Why `path` cannot be opened for reading, or `nil` if it can (standard input, `-`,
    /// always can). A folder is opened as a folder; what it holds is checked when read.
    public static func problem(opening path: String) -> InputError? {
        guard path != "-" else { return nil }
        guard !path.isEmpty else { return .unreadable(path: path, reason: "the path is empty") }
        // Non-blocking: a named pipe with no writer yet must not hold the check up.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else {
            return .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        close(descriptor)
        return nil
    }

    /// One error per input that cannot be opened, in input order.
    public static func problems(opening paths: [String]) -> [InputError] {
        paths.compactMap(problem(opening:))
    }
}
