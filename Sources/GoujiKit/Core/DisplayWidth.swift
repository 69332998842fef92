/// Terminal cell widths, so that a caret line sits under the right character of Chinese text
/// (East Asian wide and full-width characters take two cells).
public enum DisplayWidth {
    /// Cells taken by one scalar on a terminal.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0x09 { return 4 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if (0x0300...0x036F).contains(v) || (0x200B...0x200F).contains(v) || v == 0xFEFF { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            || (0x2460...0x24FF).contains(v) || (0x2160...0x217F).contains(v) || v == 0x2014 || v == 0x2026
            || v == 0x201C || v == 0x201D || v == 0x2018 || v == 0x2019 || v == 0x3000 || v == 0x25A1
        {
            return 2
        }
        return 1
    }

    /// Cells taken by a string on a terminal.
    public static func of<S: Sequence>(_ scalars: S) -> Int where S.Element == Unicode.Scalar {
        scalars.reduce(0) { $0 + of($1) }
    }

    public static func of(_ string: String) -> Int { of(string.unicodeScalars) }
}
