#!/usr/bin/env python3
"""Builds the derived fixtures of Fixtures/derived/ from the committed text fixtures, reproducibly.

  Fixtures/derived/final-accounts-2024-shuimogou-residue.txt
      seed 003 with the reasons of its 三公 paragraph removed, a "占 %" left blank and a heading
      year left unfinished ("202 年度"): C-06A, C-10B and C-10C must each find theirs.
  Fixtures/derived/final-accounts-2023-shuimogou-previous-year.txt
      last year's 决算 of the same unit, written from the 上年 figures seed 003 states or implies
      (本年 − 增减额); audited with --previous it must raise no YR-* finding.
  Fixtures/derived/final-accounts-2023-shuimogou-previous-year-one-changed.txt
      the same with one figure changed (机关运行经费 5.80 → 5.90): YR-01 must report it.

Run from the repository root: python3 Scripts/make-derived-fixtures.py
"""
import re
from pathlib import Path

root = Path(__file__).resolve().parent.parent
seed = (root / "Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt").read_text(encoding="utf-8")
out = root / "Fixtures/derived"
out.mkdir(exist_ok=True)

# 1. Residue and missing reasons.
lines = seed.split("\n")
for i, line in enumerate(lines):
    if line.startswith("2024年度财政拨款“三公”经费支出"):
        lines[i] = re.sub(r"，主要原因是：[^。]*", "", line)
    if line.strip() == "第二部分 部门决算情况说明":
        lines[i] = line.replace("部门决算情况说明", "202 年度部门决算情况说明")
residue = "\n".join(lines).replace("因公出国（境）费支出0.00万元，占0.00%", "因公出国（境）费支出0.00万元，占 %", 1)
assert residue != seed and "202 年度" in residue and "占 %" in residue
(out / "final-accounts-2024-shuimogou-residue.txt").write_text(residue, encoding="utf-8")

# 2. Last year's document, from this year's 上年 figures.
def fen(x):
    return f"{x / 100:.2f}"

def number(pattern):
    m = re.search(pattern, seed)
    assert m, pattern
    return round(float(m.group(1)) * 100)

income_total = number(r"2024年度收入总计([\d.]+)万元") + number(r"收入支出总体与上年相比，减少([\d.]+)万元")
appropriation_total = number(r"2024年度财政拨款收入总计([\d.]+)万元") + number(r"财政拨款收入支出总体与上年相比，减少([\d.]+)万元")
general = number(r"2024年度一般公共预算财政拨款支出([\d.]+)万元") + number(r"一般公共预算财政拨款支出[\d.]+万元，占本年支出合计的[\d.]+%。与上年相比，减少([\d.]+)万元")
carried_in = number(r"年初结转和结余([\d.]+)万元")          # this year's 年初 = last year's 年末
items = []
for m in re.finditer(r"\d\.(\S+?\(项\)):支出决算数为([\d.]+)万元，比上年决算(增加|减少)([\d.]+)万元", seed):
    now, delta = round(float(m.group(2)) * 100), round(float(m.group(4)) * 100)
    previous = now - delta if m.group(3) == "增加" else now + delta
    if previous > 0:
        items.append((m.group(1), previous))
classes = {}
for name, value in items:
    cls = name.split("(类)")[0]
    classes[cls] = classes.get(cls, 0) + value
assert sum(classes.values()) == general, (classes, general)
three = number(r"“三公”经费支出([\d.]+)万元，比上年减少") + number(r"“三公”经费支出[\d.]+万元，比上年减少([\d.]+)万元")
running = number(r"机关运行经费支出([\d.]+)万元") + number(r"机关运行经费支出[\d.]+万元，比上年减少([\d.]+)万元")

opening = 1000  # last year's own 年初结转和结余, not stated this year: chosen so that the totals add up
income_this = income_total - opening
spending_this = income_total - carried_in
appropriation_in = appropriation_total - opening
appropriation_out = appropriation_total - carried_in
unit = "乌鲁木齐市水磨沟区信访局"

