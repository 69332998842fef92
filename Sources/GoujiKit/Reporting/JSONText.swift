/// JSON text for the reporters, written directly: the same text as Foundation's `JSONEncoder` with
/// `.sortedKeys` and `.withoutEscapingSlashes` (and `.prettyPrinted` when asked), several times
/// faster — a batch writes one line per document, and Foundation's encoder cost more than the
/// audit's arithmetic. `JSONTextTests` holds it to Foundation's output.
enum JSONText {
    /// The value as JSON text; nil when its encoding throws.
    static func encode<T: Encodable>(_ value: T, pretty: Bool) -> String? {
        let root = JSONBox()
        do {
            try JSONBox.encode(value, into: root)
        } catch {
            return nil
        }
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(root, pretty: pretty, depth: 0, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func write(_ box: JSONBox, pretty: Bool, depth: Int, into out: inout [UInt8]) {
        switch box.content {
        case .null: out += "null".utf8
        case .literal(let text): out += text.utf8
        case .string(let text): writeString(text, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            if pretty { out.append(UInt8(ascii: "\n")) }
            for (i, item) in items.enumerated() {
                if i > 0 {
                    out.append(UInt8(ascii: ","))
                    if pretty { out.append(UInt8(ascii: "\n")) }
                }
                if pretty { indent(depth + 1, into: &out) }
                write(item, pretty: pretty, depth: depth + 1, into: &out)
            }
            if pretty {
                out.append(UInt8(ascii: "\n"))
                indent(depth, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            if pretty { out.append(UInt8(ascii: "\n")) }
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (i, member) in sorted.enumerated() {
                if i > 0 {
                    out.append(UInt8(ascii: ","))
                    if pretty { out.append(UInt8(ascii: "\n")) }
                }
                if pretty { indent(depth + 1, into: &out) }
                writeString(member.key, into: &out)
                if pretty { out += " : ".utf8 } else { out.append(UInt8(ascii: ":")) }
                write(member.value, pretty: pretty, depth: depth + 1, into: &out)
            }
            if pretty {
                out.append(UInt8(ascii: "\n"))
                indent(depth, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func indent(_ depth: Int, into out: inout [UInt8]) {
        for _ in 0..<(2 * depth) { out.append(UInt8(ascii: " ")) }
    }

    /// A JSON string: quotes, backslashes and control characters escaped, everything else as is.
    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case 0x08: out += "\\b".utf8
            case 0x0C: out += "\\f".utf8
            case UInt8(ascii: "\n"): out += "\\n".utf8
            case UInt8(ascii: "\r"): out += "\\r".utf8
            case UInt8(ascii: "\t"): out += "\\t".utf8
            case 0x00..<0x20:
                out += "\\u00".utf8
                out += ((byte < 0x10 ? "0" : "") + String(byte, radix: 16)).utf8
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
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
        /// Members in the order written; a key written again replaces its value.
        case object([(key: String, value: JSONBox)])
    }

    var content: Content = .null

    static func encode<T: Encodable>(_ value: T, into box: JSONBox) throws {
        switch value {
        case let text as String: box.content = .string(text)
        case let number as Int: box.content = .literal(String(number))
        case let flag as Bool: box.content = .literal(flag ? "true" : "false")
        default: try value.encode(to: JSONBoxEncoder(box: box))
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
            if let i = members.firstIndex(where: { $0.key == key }) {
                members[i].value = child
            } else {
                members.append((key, child))
            }
            content = .object(members)
        } else {
            content = .object([(key, child)])
        }
        return child
    }
}

private struct JSONBoxEncoder: Encoder {
    let box: JSONBox
    /// Not tracked (the reporters' values do not throw); always empty.
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = box.content {} else { box.content = .object([]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(box: box))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if case .array = box.content {} else { box.content = .array([]) }
        return UnkeyedContainer(box: box)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { SingleValueContainer(box: box) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: JSONBox
    /// Not tracked (the reporters' values do not throw); always empty.
    var codingPath: [CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { box.member(key.stringValue).content = .null }
    mutating func encode(_ value: String, forKey key: Key) throws { box.member(key.stringValue).content = .string(value) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { box.member(key.stringValue).content = .literal(value ? "true" : "false") }
    mutating func encode(_ value: Int, forKey key: Key) throws { box.member(key.stringValue).content = .literal(String(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try JSONBox.encode(value, into: box.member(key.stringValue))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = box.member(key.stringValue)
        child.content = .object([])
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        let child = box.member(key.stringValue)
        child.content = .array([])
        return UnkeyedContainer(box: child)
    }

    mutating func superEncoder() -> Encoder { JSONBoxEncoder(box: box.member("super")) }
    mutating func superEncoder(forKey key: Key) -> Encoder { JSONBoxEncoder(box: box.member(key.stringValue)) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: JSONBox
    /// Not tracked (the reporters' values do not throw); always empty.
    var codingPath: [CodingKey] { [] }
    var count: Int {
        if case .array(let items) = box.content { return items.count }
        return 0
    }

    mutating func encodeNil() throws { box.append().content = .null }
    mutating func encode(_ value: String) throws { box.append().content = .string(value) }
    mutating func encode(_ value: Bool) throws { box.append().content = .literal(value ? "true" : "false") }
    mutating func encode(_ value: Int) throws { box.append().content = .literal(String(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try JSONBox.encode(value, into: box.append()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = box.append()
        child.content = .object([])
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child))
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let child = box.append()
        child.content = .array([])
        return UnkeyedContainer(box: child)
    }

    mutating func superEncoder() -> Encoder { JSONBoxEncoder(box: box.append()) }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let box: JSONBox
    /// Not tracked (the reporters' values do not throw); always empty.
    var codingPath: [CodingKey] { [] }

    mutating func encodeNil() throws { box.content = .null }
    mutating func encode(_ value: String) throws { box.content = .string(value) }
    mutating func encode(_ value: Bool) throws { box.content = .literal(value ? "true" : "false") }
    mutating func encode(_ value: Int) throws { box.content = .literal(String(value)) }
    mutating func encode(_ value: Double) throws { box.content = .literal(JSONBoxEncoder.text(of: value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try JSONBox.encode(value, into: box) }
}

extension JSONBoxEncoder {
    /// A double as Foundation writes it in JSON (whole numbers without ".0").
    static func text(of value: Double) -> String {
        if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
