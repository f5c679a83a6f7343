#!/usr/bin/env python3
"""The Python paths side by side on the same random dated conversions
(benches/gen_rows.py), in one run: `dealcalc convert --batch` as a whole
process, `dealcalc.convert_arrow` on pyarrow columns, the Polars expression
`dealcalc.polars.convert`, and Polars' own `join_asof` on the ECB history
in floats (the usual way), each checked against the command line row for
row. Peak memory is each child's maximum resident set (ru_maxrss).

    python benches/python_bench.py [ROWS] [RUNS]

Needs the package (`pip install ./python`), pyarrow and polars, and a
release build (`cargo build --release`)."""

import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 3

CHILD = r'''
import sys, time, resource
from decimal import Decimal
import pyarrow as pa, pyarrow.csv as pacsv, polars as pl
import dealcalc, dealcalc.polars as dpl
path, what, out = sys.argv[1], sys.argv[2], sys.argv[3]
read = pacsv.ConvertOptions(column_types={"amount": pa.string(), "date": pa.string(), "from": pa.string(), "to": pa.string()})
t = pacsv.read_csv(path, convert_options=read)
dealcalc.Rates.builtin()


def run(t):
    if what == "arrow":
        r = dealcalc.convert_arrow(t["amount"], t["from"], t["to"], t["date"], on_error="null")
        result = r.column("result")
    elif what == "polars":
        df = pl.from_arrow(t)
        r = df.select(dpl.convert("amount", "from", "to", "date", on_error="null").struct.field("result"))
        result = r.to_arrow().column(0)
    elif what == "join_asof":
        # Polars' own way: the ECB history as floats, joined as of each date.
        hist = pl.read_csv(sys.argv[4], null_values="N/A", infer_schema_length=0)
        hist = hist.select([c for c in hist.columns if c]).with_columns(pl.col("Date").str.to_date()).sort("Date")
        long = hist.unpivot(index="Date", variable_name="cur", value_name="rate").with_columns(pl.col("rate").cast(pl.Float64)).drop_nulls()
        long = pl.concat([long, hist.select("Date").with_columns(pl.lit("EUR").alias("cur"), pl.lit(1.0).alias("rate"))]).sort("Date")
        df = pl.from_arrow(t).with_columns(pl.col("date").str.to_date(), pl.col("amount").cast(pl.Float64), pl.int_range(pl.len()).alias("i")).sort("date")
        f = df.join_asof(long.rename({"Date": "date", "cur": "from", "rate": "rf"}), on="date", by="from")
        f = f.join_asof(long.rename({"Date": "date", "cur": "to", "rate": "rt"}), on="date", by="to")
        f = f.sort("i").with_columns((pl.col("amount") * pl.col("rt") / pl.col("rf")).alias("result"))
        result = f.get_column("result").to_arrow()
    elif what == "duckdb":
        # DuckDB's ASOF JOIN on the ECB history, DECIMAL(38, 10) rates.
        import duckdb
        con = duckdb.connect()
        hist = pl.read_csv(sys.argv[4], null_values="N/A", infer_schema_length=0)
        hist = hist.select([c for c in hist.columns if c]).with_columns(pl.col("Date").str.to_date())
        long = hist.unpivot(index="Date", variable_name="cur", value_name="rate").drop_nulls()
        long = pl.concat([long, hist.select("Date").with_columns(pl.lit("EUR").alias("cur"), pl.lit("1").alias("rate"))])
        con.register("hist", long.to_arrow())
        con.register("rows", t)
        result = con.sql("""
            SELECT round(CAST(r.amount AS DECIMAL(38, 2)) * CAST(b.rate AS DECIMAL(38, 10)) / CAST(a.rate AS DECIMAL(38, 10)),
                         CASE WHEN r."to" IN ('JPY', 'ISK', 'KRW') THEN 0 ELSE 2 END) AS result
            FROM (SELECT *, row_number() OVER () AS i, CAST(date AS DATE) AS d FROM rows) r
            ASOF LEFT JOIN hist a ON a.cur = r."from" AND r.d >= a.Date
            ASOF LEFT JOIN hist b ON b.cur = r."to" AND r.d >= b.Date
            ORDER BY r.i
        """).to_arrow_table().column(0)
    return result


# Each path once on the first 1,000 rows: libraries' one-time set-up (pyarrow
# and Polars load parts of themselves on first use) is not a conversion.
run(t.slice(0, 1000))
start = time.perf_counter()
result = run(t)
elapsed = time.perf_counter() - start
with open(out, "w") as o:
    for v in result.to_pylist():
        o.write(("" if v is None else str(v)) + "\n")
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
'''


