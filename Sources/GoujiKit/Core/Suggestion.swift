/// "Did you mean": the nearest known name to a misspelt one, by edit distance over Unicode
/// scalars, when it is near enough to be a plausible typo.
public enum Suggestion {
    /// The nearest candidate, if its distance is at most max(2, length / 3).
    public static func nearest(to name: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(name.unicodeScalars)
        let limit = max(2, target.count / 3)
        var best: (String, Int)? = nil
        for candidate in candidates where candidate != name {
            let d = distance(target, Array(candidate.unicodeScalars))
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) { best = (candidate, d) }
        }
        return best?.0
    }

    /// Levenshtein distance.
    public static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
