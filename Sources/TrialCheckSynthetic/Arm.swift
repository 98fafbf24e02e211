/// A randomisation arm of NCT07177794.
enum Arm {
    /// Toripalimab + metronomic capecitabine.
    case a
    /// Observation.
    case b
}
