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

print("derived fixtures written to", out)
