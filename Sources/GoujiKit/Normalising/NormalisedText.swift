// TEMPORARY placeholder until the real normaliser lands (same API).
public struct NormalisedText: Sendable {
    public let source: SourceText
    public let scalars: [Unicode.Scalar]
    public let origins: [Int]
    public init(source: SourceText, scalars: [Unicode.Scalar], origins: [Int]) {
        self.source = source
        self.scalars = scalars
        self.origins = origins
    }
    public func location(of index: Int) -> SourceLocation {
        source.location(ofScalar: origins[max(0, min(index, origins.count - 1))])
    }
    public func originalSpan(_ range: Range<Int>) -> SourceSpan {
        guard !range.isEmpty else { let o = origins[min(range.lowerBound, origins.count - 1)]; return SourceSpan(start: o, end: o) }
        return SourceSpan(start: origins[range.lowerBound], end: origins[range.upperBound - 1] + 1)
    }
    public var string: String { var v = String.UnicodeScalarView(); v.append(contentsOf: scalars); return String(v) }
}
