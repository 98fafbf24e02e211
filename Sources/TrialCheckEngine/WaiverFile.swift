import TrialCheckCore
import Yams

/// Reads a waiver file:
///
/// ```yaml
/// waivers:
///   - patient: GZ-0007
///     check: enrollment-window
///     reason: Enrollment delayed by a public holiday; accepted by the sponsor
///     approved_by: Sponsor medical monitor
///     expires: 2026-12-31      # optional
/// ```
public enum WaiverFile {
    /// Loads and validates the waivers in `path`; every problem is located.
    /// - Throws: ``ProtocolError`` listing the problems (the same located form as protocol files).
    public static func load(path: String, knownChecks: Set<String>) throws(ProtocolError) -> [Waiver] {
        let text: String
        do {
            let bytes = try ByteSource(path: path).readAll()
            guard let decoded = String(validating: bytes, as: UTF8.self) else {
                throw InputError.unreadable(path: path, reason: "the file is not UTF-8 text")
            }
            text = decoded
        } catch {
            throw ProtocolError(problems: [ProtocolProblem(location: SourceLocation(file: path), message: (error as? InputError)?.reason ?? "\(error)")])
        }
        return try parse(yaml: text, path: path, knownChecks: knownChecks)
    }

    /// Parses waivers from YAML text.
    public static func parse(yaml text: String, path: String, knownChecks: Set<String>) throws(ProtocolError) -> [Waiver] {
        var problems: [ProtocolProblem] = []
        func problem(_ node: SyntaxNode, _ message: String) {
            problems.append(ProtocolProblem(location: node.position.location(in: path), message: message))
        }
        let root: SyntaxNode
        do {
            root = try YAMLSyntaxParser.parse(text)
        } catch {
            throw ProtocolError(problems: [ProtocolProblem(location: error.position.location(in: path), message: error.message)])
        }
        let list: SyntaxNode
        switch root.content {
        case .object where root["waivers"] != nil:
            list = root["waivers"] ?? root
        case .array:
            list = root
        default:
            problem(root, "expected a mapping with 'waivers:' (a list), found \(root.kindDescription)")
            throw ProtocolError(problems: problems)
        }
        guard case .array(let items) = list.content else {
            problem(list, "'waivers': expected a list, found \(list.kindDescription)")
            throw ProtocolError(problems: problems)
        }
        let allowed = ["patient", "check", "reason", "approved_by", "expires"]
        var waivers: [Waiver] = []
        for item in items {
            guard case .object(let members) = item.content else {
                problem(item, "expected a waiver (patient, check, reason, approved_by), found \(item.kindDescription)")
                continue
            }
            for member in members where !allowed.contains(member.key) {
                problems.append(ProtocolProblem(
                    location: member.keyPosition.location(in: path),
                    message: "unknown key '\(member.key)' in a waiver\(Suggestion.hint(for: member.key, among: allowed))"
                ))
            }
            var fields: [String: String] = [:]
            for key in ["patient", "check", "reason", "approved_by"] {
                guard let node = item[key] else {
                    problem(item, "the waiver has no '\(key)'")
                    continue
                }
                guard let value = node.scalarText?.trimmingWhitespace(), !value.isEmpty else {
                    problem(node, "'\(key)': expected text, found \(node.kindDescription)")
                    continue
                }
                fields[key] = value
            }
            if let check = fields["check"], !knownChecks.contains(check), let node = item["check"] {
                problem(node, "no check '\(check)' in the protocol\(Suggestion.hint(for: check, among: knownChecks.sorted()))")
            }
            var expires: String?
            if let node = item["expires"] {
                if let text = node.scalarText, let date = PartialDate(iso8601: text), date.isComplete {
                    expires = date.description
                } else {
                    problem(node, "'expires': expected a full date such as 2026-12-31, found \(node.kindDescription)")
                }
            }
            guard let patient = fields["patient"], let check = fields["check"], let reason = fields["reason"],
                  let approvedBy = fields["approved_by"]
            else { continue }
            waivers.append(Waiver(
                patient: patient, check: check, reason: reason, approvedBy: approvedBy, expires: expires,
                location: SourceLocation(file: path, line: item.position.line)
            ))
        }
        guard problems.isEmpty else { throw ProtocolError(problems: problems.sorted { $0.location < $1.location }) }
        return waivers
    }
}
