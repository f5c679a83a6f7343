#!/usr/bin/env bash
# Side-by-side comparison with peers, as whole processes on the same rows.
#   benches/compare.sh [ROWS] [LEDGER_ROWS]
# Installs what it needs: currencyconverter 0.18.23, Polars 2.1.0 and DuckDB
# 2.0.1 from PyPI (in a venv), ledger, hledger and hyperfine from Debian's
# packages. Prints the times and the ratios, and checks every row of
# dealcalc, Polars and DuckDB against exact arithmetic done independently
# (benches/exact_check.py: Python's fractions on the ECB's figures), and
# that dealcalc and currencyconverter agree on every row.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
ledger_rows=${2:-5000}
work=${WORK:-/tmp/dealcalc-compare}
mkdir -p "$work"

if ! command -v ledger >/dev/null || ! command -v hledger >/dev/null || ! command -v hyperfine >/dev/null; then
  apt-get update -qq && apt-get install -y -qq ledger hledger hyperfine >/dev/null
fi
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q currencyconverter==0.18.23
fi
"$work/venv/bin/pip" install -q polars==2.1.0 duckdb==2.0.1
cargo build --release --quiet
bin=target/release/dealcalc

python3 benches/gen_rows.py "$rows" > "$work/rows.csv"
python3 benches/gen_rows.py "$ledger_rows" > "$work/rows-small.csv"

echo "== start-up: one conversion with the built-in history vs --version"
hyperfine -N --warmup 20 --runs 300 --export-json "$work/startup.json" \
  "$bin --version" "$bin convert \$100M --to EUR --on 2025-07-08"

echo "== 10,000 offers (salary, bonus, equity monthly with cliff), eval"
python3 benches/gen_offers.py 10000 > "$work/offers.toml"
hyperfine --warmup 1 --runs 5 --export-json "$work/offers.json" \
  "$bin eval $work/offers.toml --output $work/offers.txt" \
  "$bin eval $work/offers.toml --format json --output $work/offers.json.out"

echo "== $rows rows: dealcalc convert --batch"
hyperfine --warmup 1 --runs 5 --export-json "$work/dealcalc.json" \
  "$bin convert --batch $work/rows.csv --output $work/dealcalc.csv"
/usr/bin/time -f "peak memory: %M KB" "$bin" convert --batch "$work/rows.csv" --output "$work/dealcalc.csv"

echo "== $rows rows side by side, whole processes, interleaved: dealcalc, Polars join_asof (floats), DuckDB ASOF JOIN (DECIMAL(38, 10))"
hist=data/ecb/eurofxref-hist.csv
hyperfine --warmup 1 --runs 5 --export-json "$work/peers.json" \
  -n dealcalc "$bin convert --batch $work/rows.csv --output $work/dealcalc.csv" \
  -n "polars join_asof" "$work/venv/bin/python benches/peer_polars.py $work/rows.csv $hist $work/polars.csv" \
  -n "duckdb asof join" "$work/venv/bin/python benches/peer_duckdb.py $work/rows.csv $hist $work/duckdb.csv"
for who in polars duckdb; do
  script=benches/peer_$who.py
  /usr/bin/time -f "$who peak memory: %M KB" "$work/venv/bin/python" "$script" "$work/rows.csv" "$hist" "$work/$who.csv"
done
echo "== every row against exact arithmetic"
python3 benches/exact_check.py "$work/rows.csv" "$hist" \
  dealcalc="$work/dealcalc.csv" polars="$work/polars.csv" duckdb="$work/duckdb.csv"

echo "== $rows rows: currencyconverter (decimal=True)"
hyperfine --runs 1 --export-json "$work/cc.json" \
  "$work/venv/bin/python benches/cc_convert.py < $work/rows.csv > $work/cc.csv"

echo "== agreement after rounding to the minor unit"
python3 - "$work/dealcalc.csv" "$work/cc.csv" <<'PY'
import csv, sys
a = csv.reader(open(sys.argv[1])); b = csv.reader(open(sys.argv[2]))
next(a); next(b)
rows = differ = 0
for x, y in zip(a, b):
    rows += 1
    if x[4] != y[4]:
        differ += 1
        if differ <= 5:
            print("differs:", x[:5], y[4])
print(f"{rows} rows, {differ} differ")
PY

echo "== $ledger_rows rows: ledger and hledger (one run per target currency)"
rm -f "$work"/rows-*.journal
python3 benches/ledger_journal.py data/ecb/eurofxref-hist.csv "$work/rows-small.csv" "$work"
targets=$(ls "$work"/rows-*.journal | sed 's/.*rows-\(...\)\.journal/\1/' | tr '\n' ' ')
ledger_cmd=""
for t in $targets; do
  ledger_cmd+="ledger -f $work/rows-$t.journal register assets -X $t -H --no-color > /dev/null; "
done
hyperfine --runs 3 --export-json "$work/small.json" \
  -n dealcalc "$bin convert --batch $work/rows-small.csv --output $work/small.csv" \
  -n ledger "bash -c '$ledger_cmd'"
# hledger takes minutes per run on the 285,000 price directives: one target,
# once; the report multiplies it by the number of targets.
first=$(echo $targets | cut -d' ' -f1)
hyperfine --runs 1 --export-json "$work/hledger.json" -n "hledger ($first only)" \
  "hledger -f $work/rows-$first.journal register assets -V --value=then,$first > /dev/null"
echo "$targets" | wc -w > "$work/targets"

echo "== medians"
python3 - "$work" "$rows" "$ledger_rows" <<'PY'
import json, os, sys
work, rows, small = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
med = lambda f, i=0: json.load(open(os.path.join(work, f)))["results"][i]["median"]
v, one = med("startup.json", 0), med("startup.json", 1)
print(f"start-up: --version {v*1000:.2f} ms, one conversion {one*1000:.2f} ms, ratio {one/v:.2f}")
print(f"10,000 offers: eval text {med('offers.json', 0):.3f} s, json {med('offers.json', 1):.3f} s")
peers = json.load(open(os.path.join(work, "peers.json")))["results"]
for r in peers:
    print(f"{rows} rows: {r['command']} {r['median']:.3f} s, {r['median']/peers[0]['median']:.1f}x dealcalc")
d, c = med("dealcalc.json"), med("cc.json")
print(f"{rows} rows: dealcalc {d:.3f} s, currencyconverter {c:.3f} s, ratio {c/d:.1f}x")
s = json.load(open(os.path.join(work, "small.json")))["results"]
base = s[0]["median"]
for r in s:
    print(f"{small} rows: {r['command']} {r['median']:.3f} s, {r['median']/base:.1f}x dealcalc")
n = int(open(os.path.join(work, "targets")).read())
h = med("hledger.json") * n
print(f"{small} rows: hledger about {h:.1f} s ({n} targets x one timed run), {h/base:.0f}x dealcalc")
PY
