import TrialCheckCore
import Yams

extension Node {
    /// Where the node starts in the file at `path` (line and column 1 when Yams gives no mark).
    func location(in path: String) -> SourceLocation {
        SourceLocation(file: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// What the node is, for "expected ..., found ..." messages; `quote` writes a scalar's text.
    func kindDescription(quoting quote: (String) -> String) -> String {
        switch self {
        case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "'\(quote(scalar.string))'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }
}
