#!/usr/bin/env python3
"""The verdicts of tests/scan/labels.toml, computed without dealcalc.

Each relation's printed figures are written out here as exact values with
their printed unit (half of which is the rounding band; "about"/"rund"/
"environ" a whole unit), rates come from data/ecb/eurofxref-hist.csv, and
all arithmetic is in fractions. A relation holds when the printed inputs
give a result in the printed result's band, or when some inputs within
their own bands do (statcheck's rule); it fails otherwise.

    python3 tests/scan/label.py   # prints each verdict; exit 1 on a mismatch
"""
import csv, itertools, sys, tomllib
from fractions import Fraction as F
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RATES = {}
with open(ROOT / "data/ecb/eurofxref-hist.csv") as f:
    for row in csv.DictReader(f):
        RATES[row["Date"]] = row

def usd_per_eur(day):
    return F(RATES[day]["USD"])

def per_eur(day, code):
    return F(RATES[day][code])

def band(x, u, q="rounded"):
    x, u = F(x), F(u)
    return (x - u, x + u) if q == "about" else (x - u / 2, x + u / 2)

def corners(f, *bands):
    vals = [f(*c) for c in itertools.product(*bands)]
    return min(vals), max(vals)

def verdict(exact, rng, says):
    lo, hi = says
    if lo <= exact <= hi:
        return "holds"
    return "holds" if rng[0] <= hi and rng[1] >= lo else "fails"

def conversion(day, amount, unit, says, says_unit, to_eur=True, q="rounded", says_q="rounded"):
    r = usd_per_eur(day)
    f = (lambda a: a / r) if to_eur else (lambda a: a * r)
    return verdict(f(F(amount)), corners(f, band(amount, unit, q)), band(says, says_unit, says_q))

def stake(pct, pu, price, punit, val, vunit, pq="rounded"):
    f = lambda s, p: p / s
    exact = F(price) / F(pct)
    return verdict(exact, corners(f, band(pct, pu, pq), band(price, punit)), band(val, vunit))

def per_share(shares, su, price, pu, total, tu, sq="rounded"):
    f = lambda n, p: n * p
    b = band(shares, su, sq) if su else (F(shares), F(shares))
    return verdict(F(shares) * F(price), corners(f, b, band(price, pu)), band(total, tu))

def change(new, base, unit, pct, pctu):
    f = lambda n, b: (n - b) / b
    return verdict(f(F(new), F(base)), corners(f, band(new, unit), band(base, unit)), band(pct, pctu))

def split(total, tu, years, yearly, yu):
    f = lambda t: t / years
    return verdict(F(total) / years, corners(f, band(total, tu)), band(yearly, yu))

def total(parts, says, says_unit):
    f = lambda *xs: sum(xs)
    exact = sum(F(x) for x, _ in parts)
    return verdict(exact, corners(f, *[band(x, u) for x, u in parts]), band(says, says_unit))

def ratio_more_than(a, au, b, bu, n):
    f = lambda x, y: x / y
    lo, hi = corners(f, band(a, au), band(b, bu))
    # "more than N times": holds when the ratio is above N.
    return "holds" if F(a) / F(b) > n or hi > n else "fails"

def fails_over(day, amount, unit, over, to_eur=True):
    """`more than X`: the conversion must exceed X."""
    r = usd_per_eur(day)
    f = (lambda a: a / r) if to_eur else (lambda a: a * r)
    lo, hi = corners(f, band(amount, unit))
    return "holds" if hi > F(over) else "fails"

