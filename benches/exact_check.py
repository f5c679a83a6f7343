#!/usr/bin/env python3
"""Checks every row of each tool's output against exact arithmetic done
here, independently of dealcalc: Python's fractions on the ECB's published
figures (the rate on or before each date, the euro 1), rounded half up to
the target's minor unit (0 for JPY, KRW and ISK, else 2).

    python benches/exact_check.py ROWS.csv eurofxref-hist.csv NAME=OUT.csv...

Prints, for each output, how many rows differ from the exact result (the
result is the last column of dealcalc's rows, `result` of the others)."""
import bisect
import csv
import datetime
import sys
from fractions import Fraction

rows_path, hist_path, outputs = sys.argv[1], sys.argv[2], sys.argv[3:]
series = {}
with open(hist_path) as f:
    reader = csv.reader(f)
    header = next(reader)
    for rec in reader:
        day = datetime.date.fromisoformat(rec[0]).toordinal()
        for cur, value in zip(header[1:], rec[1:]):
            if cur and value and value != "N/A":
                series.setdefault(cur, []).append((day, Fraction(value)))
for s in series.values():
    s.sort()
days = {c: [d for d, _ in s] for c, s in series.items()}


def rate(cur, day):
    if cur == "EUR":
        return Fraction(1)
    i = bisect.bisect_right(days[cur], day) - 1
    return series[cur][i][1]


def rounded(x, places):
    scaled = x * 10**places
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole, 10**places)


exact = []
with open(rows_path) as f:
    for rec in csv.DictReader(f):
        day = datetime.date.fromisoformat(rec["date"]).toordinal()
        to = rec["to"]
        x = Fraction(rec["amount"]) * rate(to, day) / rate(rec["from"], day)
        exact.append(rounded(x, 0 if to in ("JPY", "KRW", "ISK") else 2))
for spec in outputs:
    name, path = spec.split("=", 1)
    with open(path) as f:
        reader = csv.DictReader(f)
        column = "result"
        wrong = 0
        n = 0
        for want, rec in zip(exact, reader):
            n += 1
            got = rec.get(column) or ""
            if got == "" or Fraction(got) != want:
                wrong += 1
    print(f"{name}: {n:,} rows, {wrong:,} differ from exact arithmetic")
