import ArgumentParser

/// A command-line value chosen from a fixed list of words: an enumeration whose raw values
/// are the words, such as `--format json` or `--color never`.
///
/// It lists its words straight from its cases. ArgumentParser's own list for such a type
/// (`rawValue.defaultValueDescription` through a key path) builds that key path at run
/// time, about 400,000 instructions an option that every command pays before it starts;
/// the words are the same.
public protocol ChoiceArgument: ExpressibleByArgument, CaseIterable, RawRepresentable<String> {}

extension ChoiceArgument {
    /// Every word the option accepts, in the order of the cases.
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
}
