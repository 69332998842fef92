import Foundation

/// The documents named on the command line: files as given, folders searched recursively for the
/// formats Gouji reads — .txt, .md, .docx, .xlsx, .pdf — (sorted, so runs are repeatable).
public enum DocumentPaths {
    public static let extensions: Set<String> = ["txt", "md", "docx", "xlsx", "pdf"]

    public static func expand(_ paths: [String]) -> [String] {
        var result: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
                let walker = fm.enumerator(atPath: path)
            else {
                result.append(path)
                continue
            }
            var found: [String] = []
            while let item = walker.nextObject() as? String {
                if extensions.contains((item as NSString).pathExtension.lowercased()) {
                    found.append((path as NSString).appendingPathComponent(item))
                }
            }
            result += found.sorted()
        }
        return result
    }
}
