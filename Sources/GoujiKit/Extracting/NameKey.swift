import Foundation

/// A name — a concept, a measure, a qualifier — as a dictionary or set key. Two keys are equal
/// exactly when their strings are (`String` equality: Unicode canonical equivalence), but a name
/// made only of scalars that NFC leaves as they are (`ScalarText.isCharacterOfItsOwn`: ASCII,
/// Latin-1, CJK ideographs and punctuation, kana, full-width forms — every name in these documents)
/// is hashed and compared by its UTF-8 bytes. Swift hashes and compares every other non-ASCII
/// `String` through NFC normalisation, a few thousand instructions for a Chinese name: keyed by
/// `String`, the lookups of concepts were a measurable share of an audit.
struct NameKey: Hashable, Sendable {
    let text: String
    /// Whether `text`'s bytes are its NFC form (every scalar one NFC leaves alone).
    private let isNormal: Bool

    init(_ text: String) {
        self.text = text
        var normal = true
        for s in text.unicodeScalars where !ScalarText.isCharacterOfItsOwn(s) {
            normal = false
            break
        }
        isNormal = normal
    }

    static func == (a: NameKey, b: NameKey) -> Bool {
        // Both in NFC: canonically equivalent exactly when the bytes are the same.
        if a.isNormal && b.isNormal { return ScalarText.sameBytes(a.text, b.text) }
        return a.text == b.text
    }

    /// The bytes of the NFC form, so that two equivalent names hash alike whichever way each is written.
    func hash(into hasher: inout Hasher) {
        var canonical = isNormal ? text : text.precomposedStringWithCanonicalMapping
        canonical.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
