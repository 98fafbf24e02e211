extension Quantity: Decodable {
    private enum CodingKeys: String, CodingKey { case value, unit }

    /// Decodes `"50.4 Gy"` or `{value: 50.4, unit: Gy}`; a bare number is an error, since a
    /// quantity without a unit is ambiguous (Gy or cGy?).
    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: CodingKeys.self) {
            self.init(
                try container.decode(Double.self, forKey: .value),
                try container.decode(String.self, forKey: .unit)
            )
            return
        }
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let quantity = Quantity(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a quantity with a unit, such as '50.4 Gy', but found '\(text)'"
            )
        }
        self = quantity
    }
}
