import CZlib

/// A .zip archive held in memory — the container of .docx and .xlsx files — read from its end of
/// central directory record, its central directory and each entry's local header. Entries are
/// stored (method 0) or deflated (method 8, inflated with the system zlib). Nothing the archive
/// says about sizes is trusted: decompression stops as soon as an entry's output passes its cap,
/// the archive's total cap, or the compression ratio that marks a zip bomb. Every problem is a
/// `Diagnostic` (`read.zip-truncated`, `read.zip-encrypted`, `read.zip-bomb`, `read.zip-corrupt`,
/// and `read.unsupported-format` for ZIP64, split archives and other compression methods).
public struct ZipArchive: Sendable {
    /// How much decompression may produce before the archive is treated as a zip bomb.
    public struct Limits: Sendable, Equatable {
        /// Largest output of one entry (bytes).
        public var maximumEntryBytes: Int
        /// Largest output of all entries extracted from one archive (bytes).
        public var maximumTotalBytes: Int
        /// Largest ratio of output to compressed size, checked once an entry's output passes `ratioThreshold`.
        public var maximumRatio: Int
        public var ratioThreshold: Int

        public init(maximumEntryBytes: Int, maximumTotalBytes: Int, maximumRatio: Int, ratioThreshold: Int) {
            self.maximumEntryBytes = maximumEntryBytes
            self.maximumTotalBytes = maximumTotalBytes
            self.maximumRatio = maximumRatio
            self.ratioThreshold = ratioThreshold
        }

        /// 64 MB per entry, 256 MB in all, and at most 200:1 for entries over 1 MB. A Word or Excel
        /// file's XML compresses about 5–20:1; a real document never comes near these.
        public static let standard = Limits(
            maximumEntryBytes: 64 << 20, maximumTotalBytes: 256 << 20, maximumRatio: 200, ratioThreshold: 1 << 20)
    }

    /// One file in the archive, as the central directory describes it.
    public struct Entry: Sendable, Equatable {
        public let name: String
        /// General-purpose flags (bit 0: encrypted; bit 3: sizes in a data descriptor).
        public let flags: UInt16
        /// 0 stored, 8 deflated; others are not supported.
        public let method: UInt16
        public let crc32: UInt32
        public let compressedSize: Int
        /// As declared; checked against what inflating gives, never used to size anything.
        public let uncompressedSize: Int
        public let localHeaderOffset: Int

        public var isEncrypted: Bool { flags & 0x41 != 0 }
    }

    public let path: String
    public let limits: Limits
    public let entries: [Entry]
    /// Bytes produced so far by `extract`, counted against `limits.maximumTotalBytes`.
    public private(set) var extractedBytes = 0
    let bytes: [UInt8]

    /// The zip signature at the start of a file: "PK\u{3}\u{4}".
    public static let magic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    /// Reads the directory of the archive in `bytes` (`path` is for messages).
    public init(bytes: [UInt8], path: String, limits: Limits = .standard) throws {
        self.bytes = bytes
        self.path = path
        self.limits = limits
        let end = try ZipArchive.endOfCentralDirectory(bytes, path: path)
        entries = try ZipArchive.centralDirectory(bytes, end: end, path: path)
    }

    /// The entry with this name ("word/document.xml"), if any.
    public func entry(named name: String) -> Entry? {
        entries.first { $0.name == name }
    }

    public func contains(_ name: String) -> Bool { entry(named: name) != nil }

