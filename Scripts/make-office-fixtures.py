#!/usr/bin/env python3
"""Builds the Word and Excel fixtures from text fixtures, and the hostile archives, deterministically
(fixed timestamps and order, so the same input gives the same bytes with the same zlib).

    python3 Scripts/make-office-fixtures.py            # writes Fixtures/office/ and Fixtures/hostile/
    python3 Scripts/make-office-fixtures.py --check    # fails if a committed fixture differs

Standard library only. From a text: each line is a paragraph of a minimal .docx, and consecutive
lines that contain a tab are the rows of one table (cells split at the tabs), so the reader renders
the same lines back. From a tab-separated table text: a one-sheet .xlsx with shared strings and
numbers as numeric cells (format 0.00 for two decimals, 0.0 for one, 0.00% for percentages).
"""
import io
import os
import re
import struct
import sys
import zipfile
from xml.sax.saxutils import escape, quoteattr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STAMP = (2024, 1, 1, 0, 0, 0)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def zip_bytes(parts):
    """A zip of (name, bytes) in the given order, deflated, with a fixed timestamp."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            z.writestr(info, data, compresslevel=9)
    return out.getvalue()


def content_types(overrides):
    items = "".join('<Override PartName="%s" ContentType="%s"/>' % o for o in overrides)
    return (XML + '<Types xmlns="%s"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>%s</Types>' % (CT, items)).encode()


def package_rels(target):
    return (XML + '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/officeDocument" Target="%s"/></Relationships>'
            % (PKG, OFFICE, target)).encode()


# ---------------------------------------------------------------- Word

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"

# Style ids as a Chinese Word writes them ("1" is 标题 1), so the reader has to look the names up.
STYLES = (XML + '<w:styles xmlns:w="%s">'
          '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/></w:style>'
          '</w:styles>' % W).encode()


def text_run(text):
    return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % escape(text) if text else ""


def paragraph(text):
    style = ""
    if re.match(r"^\s*第[一二三四五六七八九十]+部分", text):
        style = '<w:pPr><w:pStyle w:val="1"/></w:pPr>'
    elif re.match(r"^[一二三四五六七八九十]+、", text):
        style = '<w:pPr><w:pStyle w:val="2"/></w:pPr>'
    return "<w:p>%s%s</w:p>" % (style, text_run(text))


def table(rows):
    width = max(len(r) for r in rows)
    grid = "".join('<w:gridCol w:w="1800"/>' for _ in range(width))
    out = ['<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>%s</w:tblGrid>' % grid]
    for row in rows:
        after = width - len(row)
        out.append("<w:tr>")
        if after:
            out.append('<w:trPr><w:gridAfter w:val="%d"/></w:trPr>' % after)
        for cell in row:
            out.append('<w:tc><w:tcPr><w:tcW w:w="1800" w:type="dxa"/></w:tcPr><w:p>%s</w:p></w:tc>' % text_run(cell))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def document(body):
    return (XML + '<w:document xmlns:w="%s" xmlns:r="%s" xmlns:mc="%s"><w:body>%s'
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>' % (W, R, MC, body)).encode()


def docx(document_xml):
    return zip_bytes([
        ("[Content_Types].xml", content_types([("/word/document.xml", WORD_MAIN), ("/word/styles.xml", WORD_STYLES)])),
        ("_rels/.rels", package_rels("word/document.xml")),
        ("word/document.xml", document_xml),
        ("word/_rels/document.xml.rels", (XML + '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/styles" Target="styles.xml"/>'
                                          '</Relationships>' % (PKG, OFFICE)).encode()),
        ("word/styles.xml", STYLES),
    ])


def docx_from_text(text):
    """Each line a paragraph; consecutive lines with a tab one table, a row per line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it is not an empty paragraph
    body = []
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            j = i
            while j < len(lines) and "\t" in lines[j]:
                j += 1
            body.append(table([line.split("\t") for line in lines[i:j]]))
            i = j
        else:
            body.append(paragraph(lines[i]))
            i += 1
    return docx(document("".join(body)))