def previous_year(running_cost):
    text = [
        f"{unit}2023年度部门",
        "决算公开说明",
        "第二部分 部门决算情况说明",
        "一、收入支出决算总体情况说明",
        f"2023年度收入总计{fen(income_total)}万元，其中：本年收入合计{fen(income_this)}万元，使用非财政拨款结余（含专用结余）0.00万元，年初结转和结余{fen(opening)}万元。",
        f"2023年度支出总计{fen(income_total)}万元，其中：本年支出合计{fen(spending_this)}万元，结余分配0.00万元，年末结转和结余{fen(carried_in)}万元。",
        "四、财政拨款收入支出决算总体情况说明",
        f"2023年度财政拨款收入总计{fen(appropriation_total)}万元，其中：年初财政拨款结转和结余{fen(opening)}万元，本年财政拨款收入{fen(appropriation_in)}万元。"
        f"财政拨款支出总计{fen(appropriation_total)}万元，其中：年末财政拨款结转和结余{fen(carried_in)}万元，本年财政拨款支出{fen(appropriation_out)}万元。",
        "五、一般公共预算财政拨款支出决算情况说明",
        "（一）一般公共预算财政拨款支出决算总体情况",
        f"2023年度一般公共预算财政拨款支出{fen(general)}万元，占本年支出合计的{general / spending_this * 100:.2f}%。",
        "（二）一般公共预算财政拨款支出决算结构情况",
    ]
    for k, (cls, value) in enumerate(classes.items(), 1):
        text.append(f"{k}.{cls}(类){fen(value)}万元,占{value / general * 100:.2f}%。")
    text.append("（三）一般公共预算财政拨款支出决算具体情况")
    for k, (name, value) in enumerate(items, 1):
        text.append(f"{k}.{name}:支出决算数为{fen(value)}万元。")
    text += [
        "九、财政拨款“三公”经费支出决算情况说明",
        f"2023年度财政拨款“三公”经费支出{fen(three)}万元。其中：因公出国（境）费支出0.00万元，占0.00%。公务用车购置及运行维护费支出{fen(three)}万元，占100.00%。公务接待费支出0.00万元，占0.00%。",
        "十、其他重要事项的情况说明",
        "（一）机关运行经费及公用经费支出情况",
        f"2023年度{unit}（行政单位和参照公务员法管理事业单位）机关运行经费支出{fen(running_cost)}万元。",
    ]
    return "\n".join(text) + "\n"

(out / "final-accounts-2023-shuimogou-previous-year.txt").write_text(previous_year(running), encoding="utf-8")
(out / "final-accounts-2023-shuimogou-previous-year-one-changed.txt").write_text(previous_year(running + 10), encoding="utf-8")


# 3. A 决算 with all nine tables (published layout, tab-separated; figures consistent with seed 003's
#    说明), and mutated twins: a 项 that does not add up to its 款, a 说明 figure that differs from its
#    table cell, a 空表 sentence next to a table that is not empty.
T = "\t"


def row(*cells):
    return T.join(cells)


