#!/usr/bin/env python3
"""Polars' way to convert dated amounts, as a whole process: the ECB history
joined as of each row's date (`join_asof`), in floats, the result rounded
half up to the target's minor unit as a spreadsheet would.

    python benches/peer_polars.py ROWS.csv eurofxref-hist.csv OUT.csv"""
import sys

import polars as pl

rows, hist_path, out = sys.argv[1:4]
hist = pl.read_csv(hist_path, null_values="N/A", infer_schema_length=0)
hist = hist.select([c for c in hist.columns if c]).with_columns(pl.col("Date").str.to_date()).sort("Date")
long = (
    hist.unpivot(index="Date", variable_name="cur", value_name="rate")
    .with_columns(pl.col("rate").cast(pl.Float64))
    .drop_nulls()
)
long = pl.concat([long, hist.select("Date").with_columns(pl.lit("EUR").alias("cur"), pl.lit(1.0).alias("rate"))]).sort("Date")
df = pl.read_csv(rows, schema_overrides={"date": pl.Date, "amount": pl.Float64})
df = df.with_columns(pl.int_range(pl.len()).alias("i")).sort("date")
df = df.join_asof(long.rename({"Date": "date", "cur": "from", "rate": "rf"}), on="date", by="from", check_sortedness=False)
df = df.join_asof(long.rename({"Date": "date", "cur": "to", "rate": "rt"}), on="date", by="to", check_sortedness=False)
places = pl.when(pl.col("to").is_in(["JPY", "KRW", "ISK"])).then(0).otherwise(2)
exact = pl.col("amount") * pl.col("rt") / pl.col("rf")
df = df.sort("i").with_columns(
    pl.when(places == 0).then((exact + 0.5).floor()).otherwise((exact * 100 + 0.5).floor() / 100).alias("result")
)
df.select("date", "amount", "from", "to", "result").write_csv(out, float_precision=2)
