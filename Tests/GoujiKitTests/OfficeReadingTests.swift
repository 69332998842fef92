import Foundation
import XCTest

@testable import GoujiKit

/// Word and Excel files: the same text as the text fixture they were made from (by
/// Scripts/make-office-fixtures.py), merged cells and displayed precision, and a clear error for
/// every hostile archive.
final class OfficeReadingTests: XCTestCase {
    func bytes(_ relative: String) throws -> [UInt8] {
        Array(try XCTUnwrap(FileManager.default.contents(atPath: TestSupport.path(relative)), relative))
    }

    func read(_ relative: String, limits: ZipArchive.Limits = .standard) throws -> SourceText {
        try TextReader.decode(bytes(relative), path: relative, zipLimits: limits)
    }

    func lines(_ source: SourceText) -> [String] {
        (1...source.lineStarts.count).map { source.lineText($0) }
    }

    func errorID(_ relative: String, limits: ZipArchive.Limits = .standard) -> String? {
        do {
            _ = try read(relative, limits: limits)
            return nil
        } catch let d as Diagnostic {
            return d.id
        } catch {
            return "\(error)"
        }
    }

    // MARK: Word

    func testTheFinalAccountsDocxReadsAsItsTextFixture() throws {
        let docx = try read("Fixtures/office/final-accounts-2024-shuimogou-petition-bureau.docx")
        let text = try TextReader.read(path: TestSupport.finalAccounts)
        XCTAssertEqual(docx.encoding, .docx)
        XCTAssertEqual(lines(docx), lines(text), "every paragraph one line, every table row one line with tab-joined cells")
        XCTAssertEqual(docx.label(ofLine: 6), "第1段", "five empty paragraphs, then the title")
        XCTAssertNil(docx.label(ofLine: 1), "an empty paragraph has no number")
        let tableLine = try XCTUnwrap(lines(docx).firstIndex(of: "\t单位整体支出绩效自评表")) + 1
        XCTAssertEqual(docx.label(ofLine: tableLine), "表1 第1行")
        XCTAssertEqual(docx.location(ofScalar: docx.lineStarts[tableLine - 1]).place, "表1 第1行")
        XCTAssertNil(text.label(ofLine: 6), "a text file has no labels")
    }

    func testTheDocxAuditGivesTheSameFindingsAsTheText() throws {
        let auditor = Auditor(rules: try RuleSet.load(directory: TestSupport.rulesDirectory))
        let docx = auditor.audit(try read("Fixtures/office/final-accounts-2024-shuimogou-petition-bureau.docx"))
        let text = auditor.audit(try TextReader.read(path: TestSupport.finalAccounts))
        XCTAssertFalse(text.findings.isEmpty)
        let summary = { (r: AuditReport) in r.findings.map { "\($0.rule) \($0.severity) \($0.line):\($0.column) \($0.message)" } }
        XCTAssertEqual(summary(docx), summary(text))
        XCTAssertEqual(docx.summary.figures, text.summary.figures)
        XCTAssertEqual(docx.findings.map(\.fingerprint), text.findings.map(\.fingerprint))
        let gen05 = try XCTUnwrap(docx.findings.first { $0.rule == "GEN-05" })
        XCTAssertEqual(gen05.place, "第66段")
        XCTAssertEqual(gen05.operands.first?.place, "第66段")
        XCTAssertTrue(text.findings.allSatisfy { $0.place == nil && $0.operands.allSatisfy { $0.place == nil } })
        XCTAssertTrue(TextReporter(colour: false).render(gen05, source: nil).contains("\n   = 位置：第66段"))
    }

    func testWordConstructs() throws {
        let source = try read("Fixtures/office/constructs.docx")
        XCTAssertEqual(lines(source), [
            "收入支出决算表",
            "本年收入合计155.08万元。",  // w:del left out, w:ins taken, bookmark and hidden run ignored
            "第3页",  // the field's result, not its instruction
            "项目\t金额",  // w:tab
            "第二行",  // w:br: the paragraph goes on on a new line
            "文本框",  // the text box, once (its mc:Fallback copy left out), before its paragraph
            "正文",
            "项目\t金额\t",  // gridSpan 2: the text in the first column, the covered column empty
            "\t本年\t上年",  // vMerge continue: empty
            "收入 合计\t158.94\t160.00",  // a cell's paragraphs joined by a space
            "\t1.00\t2.00 注",  // gridBefore: an empty leading cell; a tab in a cell is a space
            "",
        ])
        XCTAssertEqual(source.label(ofLine: 4), "第4段")
        XCTAssertEqual(source.label(ofLine: 5), "第4段", "both lines of a paragraph with a line break")
        XCTAssertEqual(source.label(ofLine: 9), "表1 第2行")
        var archive = try ZipArchive(bytes: bytes("Fixtures/office/constructs.docx"), path: "c.docx")
        guard case .paragraph(let title)? = try DocxReader.blocks(&archive).first else { return XCTFail("no title paragraph") }
        XCTAssertEqual(title.style, "1")
        XCTAssertEqual(title.headingLevel, 1, "style id 1 is named “heading 1” in styles.xml")
    }

