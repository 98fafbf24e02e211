/// A kind's `min` and `max` parameters, declared once, with the problems they raise worded
/// once: "give 'min', 'max' or both", and "'min' (80) is greater than 'max' (75)".
public struct Limits<Bound: Decodable & Sendable>: Sendable {
    /// `min`.
    public let minimum: Parameter<Bound?>
    /// `max`.
    public let maximum: Parameter<Bound?>

    /// Declares `min` and `max` of `type`, with what each means.
    public init(_ type: String, min: String, max: String) {
        minimum = Parameter<Bound?>("min", type, min)
        maximum = Parameter<Bound?>("max", type, max)
    }

    /// The limits given; at least one is.
    /// - Throws: ``ParameterProblem`` when neither is given.
    public func read(_ parameters: ParameterValues) throws(ParameterProblem) -> (min: Bound?, max: Bound?) {
        let limits = (min: try parameters[minimum], max: try parameters[maximum])
        guard limits.min != nil || limits.max != nil else { throw Self.neitherGiven }
        return limits
    }

    /// Neither limit is given.
    public static var neitherGiven: ParameterProblem { ParameterProblem("give 'min', 'max' or both") }

    /// `lower...upper`, the limits in force.
    /// - Throws: ``ParameterProblem`` naming `min` when `lower` is above `upper`.
    public static func range(_ lower: Bound, _ upper: Bound) throws(ParameterProblem) -> ClosedRange<Bound> where Bound: Comparable {
        guard lower <= upper else {
            throw ParameterProblem("'min' (\(lower)) is greater than 'max' (\(upper))", parameter: "min")
        }
        return lower...upper
    }
}