# Word constructs the reader must handle: merged cells (gridSpan, vMerge, gridBefore), tracked
# changes, field codes, bookmarks, tabs and breaks, hidden text, a text box with its fallback copy.
CONSTRUCTS = (
    '<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>收入支出决算表</w:t></w:r></w:p>'
    '<w:p><w:r><w:t xml:space="preserve">本年收入</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>总</w:delText></w:r></w:del>'
    '<w:ins w:id="2" w:author="a"><w:r><w:t>合计</w:t></w:r></w:ins><w:r><w:t>155.08万元</w:t></w:r>'
    '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>'
    '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的999.00万元</w:t></w:r><w:r><w:t>。</w:t></w:r></w:p>'
    '<w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r></w:p>'
    '<w:p><w:r><w:t>项目</w:t><w:tab/><w:t>金额</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>'
    '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>'
    '</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>'
    '</w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文</w:t></w:r></w:p>'
    '<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>'
    '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc>'
    '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>金额</w:t></w:r></w:p></w:tc></w:tr>'
    '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>'
    '<w:tc><w:p><w:r><w:t>本年</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>上年</w:t></w:r></w:p></w:tc></w:tr>'
    '<w:tr><w:tc><w:p><w:r><w:t>收入</w:t></w:r></w:p><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc>'
    '<w:tc><w:p><w:r><w:t>158.94</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>160.00</w:t></w:r></w:p></w:tc></w:tr>'
    '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>1.00</w:t></w:r></w:p></w:tc>'
    '<w:tc><w:p><w:r><w:t xml:space="preserve">2.00</w:t><w:tab/><w:t>注</w:t></w:r></w:p></w:tc></w:tr>'
    '</w:tbl>'
)

EXTERNAL_ENTITY = (XML + '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
                   '<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>' % W).encode()


def set_encrypted_flag(data, name):
    """Sets general-purpose bit 0 (encrypted) of `name` in its local header and central directory record."""
    data = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        offset = z.getinfo(name).header_offset
    data[offset + 6] |= 1
    encoded = name.encode()
    p = data.find(b"PK\x01\x02")
    while p >= 0:
        length = struct.unpack_from("<H", data, p + 28)[0]
        if bytes(data[p + 46:p + 46 + length]) == encoded:
            data[p + 8] |= 1
        p = data.find(b"PK\x01\x02", p + 4)
    return bytes(data)


# ---------------------------------------------------------------- Excel

SHEET_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
SHEET_PART = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SHEET_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHEET_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"


class Num:
    """A numeric cell: the stored value as written in <v>, and the index of its cell format."""

    def __init__(self, raw, style=0):
        self.raw, self.style = raw, style


class Formula:
    def __init__(self, formula, cached=None, style=0):
        self.formula, self.cached, self.style = formula, cached, style


class Inline:
    def __init__(self, text):
        self.text = text


class Rich:
    """A shared string written as rich-text runs."""

    def __init__(self, *runs):
        self.runs = runs


class Bool:
    def __init__(self, value):
        self.value = value


def column_name(n):
    name = ""
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name