def nine_tables(item_2012501="74.78", fund_row=("", "", "", "", "", "")):
    lines = ["第四部分 部门决算报表", "一、收入支出决算总表", "单位：万元", row("项目", "决算数", "项目", "决算数")]
    for l, v, r, w in [
        ("一、一般公共预算财政拨款收入", "155.08", "一、一般公共服务支出", "135.37"),
        ("二、政府性基金预算财政拨款收入", "0.00", "二、社会保障和就业支出", "13.55"),
        ("三、国有资本经营预算财政拨款收入", "0.00", "", ""),
        ("四、上级补助收入", "0.00", "", ""),
        ("五、事业收入", "0.00", "", ""),
        ("六、经营收入", "0.00", "", ""),
        ("七、附属单位上缴收入", "0.00", "", ""),
        ("八、其他收入", "0.00", "", ""),
        ("本年收入合计", "155.08", "本年支出合计", "148.92"),
        ("使用非财政拨款结余（含专用结余）", "0.00", "结余分配", "0.00"),
        ("年初结转和结余", "3.86", "年末结转和结余", "10.02"),
        ("总计", "158.94", "总计", "158.94"),
    ]:
        lines.append(row(l, v, r, w))
    lines += ["", "二、收入决算表", "单位：万元",
              row("科目编码", "科目名称", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")]
    zeros = ["0.00"] * 5
    lines.append(row("", "合计", "155.08", "155.08", *zeros))
    for code, name, v in [("201", "一般公共服务支出", "141.53"), ("20103", "政府办公厅（室）及相关机构事务", "60.59"),
                          ("2010308", "信访事务", "0.00"), ("2010350", "事业运行", "60.59"), ("20125", "信访事务", "80.94"),
                          ("2012501", "行政运行", "80.94"), ("208", "社会保障和就业支出", "13.55"),
                          ("20805", "行政事业单位养老支出", "13.55"), ("2080505", "机关事业单位基本养老保险缴费支出", "13.55")]:
        lines.append(row(code, name, v, v, *zeros))
    spending = [("201", "一般公共服务支出", "135.37"), ("20103", "政府办公厅（室）及相关机构事务", "60.59"),
                ("2010308", "信访事务", "0.00"), ("2010350", "事业运行", "60.59"), ("20125", "信访事务", "74.78"),
                ("2012501", "行政运行", item_2012501), ("208", "社会保障和就业支出", "13.55"), ("20802", "民政管理事务", "0.00"),
                ("2080208", "基层政权建设和社区治理", "0.00"), ("20805", "行政事业单位养老支出", "13.55"),
                ("2080505", "机关事业单位基本养老保险缴费支出", "13.55")]
    lines += ["", "三、支出决算表", "单位：万元",
              row("科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"),
              row("", "合计", "148.92", "148.92", *(["0.00"] * 4))]
    for code, name, v in spending:
        lines.append(row(code, name, v, v, *(["0.00"] * 4)))
    lines += ["", "四、财政拨款收入支出决算总表", "单位：万元",
              row("项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")]
    for l, v, r, w in [("一、一般公共预算财政拨款", "155.08", "一、一般公共服务支出", "135.37"),
                       ("二、政府性基金预算财政拨款", "0.00", "二、社会保障和就业支出", "13.55"),
                       ("三、国有资本经营预算财政拨款", "0.00", "", "")]:
        lines.append(row(l, v, r, *([w, w, "0.00", "0.00"] if w else ["", "", "", ""])))
    lines += [row("本年收入合计", "155.08", "本年支出合计", "148.92", "148.92", "0.00", "0.00"),
              row("年初财政拨款结转和结余", "3.86", "年末财政拨款结转和结余", "10.02", "10.02", "0.00", "0.00"),
              row("总计", "158.94", "总计", "158.94", "158.94", "0.00", "0.00"),
              "", "五、一般公共预算财政拨款支出决算表", "单位：万元", row("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
              row("", "合计", "148.92", "148.92", "0.00")]
    for code, name, v in spending:
        lines.append(row(code, name, v, v, "0.00"))
    personnel = [("301", "工资福利支出", "132.54"), ("30101", "基本工资", "60.00"), ("30102", "津贴补贴", "50.00"),
                 ("30108", "机关事业单位基本养老保险缴费", "13.55"), ("30112", "其他社会保障缴费", "8.99"),
                 ("303", "对个人和家庭的补助", "13.55"), ("30302", "退休费", "13.55")]
    public = [("302", "商品和服务支出", "2.83"), ("30201", "办公费", "1.00"), ("30205", "水费", "0.50"), ("30211", "差旅费", "1.33")]
    lines += ["", "六、一般公共预算财政拨款基本支出决算表", "单位：万元", row("科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数")]
    for k in range(len(personnel)):
        lines.append(row(*personnel[k], *(public[k] if k < len(public) else ("", "", ""))))
    lines.append(row("", "人员经费合计", "146.09", "", "公用经费合计", "2.83"))
    for number, fund, cells in [("七", "政府性基金", fund_row), ("八", "国有资本经营", ("", "", "", "", "", ""))]:
        lines += ["", f"{number}、{fund}预算财政拨款收入支出决算表", "单位：万元",
                  row("科目编码", "科目名称", "年初结转和结余", "本年收入", "本年支出", "基本支出", "项目支出", "年末结转和结余"),
                  row("", "合计", *cells),
                  f"注：本单位2024年度无{fund}预算财政拨款收入、支出及结转和结余，本表为空表。"]
    lines += ["", "九、财政拨款“三公”经费支出决算表", "单位：万元",
              row("项目", "合计", "因公出国（境）费", "公务用车购置及运行维护费", "其中：公务用车购置费", "其中：公务用车运行维护费", "公务接待费"),
              row("预算数", "2.21", "0.00", "2.21", "0.00", "2.21", "0.00"),
              row("决算数", "2.21", "0.00", "2.21", "0.00", "2.21", "0.00")]
    return lines


seed_lines = seed.split("\n")
# The seed's title, 第一部分 and 说明 一 … 十一 (without its embedded 自评表), 十二, and 名词解释.
explanation = seed_lines[5:74] + seed_lines[188:209]
tables_dir = root / "Fixtures/tables"
clean = "\n".join(explanation + nine_tables()) + "\n"
(tables_dir / "final-accounts-nine-tables.txt").write_text(clean, encoding="utf-8")
(tables_dir / "final-accounts-nine-tables-item-off.txt").write_text(
    "\n".join(explanation + nine_tables(item_2012501="75.78")) + "\n", encoding="utf-8")
changed = [l.replace("人员经费146.09万元", "人员经费146.19万元", 1) for l in explanation]
assert changed != explanation
(tables_dir / "final-accounts-nine-tables-text-differs.txt").write_text("\n".join(changed + nine_tables()) + "\n", encoding="utf-8")
(tables_dir / "final-accounts-nine-tables-empty-table-not-empty.txt").write_text(
    "\n".join(explanation + nine_tables(fund_row=("0.00", "5.00", "5.00", "5.00", "0.00", "0.00"))) + "\n", encoding="utf-8")

print("derived fixtures written to", out, "and", tables_dir)
