/// Text after normalising, with a map back to the original file: for each normalised scalar, the
/// index of the original scalar it came from.
public struct NormalisedText: Sendable {
    public let source: SourceText
    /// The normalised text. Logical lines are separated by "\n".
    public let scalars: [Unicode.Scalar]
    /// For each normalised scalar, its index in `source.scalars`; one extra last entry for the end.
    public let origins: [Int]

    public init(source: SourceText, scalars: [Unicode.Scalar], origins: [Int]) {
        self.source = source
        self.scalars = scalars
        self.origins = origins.count == scalars.count + 1 ? origins : Array(0...scalars.count)
    }

    /// Location in the original file of the normalised scalar at `index` (`scalars.count` allowed).
    public func location(of index: Int) -> SourceLocation {
        source.location(ofScalar: origins[max(0, min(index, origins.count - 1))])
    }

    /// The original-file span of a normalised range.
    public func originalSpan(_ range: Range<Int>) -> SourceSpan {
        let start = origins[max(0, min(range.lowerBound, origins.count - 1))]
        guard !range.isEmpty else { return SourceSpan(start: start, end: start) }
        return SourceSpan(start: start, end: origins[min(range.upperBound - 1, origins.count - 1)] + 1)
    }

    /// The normalised text as a String.
    public var string: String { ScalarText.string(scalars) }
}
