import Foundation
import Yams

/// The types Yams builds from a scalar (`ScalarConstructible`), found by comparing types.
///
/// `type as? any ScalarConstructible.Type` answers the same, but a cast that fails (any
/// parameter type Yams does not build: a mapping of parameters, a list, an enumeration)
/// searches every protocol conformance of the process, once per type, at every start of
/// the command.
enum YamsScalarTypes {
    /// Every type Yams makes `ScalarConstructible`.
    static var all: [any ScalarConstructible.Type] {
        [
            String.self, Bool.self, Double.self, Float.self, Decimal.self,
            Int.self, Int8.self, Int16.self, Int32.self, Int64.self,
            UInt.self, UInt8.self, UInt16.self, UInt32.self, UInt64.self,
            Date.self, Data.self, URL.self, UUID.self,
        ]
    }

    /// `type` as a type Yams builds from a scalar, or `nil`.
    static func constructible(_ type: Any.Type) -> (any ScalarConstructible.Type)? {
        let wanted = ObjectIdentifier(type)
        return all.first { ObjectIdentifier($0) == wanted }
    }
}
