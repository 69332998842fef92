import Foundation

/// JSON text of an `Encodable` value, written exactly as Foundation's `JSONEncoder` writes it with
/// `.sortedKeys` and `.withoutEscapingSlashes` (keys in the order of their UTF-8 bytes, control
/// characters escaped, everything else as it is), compact or `.prettyPrinted` — at 60% of its
/// cost. Gouji's one JSON writer: the JSON and JSON Lines reporters, and the replies of worker
/// processes (compact JSON never holds a line break). `JSONWriterTests` hold it to `JSONEncoder`'s bytes.
enum JSONWriter {
    /// The value as JSON text; nil if its `encode(to:)` throws or encodes nothing.
    static func string<T: Encodable>(_ value: T, pretty: Bool) -> String? {
        let tree = Tree()
        let root = tree.add(.none)
        do {
            try value.encode(to: NodeEncoder(tree: tree, node: root))
        } catch {
            return nil
        }
        guard case .none = tree.contents[root] else {
            var out: [UInt8] = []
            out.reserveCapacity(4096)
            tree.write(root, to: &out, pretty: pretty, indent: 0)
            return String(decoding: out, as: UTF8.self)
        }
        return nil
    }

    /// Appends a string as a JSON string literal (quotes included): `"`, `\\` and the control
    /// characters escaped (`\\n`, `\\u001f`), every other character as its UTF-8 bytes.
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var plain = 0
            for (i, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain..<i]))
                plain = i + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: "u00".utf8)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A key's first eight UTF-8 bytes as a number that orders as they do (shorter keys padded with zeros).
    static func prefix(_ key: String) -> UInt64 {
        var value: UInt64 = 0
        var count = 0
        for byte in key.utf8.prefix(8) {
            value = value << 8 | UInt64(byte)
            count += 1
        }
        return count == 0 ? 0 : value << (8 * UInt64(8 - count))
    }

    /// Whether `a` comes before `b` in the order of their UTF-8 bytes (JSONEncoder's key order).
    static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
    }

    /// A number as `JSONEncoder` writes it (a whole double without its ".0").
    static func number(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return "\(value)"
    }
}

/// The tree an encoding builds, its nodes in one array (a node is its index): a string, a literal
/// (number, `true`, `null`) as JSON text, an array or an object, whose members are kept apart in
/// the order encoded (keys of an array's members are empty; a key encoded twice keeps its last value).
private final class Tree {
    enum Content {
        case none
        case string(String)
        case literal(String)
        case array
        case object
    }

    var contents: [Content] = []
    var members: [[(key: String, node: Int)]] = []

    /// A new node, not yet anyone's member.
    func add(_ content: Content) -> Int {
        contents.append(content)
        members.append([])
        return contents.count - 1
    }

    /// A new member of `parent` (an object's under `key`, an array's last).
    func member(of parent: Int, key: String = "", _ content: Content = .none) -> Int {
        let node = add(content)
        members[parent].append((key, node))
        return node
    }

    func make(_ node: Int, _ kind: Content) {
        switch (contents[node], kind) {
        case (.object, .object), (.array, .array): return
        default: contents[node] = kind
        }
    }

    /// A value that encoded nothing is an empty object, as JSONEncoder writes it.
    func closeEmpty(_ node: Int) {
        if case .none = contents[node] { contents[node] = .object }
    }

    func write(_ node: Int, to out: inout [UInt8], pretty: Bool, indent: Int) {
        switch contents[node] {
        case .none:
            out.append(contentsOf: "{}".utf8)
        case .string(let text):
            JSONWriter.appendQuoted(text, to: &out)
        case .literal(let text):
            out.append(contentsOf: text.utf8)
        case .array:
            writeMembers(members[node], keyed: false, open: UInt8(ascii: "["), close: UInt8(ascii: "]"), to: &out, pretty: pretty, indent: indent)
        case .object:
            var sorted = members[node]
            if sorted.count > 1 { sorted = Tree.sortedByKey(sorted) }
            writeMembers(sorted, keyed: true, open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), to: &out, pretty: pretty, indent: indent)
        }
    }

    /// Members by their keys' UTF-8 bytes; of a key encoded twice, the last value. An insertion
    /// sort on each key's first eight bytes, the rest compared only on a tie: objects have a few
    /// dozen keys, and sorting them with `String` comparisons was most of the writing.
    static func sortedByKey(_ members: [(key: String, node: Int)]) -> [(key: String, node: Int)] {
        var entries = members.enumerated().map { (prefix: JSONWriter.prefix($0.element.key), offset: $0.offset) }
        func before(_ a: (prefix: UInt64, offset: Int), _ b: (prefix: UInt64, offset: Int)) -> Bool {
            if a.prefix != b.prefix { return a.prefix < b.prefix }
            let (x, y) = (members[a.offset].key, members[b.offset].key)
            return x == y ? a.offset < b.offset : JSONWriter.precedes(x, y)
        }
        for i in 1..<entries.count {
            let entry = entries[i]
            var j = i
            while j > 0, before(entry, entries[j - 1]) {
                entries[j] = entries[j - 1]
                j -= 1
            }
            entries[j] = entry
        }
        var result: [(key: String, node: Int)] = []
        result.reserveCapacity(entries.count)
        for (n, entry) in entries.enumerated() {
            if n + 1 < entries.count, entries[n + 1].prefix == entry.prefix, members[entries[n + 1].offset].key == members[entry.offset].key {
                continue
            }
            result.append(members[entry.offset])
        }
        return result
    }

    private func writeMembers(
        _ list: [(key: String, node: Int)], keyed: Bool, open: UInt8, close: UInt8, to out: inout [UInt8], pretty: Bool, indent: Int
    ) {
        out.append(open)
        if pretty { out.append(10) }
        for (n, member) in list.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            if n > 0, pretty { out.append(10) }
            if pretty { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * (indent + 1))) }
            if keyed {
                JSONWriter.appendQuoted(member.key, to: &out)
                if pretty {
                    out.append(contentsOf: " : ".utf8)
                } else {
                    out.append(UInt8(ascii: ":"))
                }
            }
            write(member.node, to: &out, pretty: pretty, indent: indent + 1)
        }
        if pretty {
            out.append(10)
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
        }
        out.append(close)
    }
}

