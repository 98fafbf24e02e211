import Foundation
import Testing
import TrialCheckCore
@testable import TrialCheckEngine

/// What the suites holding a reader's fast route to its present one share: the malformed
/// cases of a format, one reading's outcome, and the comparison of two readings down to
/// each event's attributes.
enum ReadingRoutes {
    /// What a reading gives, or the error it stops with.
    enum Outcome {
        case read(ReadResult)
        case stopped(String)
    }

    /// The cases of the malformed-input suite for `format` (its folder's name).
    static func malformedCases(_ format: String) -> [String] {
        let folder = ReaderTestSupport.repositoryRoot.appendingPathComponent("Tests/MalformedInputs/cases/\(format)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0).path }
    }

    /// Reads `path` whole: in memory with the default grouping budget, or through
    /// temporary files with `budget` bytes.
    static func outcome(_ path: String, budget: Int?) throws -> Outcome {
        do {
            guard let budget else { return .read(try ReaderTestSupport.read(path)) }
            let folder = try GroupingSpillTests.emptyFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            return .read(try GroupingSpillTests.read(path, budget: budget, folder: folder))
        } catch let error as InputError {
            return .stopped("\(error)")
        }
    }

    /// Writes a copy of the files of `source` whose names end with `suffix`, each changed by
    /// `mutate`, into a new folder `name` under `folder`; whether any file changed.
    static func mutatedCopy(
        of source: URL, suffix: String, named name: String, in folder: URL, _ mutate: (String) throws -> String
    ) throws -> (path: String, changed: Bool) {
        let names = try FileManager.default.contentsOfDirectory(atPath: source.path).filter { $0.hasSuffix(suffix) }.sorted()
        let copy = folder.appendingPathComponent(name.replacingOccurrences(of: " ", with: "-"))
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        var changed = false
        for name in names {
            let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            let mutated = try mutate(text)
            changed = changed || mutated != text
            try mutated.write(to: copy.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return (copy.path, changed)
    }

    /// `text` with every match of `pattern` replaced by `template`.
    static func replacing(_ pattern: String, with template: String, in text: String, options: NSRegularExpression.Options = []) throws -> String {
        try NSRegularExpression(pattern: pattern, options: options)
            .stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }

    /// Requires two readings of `path` to be the same: the same items, rejections and
    /// notes, and each event equal with the same attributes, keys and values; or the
    /// same error.
    static func expectSame(_ fast: Outcome, _ present: Outcome, path: String, _ comment: Comment? = nil) {
        switch (fast, present) {
        case let (.read(fast), .read(present)):
            GroupingSpillTests.expectSame(fast, present)
            #expect(fast.patients.count == present.patients.count, comment)
            for (one, other) in zip(fast.patients, present.patients) {
                #expect(one.events.count == other.events.count, comment)
                for (event, expected) in zip(one.events, other.events) {
                    #expect(event == expected, comment)
                    #expect(event.attributes == expected.attributes, comment)
                    for known in [KeySet([]), KeySet(["test", "unit"])] {
                        #expect(event.attributeKeys(outside: known) == expected.attributeKeys(outside: known), comment)
                    }
                    for key in expected.attributes.keys { #expect(event[key] == expected[key], comment) }
                    #expect(event["no-such-key"] == nil, comment)
                }
            }
        case let (.stopped(fast), .stopped(present)):
            #expect(fast == present, comment)
        default:
            Issue.record("one route read \(path), the other stopped: \(fast) / \(present)")
        }
    }
}