def xlsx(sheets, formats, custom_formats=(), order=None):
    """sheets: [(name, {row: [cell, ...]}, merges)]; formats: numFmtId per cell format index.
    order: the file number of each sheet in workbook order (default 1, 2, …)."""
    strings, index = [], {}

    def shared(key, xml):
        if key not in index:
            index[key] = len(strings)
            strings.append(xml)
        return index[key]

    parts = []
    order = order or list(range(1, len(sheets) + 1))
    for (name, rows, merges), number in zip(sheets, order):
        out = [XML, '<worksheet xmlns="%s" xmlns:r="%s"><sheetData>' % (S, R)]
        for r in sorted(rows):
            out.append('<row r="%d">' % r)
            for c, cell in enumerate(rows[r], start=1):
                ref = "%s%d" % (column_name(c), r)
                if cell is None or cell == "":
                    continue
                if isinstance(cell, str):
                    out.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, shared(cell, "<t xml:space=\"preserve\">%s</t>" % escape(cell))))
                elif isinstance(cell, Rich):
                    runs = "".join("<r><t>%s</t></r>" % escape(t) for t in cell.runs)
                    out.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, shared(("rich",) + cell.runs, runs + "<rPh sb=\"0\" eb=\"1\"><t>ピン</t></rPh>")))
                elif isinstance(cell, Num):
                    out.append('<c r="%s" s="%d"><v>%s</v></c>' % (ref, cell.style, cell.raw))
                elif isinstance(cell, Formula):
                    value = "" if cell.cached is None else "<v>%s</v>" % cell.cached
                    out.append('<c r="%s" s="%d"><f>%s</f>%s</c>' % (ref, cell.style, escape(cell.formula), value))
                elif isinstance(cell, Inline):
                    out.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(cell.text)))
                elif isinstance(cell, Bool):
                    out.append('<c r="%s" t="b"><v>%d</v></c>' % (ref, 1 if cell.value else 0))
            out.append("</row>")
        out.append("</sheetData>")
        if merges:
            out.append('<mergeCells count="%d">%s</mergeCells>' % (len(merges), "".join('<mergeCell ref="%s"/>' % m for m in merges)))
        out.append("</worksheet>")
        parts.append(("xl/worksheets/sheet%d.xml" % number, "".join(out).encode()))
    parts.sort()

    workbook = XML + '<workbook xmlns="%s" xmlns:r="%s"><workbookPr/><sheets>%s</sheets></workbook>' % (S, R, "".join(
        '<sheet name=%s sheetId="%d" r:id="rId%d"/>' % (quoteattr(name), i + 1, number) for i, ((name, _, _), number) in enumerate(zip(sheets, order))))
    count = len(sheets)
    rels = XML + '<Relationships xmlns="%s">%s<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>' \
        '<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/></Relationships>' % (
            PKG, "".join('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>' % (n, OFFICE, n) for n in range(1, count + 1)),
            count + 1, OFFICE, count + 2, OFFICE)
    numfmts = ""
    if custom_formats:
        numfmts = '<numFmts count="%d">%s</numFmts>' % (len(custom_formats), "".join(
            '<numFmt numFmtId="%d" formatCode=%s/>' % (i, quoteattr(code)) for i, code in custom_formats))
    styles = XML + ('<styleSheet xmlns="%s">%s<fonts count="1"><font><sz val="11"/></font></fonts>'
                    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
                    '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="%d">%s</cellXfs>'
                    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>') % (
        S, numfmts, len(formats), "".join('<xf numFmtId="%d" xfId="0" applyNumberFormat="1"/>' % f for f in formats))
    sst = XML + '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>' % (S, len(strings), len(strings), "".join("<si>%s</si>" % s for s in strings))
    overrides = [("/xl/workbook.xml", SHEET_MAIN), ("/xl/styles.xml", SHEET_STYLES), ("/xl/sharedStrings.xml", SHEET_STRINGS)]
    overrides += [("/" + name, SHEET_PART) for name, _ in parts]
    return zip_bytes([
        ("[Content_Types].xml", content_types(overrides)),
        ("_rels/.rels", package_rels("xl/workbook.xml")),
        ("xl/workbook.xml", workbook.encode()),
        ("xl/_rels/workbook.xml.rels", rels.encode()),
        ("xl/styles.xml", styles.encode()),
        ("xl/sharedStrings.xml", sst.encode()),
    ] + parts)


# Cell formats of xlsx_from_table: 0 General, 1 "0.00", 2 "0.0" (custom 164), 3 "0.00%".
TABLE_FORMATS = [0, 2, 164, 10]


def table_cell(text):
    m = re.match(r"^-?\d+(\.(\d+))?(%?)$", text)
    if not m:
        return text
    decimals = len(m.group(2) or "")
    if m.group(3):
        return Num(repr(float(text[:-1]) / 100), 3) if decimals == 2 else text
    if decimals == 0:
        return Num(str(int(text)), 0)
    if decimals in (1, 2):
        return Num(repr(float(text)), 2 if decimals == 1 else 1)
    return text


def xlsx_from_table(text, sheet="Sheet1"):
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    rows = {i + 1: [table_cell(c) for c in line.split("\t")] for i, line in enumerate(lines) if line}
    return xlsx([(sheet, rows, [])], TABLE_FORMATS, [(164, "0.0")])


