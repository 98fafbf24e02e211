import Foundation
import TrialCheckCore

/// Reads a baseline: a JSON report written by `trialcheck audit --format json`.
///
/// Every problem is located (`file:line:column`): a JSON syntax error by the project's own
/// parser, a value that is not what a report holds by the path of the value in the file.
public enum BaselineFile {
    /// The report in the file at `path`.
    /// - Throws: ``ProtocolError`` with one located problem (the form waiver and protocol
    ///   files use).
    public static func load(path: String) throws(ProtocolError) -> AuditReport {
        let bytes: [UInt8]
        do {
            bytes = try ByteSource(path: path).readAll()
        } catch {
            throw failure(error.location, "the baseline report: \(error.reason)")
        }
        return try decode(bytes, path: path)
    }

    /// The report in `bytes`, read from `path`.
    public static func decode(_ bytes: [UInt8], path: String) throws(ProtocolError) -> AuditReport {
        let root: SyntaxNode
        do {
            root = try JSONSyntaxParser.parse(bytes)
        } catch {
            throw failure(error.position.location(in: path), "the baseline is not JSON: \(error.message)\(hint)")
        }
        do {
            return try JSONReporter.decode(Data(bytes))
        } catch let error as DecodingError {
            let (codingPath, reason) = describe(error)
            let node = locate(codingPath, in: root)
            let name = codingPath.isEmpty ? "the report" : "'" + codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") + "'"
            throw failure(node.position.location(in: path), "the baseline is not a report: \(name): \(reason)\(hint)")
        } catch {
            throw failure(SourceLocation(file: path, line: 1, column: 1), "the baseline is not a report: \(ControlEscaping.excerpt("\(error)"))\(hint)")
        }
    }

    private static let hint = " (expected a JSON report written by 'trialcheck audit --format json')"

    private static func failure(_ location: SourceLocation, _ message: String) -> ProtocolError {
        ProtocolError(problems: [ProtocolProblem(location: location, message: message)])
    }

    /// The coding path of a decoding error and what went wrong there.
    private static func describe(_ error: DecodingError) -> ([any CodingKey], String) {
        switch error {
        case .typeMismatch(let type, let context):
            return (context.codingPath, "expected \(type), found something else")
        case .valueNotFound(let type, let context):
            return (context.codingPath, "expected \(type), found null")
        case .keyNotFound(let key, let context):
            return (context.codingPath, "has no '\(key.stringValue)'")
        case .dataCorrupted(let context):
            return (context.codingPath, ControlEscaping.excerpt(context.debugDescription))
        @unknown default:
            return ([], ControlEscaping.excerpt("\(error)"))
        }
    }

    /// The deepest node along `path` in `root`.
    private static func locate(_ path: [any CodingKey], in root: SyntaxNode) -> SyntaxNode {
        var node = root
        for key in path {
            switch node.content {
            case .object(let members):
                guard let member = members.first(where: { $0.key == key.stringValue }) else { return node }
                node = member.value
            case .array(let items):
                guard let index = key.intValue, items.indices.contains(index) else { return node }
                node = items[index]
            default:
                return node
            }
        }
        return node
    }
}
