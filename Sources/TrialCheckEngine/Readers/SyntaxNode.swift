import TrialCheckCore

/// A parsed document node with its position: the common shape the YAML and JSON parsers
/// produce, so one decoder maps both to the patient-history model with located errors.
struct SyntaxNode: Sendable {
    /// The node's content. Not `indirect`: lists and mappings hold their nodes in array
    /// storage already, so a scalar node needs no allocation of its own.
    enum Content: Sendable {
        case null
        case bool(Bool)
        case number(String)
        case string(String)
        case array([SyntaxNode])
        /// Keys in document order, each with its own position.
        case object([(key: String, keyPosition: TextPosition, value: SyntaxNode)])
    }

    var content: Content
    var position: TextPosition

    /// The value of `key` in an object.
    subscript(key: String) -> SyntaxNode? {
        guard case .object(let members) = content else { return nil }
        // Read in place (a member copied whole for its key costs a retain and a release of
        // each of its parts), lengths compared first to keep most keys that differ off the text.
        let length = key.utf8.count
        return members.withMembersInPlace { members in
            for index in members.indices where members[index].key.utf8.count == length && members[index].key == key {
                return members[index].value
            }
            return nil
        }
    }

    /// What the node is, for "expected ..., found ..." messages.
    var kindDescription: String {
        switch content {
        case .null: "null"
        case .bool: "a Boolean"
        case .number(let text): "the number \(text)"
        case .string(let text): "the text '\(text)'"
        case .array: "a list"
        case .object: "a mapping"
        }
    }

    /// The text of a string or number scalar.
    var scalarText: String? {
        switch content {
        case .string(let text), .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }

    /// The node as a model ``Value`` (positions dropped).
    var value: Value {
        switch content {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let text): .number(text)
        case .string(let text): .string(text)
        case .array(let items): .list(items.map(\.value))
        case .object(let members):
            .map(Dictionary(members.map { ($0.key, $0.value.value) }, uniquingKeysWith: { first, _ in first }))
        }
    }
}

/// A mapping's member laid out as the tuples ``SyntaxNode/Content/object`` holds (a key, its
/// position, its value), so they can be read where they lie: reading one field of a tuple in
/// an array copies the whole tuple first (a retain and a release of each of its parts), one
/// field of a struct does not.
struct SyntaxMember {
    var key: String
    var keyPosition: TextPosition
    var value: SyntaxNode
}

extension Array where Element == (key: String, keyPosition: TextPosition, value: SyntaxNode) {
    /// Calls `body` with the members where they lie, as ``SyntaxMember``s (the same layout:
    /// a struct's stored properties are laid out as a tuple's elements; a test holds the two
    /// to the same size, alignment and offsets).
    @inline(__always)
    func withMembersInPlace<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<SyntaxMember>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try withUnsafeBufferPointer { (members) throws(Failure) -> Result in
            try members.withMemoryRebound(to: SyntaxMember.self) { (members) throws(Failure) -> Result in try body(members) }
        }
    }

    /// Mappings up to this many keys are searched for a repeated key pair by pair, which
    /// beats hashing for the handful of keys records have; larger ones (a hostile record of
    /// thousands of keys) are hashed, so the search stays linear.
    static var pairwiseKeyLimit: Int { 16 }

    /// The index of the first member whose key an earlier member has, or `nil`.
    ///
    /// Each key is read once, into a fingerprint on the stack (its length and first bytes),
    /// and the pairs compare fingerprints; only keys whose fingerprints match are compared
    /// as text. Reading a key out of its member for every pair (a retain and a release
    /// each) cost more than the comparisons.
    var firstRepeatedKey: Int? {
        guard count > 1, count <= Self.pairwiseKeyLimit else { return firstRepeatedKey(prints: nil) }
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { prints in
            withMembersInPlace { members in
                for index in members.indices { prints[index] = KeyFingerprint.of(members[index].key) }
            }
            return firstRepeatedKey(prints: UnsafeBufferPointer(prints))
        }
    }

    /// ``firstRepeatedKey``, given each member's ``KeyFingerprint`` by a reader that had the
    /// keys' bytes at hand (`nil` or another count: the fingerprints are not used).
    func firstRepeatedKey(prints: UnsafeBufferPointer<UInt64>?) -> Int? {
        withMembersInPlace { members in
            guard members.count > 1 else { return nil }
            guard members.count <= Self.pairwiseKeyLimit, let prints, prints.count == members.count else {
                var seen = Set<String>(minimumCapacity: members.count)
                return members.indices.first { !seen.insert(members[$0].key).inserted }
            }
            for later in 1..<members.count {
                for earlier in 0..<later where prints[earlier] == prints[later] && members[earlier].key == members[later].key {
                    return later
                }
            }
            return nil
        }
    }
}

/// A key's length (top byte) and up to its first seven bytes: equal keys have equal
/// fingerprints; most different keys of a mapping do not.
enum KeyFingerprint {
    static func of(_ key: String) -> UInt64 {
        // Native strings (every key a reader makes) lend their bytes; iterating the UTF-8
        // view instead costs several times more.
        if let print = key.utf8.withContiguousStorageIfAvailable({ of($0) }) { return print }
        return of([UInt8](key.utf8))
    }

    static func of(_ bytes: some Collection<UInt8>) -> UInt64 {
        var print = UInt64(truncatingIfNeeded: Swift.min(bytes.count, 255)) << 56
        var shift: UInt64 = 0
        for byte in bytes.prefix(7) {
            print |= UInt64(byte) << shift
            shift += 8
        }
        return print
    }
}

/// A line and column in a text, both counting from 1.
///
/// A reader that assembles one record from several files (FHIR Bulk Data, SDTM datasets)
/// names the file a node came from in ``file``; otherwise the input's path is used.
struct TextPosition: Sendable, Hashable {
    var line: Int
    var column: Int
    /// The file the position is in, where it is not the input's own path.
    var file: String?

    init(line: Int, column: Int, file: String? = nil) {
        self.line = line
        self.column = column
        self.file = file
    }

    /// The position as a location; `file` unless the position names its own.
    func location(in file: String) -> SourceLocation {
        SourceLocation(file: self.file ?? file, line: line, column: column)
    }

    /// The position's line (without column) as a location.
    func lineLocation(in file: String) -> SourceLocation {
        SourceLocation(file: self.file ?? file, line: line)
    }
}