NUMBER_FORMATS = xlsx(
    [
        ("汇总", {
            1: ["收入支出决算表", None, "残留"],
            2: [Rich("项", "目"), "金额", "比例", "备注"],
            3: ["收入合计", Num("158.93999999", 1), Num("0.93755", 2), Inline("含结转")],
            4: ["支出合计", Num("1234567.891", 3), Num("2.675", 4), Bool(True)],
            5: ["其他", Num("12.25", 5), Num("0.30000000000000004", 0), Formula("B3+B4", "1234726.83099999", 1)],
            7: ["日期", Num("45657", 6)],
        }, ["A1:D1"]),
        ("明细", {
            1: ["项目", "本年", "上年"],
            2: ["其中："],
            3: ["财政拨款", Num("1", 0), Num("2", 0)],
        }, []),
    ],
    formats=[0, 2, 10, 4, 165, 166, 14],
    custom_formats=[(165, "#,##0.00_ "), (166, "0.0")],
    order=[2, 1],
)

FORMULA_WITHOUT_VALUE = xlsx([("Sheet1", {1: ["项目", "金额"], 2: ["收入", Num("1.5", 1)], 3: ["合计", Formula("SUM(B2:B2)", None, 1)]}, [])], [0, 2])


def self_evaluation_sheet():
    """The 单位整体支出绩效自评表 inside seed 003 as one sheet: its rows and cells exactly as Gouji's
    table reader reads them from the text (cell-per-line there), taken from `gouji extract --format
    json` of the built tool, so that the sheet holds the cells the text audit sees."""
    import json
    import subprocess
    tool = os.path.join(ROOT, ".build/debug/gouji")
    if not os.path.exists(tool):
        subprocess.run(["swift", "build"], cwd=ROOT, check=True)
    out = subprocess.run(
        [tool, "extract", "Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt", "--format", "json"],
        cwd=ROOT, check=True, capture_output=True).stdout
    table = next(t for t in json.loads(out)["tables"] if t["rows"] and t["rows"][0] == ["单位整体支出绩效自评表"])
    cells = {i + 1: [table_cell(c) for c in row] for i, row in enumerate(table["rows"])}
    return xlsx([("单位整体支出绩效自评表", cells, [])], TABLE_FORMATS, [(164, "0.0")])


def outputs():
    text = open(os.path.join(ROOT, "Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt"), encoding="utf-8").read()
    final_accounts = docx_from_text(text)
    table_text = open(os.path.join(ROOT, "Fixtures/tables/tab-separated.txt"), encoding="utf-8").read()
    bomb_body = "<w:p><w:r><w:t>" + " " * (50 * 1024 * 1024) + "</w:t></w:r></w:p>"
    return {
        "Fixtures/office/final-accounts-2024-shuimogou-petition-bureau.docx": final_accounts,
        "Fixtures/office/constructs.docx": docx(document(CONSTRUCTS)),
        "Fixtures/office/tab-separated.xlsx": xlsx_from_table(table_text),
        "Fixtures/office/self-evaluation-sheet-2024-shuimogou-petition-bureau.xlsx": self_evaluation_sheet(),
        "Fixtures/office/number-formats.xlsx": NUMBER_FORMATS,
        "Fixtures/hostile/zip-bomb.docx": docx(document(bomb_body)),
        "Fixtures/hostile/truncated.docx": final_accounts[:len(final_accounts) // 2],
        "Fixtures/hostile/encrypted.docx": set_encrypted_flag(final_accounts, "word/document.xml"),
        "Fixtures/hostile/formula-without-value.xlsx": FORMULA_WITHOUT_VALUE,
        "Fixtures/hostile/external-entity.docx": docx(EXTERNAL_ENTITY),
    }


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for relative, data in outputs().items():
        path = os.path.join(ROOT, relative)
        if check:
            if not os.path.exists(path) or open(path, "rb").read() != data:
                stale.append(relative)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        print("%s: %d bytes" % (relative, len(data)))
    if stale:
        print("out of date (run Scripts/make-office-fixtures.py): " + ", ".join(stale))
        sys.exit(1)


if __name__ == "__main__":
    main()
