#!/usr/bin/env python3
"""DuckDB's way, as a whole process: the rows and the ECB history read by
DuckDB, an ASOF JOIN on each currency and the rates as DECIMAL(38, 10),
the result rounded to the target's minor unit.

    python benches/peer_duckdb.py ROWS.csv eurofxref-hist.csv OUT.csv"""
import sys

import duckdb

rows, hist_path, out = sys.argv[1:4]
con = duckdb.connect()
con.execute(f"CREATE TABLE wide AS SELECT * FROM read_csv('{hist_path}', header = true, nullstr = 'N/A', all_varchar = true)")
columns = [c for (c,) in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'wide'").fetchall() if c != "Date" and not c.startswith("column")]
unions = " UNION ALL ".join(f"SELECT CAST(\"Date\" AS DATE) AS d, '{c}' AS cur, CAST(\"{c}\" AS DECIMAL(38, 10)) AS rate FROM wide WHERE \"{c}\" IS NOT NULL" for c in columns)
con.execute(f"CREATE TABLE hist AS {unions} UNION ALL SELECT CAST(\"Date\" AS DATE), 'EUR', 1 FROM wide")
con.execute(f"""
COPY (
  SELECT r.date, r.amount, r."from", r."to",
         round(CAST(r.amount AS DECIMAL(38, 2)) * b.rate / a.rate,
               CASE WHEN r."to" IN ('JPY', 'KRW', 'ISK') THEN 0 ELSE 2 END) AS result
  FROM (SELECT *, row_number() OVER () AS i FROM read_csv('{rows}', header = true, types = {{'date': 'DATE', 'amount': 'VARCHAR'}})) r
  ASOF LEFT JOIN hist a ON a.cur = r."from" AND r.date >= a.d
  ASOF LEFT JOIN hist b ON b.cur = r."to" AND r.date >= b.d
  ORDER BY r.i
) TO '{out}' (HEADER, DELIMITER ',')
""")
