/// Writes flow-style mappings, lists and scalars as JSON or as YAML flow style.
///
/// Every string the generator writes is a fixed, YAML-safe word or phrase, so YAML needs
/// quotes only for a year-only date (which YAML would read as a number).
struct FlowWriter {
    let sink: ByteSink
    let json: Bool
    private var needsSeparator = false

    init(sink: ByteSink, json: Bool) {
        self.sink = sink
        self.json = json
    }

    mutating func open() {
        sink.append(UInt8(ascii: "{"))
        needsSeparator = false
    }

    mutating func close() {
        sink.append(UInt8(ascii: "}"))
        needsSeparator = true
    }

    mutating func key(_ name: StaticString) {
        name.withUTF8Buffer { key(spelled: $0) }
    }

    /// A key of the model's key table (``RecordKey``, ``EnrollmentKey``).
    mutating func key<Key: RawRepresentable>(_ key: Key) where Key.RawValue == String {
        var name = key.rawValue
        name.withUTF8 { self.key(spelled: $0) }
    }

    private mutating func key(spelled name: UnsafeBufferPointer<UInt8>) {
        if needsSeparator { sink.append(json ? "," : ", ") }
        needsSeparator = true
        if json {
            sink.append(UInt8(ascii: "\""))
            sink.append(name)
            sink.append("\":")
        } else {
            sink.append(name)
            sink.append(": ")
        }
    }

    func string(_ value: StaticString) {
        if json { sink.append(UInt8(ascii: "\"")) }
        sink.append(value)
        if json { sink.append(UInt8(ascii: "\"")) }
    }

    func date(_ value: DateText) {
        let quoted = json || value.precision == .year
        if quoted { sink.append(UInt8(ascii: "\"")) }
        sink.append(date: value)
        if quoted { sink.append(UInt8(ascii: "\"")) }
    }

    func int(_ value: Int) {
        sink.append(decimal: value)
    }

    func decimal(_ scaled: Int, decimals: Int) {
        sink.append(scaled: scaled, decimals: decimals)
    }

    func bool(_ value: Bool) {
        sink.append(value ? "true" : "false")
    }

    func list(_ values: [StaticString]) {
        sink.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { sink.append(json ? "," : ", ") }
            string(value)
        }
        sink.append(UInt8(ascii: "]"))
    }

    /// A quantity as text, such as `50.4 Gy` or `5040 cGy`: `hundredths / 100`, trailing
    /// zeros of the fraction dropped.
    func quantity(hundredths: Int, unit: StaticString) {
        if json { sink.append(UInt8(ascii: "\"")) }
        number(hundredths: hundredths)
        sink.append(UInt8(ascii: " "))
        sink.append(unit)
        if json { sink.append(UInt8(ascii: "\"")) }
    }

    /// `hundredths / 100` as a number, trailing zeros of the fraction dropped.
    func number(hundredths: Int) {
        if hundredths % 100 == 0 {
            sink.append(decimal: hundredths / 100)
        } else if hundredths % 10 == 0 {
            sink.append(scaled: hundredths / 10, decimals: 1)
        } else {
            sink.append(scaled: hundredths, decimals: 2)
        }
    }
}
