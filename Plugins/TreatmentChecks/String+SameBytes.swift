extension String {
    /// Whether `other` is written with the same bytes. `==` also equates canonically
    /// equivalent spellings (a composed and a decomposed `é`), which folding a name may
    /// tell apart: a text may stand for another's reading only when the bytes are the same.
    func hasSameBytes(as other: String) -> Bool {
        guard self == other else { return false }
        var (left, right) = (self, other)
        return left.withUTF8 { left in right.withUTF8 { right in left.elementsEqual(right) } }
    }
}
