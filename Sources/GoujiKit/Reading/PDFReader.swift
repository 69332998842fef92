import Foundation

/// Reads a PDF's text layer through poppler's `pdftotext -layout` (found on the PATH, or at
/// `$GOUJI_PDFTOTEXT`), so that tables keep their columns for the aligned-columns table reader.
/// Each line is labelled with its page ("第3页"). The PDF is given to the tool on its standard
/// input: nothing is written, not even a temporary copy. A missing tool, a PDF without a text
/// layer (a scan), an encrypted or damaged PDF, a tool that runs too long: each a `Diagnostic`.
public enum PDFReader {
    /// The first bytes of every PDF.
    public static let magic = Array("%PDF".utf8)
    /// How long pdftotext may take on one document.
    public static let timeoutSeconds: Double = 60

    /// The pdftotext to run: `$GOUJI_PDFTOTEXT` if set, else the first on the PATH.
    static func tool(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let given = environment["GOUJI_PDFTOTEXT"] {
            return FileManager.default.isExecutableFile(atPath: given) ? given : nil
        }
        for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/pdftotext"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The text layer of the PDF whose bytes are given, with page labels.
    public static func read(
        _ bytes: [UInt8], path: String, maximumBytes: Int = TextReader.defaultMaximumBytes,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> SourceText {
        guard let tool = tool(environment: environment) else {
            throw Diagnostic(
                id: "read.pdf-tool-missing",
                message: "读取 PDF 需要 poppler 的 pdftotext，本机没有安装；请安装 poppler-utils（Debian/Ubuntu：apt-get install poppler-utils；macOS：brew install poppler）后重试，或先把 PDF 转为文本再审核。",
                path: path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-layout", "-enc", "UTF-8", "-", "-"]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Diagnostic(id: "read.pdf-tool-missing", message: "无法运行 pdftotext（\(tool)）；请检查 poppler-utils 的安装。", path: path)
        }
        // Feed the PDF and drain both outputs on their own threads, so no pipe fills up.
        let group = DispatchGroup()
        final class Collected: @unchecked Sendable {
            var text = Data()
            var errors = Data()
            var overflow = false
        }
        let collected = Collected()
        let limit = max(maximumBytes, 1) * 4
        DispatchQueue.global().async(group: group) {
            input.fileHandleForWriting.write(Data(bytes))
            try? input.fileHandleForWriting.close()
        }
        DispatchQueue.global().async(group: group) {
            while case let chunk = output.fileHandleForReading.availableData, !chunk.isEmpty {
                if collected.text.count + chunk.count > limit {
                    collected.overflow = true
                    process.terminate()
                    break
                }
                collected.text.append(chunk)
            }
        }
        DispatchQueue.global().async(group: group) {
            collected.errors = errors.fileHandleForReading.readDataToEndOfFile()
        }
        if group.wait(timeout: .now() + timeoutSeconds) == .timedOut {
            process.terminate()
            _ = group.wait(timeout: .now() + 5)
            throw Diagnostic(
                id: "read.pdf-timeout", message: "pdftotext 处理此 PDF 超过 \(Int(timeoutSeconds)) 秒，已停止；文件可能已损坏，请检查或转为文本后再审核。",
                path: path)
        }
        process.waitUntilExit()
        if collected.overflow {
            throw Diagnostic(id: "read.too-large", message: "PDF 的文字超过上限；请拆分文件或用 --max-bytes 调整上限。", path: path)
        }
        guard process.terminationStatus == 0 else {
            let said = String(decoding: collected.errors, as: UTF8.self).split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
            let encrypted = said.localizedCaseInsensitiveContains("password") || said.localizedCaseInsensitiveContains("encrypt")
            throw Diagnostic(
                id: encrypted ? "read.pdf-encrypted" : "read.pdf-unreadable",
                message: encrypted
                    ? "PDF 已加密，无法读取文字；请向发布单位索取未加密的版本。"
                    : "pdftotext 无法读取此 PDF（\(said)）；文件可能已损坏或被截断。",
                path: path)
        }
        return try source(String(decoding: collected.text, as: UTF8.self), path: path)
    }

    /// pdftotext's output as a source text: page breaks (form feeds) removed, each line labelled
    /// with its page.
    static func source(_ text: String, path: String) throws -> SourceText {
        var lines: [Substring] = text.split(separator: "\n", omittingEmptySubsequences: false)[...].map { $0 }
        if lines.last == "" { lines.removeLast() }
        var page = 1
        var labels: [String] = []
        var cleaned: [String] = []
        for line in lines {
            var l = line
            while l.first == "\u{0C}" {
                page += 1
                l = l.dropFirst()
            }
            cleaned.append(String(l.filter { $0 != "\u{0C}" }))
            labels.append("第\(page)页")
        }
        let joined = cleaned.joined(separator: "\n")
        guard joined.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw Diagnostic(
                id: "read.pdf-no-text",
                message: "这个 PDF 没有文字层（可能是扫描件或图片），读不出数字；请先用 OCR 识别为文本，或向发布单位索取可复制文字的版本。",
                path: path)
        }
        return SourceText(path: path, string: joined, encoding: .pdf, lineLabels: labels)
    }
}
