/// What the extractor found in a document: its structure, every figure and every claim.
public struct Extraction: Sendable {
    public let structure: DocumentStructure
    public let figures: [Figure]
    public let claims: [Claim]

    public var text: NormalisedText { structure.text }

    /// Normalised text → structure → figures → claims: the extraction stage's one entry point.
    public static func extract(_ text: NormalisedText, lexicon: Lexicon) -> Extraction {
        let structure = DocumentStructure.build(text, lexicon: lexicon)
        let figures = FigureScanner.scan(structure, lexicon: lexicon)
        let claims = ClaimExtractor.extract(structure, figures: figures, lexicon: lexicon)
        return Extraction(structure: structure, figures: figures, claims: claims)
    }

    /// The sentence holding a figure, as normalised text.
    public func sentenceText(_ sentence: Int) -> String {
        guard sentence >= 0, sentence < structure.sentences.count else { return "" }
        return ScalarText.string(structure.scalars[structure.sentences[sentence].range])
    }
}
