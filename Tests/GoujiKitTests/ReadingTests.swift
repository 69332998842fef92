import Foundation
import XCTest

@testable import GoujiKit

/// Reading files as published: encodings, and clear errors for what cannot be read.
final class ReadingTests: XCTestCase {
    func decode(_ bytes: [UInt8]) throws -> SourceText { try TextReader.decode(bytes, path: "t.txt") }

    func error(_ bytes: [UInt8]) -> String? {
        do {
            _ = try decode(bytes)
            return nil
        } catch let d as Diagnostic {
            return d.id
        } catch {
            return "\(error)"
        }
    }

    func testUTF8WithAndWithoutBOM() throws {
        let plain = try decode(Array("收入总计".utf8))
        XCTAssertEqual(plain.encoding, .utf8)
        let bom = try decode([0xEF, 0xBB, 0xBF] + Array("收入总计".utf8))
        XCTAssertEqual(bom.encoding, .utf8WithBOM)
        XCTAssertEqual(bom.scalars.count, 4)
        XCTAssertEqual(bom.location(ofScalar: 1), SourceLocation(line: 1, column: 2, byteOffset: 6))
    }

    /// The UTF-8 decoder accepts exactly what the standard library accepts, and decodes it alike
    /// (text it refuses is read as GB18030, so a wrong refusal would garble a document).
    func testUTF8DecoderAgreesWithTheStandardLibrary() {
        var samples: [[UInt8]] = [
            Array("收入总计158.94万元，😀𠀀 ascii é".utf8),
            [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0x9F, 0xBF],
            [0xEF, 0xBF, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80], [0x80], [0xBF], [0xE4, 0xB8], [0xE4], [0xF0, 0x9F, 0x98], [0xC2], [0x41, 0xC3, 0xA9, 0xFF],
        ]
        var generator = SystemRandomNumberGenerator()
        let base = Array("决算收入合计：1,234.56万元（增长3.5%）😀".utf8)
        for _ in 0..<2000 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            samples.append(bytes)
        }
        for bytes in samples {
            let expected = String(validating: bytes, as: UTF8.self)
            let decoded = try? TextReader.utf8(bytes, from: 0, encoding: .utf8, path: "t.txt")
            XCTAssertEqual(decoded.map { ScalarText.string($0.scalars) }, expected, "\(bytes)")
            if let decoded, let expected {
                XCTAssertEqual(decoded.byteOffsets.count, expected.unicodeScalars.count + 1)
            }
        }
    }

    func testUTF16WithBOM() throws {
        let text = "收入𠀀总计\n1"
        let le = try decode([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        XCTAssertEqual(le.encoding, .utf16LittleEndian)
        XCTAssertEqual(le.scalars.count, 7)
        XCTAssertEqual(le.location(ofScalar: 3).byteOffset, 2 + 2 + 2 + 4)
        let be = try decode([0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        XCTAssertEqual(be.encoding, .utf16BigEndian)
        XCTAssertEqual(be.lineText(2), "1")
    }

    func testGB18030() throws {
        let text = "乌鲁木齐市收入总计158.94万元"
        let data = try XCTUnwrap(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
        let source = try decode(Array(data))
        XCTAssertEqual(source.encoding, .gb18030)
        XCTAssertEqual(ScalarText.string(source.scalars), text)
        XCTAssertEqual(source.location(ofScalar: 9).byteOffset, 18, "9 Chinese characters of 2 bytes before the 1")
    }

    func testWhatCannotBeRead() {
        XCTAssertEqual(error([]), "read.empty")
        XCTAssertEqual(error([0xEF, 0xBB, 0xBF]), "read.empty")
        XCTAssertEqual(error(Array(" \n\t ".utf8)), "read.empty")
        XCTAssertEqual(error([0x50, 0x4B, 0x03, 0x04, 0x14]), "read.zip-truncated", "a zip is read as Word/Excel; five bytes are not a whole one")
        let pdfError = PDFReader.tool() == nil ? "read.pdf-tool-missing" : "read.pdf-unreadable"
        XCTAssertEqual(error(Array("%PDF-1.7".utf8)), pdfError, "a PDF goes to pdftotext; eight bytes are not a whole one")
        XCTAssertEqual(error([0x41, 0x00, 0x42]), "read.binary")
        XCTAssertEqual(error([0x41] + Array(repeating: 0x01, count: 20)), "read.binary")
        XCTAssertEqual(error([0xFF, 0xFF, 0x80, 0x80]), "read.encoding")
    }

    func testReadingDoesNotWriteAndMissingFilesAreDiagnosed() throws {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("gouji-read-\(UUID().uuidString).txt")
        try "收入总计1.00万元".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let before = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        _ = try TextReader.read(path: path)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date, before)
        XCTAssertThrowsError(try TextReader.read(path: path, maximumBytes: 4)) { XCTAssertEqual(($0 as? Diagnostic)?.id, "read.too-large") }
        XCTAssertThrowsError(try TextReader.read(path: path + ".missing")) { XCTAssertEqual(($0 as? Diagnostic)?.id, "read.unreadable") }
        XCTAssertThrowsError(try TextReader.read(path: NSTemporaryDirectory())) { XCTAssertEqual(($0 as? Diagnostic)?.id, "read.unreadable") }
    }
}
