/// JSON text for the reporters, written directly: the same text as Foundation's `JSONEncoder` with
/// `.sortedKeys` and `.withoutEscapingSlashes` (and `.prettyPrinted` when asked), several times
/// faster — a batch writes one line per document, and Foundation's encoder cost more than the
/// audit's arithmetic. `JSONTextTests` holds it to Foundation's output.
enum JSONText {
    /// The value as JSON text; nil when its encoding throws.
    static func encode<T: Encodable>(_ value: T, pretty: Bool) -> String? {
        let root = JSONBox()
        do {
            try JSONBox.encode(value, into: root, codingPath: [])
        } catch {
            return nil
        }
        var out = ""
        out.reserveCapacity(4096)
        write(root, pretty: pretty, depth: 0, into: &out)
        return out
    }

    private static func write(_ box: JSONBox, pretty: Bool, depth: Int, into out: inout String) {
        switch box.content {
        case .null: out += "null"
        case .literal(let text): out += text
        case .string(let text): writeString(text, into: &out)
        case .array(let items):
            out += "["
            if pretty { out += "\n" }
            for (i, item) in items.enumerated() {
                if i > 0 { out += pretty ? ",\n" : "," }
                if pretty { indent(depth + 1, into: &out) }
                write(item, pretty: pretty, depth: depth + 1, into: &out)
            }
            if pretty {
                out += "\n"
                indent(depth, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            if pretty { out += "\n" }
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (i, key) in keys.enumerated() {
                if i > 0 { out += pretty ? ",\n" : "," }
                if pretty { indent(depth + 1, into: &out) }
                writeString(key, into: &out)
                out += pretty ? " : " : ":"
                write(members[key]!, pretty: pretty, depth: depth + 1, into: &out)
            }
            if pretty {
                out += "\n"
                indent(depth, into: &out)
            }
            out += "}"
        }
    }

    private static func indent(_ depth: Int, into out: inout String) {
        out += String(repeating: "  ", count: depth)
    }

    /// A JSON string: quotes, backslashes and control characters escaped, everything else as is.
    private static func writeString(_ text: String, into out: inout String) {
        out += "\""
        var plainStart = text.utf8.startIndex
        var i = plainStart
        let utf8 = text.utf8
        while i != utf8.endIndex {
            let byte = utf8[i]
            let escape: String?
            switch byte {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case 0x08: escape = "\\b"
            case 0x0C: escape = "\\f"
            case UInt8(ascii: "\n"): escape = "\\n"
            case UInt8(ascii: "\r"): escape = "\\r"
            case UInt8(ascii: "\t"): escape = "\\t"
            case 0x00..<0x20: escape = "\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
            default: escape = nil
            }
            if let escape {
                out += text[plainStart..<i]
                out += escape
                plainStart = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        out += text[plainStart..<utf8.endIndex]
        out += "\""
    }
}

/// One JSON value while it is being encoded (a reference, so that nested containers fill it later).
final class JSONBox {
    enum Content {
        case null
        /// A number or true/false, as written.
        case literal(String)
        case string(String)
        case array([JSONBox])
        case object([String: JSONBox])
    }

    var content: Content = .null

    static func encode<T: Encodable>(_ value: T, into box: JSONBox, codingPath: [CodingKey]) throws {
        switch value {
        case let text as String: box.content = .string(text)
        case let number as Int: box.content = .literal(String(number))
        case let flag as Bool: box.content = .literal(flag ? "true" : "false")
        default: try value.encode(to: JSONBoxEncoder(box: box, codingPath: codingPath))
        }
    }

    func append() -> JSONBox {
        let child = JSONBox()
        if case .array(var items) = content {
            content = .null
            items.append(child)
            content = .array(items)
        } else {
            content = .array([child])
        }
        return child
    }

    func member(_ key: String) -> JSONBox {
        let child = JSONBox()
        if case .object(var members) = content {
            content = .null
            members[key] = child
            content = .object(members)
        } else {
            content = .object([key: child])
        }
        return child
    }
}

private struct JSONBoxEncoder: Encoder {
    let box: JSONBox
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = box.content {} else { box.content = .object([:]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if case .array = box.content {} else { box.content = .array([]) }
        return UnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { SingleValueContainer(box: box, codingPath: codingPath) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: JSONBox
    var codingPath: [CodingKey]

    mutating func encodeNil(forKey key: Key) throws { box.member(key.stringValue).content = .null }
    mutating func encode(_ value: String, forKey key: Key) throws { box.member(key.stringValue).content = .string(value) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { box.member(key.stringValue).content = .literal(value ? "true" : "false") }
    mutating func encode(_ value: Int, forKey key: Key) throws { box.member(key.stringValue).content = .literal(String(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try JSONBox.encode(value, into: box.member(key.stringValue), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = box.member(key.stringValue)
        child.content = .object([:])
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        let child = box.member(key.stringValue)
        child.content = .array([])
        return UnkeyedContainer(box: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> Encoder { JSONBoxEncoder(box: box.member("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> Encoder { JSONBoxEncoder(box: box.member(key.stringValue), codingPath: codingPath + [key]) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: JSONBox
    var codingPath: [CodingKey]
    var count: Int {
        if case .array(let items) = box.content { return items.count }
        return 0
    }

    mutating func encodeNil() throws { box.append().content = .null }
    mutating func encode(_ value: String) throws { box.append().content = .string(value) }
    mutating func encode(_ value: Bool) throws { box.append().content = .literal(value ? "true" : "false") }
    mutating func encode(_ value: Int) throws { box.append().content = .literal(String(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try JSONBox.encode(value, into: box.append(), codingPath: codingPath) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = box.append()
        child.content = .object([:])
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let child = box.append()
        child.content = .array([])
        return UnkeyedContainer(box: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> Encoder { JSONBoxEncoder(box: box.append(), codingPath: codingPath) }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let box: JSONBox
    var codingPath: [CodingKey]

    mutating func encodeNil() throws { box.content = .null }
    mutating func encode(_ value: String) throws { box.content = .string(value) }
    mutating func encode(_ value: Bool) throws { box.content = .literal(value ? "true" : "false") }
    mutating func encode(_ value: Int) throws { box.content = .literal(String(value)) }
    mutating func encode(_ value: Double) throws { box.content = .literal(JSONBoxEncoder.text(of: value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try JSONBox.encode(value, into: box, codingPath: codingPath) }
}

extension JSONBoxEncoder {
    /// A double as Foundation writes it in JSON (whole numbers without ".0").
    static func text(of value: Double) -> String {
        if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
