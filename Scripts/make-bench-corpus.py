#!/usr/bin/env python3
"""Builds a benchmark corpus from the fixtures: N documents, the fixtures replicated in turn, one
figure changed in each copy (one digit of an amount or percentage) so that the rules fire.
Deterministic (seeded). Usage: make-bench-corpus.py OUTPUT_DIR N"""
import glob
import os
import random
import re
import sys

out, n = sys.argv[1], int(sys.argv[2])
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(root, "Fixtures", "*.txt")))]
rng = random.Random(7)
figure = re.compile(r"\d+\.\d+(?=万元|%)")
os.makedirs(out, exist_ok=True)
for i in range(n):
    text = texts[i % len(texts)]
    sites = list(figure.finditer(text))
    if sites:
        m = rng.choice(sites)
        digits = list(m.group(0))
        k = rng.choice([j for j, c in enumerate(digits) if c.isdigit()])
        digits[k] = str((int(digits[k]) + 1) % 10)
        text = text[:m.start()] + "".join(digits) + text[m.end():]
    with open(os.path.join(out, "doc-%06d.txt" % i), "w", encoding="utf-8") as f:
        f.write(text)