def main():
    work = Path(tempfile.mkdtemp())
    rows = work / "rows.csv"
    with open(rows, "w") as f:
        subprocess.run([sys.executable, ROOT / "benches" / "gen_rows.py", str(ROWS)], stdout=f, check=True)
    binary = ROOT / "target" / "release" / "dealcalc"
    cli_out = work / "cli.csv"
    child = work / "child.py"
    child.write_text(CHILD)
    paths = [("cli", "convert --batch (whole process)"), ("arrow", "convert_arrow"), ("polars", "dealcalc.polars.convert"), ("join_asof", "Polars join_asof, floats")]
    try:
        import duckdb  # noqa: F401
        paths.append(("duckdb", "DuckDB ASOF JOIN, DECIMAL(38, 10)"))
    except ImportError:
        pass
    # Rounds interleaved (each path once a round), so that the machine's
    # drift over the run falls on every path alike.
    times = {label: [] for _, label in paths}
    rss = {label: 0 for _, label in paths}
    # The command line's peak memory, measured by /usr/bin/time: a child of
    # this Python would inherit its peak through fork and exec.
    cli = [binary, "convert", "--batch", rows, "--output", cli_out, "--on-error", "mark"]
    peak = work / "peak.txt"
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak, *cli], check=True, env={**os.environ, "DEALCALC_RATES": ""})
    rss[paths[0][1]] = int(peak.read_text().split()[-1])
    for _ in range(RUNS):
        for what, label in paths:
            if what == "cli":
                start = time.perf_counter()
                subprocess.run(cli, check=True, env={**os.environ, "DEALCALC_RATES": ""})
                times[label].append(time.perf_counter() - start)
                continue
            out = work / f"{what}.txt"
            p = subprocess.run([sys.executable, child, rows, what, out, ROOT / "data" / "ecb" / "eurofxref-hist.csv"], capture_output=True, text=True, check=True)
            t, r = p.stdout.split()
            times[label].append(float(t))
            rss[label] = max(rss[label], int(r))
    best = {label: (min(times[label]), rss[label]) for _, label in paths}
    expected = [r["result"] for r in csv.DictReader(open(cli_out))]
    wrong = {}
    for what, label in paths:
        if what == "cli":
            continue
        got = (work / f"{what}.txt").read_text().splitlines()
        bad = 0
        for g, e in zip(got, expected):
            if e == "":
                continue
            if what == "duckdb":
                if g == "" or Decimal(g) != Decimal(e):
                    bad += 1
            elif what == "join_asof":
                # Floats, rounded half up to the cent as a spreadsheet would.
                if g == "" or Decimal(repr(float(g))).quantize(Decimal("0.01") if "." in e else Decimal(1), ROUND_HALF_UP) != Decimal(e):
                    bad += 1
            elif Decimal(g) != Decimal(e):
                bad += 1
        wrong[label] = bad
    wrong["convert --batch (whole process)"] = 0
    print(f"{ROWS:,} rows, best of {RUNS} interleaved rounds (median in parentheses)")
    print("| path | seconds | peak memory | rows differing from `convert --batch` |")
    print("|---|---|---|---|")
    for label, (t, peak) in best.items():
        median = sorted(times[label])[len(times[label]) // 2]
        print(f"| {label} | {t:.3f} ({median:.3f}) | {peak / 1024:.0f} MB | {wrong.get(label, 0):,} |")


if __name__ == "__main__":
    main()
