/// One self-contained HTML file (no network, no external assets): a summary (counts by severity and
/// by rule, coverage), then each document's text with the figures of every finding highlighted;
/// hovering or clicking a highlight shows the rule, the message and the derivation; the findings can
/// be filtered by severity.
public enum HTMLReporter {
    public static func render(_ reports: [AuditReport]) -> String {
        let findings = reports.flatMap(\.findings)
        let count = { (s: Severity) in findings.filter { $0.severity == s }.count }
        var out = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>勾稽核对结果</title>
            <style>
            body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:24px;color:#222;max-width:1100px}
            h1{font-size:22px}h2{font-size:18px;margin-top:28px}
            table.sum{border-collapse:collapse;margin:8px 0}table.sum td,table.sum th{border:1px solid #ccc;padding:4px 10px;text-align:left}
            .filters label{margin-right:16px}
            .doc{font-size:14px;line-height:1.9;border:1px solid #ddd;padding:8px 12px;background:#fafafa;white-space:pre-wrap;word-break:break-all}
            .ln{display:block}.ln .no{color:#999;display:inline-block;width:3.5em;user-select:none}
            .hl{position:relative;border-radius:3px;padding:0 1px;cursor:pointer}
            .hl.error{background:#ffd0d0;outline:2px solid #d33}.hl.warning{background:#fff0b3;outline:2px solid #d9a400}.hl.info{background:#d6f0ff;outline:1px solid #3a9ad9}
            .hl.operand{outline-style:dashed}
            .tip{display:none;position:absolute;left:0;top:1.8em;z-index:10;width:420px;background:#fff;border:1px solid #888;box-shadow:0 2px 8px rgba(0,0,0,.25);padding:8px;font-size:13px;line-height:1.5;white-space:normal}
            .hl:hover .tip,.hl.pinned .tip{display:block;position:fixed;left:auto;top:auto;right:16px;bottom:16px}
            .tip .rule{font-weight:bold}.tip code{display:block;margin-top:4px;background:#f3f3f3;padding:3px}
            ul.list li{margin:6px 0}ul.list .error{color:#b00}ul.list .warning{color:#a67c00}ul.list .info{color:#1f6fa8}
            body.hide-error .error,body.hide-warning .warning,body.hide-info .info{display:none}
            body.hide-error .hl.error,body.hide-warning .hl.warning,body.hide-info .hl.info{display:inline;background:none;outline:none}
            body.hide-error .hl.error .tip,body.hide-warning .hl.warning .tip,body.hide-info .hl.info .tip{display:none}
            </style></head><body>
            <h1>勾稽核对结果</h1>
            <table class="sum"><tr><th>文件</th><th>错误</th><th>警告</th><th>提示</th></tr>
            <tr><td>\(reports.count)</td><td>\(count(.error))</td><td>\(count(.warning))</td><td>\(count(.info))</td></tr></table>
            <div class="filters">显示：
            <label><input type="checkbox" checked onchange="document.body.classList.toggle('hide-error',!this.checked)">错误</label>
            <label><input type="checkbox" checked onchange="document.body.classList.toggle('hide-warning',!this.checked)">警告</label>
            <label><input type="checkbox" checked onchange="document.body.classList.toggle('hide-info',!this.checked)">提示</label></div>

            """
        var byRule: [String: (String, Int)] = [:]
        for f in findings { byRule[f.rule, default: (f.title, 0)].1 += 1 }
        if !byRule.isEmpty {
            out += "<table class=\"sum\"><tr><th>规则</th><th>说明</th><th>次数</th></tr>"
            for (rule, entry) in byRule.sorted(by: { $0.key < $1.key }) {
                out += "<tr><td>\(escape(rule))</td><td>\(escape(entry.0))</td><td>\(entry.1)</td></tr>"
            }
            out += "</table>\n"
        }
        for (d, report) in reports.enumerated() { out += document(report, index: d) }
        out += "<script>document.querySelectorAll('.hl').forEach(function(e){e.addEventListener('click',function(){e.classList.toggle('pinned')})})</script>\n</body></html>\n"
        return out
    }

    static func document(_ report: AuditReport, index: Int) -> String {
        let s = report.summary
        var out = "<h2>\(escape(report.info.title.isEmpty ? report.file : report.info.title))</h2>\n"
        out += "<p>\(escape(report.file))　读取数字 \(s.figures) 个，参与核对 \(s.figuresChecked) 个；适用规则 \(s.rulesApplied)/\(s.rules) 条。"
        if s.figures > 0 && s.figuresChecked * 5 < s.figures { out += "<b>大部分数字未能核对：没有发现问题不等于没有问题。</b>" }
        out += "</p>\n<ul class=\"list\">"
        for (i, f) in report.findings.enumerated() {
            out += "<li class=\"\(f.severity.rawValue)\"><a href=\"#d\(index)l\(f.line)\">\(f.line):\(f.column)</a> [\(escape(f.rule))] "
                + "\(escape(f.message)) <code>\(escape(f.computation))</code></li>"
            _ = i
        }
        out += "</ul>\n<div class=\"doc\">"
        // Highlights per line: (start column, end column, finding, main or operand).
        var marks: [Int: [(Int, Int, Int, Bool)]] = [:]
        for (i, f) in report.findings.enumerated() {
            marks[f.line, default: []].append((f.column, max(f.column + 1, f.endColumn), i, true))
            for o in f.operands where !(o.line == f.line && o.column == f.column) {
                marks[o.line, default: []].append((o.column, o.column + o.text.unicodeScalars.count, i, false))
            }
        }
        for line in 1...max(1, report.lineCount) {
            let text = Array(report.lineText(line).unicodeScalars)
            var html = ""
            var column = 1
            let spans = (marks[line] ?? []).sorted { $0.0 < $1.0 }
            var k = 0
            while column <= text.count {
                if k < spans.count, spans[k].0 == column {
                    let (start, end, i, main) = spans[k]
                    let f = report.findings[i]
                    let inner = ScalarText.string(text[(start - 1)..<min(text.count, end - 1)])
                    html += "<span class=\"hl \(f.severity.rawValue)\(main ? "" : " operand")\">\(escape(inner))<span class=\"tip\"><span class=\"rule\">[\(escape(f.rule))] \(escape(f.title))</span><br>\(escape(f.message))<code>\(escape(f.computation))</code></span></span>"
                    column = max(column + 1, end)
                    while k < spans.count, spans[k].0 < column { k += 1 }
                    continue
                }
                let next = k < spans.count ? spans[k].0 : text.count + 1
                html += escape(ScalarText.string(text[(column - 1)..<max(column - 1, min(text.count, next - 1))]))
                column = max(column + 1, next)
            }
            out += "<span class=\"ln\" id=\"d\(index)l\(line)\"><span class=\"no\">\(line)</span>\(html)</span>"
        }
        return out + "</div>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
