/// Command-line arguments split into positionals and `--option value` pairs, with errors as
/// values (a usage error is exit status 2 with a Chinese message).
struct Arguments {
    var positionals: [String] = []
    var options: [String: [String]] = [:]
    var flags: Set<String> = []

    struct UsageError: Error {
        var message: String
    }

    /// Parses `arguments`; `valued` are the options that take a value, `switches` those that do not.
    init(_ arguments: [String], valued: Set<String>, switches: Set<String> = []) throws {
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" {
                positionals += arguments[(i + 1)...]
                break
            }
            if a.hasPrefix("--") {
                var name = String(a.dropFirst(2))
                var value: String? = nil
                if let eq = name.firstIndex(of: "=") {
                    value = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                if switches.contains(name) {
                    flags.insert(name)
                } else if valued.contains(name) {
                    if value == nil {
                        guard i + 1 < arguments.count else { throw UsageError(message: "选项 --\(name) 需要一个值") }
                        i += 1
                        value = arguments[i]
                    }
                    options[name, default: []].append(value ?? "")
                } else {
                    let known = (valued.union(switches)).map { "--\($0)" }.sorted()
                    let hint = Suggestion.nearest(to: "--" + name, among: known).map { "；是否指「\($0)」？" } ?? ""
                    throw UsageError(message: "未知选项 --\(name)\(hint)")
                }
            } else {
                positionals.append(a)
            }
            i += 1
        }
    }

    func value(_ name: String) -> String? { options[name]?.last }
}
