import Testing
import TrialCheckCore

@Suite("DecimalText")
struct DecimalTextTests {
    static func same(_ lhs: Double?, _ rhs: Double?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): true
        case let (lhs?, rhs?): lhs.bitPattern == rhs.bitPattern || (lhs.isNaN && rhs.isNaN)
        default: false
        }
    }

    @Test("Reads numbers as Double(text) does", arguments: [
        "0", "-0", "+0", "240", "6.2", "-6.2", ".5", "5.", "-.5", "+.5", ".", "-", "+", "", "007", "0.1", "0.3", "1.23456789",
        "9007199254740992", "9007199254740993", "12345678901234567", "0.000000000000000000001", "1e3", "1E-3", "inf", "nan",
        "0x1p3", " 5", "5 ", "1.2.3", "--1", "+-1", "50.4", "1.7976931348623157", "123456789012345.6", "0.0000000000000000000000001",
    ])
    func matchesDouble(_ text: String) {
        #expect(Self.same(DecimalText.double(text), Double(text)), "\(text.debugDescription)")
        #expect(Self.same(DecimalText.double(text[...]), Double(text)), "\(text.debugDescription)")
    }

    @Test("Random decimals read as Double(text) reads them")
    func randomDecimals() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50_000 {
            let sign = ["", "-", "+"].randomElement(using: &generator) ?? ""
            let whole = String((0..<Int.random(in: 0...12, using: &generator)).map { _ in "0123456789".randomElement(using: &generator) ?? "0" })
            let point = Bool.random(using: &generator) ? "." : ""
            let fraction = String((0..<Int.random(in: 0...12, using: &generator)).map { _ in "0123456789".randomElement(using: &generator) ?? "0" })
            let text = sign + whole + point + (point.isEmpty ? "" : fraction)
            #expect(Self.same(DecimalText.double(text), Double(text)), "\(text.debugDescription)")
        }
    }
}
