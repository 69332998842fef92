import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The one way an XML part of a .docx or .xlsx is parsed: Foundation's `XMLParser` with namespace
/// processing, external entities never resolved, and any part that declares a DOCTYPE or an
/// ENTITY refused before the parser sees it (Office never writes one; on Linux `XMLParser` would
/// silently drop the entity references, and a declared entity can expand without bound).
/// Elements reach the handler as `Element` values named by namespace and local name.
enum OfficeXML {
    /// An element's name, with its namespace reduced to the few this reader knows.
    struct Name: Hashable {
        enum Space: Hashable { case word, spreadsheet, markup, relationships, other }
        var space: Space
        var local: String
    }

    /// Most table cells a document may render to: merged cells and sparse sheets expand, and a
    /// hostile file could make gigabytes of tabs out of a few megabytes of XML. A real 决算 has thousands.
    static let maximumCells = 2_000_000

    static func tooManyCells(path: String) -> Diagnostic {
        Diagnostic(
            id: "read.too-large",
            message: "文件中的表格展开后超过 \(maximumCells / 10_000) 万个单元格，疑似恶意构造的文件；请拆分文件或另存为 .txt 后再审核。", path: path)
    }

    /// Receives the parse events of one part.
    protocol Handler: AnyObject {
        func start(_ name: Name, attributes: [String: String])
        func end(_ name: Name)
        func text(_ text: String)
        /// Set when the part cannot be read further: parsing stops and `parse` throws it.
        var failure: Diagnostic? { get }
    }

    /// Parses `bytes` (the part `part` of the file at `path`), sending events to `handler`.
    static func parse(_ bytes: [UInt8], part: String, path: String, handler: Handler) throws {
        if declaresDocumentType(bytes) {
            throw Diagnostic(
                id: "read.office-dtd",
                message: "文件中的“\(part)”含有 DOCTYPE/ENTITY 声明（Word/Excel 从不写入，可能是恶意构造的文件）；为安全起见不予读取，请在 Word/Excel/WPS 中打开后另存。",
                path: path)
        }
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let delegate = Delegate(handler: handler)
        parser.delegate = delegate
        let parsed = parser.parse()
        if let failure = handler.failure { throw failure }
        if !parsed || delegate.sawEntityDeclaration {
            let reason = parser.parserError.map { "：\(($0 as NSError).code)" } ?? ""
            throw Diagnostic(
                id: "read.office-xml", message: "文件中的“\(part)”不是有效的 XML\(reason)；文件可能已损坏，请在 Word/Excel/WPS 中打开后另存。", path: path)
        }
    }

    /// Whether the bytes contain "<!DOCTYPE" or "<!ENTITY" (in UTF-8, or UTF-16 with a byte-order mark).
    static func declaresDocumentType(_ bytes: [UInt8]) -> Bool {
        var text = bytes
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let bigEndian = bytes[0] == 0xFE
            var units: [UInt16] = []
            var i = 2
            while i + 1 < bytes.count {
                units.append(bigEndian ? UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]) : UInt16(bytes[i + 1]) << 8 | UInt16(bytes[i]))
                i += 2
            }
            text = Array(String(decoding: units, as: UTF16.self).utf8)
        }
        for keyword in ["<!DOCTYPE", "<!ENTITY"] {
            let pattern = Array(keyword.utf8)
            var i = 0
            while i + pattern.count <= text.count {
                if text[i] == 0x3C, text[i + 1] == 0x21 {
                    var match = true
                    for k in 2..<pattern.count where text[i + k] | 0x20 != pattern[k] | 0x20 {
                        match = false
                        break
                    }
                    if match { return true }
                }
                i += 1
            }
        }
        return false
    }

    static func space(_ uri: String?) -> Name.Space {
        guard let uri else { return .other }
        if uri.hasSuffix("/wordprocessingml/2006/main") || uri.hasSuffix("/ooxml/wordprocessingml/main") { return .word }
        if uri.hasSuffix("/spreadsheetml/2006/main") || uri.hasSuffix("/ooxml/spreadsheetml/main") { return .spreadsheet }
        if uri.hasSuffix("/markup-compatibility/2006") { return .markup }
        if uri.hasSuffix("/package/2006/relationships") { return .relationships }
        return .other
    }

    /// An attribute by local name, whatever its prefix ("w:val" and "val" are both "val").
    static func attribute(_ local: String, in attributes: [String: String]) -> String? {
        if let value = attributes[local] { return value }
        for (key, value) in attributes {
            if let colon = key.lastIndex(of: ":"), key[key.index(after: colon)...] == local { return value }
        }
        return nil
    }

    final class Delegate: NSObject, XMLParserDelegate {
        let handler: Handler
        var sawEntityDeclaration = false

        init(handler: Handler) {
            self.handler = handler
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            handler.start(Name(space: OfficeXML.space(namespaceURI), local: elementName), attributes: attributes)
            if handler.failure != nil { parser.abortParsing() }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            handler.end(Name(space: OfficeXML.space(namespaceURI), local: elementName))
            if handler.failure != nil { parser.abortParsing() }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { handler.text(string) }

        func parser(_ parser: XMLParser, foundIgnorableWhitespace whitespaceString: String) { handler.text(whitespaceString) }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) { handler.text(String(decoding: CDATABlock, as: UTF8.self)) }

        func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
            sawEntityDeclaration = true
            parser.abortParsing()
        }

        func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
            sawEntityDeclaration = true
            parser.abortParsing()
        }

        func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? { nil }
    }
}

extension OfficeXML.Handler {
    var failure: Diagnostic? { nil }
}
