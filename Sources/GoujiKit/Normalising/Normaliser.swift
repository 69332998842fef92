// TEMPORARY placeholder until the real normaliser lands.
public enum Normaliser {
    public static func normalise(_ source: SourceText) -> NormalisedText {
        var out: [Unicode.Scalar] = []
        var origins: [Int] = []
        for (i, s) in source.scalars.enumerated() {
            if s == "\r" { continue }
            var t = s
            if (0xFF10...0xFF19).contains(s.value) { t = Unicode.Scalar(s.value - 0xFF10 + 0x30)! }
            if s == "(" { t = "（" }
            if s == ")" { t = "）" }
            if s == "," { t = "，" }
            if s == "：" || s == ":" { t = "：" }
            if s == " " || s == "*" || s == "#" { continue }
            out.append(t)
            origins.append(i)
        }
        origins.append(source.scalars.count)
        return NormalisedText(source: source, scalars: out, origins: origins)
    }
}