    /// The uncompressed bytes of an entry, checked against its CRC-32. Throws `read.zip-corrupt`
    /// for an entry that is not there.
    public mutating func extract(_ name: String) throws -> [UInt8] {
        guard let entry = entry(named: name) else {
            throw failure("read.zip-corrupt", "压缩包中缺少“\(name)”")
        }
        if entry.isEncrypted { throw encrypted(name) }
        let offset = entry.localHeaderOffset
        guard offset + 30 <= bytes.count else { throw truncated("“\(name)”的数据在文件末尾之后") }
        guard bytes[offset..<offset + 4].elementsEqual([0x50, 0x4B, 0x03, 0x04]) else {
            throw failure("read.zip-corrupt", "“\(name)”的本地文件头位置不对")
        }
        if read16(bytes, offset + 6) & 0x41 != 0 { throw encrypted(name) }
        let start = offset + 30 + Int(read16(bytes, offset + 26)) + Int(read16(bytes, offset + 28))
        guard start + entry.compressedSize <= bytes.count else { throw truncated("“\(name)”的数据在文件末尾之后") }
        let cap = min(limits.maximumEntryBytes, limits.maximumTotalBytes - extractedBytes)
        let data: [UInt8]
        switch entry.method {
        case 0:
            if entry.compressedSize > cap { throw bomb(name, cap: cap, ratio: false) }
            data = Array(bytes[start..<start + entry.compressedSize])
        case 8:
            data = try inflate(bytes[start..<start + entry.compressedSize], name: name, cap: cap)
        default:
            throw Diagnostic(
                id: "read.unsupported-format",
                message: "压缩包中的“\(name)”使用了不支持的压缩方式（\(entry.method)）；请在 Word/Excel/WPS 中打开后另存为 .docx/.xlsx。", path: path)
        }
        extractedBytes += data.count
        if data.count != entry.uncompressedSize {
            throw failure("read.zip-corrupt", "“\(name)”解压后为 \(data.count) 字节，与目录记载的 \(entry.uncompressedSize) 字节不符")
        }
        let crc = data.withUnsafeBufferPointer { buffer in
            UInt32(truncatingIfNeeded: CZlib.crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
        if crc != entry.crc32 { throw failure("read.zip-corrupt", "“\(name)”的校验和（CRC-32）不符") }
        return data
    }

    /// Raw deflate (no zlib header: window bits -15), 64 KB at a time, stopping at the caps.
    func inflate(_ input: ArraySlice<UInt8>, name: String, cap: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw failure("read.zip-corrupt", "无法初始化解压")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let compressed = max(1, input.count)
        return try input.withUnsafeBufferPointer { source -> [UInt8] in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            while true {
                var status: Int32 = Z_OK
                let produced = chunk.withUnsafeMutableBufferPointer { out -> Int in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return out.count - Int(stream.avail_out)
                }
                if produced > 0 {
                    if output.count + produced > cap { throw bomb(name, cap: cap, ratio: false) }
                    output.append(contentsOf: chunk[0..<produced])
                    if output.count > limits.ratioThreshold, output.count / compressed > limits.maximumRatio {
                        throw bomb(name, cap: cap, ratio: true)
                    }
                }
                switch status {
                case Z_STREAM_END:
                    return output
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw truncated("“\(name)”的压缩数据不完整")
                default:
                    throw failure("read.zip-corrupt", "“\(name)”的压缩数据已损坏")
                }
            }
        }
    }

    // MARK: - Directory

    /// Where the central directory is and how many entries it has.
    struct End {
        var entryCount: Int
        var directorySize: Int
        var directoryOffset: Int
        var position: Int
    }

    /// The end of central directory record, searched for in the last 64 KB + 22 bytes (its comment
    /// is at most 65,535 bytes).
    static func endOfCentralDirectory(_ bytes: [UInt8], path: String) throws -> End {
        let truncated = Diagnostic(
            id: "read.zip-truncated",
            message: "压缩包不完整（找不到文件末尾的目录，文件可能只下载或复制了一部分）；请重新获取文件，或在 Word/Excel/WPS 中打开后另存。",
            path: path)
        guard bytes.count >= 22 else { throw truncated }
        let lowest = max(0, bytes.count - 22 - 65_535)
        var position = bytes.count - 22
        var found: Int?
        while position >= lowest {
            if bytes[position] == 0x50, bytes[position + 1] == 0x4B, bytes[position + 2] == 0x05, bytes[position + 3] == 0x06,
                position + 22 + Int(read16(bytes, position + 20)) <= bytes.count
            {
                found = position
                break
            }
            position -= 1
        }
        guard let position = found else { throw truncated }
        let unsupported = { (what: String) in
            Diagnostic(id: "read.unsupported-format", message: "这是\(what)，暂不支持；请在 Word/Excel/WPS 中打开后另存为普通的 .docx/.xlsx。", path: path)
        }
        if position >= 20, read32(bytes, position - 20) == 0x0706_4B50 { throw unsupported("ZIP64 格式的压缩包（超过 4 GB 或 65,535 个文件）") }
        let entryCount = Int(read16(bytes, position + 10))
        let size = Int(read32(bytes, position + 12))
        let offset = Int(read32(bytes, position + 16))
        if entryCount == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            throw unsupported("ZIP64 格式的压缩包（超过 4 GB 或 65,535 个文件）")
        }
        if read16(bytes, position + 4) != 0 || read16(bytes, position + 6) != 0 || Int(read16(bytes, position + 8)) != entryCount {
            throw unsupported("分卷压缩包")
        }
        if offset + size > position {
            throw Diagnostic(
                id: "read.zip-corrupt", message: "压缩包已损坏（目录位置超出文件范围）；请在 Word/Excel/WPS 中打开后另存，或重新获取文件。", path: path)
        }
        return End(entryCount: entryCount, directorySize: size, directoryOffset: offset, position: position)
    }

    static func centralDirectory(_ bytes: [UInt8], end: End, path: String) throws -> [Entry] {
        let corrupt = { (what: String) in
            Diagnostic(id: "read.zip-corrupt", message: "压缩包已损坏（\(what)）；请在 Word/Excel/WPS 中打开后另存，或重新获取文件。", path: path)
        }
        var entries: [Entry] = []
        entries.reserveCapacity(end.entryCount)
        var p = end.directoryOffset
        let limit = end.directoryOffset + end.directorySize
        for _ in 0..<end.entryCount {
            guard p + 46 <= limit, read32(bytes, p) == 0x0201_4B50 else { throw corrupt("目录记录不完整") }
            let nameLength = Int(read16(bytes, p + 28))
            let next = p + 46 + nameLength + Int(read16(bytes, p + 30)) + Int(read16(bytes, p + 32))
            guard next <= limit else { throw corrupt("目录记录不完整") }
            let compressedSize = Int(read32(bytes, p + 20))
            let uncompressedSize = Int(read32(bytes, p + 24))
            let offset = Int(read32(bytes, p + 42))
            if compressedSize == 0xFFFF_FFFF || uncompressedSize == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
                throw Diagnostic(
                    id: "read.unsupported-format", message: "这是 ZIP64 格式的压缩包，暂不支持；请在 Word/Excel/WPS 中打开后另存为普通的 .docx/.xlsx。",
                    path: path)
            }
            if offset >= end.directoryOffset { throw corrupt("文件数据的位置不对") }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self).replacingOccurrences(of: "\\", with: "/")
            entries.append(
                Entry(
                    name: name, flags: read16(bytes, p + 8), method: read16(bytes, p + 10), crc32: read32(bytes, p + 16),
                    compressedSize: compressedSize, uncompressedSize: uncompressedSize, localHeaderOffset: offset))
            p = next
        }
        return entries
    }

    // MARK: - Diagnostics

    func failure(_ id: String, _ what: String) -> Diagnostic {
        Diagnostic(id: id, message: "压缩包已损坏（\(what)）；请在 Word/Excel/WPS 中打开后另存，或重新获取文件。", path: path)
    }

    func truncated(_ what: String) -> Diagnostic {
        Diagnostic(id: "read.zip-truncated", message: "压缩包不完整（\(what)，文件可能只下载或复制了一部分）；请重新获取文件。", path: path)
    }

    func encrypted(_ name: String) -> Diagnostic {
        Diagnostic(id: "read.zip-encrypted", message: "文件已加密（“\(name)”受密码保护）；请在 Word/Excel/WPS 中取消密码后另存，再审核。", path: path)
    }

    func bomb(_ name: String, cap: Int, ratio: Bool) -> Diagnostic {
        let mb = { (n: Int) in n >= 1 << 20 ? "\(n >> 20) MB" : "\(n) 字节" }
        let why = ratio
            ? "压缩比超过 \(limits.maximumRatio):1"
            : "解压后超过 \(mb(cap))"
        return Diagnostic(
            id: "read.zip-bomb", message: "压缩包中的“\(name)”\(why)，疑似压缩炸弹，已停止解压；如确是正常文件，请另存为 .txt 后再审核。", path: path)
    }
}

/// Little-endian fields of zip records (the caller has checked the bounds).
private func read16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
    UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
}

private func read32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
}