    func testMergedCellsKeepColumnsAlignedWithTheHeader() throws {
        let xml = """
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl>
            <w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>本年</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>上年</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>增减</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>其中：</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>收入</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1.00</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>2.00</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:vMerge w:val="continue"/></w:tcPr><w:p><w:r><w:t>收入</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>3.00</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>4.00</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>5.00</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl></w:body></w:document>
            """
        let blocks = try DocxReader.blocks(documentXML: Array(xml.utf8), path: "t.docx")
        XCTAssertEqual(blocks, [.table(DocxReader.Table(rows: [
            ["项目", "本年", "上年", "增减"],
            ["其中：", "", "", ""],
            ["收入", "1.00", "2.00", ""],
            ["", "3.00", "4.00", "5.00"],
        ]))])
    }

    func testNoEntityIsExpandedOrResolved() throws {
        let secret = (NSTemporaryDirectory() as NSString).appendingPathComponent("gouji-secret-\(UUID().uuidString).txt")
        try "SECRET-8d1f".write(toFile: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: secret) }
        let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        let documents = [
            "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY s SYSTEM \"file://\(secret)\">]><w:document xmlns:w=\"\(w)\"><w:body><w:p><w:r><w:t>&s;</w:t></w:r></w:p></w:body></w:document>",
            "<?xml version=\"1.0\"?><!doctype w:document [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><w:document xmlns:w=\"\(w)\"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>",
        ]
        for xml in documents {
            XCTAssertThrowsError(try DocxReader.blocks(documentXML: Array(xml.utf8), path: "x.docx")) {
                XCTAssertEqual(($0 as? Diagnostic)?.id, "read.office-dtd")
            }
            let utf16: [UInt8] = [0xFF, 0xFE] + xml.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            XCTAssertTrue(OfficeXML.declaresDocumentType(utf16), "found in UTF-16 too")
        }
        XCTAssertEqual(errorID("Fixtures/hostile/external-entity.docx"), "read.office-dtd")
    }

    // MARK: Excel

    func testTheTabSeparatedTableAsAWorkbook() throws {
        let xlsx = try read("Fixtures/office/tab-separated.xlsx")
        let text = TestSupport.fixtureText(TestSupport.path("Fixtures/tables/tab-separated.txt"))
        XCTAssertEqual(xlsx.encoding, .xlsx)
        XCTAssertEqual(lines(xlsx), ["Sheet1"] + text.components(separatedBy: "\n"), "the sheet's name, then the rows as they were")
        XCTAssertEqual(xlsx.label(ofLine: 1), "工作表“Sheet1”")
        XCTAssertEqual(xlsx.label(ofLine: 4), "工作表“Sheet1” 第3行")
        let e = TestSupport.auditor.extract(xlsx)
        XCTAssertEqual(e.structure.tables.count, 1)
        XCTAssertEqual(e.figures.filter { $0.table != nil }.map(\.text), [
            "148.92万元", "146.09万元", "2.83万元", "135.37万元", "132.54万元", "2.83万元", "13.55万元", "13.55万元", "0.00万元",
        ])
        XCTAssertEqual(TestSupport.auditor.audit(xlsx).findings.map(\.rule), [], "a consistent table raises nothing")
    }

    func testNumbersAsDisplayedSheetsInWorkbookOrderAndMergedCells() throws {
        let source = try read("Fixtures/office/number-formats.xlsx")
        XCTAssertEqual(lines(source), [
            "汇总",  // first in xl/workbook.xml, though stored as sheet2.xml
            "收入支出决算表",  // A1:D1 merged: the value stays in A1, C1's leftover is dropped
            "项目\t金额\t比例\t备注",  // rich text runs joined; the phonetic run left out
            "收入合计\t158.94\t93.76%\t含结转",  // 158.93999999 in 0.00; 0.93755 in 0.00%; an inline string
            "支出合计\t1234567.89\t2.68\tTRUE",  // #,##0.00 without separators; 2.675 in "#,##0.00_ " rounds up
            "其他\t12.3\t0.3\t1234726.83",  // 12.25 in 0.0 rounds half away from zero; General; a formula's cached value
            "",
            "日期\t2024-12-31",
            "",
            "明细",
            "项目\t本年\t上年",
            "其中：\t\t",  // one cell between rows of several: padded so that it stays in the table
            "财政拨款\t1\t2",
            "",
        ])
        XCTAssertEqual(source.label(ofLine: 4), "工作表“汇总” 第3行")
        XCTAssertEqual(source.label(ofLine: 12), "工作表“明细” 第2行")
    }

    func testDisplayedPrecision() {
        let cases: [(String, String?, String)] = [
            ("158.93999999", "0.00", "158.94"), ("158.93999999", XlsxNumberFormat.builtin(2), "158.94"),
            ("158.945", "0.00", "158.95"), ("-158.945", "0.00", "-158.95"), ("-0.001", "0.00", "0.00"),
            ("2.675", "#,##0.00_ ", "2.68"), ("1234567.891", XlsxNumberFormat.builtin(4), "1234567.89"),
            ("1234567", XlsxNumberFormat.builtin(3), "1234567"), ("0.5", XlsxNumberFormat.builtin(1), "1"),
            ("0.9376", XlsxNumberFormat.builtin(10), "93.76%"), ("0.5", XlsxNumberFormat.builtin(9), "50%"),
            ("0.125", "0.0%", "12.5%"), ("12.25", "0.0", "12.3"), ("3", "0.00", "3.00"),
            ("158.94", "0.00\"万元\"", "158.94万元"), ("-5", "#,##0.00;(#,##0.00)", "-5.00"), ("1.5", "0.##", "1.5"),
            ("2", "0.##", "2"), ("1234567", "0.0,", "1234.6"), ("158.93999999", nil, "158.94"),
            ("0.30000000000000004", "General", "0.3"), ("10", nil, "10"), ("45657", XlsxNumberFormat.builtin(14), "2024-12-31"),
            ("45657.5", "yyyy-mm-dd hh:mm", "2024-12-31 12:00:00"), ("1E-3", "0.000", "0.001"), ("文本", "0.00", "文本"),
            ("12345", "0.00E+00", "12345"),
        ]
        for (raw, code, shown) in cases {
            XCTAssertEqual(XlsxNumberFormat.display(raw, code: code), shown, "\(raw) in \(code ?? "General")")
        }
    }

    func testCellReferences() {
        XCTAssertEqual(XlsxReader.cellReference("B3")?.row, 3)
        XCTAssertEqual(XlsxReader.cellReference("AA10")?.column, 27)
        XCTAssertEqual(XlsxReader.cellReference("$C$7")?.column, 3)
        XCTAssertNil(XlsxReader.cellReference("3B"))
        XCTAssertEqual(XlsxReader.resolve("worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml")
        XCTAssertEqual(XlsxReader.resolve("/xl/worksheets/sheet2.xml"), "xl/worksheets/sheet2.xml")
    }

    // MARK: Hostile archives

    func testEveryHostileFixtureHasItsError() {
        XCTAssertEqual(errorID("Fixtures/hostile/zip-bomb.docx"), "read.zip-bomb")
        XCTAssertEqual(errorID("Fixtures/hostile/truncated.docx"), "read.zip-truncated")
        XCTAssertEqual(errorID("Fixtures/hostile/encrypted.docx"), "read.zip-encrypted")
        XCTAssertEqual(errorID("Fixtures/hostile/formula-without-value.xlsx"), "read.xlsx-formula-without-value")
        XCTAssertEqual(errorID("Fixtures/hostile/external-entity.docx"), "read.office-dtd")
    }

    func testTheBombStopsAtTheCapsWhateverTheHeaderSays() throws {
        let noRatio = { (entry: Int, total: Int) in
            ZipArchive.Limits(maximumEntryBytes: entry, maximumTotalBytes: total, maximumRatio: .max, ratioThreshold: .max)
        }
        // Without the ratio check, the entry cap stops the 50 MB entry at once.
        XCTAssertEqual(errorID("Fixtures/hostile/zip-bomb.docx", limits: noRatio(4 << 20, 256 << 20)), "read.zip-bomb")
        // The total cap counts every entry extracted: styles.xml fits, document.xml no longer does.
        var archive = try ZipArchive(bytes: bytes("Fixtures/office/constructs.docx"), path: "c.docx", limits: noRatio(1 << 20, 2500))
        XCTAssertNoThrow(try archive.extract("word/styles.xml"))
        XCTAssertThrowsError(try archive.extract("word/document.xml")) { XCTAssertEqual(($0 as? Diagnostic)?.id, "read.zip-bomb") }
        // A header that understates the size changes nothing: the output is counted, not the header.
        var lying = try bytes("Fixtures/hostile/zip-bomb.docx")
        let archiveSizes = try ZipArchive(bytes: lying, path: "b.docx")
        let entry = try XCTUnwrap(archiveSizes.entry(named: "word/document.xml"))
        XCTAssertGreaterThan(entry.uncompressedSize, 50 << 20)
        let central = try XCTUnwrap(centralRecord(of: "word/document.xml", in: lying))
        for k in 0..<4 { lying[central + 24 + k] = k == 0 ? 100 : 0 }
        XCTAssertEqual(errorID(lying, limits: .standard), "read.zip-bomb")
    }

    func testMergedAndSparseCellsCannotExpandWithoutBound() throws {
        let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        let spans = String(repeating: "<w:tc><w:tcPr><w:gridSpan w:val=\"63\"/></w:tcPr></w:tc>", count: 33_000)
        let xml = "<w:document xmlns:w=\"\(w)\"><w:body><w:tbl><w:tr>\(spans)</w:tr></w:tbl></w:body></w:document>"
        XCTAssertThrowsError(try DocxReader.blocks(documentXML: Array(xml.utf8), path: "s.docx")) {
            XCTAssertEqual(($0 as? Diagnostic)?.id, "read.too-large")
        }
        let farApart = Dictionary(uniqueKeysWithValues: (1...200).map { ($0, [1: "a", 16_384: "b"]) })
        XCTAssertThrowsError(try XlsxReader.render([XlsxReader.Sheet(name: "S", cells: farApart)], path: "s.xlsx")) {
            XCTAssertEqual(($0 as? Diagnostic)?.id, "read.too-large")
        }
    }

    func testDamagedArchives() throws {
        let good = try bytes("Fixtures/office/constructs.docx")
        XCTAssertEqual(errorID(Array(good.prefix(100))), "read.zip-truncated")
        XCTAssertEqual(errorID([0x50, 0x4B, 0x03, 0x04, 0x14]), "read.zip-truncated")
        // A flipped byte inside the deflated document: a CRC mismatch or a broken stream.
        var flipped = good
        let central = try XCTUnwrap(centralRecord(of: "word/document.xml", in: good))
        let local = Int(good[central + 42]) | Int(good[central + 43]) << 8
        let dataStart = local + 30 + Int(good[local + 26]) + Int(good[local + 28])
        flipped[dataStart + 40] ^= 0x55
        XCTAssertEqual(errorID(flipped), "read.zip-corrupt")
        // A central directory pointing at a local header that is not one.
        var misplaced = good
        misplaced[central + 42] &+= 3
        XCTAssertEqual(errorID(misplaced), "read.zip-corrupt")
        // A zip that is neither Word nor Excel.
        var archive = try ZipArchive(bytes: bytes("Fixtures/office/tab-separated.xlsx"), path: "x.xlsx")
        XCTAssertNoThrow(try archive.extract("xl/workbook.xml"))
        XCTAssertThrowsError(try archive.extract("word/document.xml")) { XCTAssertEqual(($0 as? Diagnostic)?.id, "read.zip-corrupt") }
    }

    func testReadingAnOfficeFileFromDiskKeepsTheSizeLimitAndDoesNotWrite() throws {
        let path = TestSupport.path("Fixtures/office/constructs.docx")
        let before = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        XCTAssertEqual(try TextReader.read(path: path).encoding, .docx)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date, before)
        XCTAssertThrowsError(try TextReader.read(path: path, maximumBytes: 1000)) { XCTAssertEqual(($0 as? Diagnostic)?.id, "read.too-large") }
    }

    func testADiagnosticShowsTheLabel() {
        let source = SourceText(path: "a.docx", string: "标题\n收入1.00万元\n", encoding: .docx, lineLabels: ["第1段", "表1 第2行"])
        let d = source.diagnostic(id: "x", message: "m", at: SourceSpan(start: 5, end: 9))
        XCTAssertEqual(d.location?.place, "表1 第2行")
        XCTAssertTrue(d.rendered().hasPrefix("a.docx:2:3（表1 第2行）: error: m [x]"), d.rendered())
        XCTAssertEqual(SourceText(path: "a.txt", string: "收入").diagnostic(id: "x", message: "m", at: .empty).rendered().components(separatedBy: "\n").first,
                       "a.txt:1:1: error: m [x]")
    }

    // MARK: Helpers

    func errorID(_ bytes: [UInt8], limits: ZipArchive.Limits = .standard) -> String? {
        do {
            _ = try TextReader.decode(bytes, path: "t.docx", zipLimits: limits)
            return nil
        } catch let d as Diagnostic {
            return d.id
        } catch {
            return "\(error)"
        }
    }

    /// Offset of the central directory record of `name`.
    func centralRecord(of name: String, in bytes: [UInt8]) -> Int? {
        let target = Array(name.utf8)
        var p = 0
        while p + 46 < bytes.count {
            if bytes[p] == 0x50, bytes[p + 1] == 0x4B, bytes[p + 2] == 0x01, bytes[p + 3] == 0x02 {
                let length = Int(bytes[p + 28]) | Int(bytes[p + 29]) << 8
                if p + 46 + length <= bytes.count, Array(bytes[(p + 46)..<(p + 46 + length)]) == target { return p }
            }
            p += 1
        }
        return nil
    }
}
