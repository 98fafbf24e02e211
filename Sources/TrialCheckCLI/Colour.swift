import ArgumentParser
import Foundation

/// `--color`: whether the text report is coloured.
enum Colour: String, ChoiceArgument {
    case auto, always, never

    /// Whether to colour a report written to standard output (`writingToTerminal`) or to a
    /// file: `auto` colours only a terminal that wants colour.
    func wanted(writingToTerminal: Bool) -> Bool {
        switch self {
        case .always: true
        case .never: false
        case .auto: writingToTerminal && Console.wantsColour
        }
    }
}
