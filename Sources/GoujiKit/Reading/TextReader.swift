import Foundation

/// Reads a document as published and gives its text: a .txt/.md file decoded from UTF-8 (with or
/// without BOM), UTF-16 with BOM, or GB18030/GBK; a Word (.docx) or Excel (.xlsx) file, recognised
/// by its content (a zip archive holding `word/document.xml` or `xl/workbook.xml`), rendered by
/// `DocxReader` or `XlsxReader`; a PDF's text layer through `PDFReader` (poppler's pdftotext). Anything it cannot read — another format, binary data, an unknown
/// encoding, a damaged or hostile archive, an empty or oversized file — is a `Diagnostic` saying
/// what to do. It never writes.
public enum TextReader {
    /// Default maximum size of an input file (bytes).
    public static let defaultMaximumBytes = 32 * 1024 * 1024
    /// Default maximum length of one line (Unicode scalars): longer is not a published text (a file
    /// without line breaks), and would only make every later stage slow.
    public static let defaultMaximumLineLength = 1_000_000

    /// Foundation's GB18030 encoding on Linux.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Reads the file at `path` (never writes it) and decodes it.
    public static func read(
        path: String, maximumBytes: Int = defaultMaximumBytes, maximumLineLength: Int = defaultMaximumLineLength
    ) throws -> SourceText {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Diagnostic(id: "read.unreadable", message: "找不到文件；请检查路径。", path: path)
        }
        if isDirectory.boolValue {
            throw Diagnostic(id: "read.unreadable", message: "这是一个目录，不是文件；请给出文件路径。", path: path)
        }
        let size = ((try? fm.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        if size > maximumBytes {
            let mb = { (n: Int) in String(format: "%.1f", Double(n) / 1_048_576) }
            throw Diagnostic(
                id: "read.too-large",
                message: "文件过大（\(mb(size)) MB），超过上限 \(mb(maximumBytes)) MB；请拆分文件或用 --max-bytes 调整上限。",
                path: path)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Diagnostic(id: "read.unreadable", message: "无法读取文件；请检查权限。", path: path)
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maximumBytes + 1)) ?? Data()
        if data.count > maximumBytes {
            throw Diagnostic(id: "read.too-large", message: "文件超过上限 \(maximumBytes) 字节；请拆分文件或用 --max-bytes 调整上限。", path: path)
        }
        return try decode(Array(data), path: path, maximumLineLength: maximumLineLength)
    }