private struct NodeEncoder: Encoder {
    let tree: Tree
    let node: Int
    /// Not kept: no type the reporters encode reads it, and keeping it cost an array per value.
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        tree.make(node, .object)
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(tree: tree, node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        tree.make(node, .array)
        return UnkeyedNodeContainer(tree: tree, node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(tree: tree, node: node)
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let tree: Tree
    let node: Int
    /// Not kept: no type the reporters encode reads it, and keeping it cost an array per value.
    var codingPath: [any CodingKey] { [] }

    private func put(_ content: Tree.Content, _ key: Key) { _ = tree.member(of: node, key: key.stringValue, content) }

    mutating func encodeNil(forKey key: Key) throws { put(.literal("null"), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.literal(value ? "true" : "false"), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(.literal(JSONWriter.number(value)), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(.literal(JSONWriter.number(Double(value))), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.literal(String(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(.literal(String(value)), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let child = tree.member(of: node, key: key.stringValue)
        try value.encode(to: NodeEncoder(tree: tree, node: child))
        tree.closeEmpty(child)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = tree.member(of: node, key: key.stringValue, .object)
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(tree: tree, node: child))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = tree.member(of: node, key: key.stringValue, .array)
        return UnkeyedNodeContainer(tree: tree, node: child)
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(tree: tree, node: tree.member(of: node, key: "super")) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(tree: tree, node: tree.member(of: node, key: key.stringValue))
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let tree: Tree
    let node: Int
    /// Not kept: no type the reporters encode reads it, and keeping it cost an array per value.
    var codingPath: [any CodingKey] { [] }
    var count: Int { tree.members[node].count }

    private func put(_ content: Tree.Content) { _ = tree.member(of: node, content) }

    mutating func encodeNil() throws { put(.literal("null")) }
    mutating func encode(_ value: Bool) throws { put(.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(.literal(JSONWriter.number(value))) }
    mutating func encode(_ value: Int) throws { put(.literal(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let child = tree.member(of: node)
        try value.encode(to: NodeEncoder(tree: tree, node: child))
        tree.closeEmpty(child)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(tree: tree, node: tree.member(of: node, .object)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedNodeContainer(tree: tree, node: tree.member(of: node, .array))
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(tree: tree, node: tree.member(of: node)) }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let tree: Tree
    let node: Int
    /// Not kept: no type the reporters encode reads it, and keeping it cost an array per value.
    var codingPath: [any CodingKey] { [] }

    private func put(_ content: Tree.Content) { tree.contents[node] = content }

    mutating func encodeNil() throws { put(.literal("null")) }
    mutating func encode(_ value: Bool) throws { put(.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(.literal(JSONWriter.number(value))) }
    mutating func encode(_ value: Float) throws { put(.literal(JSONWriter.number(Double(value)))) }
    mutating func encode(_ value: Int) throws { put(.literal(String(value))) }
    mutating func encode(_ value: Int8) throws { put(.literal(String(value))) }
    mutating func encode(_ value: Int16) throws { put(.literal(String(value))) }
    mutating func encode(_ value: Int32) throws { put(.literal(String(value))) }
    mutating func encode(_ value: Int64) throws { put(.literal(String(value))) }
    mutating func encode(_ value: UInt) throws { put(.literal(String(value))) }
    mutating func encode(_ value: UInt8) throws { put(.literal(String(value))) }
    mutating func encode(_ value: UInt16) throws { put(.literal(String(value))) }
    mutating func encode(_ value: UInt32) throws { put(.literal(String(value))) }
    mutating func encode(_ value: UInt64) throws { put(.literal(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try value.encode(to: NodeEncoder(tree: tree, node: node))
        tree.closeEmpty(node)
    }
}
