import Foundation

/// Finds the bundled `Rules/` folder: `$GOUJI_RULES`, then `share/gouji/Rules` next to an installed
/// binary, then the checkout the binary was built in (walking up from it), then `./Rules`.
public enum RulesLocator {
    public static func defaultDirectory(executablePath: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let fm = FileManager.default
        func valid(_ dir: String) -> Bool { fm.fileExists(atPath: (dir as NSString).appendingPathComponent(RuleSet.lexiconFileName)) }
        if let dir = environment["GOUJI_RULES"] { return dir }
        if let exe = executablePath {
            var dir = ((exe as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
            let installed = ((dir as NSString).deletingLastPathComponent as NSString).appendingPathComponent("share/gouji/Rules")
            if valid(installed) { return installed }
            for _ in 0..<8 {
                let candidate = (dir as NSString).appendingPathComponent("Rules")
                if valid(candidate) { return candidate }
                let parent = (dir as NSString).deletingLastPathComponent
                if parent == dir { break }
                dir = parent
            }
        }
        return "Rules"
    }
}
