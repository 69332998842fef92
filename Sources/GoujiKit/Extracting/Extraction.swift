/// What the extractor found in a document: its structure, every figure and every claim.
public struct Extraction: Sendable {
    public let structure: DocumentStructure
    public let figures: [Figure]
    public let claims: [Claim]

    public var text: NormalisedText { structure.text }

    /// Normalised text → structure → figures → claims: the extraction stage's one entry point.
    /// A passed `deadline` stops it early: the extraction is then partial, for discarding.
    public static func extract(_ text: NormalisedText, lexicon: Lexicon, deadline: Deadline = .never) -> Extraction {
        let structure = DocumentStructure.build(text, lexicon: lexicon)
        guard !deadline.hasPassed else { return Extraction(structure: structure, figures: [], claims: []) }
        let figures = FigureScanner.scan(structure, lexicon: lexicon, deadline: deadline)
        guard !deadline.hasPassed else { return Extraction(structure: structure, figures: figures, claims: []) }
        let claims = ClaimExtractor.extract(structure, figures: figures, lexicon: lexicon, deadline: deadline)
        return Extraction(structure: structure, figures: figures, claims: claims)
    }

    /// The sentence holding a figure, as normalised text.
    public func sentenceText(_ sentence: Int) -> String {
        guard sentence >= 0, sentence < structure.sentences.count else { return "" }
        return ScalarText.string(structure.scalars[structure.sentences[sentence].range])
    }
}