M, B = 10**6, 10**9
EXPECTED = {
    ("en-meta-scale.txt", "stake"): stake("0.49", "0.01", F("14.3") * B, B // 10, 29 * B, B),
    ("en-intel-government.txt", "per_share"): per_share(F("433.3") * M, M // 10, "20.47", "0.01", F("8.9") * B, B // 10),
    ("en-intel-sum.txt", "sum"): total([(F("5.7") * B, B // 10), (F("3.2") * B, B // 10)], F("8.9") * B, B // 10),
    ("en-nvidia-intel.txt", "per_share"): per_share(F("214.8") * M, M // 10, "23.28", "0.01", 5 * B, B, sq="about"),
    ("en-nvidia-intel.txt", "change"): change("30.57", "24.90", "0.01", "0.23", "0.01"),
    ("en-softbank-intel.txt", "per_share"): per_share(F("86.9") * M, M // 10, "23", "1", 2 * B, B),
    ("en-linkedin.txt", "change"): change("196", "131.08", "0.01", "0.495", "0.001"),
    ("en-tulloch.txt", "split"): split(F("1.5") * B, B // 10, 6, 250 * M, 10 * M),
    ("en-activision.txt", "change"): change("95.00", "65.39", "0.01", "0.45", "0.01"),
    ("en-twitter.txt", "change"): change("54.20", "39.31", "0.01", "0.38", "0.01"),
    ("en-motorola.txt", "change"): change("40.00", "24.47", "0.01", "0.63", "0.01"),
    ("en-whole-foods.txt", "change"): change("42", "33.06", "0.01", "0.27", "0.01"),
    ("en-nuance.txt", "change"): change("56.00", "45.58", "0.01", "0.23", "0.01"),
    ("en-redhat.txt", "change"): change("190.00", "116.68", "0.01", "0.63", "0.01"),
    ("en-whatsapp.txt", "sum"): total([(4 * B, B), (12 * B, B), (3 * B, B)], 19 * B, B),
    ("en-microsoft-facebook.txt", "stake"): stake("0.016", "0.001", 240 * M, 10 * M, 15 * B, B),
    ("en-microsoft-openai-2023.txt", "stake"): stake("0.49", "0.01", 10 * B, B, 29 * B, B),
    ("en-mistral-sum.txt", "sum"): total([(F("1.7") * B, B // 10), (10 * B, B)], F("11.7") * B, B // 10),
    ("en-figma-ipo.txt", "per_share"): per_share(F("36.9") * M, M // 10, "33", "1", F("1.2") * B, B // 10),
    ("en-klarna-ipo.txt", "per_share"): per_share(F("34.3") * M, M // 10, "40", "1", F("1.37") * B, B // 100),
    ("en-arm-ipo.txt", "per_share"): per_share(F("95.5") * M, M // 10, "51", "1", F("4.87") * B, B // 100),
    ("en-alibaba-ipo.txt", "per_share"): per_share(F("320.1") * M, M // 10, "68", "1", F("21.8") * B, B // 10),
    ("en-nvidia-revenue.txt", "change"): change(F("46.7") * B, F("30.0") * B, B // 10, "0.56", "0.01"),
    ("en-scale-ratio.txt", "ratio"): ratio_more_than(29 * B, B, F("13.8") * B, B // 10, 2),
    ("fr-meta-packages.txt", "conversion"): conversion("2025-07-08", 100 * M, M, 85 * M, M),
    ("fr-altman-92.txt", "conversion"): fails_over("2025-06-19", 100 * M, M, 92 * M),
    ("fr-scale.txt", "conversion"): conversion("2025-06-13", F("14.3") * B, B // 10, F("12.4") * B, B // 10),
    ("fr-scale.txt", "stake"): stake("0.49", "0.01", F("14.3") * B, B // 10, 29 * B, B),
    ("fr-linkedin.txt", "conversion"): conversion("2016-06-13", F("26.2") * B, B // 10, F("23.2") * B, B // 10),
    ("fr-mistral.txt", "conversion"): conversion("2025-09-09", F("1.3") * B, B // 10, F("1.5") * B, B // 10, to_eur=False),
    ("fr-mistral.txt", "stake"): stake("0.11", "0.01", F("1.3") * B, B // 10, F("11.7") * B, B // 10, pq="about"),
    ("fr-activision.txt", "change"): change("95", "65.39", "0.01", "0.45", "0.01"),
    ("fr-twitter.txt", "change"): change("54.20", "39.31", "0.01", "0.38", "0.01"),
    ("fr-whatsapp.txt", "sum"): total([(4 * B, B), (12 * B, B), (3 * B, B)], 19 * B, B),
    ("fr-microsoft-openai-2023.txt", "stake"): stake("0.49", "0.01", 10 * B, B, 29 * B, B),
    ("fr-intel.txt", "per_share"): per_share(F("433.3") * M, M // 10, "20.47", "0.01", F("8.9") * B, B // 10),
    ("fr-intel.txt", "sum"): total([(F("5.7") * B, B // 10), (F("3.2") * B, B // 10)], F("8.9") * B, B // 10),
    ("fr-mistral-sum.txt", "sum"): total([(F("1.7") * B, B // 10), (10 * B, B)], F("11.7") * B, B // 10),
    ("fr-nvidia.txt", "change"): change(F("46.7") * B, 30 * B, B // 10, "0.56", "0.01"),
    ("de-scale.txt", "conversion"): conversion("2025-06-13", F("14.3") * B, B // 10, F("12.4") * B, B // 10, says_q="about"),
    ("de-scale.txt", "stake"): stake("0.49", "0.01", F("14.3") * B, B // 10, 29 * B, B),
    ("de-intel.txt", "per_share"): per_share(F("433.3") * M, M // 10, "20.47", "0.01", F("8.9") * B, B // 10),
    ("de-nvidia.txt", "conversion"): conversion("2025-09-18", 5 * B, B, F("4.2") * B, B // 10, says_q="about"),
    ("de-nvidia.txt", "change"): change("30.57", "24.90", "0.01", "0.23", "0.01"),
    ("de-activision.txt", "change"): change("95", "65.39", "0.01", "0.45", "0.01"),
    ("de-whatsapp.txt", "sum"): total([(4 * B, B), (12 * B, B), (3 * B, B)], 19 * B, B),
    ("de-microsoft-facebook.txt", "stake"): stake("0.016", "0.001", 240 * M, 10 * M, 15 * B, B),
    ("de-twitter.txt", "change"): change("54.20", "39.31", "0.01", "0.38", "0.01"),
    ("en-kenvue.txt", "change"): change("21.01", "14.37", "0.01", "0.46", "0.01"),
    # $ -> GBP through the euro, "about $32 billion" a whole unit either way.
    ("en-kenvue.txt", "conversion"): (lambda r: verdict(
        32 * B * r, corners(lambda a: a * r, band(32 * B, B, "about")), band(F("24.4") * B, B // 10)
    ))(per_eur("2025-11-03", "GBP") / per_eur("2025-11-03", "USD")),
    ("fr-lvmh.txt", "change"): (lambda: verdict(
        (F("42.2") - F("41.7")) / F("42.2"),
        corners(lambda n, b: (b - n) / b, band(F("41.7"), F("0.1")), band(F("42.2"), F("0.1"))),
        band(F("0.01"), F("0.01")),
    ))(),
}

labels = tomllib.loads((Path(__file__).parent / "labels.toml").read_text())
bad = 0
for r in labels["relation"]:
    want = EXPECTED[(r["file"], r["kind"])]
    mark = "ok" if want == r["verdict"] else "MISMATCH"
    bad += mark != "ok"
    print(f"{mark:8} {r['file']:26} {r['kind']:10} computed {want:6} labelled {r['verdict']}")
sys.exit(1 if bad else 0)
