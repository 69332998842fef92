import Foundation

// TEMPORARY: minimal UTF-8 reader until the full reader lands (same API).
public enum TextReader {
    public static let defaultMaximumBytes = 32 * 1024 * 1024
    public static func read(path: String, maximumBytes: Int = defaultMaximumBytes) throws -> SourceText {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(id: "read.unreadable", message: "无法读取文件；请检查路径和权限。", path: path)
        }
        if data.count > maximumBytes {
            throw Diagnostic(id: "read.too-large", message: "文件过大", path: path)
        }
        return try decode(Array(data), path: path)
    }
    public static func decode(_ bytes: [UInt8], path: String) throws -> SourceText {
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw Diagnostic(id: "read.encoding", message: "无法识别文件编码", path: path)
        }
        return SourceText(path: path, string: text)
    }
}