    /// Decodes bytes already in memory (tests, fuzzers and other readers use it). `zipLimits`
    /// bound what a .docx/.xlsx may decompress to; `maximumLineLength` how long a line of text may be.
    public static func decode(
        _ bytes: [UInt8], path: String, zipLimits: ZipArchive.Limits = .standard, maximumLineLength: Int = defaultMaximumLineLength
    ) throws -> SourceText {
        if bytes.starts(with: ZipArchive.magic) {
            return try office(bytes, path: path, limits: zipLimits)
        }
        if bytes.starts(with: PDFReader.magic) {
            return try PDFReader.read(bytes, path: path)
        }
        if let format = otherFormat(bytes) {
            throw Diagnostic(id: "read.unsupported-format", message: format, path: path)
        }
        try rejectLongRuns(bytes, maximumLineLength: maximumLineLength, path: path)
        let source: SourceText
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            source = try utf8(bytes, from: 3, encoding: .utf8WithBOM, path: path)
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            source = try utf16(bytes, bigEndian: bytes[0] == 0xFE, path: path)
        } else {
            if bytes.contains(0) {
                throw Diagnostic(id: "read.binary", message: "这不是文本文件（含有二进制数据）；请提供 .txt 或 .md 文本。", path: path)
            }
            if let text = try? utf8(bytes, from: 0, encoding: .utf8, path: path) {
                source = text
            } else {
                source = try gb18030(bytes, path: path)
            }
        }
        try rejectLongLines(source, maximumLineLength: maximumLineLength)
        try rejectControlCharacters(source)
        if source.scalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw Diagnostic(id: "read.empty", message: "文件为空，没有可审核的内容。", path: path)
        }
        return source
    }

    /// A zip archive: a Word document or an Excel workbook, by the part it holds.
    static func office(_ bytes: [UInt8], path: String, limits: ZipArchive.Limits) throws -> SourceText {
        var archive = try ZipArchive(bytes: bytes, path: path, limits: limits)
        let source: SourceText
        if archive.contains(DocxReader.documentPart) {
            source = try DocxReader.read(&archive)
        } else if archive.contains("xl/workbook.xml") {
            source = try XlsxReader.read(&archive)
        } else {
            let kind =
                archive.contains("ppt/presentation.xml") ? "PowerPoint（.pptx）文件"
                : archive.contains("content.xml") ? "OpenDocument（.odt/.ods）文件"
                : "zip 压缩包，但不是 Word（.docx）或 Excel（.xlsx）文件"
            throw Diagnostic(
                id: "read.unsupported-format", message: "这是\(kind)，暂不支持；请另存为 .docx、.xlsx 或 UTF-8 文本（.txt）。", path: path)
        }
        if source.scalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw Diagnostic(id: "read.empty", message: "文件中没有文字，没有可审核的内容。", path: path)
        }
        return source
    }

    /// A message for formats that are not text, recognised by their first bytes.
    static func otherFormat(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return "这是旧版 Word/Excel（.doc/.xls）文件或加密的 Office 文件，暂不支持；请另存为 .docx/.xlsx（不设密码）或 UTF-8 文本（.txt）。"
        }
        return nil
    }

    static func utf8(_ bytes: [UInt8], from start: Int, encoding: TextEncoding, path: String) throws -> SourceText {
        // Decoded and validated by lead byte (the well-formed sequences of the Unicode standard,
        // table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF).
        // Written straight into the two arrays (an append per scalar was most of the cost of reading).
        let n = bytes.count
        var valid = true
        var offsets: [Int] = []
        let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: max(0, n - start)) { scalarBuffer, scalarCount in
            offsets = [Int](unsafeUninitializedCapacity: max(0, n - start) + 1) { offsetBuffer, offsetCount in
                bytes.withUnsafeBufferPointer { p in
                    @inline(__always) func continuation(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
                        k < n && p[k] >= low && p[k] <= high
                    }
                    var i = start
                    var count = 0
                    while i < n {
                        let lead = p[i]
                        var value: UInt32
                        var width: Int
                        switch lead {
                        case 0x00...0x7F:
                            (value, width) = (UInt32(lead), 1)
                        case 0xC2...0xDF:
                            guard continuation(i + 1) else { valid = false; return }
                            (value, width) = (UInt32(lead & 0x1F), 2)
                        case 0xE0...0xEF:
                            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
                            let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
                            guard continuation(i + 1, low, high), continuation(i + 2) else { valid = false; return }
                            (value, width) = (UInt32(lead & 0x0F), 3)
                        case 0xF0...0xF4:
                            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
                            let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
                            guard continuation(i + 1, low, high), continuation(i + 2), continuation(i + 3) else { valid = false; return }
                            (value, width) = (UInt32(lead & 0x07), 4)
                        default:
                            valid = false
                            return
                        }
                        for k in 1..<width { value = value << 6 | UInt32(p[i + k] & 0x3F) }
                        guard let scalar = Unicode.Scalar(value) else { valid = false; return }
                        scalarBuffer[count] = scalar
                        offsetBuffer[count] = i
                        count += 1
                        i += width
                    }
                    offsetBuffer[count] = n
                    scalarCount = count
                    offsetCount = count + 1
                }
            }
        }
        guard valid else { throw Diagnostic(id: "read.encoding", message: "不是有效的 UTF-8", path: path) }
        return SourceText(path: path, encoding: encoding, scalars: scalars, byteOffsets: offsets)
    }

    static func utf16(_ bytes: [UInt8], bigEndian: Bool, path: String) throws -> SourceText {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 2
        while i + 1 < bytes.count {
            units.append(bigEndian ? UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]) : UInt16(bytes[i + 1]) << 8 | UInt16(bytes[i]))
            i += 2
        }
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        var decoder = UTF16()
        var iterator = units.makeIterator()
        var offset = 2
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                scalars.append(s)
                offsets.append(offset)
                offset += s.value > 0xFFFF ? 4 : 2
            case .emptyInput:
                break loop
            case .error:
                throw Diagnostic(id: "read.encoding", message: "UTF-16 数据损坏；请另存为 UTF-8。", path: path)
            }
        }
        offsets.append(bytes.count)
        return SourceText(path: path, encoding: bigEndian ? .utf16BigEndian : .utf16LittleEndian, scalars: scalars, byteOffsets: offsets)
    }

    /// GB18030 through Foundation; byte offsets from the structure of the bytes (1, 2 or 4 per character).
    static func gb18030(_ bytes: [UInt8], path: String) throws -> SourceText {
        guard let text = String(bytes: bytes, encoding: gb18030) else {
            throw Diagnostic(
                id: "read.encoding", message: "无法识别文件编码（支持 UTF-8、UTF-16（带 BOM）、GB18030/GBK）；请另存为 UTF-8。", path: path)
        }
        let scalars = Array(text.unicodeScalars)
        var offsets: [Int] = []
        offsets.reserveCapacity(scalars.count + 1)
        var i = 0
        while i < bytes.count {
            offsets.append(i)
            let b = bytes[i]
            if b < 0x80 {
                i += 1
            } else if i + 1 < bytes.count, (0x30...0x39).contains(bytes[i + 1]) {
                i += 4
            } else {
                i += 2
            }
        }
        if offsets.count != scalars.count { offsets = Array(0..<scalars.count) }
        offsets.append(bytes.count)
        return SourceText(path: path, encoding: .gb18030, scalars: scalars, byteOffsets: offsets)
    }

    /// Before decoding, one pass over the bytes: a run without a line-break byte longer than four
    /// bytes per scalar allows is a line too long in any encoding read here (each line break holds
    /// a 0x0A or 0x0D byte; no scalar takes more than four bytes), refused before any more work.
    static func rejectLongRuns(_ bytes: [UInt8], maximumLineLength: Int, path: String) throws {
        let limit = maximumLineLength.multipliedReportingOverflow(by: 4)
        guard !limit.overflow, bytes.count > limit.partialValue else { return }
        let start: Int? = bytes.withUnsafeBufferPointer { buffer in
            var lineStart = 0
            for offset in 0..<buffer.count where buffer[offset] == 0x0A || buffer[offset] == 0x0D {
                if offset - lineStart > limit.partialValue { return lineStart }
                lineStart = offset + 1
            }
            return buffer.count - lineStart > limit.partialValue ? lineStart : nil
        }
        if let start {
            throw Diagnostic(
                id: "read.line-too-long",
                message: "文件中有一行超过上限 \(maximumLineLength) 个字符（从第 \(start + 1) 字节起，\(limit.partialValue) 字节内没有换行）；这不像正常发布的文本，请检查文件是否完整、换行是否丢失。",
                path: path)
        }
    }

    /// After decoding: the first line longer than `maximumLineLength` scalars is refused.
    static func rejectLongLines(_ source: SourceText, maximumLineLength: Int) throws {
        for line in 1...source.lineStarts.count {
            let range = source.lineRange(line)
            guard range.count > maximumLineLength else { continue }
            throw Diagnostic(
                id: "read.line-too-long",
                message: "第 \(line) 行过长（\(range.count) 个字符），超过上限 \(maximumLineLength) 个字符；这不像正常发布的文本，请检查文件是否完整、换行是否丢失。",
                path: source.path, location: source.location(ofScalar: range.lowerBound))
        }
    }

    /// Text with many control characters or replacement characters is binary data.
    static func rejectControlCharacters(_ source: SourceText) throws {
        var suspicious = 0
        for s in source.scalars {
            let v = s.value
            if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D && v != 0x0C) || v == 0xFFFD || v == 0x7F { suspicious += 1 }
        }
        if suspicious > 0 && suspicious * 100 >= source.scalars.count {
            throw Diagnostic(id: "read.binary", message: "这不是文本文件（含有二进制数据）；请提供 .txt 或 .md 文本。", path: source.path)
        }
    }
}
