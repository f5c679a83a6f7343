"""The Python package against independent values: the ECB's CSV with exact
fractions, the euro's legal fixed rates, and the command line row for row.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest

import dealcalc

ROOT = Path(__file__).resolve().parents[2]
ECB = ROOT / "data" / "ecb" / "eurofxref-hist.csv"


def cli() -> str:
    """The command line to compare with: $DEALCALC_BIN, else the debug or
    release build."""
    for candidate in (
        os.environ.get("DEALCALC_BIN"),
        ROOT / "target" / "debug" / "dealcalc",
        ROOT / "target" / "release" / "dealcalc",
        shutil.which("dealcalc"),
    ):
        if candidate and Path(candidate).exists():
            return str(candidate)
    pytest.skip("no dealcalc binary: build it with `cargo build`")


def ecb_rates() -> dict:
    """Units of each currency per euro, by date, exactly as printed."""
    rates: dict = {}
    with open(ECB, newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        for row in rows:
            day = dt.date.fromisoformat(row[0])
            rates[day] = {
                code: Fraction(v)
                for code, v in zip(header[1:], row[1:])
                if code and v not in ("", "N/A")
            }
    return rates


def test_one_conversion_with_its_provenance():
    c = dealcalc.convert("$100M", to="EUR", on="2025-07-08")
    # 100,000,000 / 1.1718, the ECB's USD of 2025-07-08.
    assert c.amount == Decimal("85338795.02")
    assert c.currency == "EUR"
    assert c.rate_date == dt.date(2025, 7, 8)
    assert c.inverse_rate == Decimal("1.1718")
    assert not c.stale and not c.latest_available
    assert "European Central Bank" in c.source


def test_a_legal_fixed_rate_beats_a_market_rate():
    # 1 EUR = 1.95583 DEM, fixed by law on 1998-12-31.
    c = dealcalc.convert("DEM 1,000", to="EUR", on="2001-06-01")
    assert c.amount == Decimal("511.29")
    assert c.fixed_rate is not None


def test_parse_reads_as_the_command_line_does():
    assert dealcalc.parse("$14.3B") == dealcalc.Amount(Decimal("14300000000"), "currency", "USD")
    assert dealcalc.parse("49%").value == Decimal("0.49")
    assert dealcalc.parse("10.000 €", numbers="eu").value == Decimal("10000")


def test_errors_carry_where_and_what():
    with pytest.raises(dealcalc.AmountError) as e:
        dealcalc.parse("$12 zillion")
    assert isinstance(e.value, dealcalc.Error)
    assert e.value.message == str(e.value)
    assert "zillion" in str(e.value)
    assert e.value.text == "zillion"
    assert e.value.column == 5
    assert e.value.hint
    with pytest.raises(dealcalc.Error) as e:
        dealcalc.parse("10.000 €")
    assert "ambiguous" in str(e.value)


def test_a_scenario_evaluates_and_checks():
    toml = (ROOT / "tests" / "data" / "offers-scenarios.toml").read_text()
    v = dealcalc.evaluate(toml)
    bull = v["offers"]["paris"]["scenarios"]["bull"]["reporting"]["kept_after_tax"]
    assert bull == {"amount": Decimal("342260.84"), "currency": "EUR"}
    assert dealcalc.check(toml)["all_hold"] is True
    with pytest.raises(dealcalc.ScenarioError) as e:
        dealcalc.evaluate('[offers.o]\nstart = 2025-01-01\n[[offers.o.pay]]\nkind = "salary"\namount = "$12 zillion"\nyears = 1\n')
    assert e.value.line == 5


def test_valuation_of_a_stake_and_a_price():
    # $14.3B for 49%: $29,183,673,469.39 post-money (14.3B / 0.49).
    v = dealcalc.valuation(stake="49%", price="$14.3B")
    assert v["post_money"]["amount"] == Decimal("29183673469.39")
    with pytest.raises(dealcalc.Error):
        dealcalc.valuation(stake="149%", price="$14.3B")


def test_rates_from_toml_and_the_built_in_table_shared():
    r = dealcalc.Rates.from_toml('base = "EUR"\nsource = "mine"\n[rates.2025-01-02]\nUSD = "1.25"\n')
    c = dealcalc.convert("€100", to="USD", on="2025-01-02", rates=r)
    assert c.amount == Decimal("125.00")
    assert c.source == "mine"
    assert dealcalc.Rates.builtin().first_date == "1999-01-04"
    with pytest.raises(dealcalc.RateError) as e:
        dealcalc.Rates.from_toml('base = "EUR"\n[rates.2025-01-02]\nUSD = "one"\n')
    assert e.value.line == 3


def random_rows(n: int, seed: int = 7):
    """Random dated conversions, as benches/gen_rows.py writes them."""
    rng = random.Random(seed)
    codes = ["USD", "JPY", "GBP", "CHF", "AUD", "CAD", "NOK", "SEK", "DKK", "EUR", "HKD", "NZD"]
    start = dt.date(2000, 1, 1).toordinal()
    end = dt.date(2026, 10, 30).toordinal()
    rows = []
    for _ in range(n):
        day = dt.date.fromordinal(rng.randint(start, end))
        amount = Decimal(rng.randint(1, 10**9)) / 100
        rows.append((day, amount, rng.choice(codes), rng.choice(codes)))
    return rows


def test_arrow_rows_equal_exact_fractions_of_the_ecb_csv():
    pa = pytest.importorskip("pyarrow")
    rates = ecb_rates()
    rows = [r for r in random_rows(2_000, seed=11) if r[0] in rates]
    out = dealcalc.convert_arrow(
        pa.array([r[1] for r in rows], pa.decimal128(20, 2)),
        from_=pa.array([r[2] for r in rows]),
        to=pa.array([r[3] for r in rows]),
        dates=pa.array([r[0] for r in rows], pa.date32()),
    )
    minor = {"JPY": 0}
    for (day, amount, src, dst), got, cur in zip(
        rows, out.column("result").to_pylist(), out.column("result_currency").to_pylist()
    ):
        per = rates[day]
        f = Fraction(1) if src == "EUR" else per[src]
        t = Fraction(1) if dst == "EUR" else per[dst]
        exact = Fraction(amount) * t / f
        q = Decimal(1).scaleb(-minor.get(dst, 2))
        # Half up on the exact fraction: its digits well past the cent.
        want = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(q, ROUND_HALF_UP)
        assert cur == dst
        assert got == want, (day, amount, src, dst)


def test_arrow_equals_the_command_line_on_100000_rows(tmp_path):
    pa = pytest.importorskip("pyarrow")
    rows = random_rows(100_000)
    path = tmp_path / "rows.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["date", "amount", "from", "to"])
        for day, amount, src, dst in rows:
            w.writerow([day.isoformat(), str(amount), src, dst])
    done = subprocess.run(
        [cli(), "convert", "--batch", str(path), "--format", "csv", "--on-error", "mark"],
        capture_output=True, text=True, check=False, env={**os.environ, "DEALCALC_RATES": ""},
    )
    assert done.returncode in (0, 1), done.stderr
    expected = list(csv.DictReader(done.stdout.splitlines()))
    out = dealcalc.convert_arrow(
        pa.array([str(r[1]) for r in rows]),
        pa.array([r[2] for r in rows]),
        pa.array([r[3] for r in rows]),
        pa.array([r[0].isoformat() for r in rows]),
        on_error="null",
    )
    results = out.column("result").to_pylist()
    rate_dates = out.column("rate_date").to_pylist()
    stale = out.column("stale").to_pylist()
    assert len(expected) == len(rows)
    for i, row in enumerate(expected):
        if row.get("result", "") == "":
            assert results[i] is None, row
            continue
        assert results[i] == Decimal(row["result"]), (i, row)
        assert rate_dates[i].isoformat() == row["rate_date"], (i, row)
        assert stale[i] == (row["stale"] == "true"), (i, row)


def test_polars_expression_equals_arrow():
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    import dealcalc.polars as dpl

    rows = random_rows(20_000, seed=3)
    df = pl.DataFrame(
        {
            "amount": pl.Series([r[1] for r in rows], dtype=pl.Decimal(20, 2)),
            "date": [r[0] for r in rows],
            "from": [r[2] for r in rows],
            "to": [r[3] for r in rows],
        }
    )
    got = df.with_columns(
        dpl.convert(pl.col("amount"), from_=pl.col("from"), to="to", on=pl.col("date"), on_error="null").alias("converted")
    )
    arrow = dealcalc.convert_arrow(
        pa.array([r[1] for r in rows], pa.decimal128(20, 2)),
        pa.array([r[2] for r in rows]),
        pa.array([r[3] for r in rows]),
        pa.array([r[0] for r in rows], pa.date32()),
        on_error="null",
    )
    result = got["converted"].struct.field("result").to_list()
    assert result == arrow.column("result").to_pylist()
    for field in ("rate_date", "rate", "result_currency", "stale", "fixed_rate", "error"):
        assert got["converted"].struct.field(field).to_list() == arrow.column(field).to_pylist(), field
    # Strings as Polars holds them (string views), and a currency code for
    # every row.
    text = df.with_columns(pl.col("amount").cast(pl.String), pl.col("date").cast(pl.String))
    again = text.select(dpl.convert("amount", "from", "EUR", "date", on_error="null").alias("c"))
    to_eur = dealcalc.convert_arrow(
        pa.array([str(r[1]) for r in rows]),
        pa.array([r[2] for r in rows]),
        "EUR",
        pa.array([r[0].isoformat() for r in rows]),
        on_error="null",
    )
    assert again["c"].struct.field("result").to_list() == to_eur.column("result").to_pylist()


def test_spark_in_local_mode_equals_arrow():
    pytest.importorskip("pyspark")
    pa = pytest.importorskip("pyarrow")
    if not shutil.which("java"):
        pytest.skip("Spark needs Java")
    from pyspark.sql import SparkSession

    import dealcalc.spark as dspark

    # The workers run this interpreter, where dealcalc is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("dealcalc-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    try:
        rows = random_rows(5_000, seed=5)
        df = spark.createDataFrame(
            [(str(r[1]), r[0], r[2], r[3]) for r in rows],
            "amount string, date date, from string, to string",
        ).repartition(2)
        got = dspark.convert(df, amount="amount", from_="from", to="to", on="date", on_error="null")
        by_key = {
            (r["amount"], r["date"], r["from"], r["to"]): r["result"] for r in got.collect()
        }
        arrow = dealcalc.convert_arrow(
            pa.array([str(r[1]) for r in rows]),
            pa.array([r[2] for r in rows]),
            pa.array([r[3] for r in rows]),
            pa.array([r[0] for r in rows], pa.date32()),
            on_error="null",
        )
        for r, want in zip(rows, arrow.column("result").to_pylist()):
            assert by_key[(str(r[1]), r[0], r[2], r[3])] == want, r
    finally:
        spark.stop()


def test_the_readme_examples_print_what_it_shows(capsys):
    """The README's Python blocks run, and each `print` prints the comment
    under it (up to a parenthesis)."""
    import re

    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## In Python") : readme.index("## Speed")]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) >= 4
    first = blocks[0]
    expected = [
        line[2:].split(" (")[0]
        for line in first.splitlines()
        if line.startswith("# ")
    ]
    exec(compile(first, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed == expected
    # The pandas block runs and joins a result per row.
    scope: dict = {}
    exec(compile(blocks[1], "README.md", "exec"), scope)
    assert [str(v) for v in scope["df"]["result"]] == ["13933.14", "85.34"]


def test_scan_an_article():
    # Microsoft-LinkedIn, 2016-06-13: $26.2 billion at the ECB's 1.1268 is
    # 23,251,686,190.98 euros (26.2e9 / 1.1268 by hand, rounded to the
    # cent), outside "23,2 milliards" as printed, but $26.15 billion,
    # which prints as 26,2, gives 23.2073: it holds within the inputs'
    # rounding.
    text = (
        "13 juin 2016\n\nMicrosoft va racheter LinkedIn pour 26,2 milliards de dollars "
        "(23,2 milliards d'euros), sa plus grosse acquisition.\n"
    )
    r = dealcalc.scan(text)
    assert (r["date"], r["date_from"], r["lang"]) == ("2016-06-13", "dateline", "fr")
    rel = r["relations"][0]
    assert rel["kind"] == "conversion" and rel["verdict"] == "holds"
    assert rel["precision"] == "inputs"
    exact = (Fraction(26_200_000_000) / Fraction("1.1268")).limit_denominator(10**12)
    assert rel["computed"]["amount"] == Decimal(round(exact * 100)) / 100
    assert rel["figures"] == ["26,2 milliards de dollars", "23,2 milliards d'euros"]
    # No date: the conversion is not judged on another day.
    r = dealcalc.scan("Meta offered $100 million (85 million euros).")
    assert r["relations"][0]["verdict"] == "unchecked"
    assert r["relations"][0]["unchecked"] == "no date: pass --date"
    r = dealcalc.scan("Meta offered $100 million (85 million euros).", date=dt.date(2025, 7, 8))
    assert r["relations"][0]["verdict"] == "holds"
    with pytest.raises(dealcalc.Error) as e:
        dealcalc.scan("\x00\x01PK")
    assert "binary" in str(e.value)
    assert e.value.hint


def test_bad_rows_raise_by_what_is_wrong():
    pa = pytest.importorskip("pyarrow")
    # 100 USD on 2025-07-08 at the ECB's 1.1718 dollars a euro: 85.34 EUR,
    # at the rate 1/1.1718 to 28 places.
    ok = dealcalc.convert_arrow(pa.array(["100"]), "USD", "EUR", pa.array(["2025-07-08"]))
    assert ok.column("result").to_pylist() == [Decimal("85.34")]
    assert ok.column("rate").to_pylist() == [str((Decimal(1) / Decimal("1.1718")).normalize())]
    with pytest.raises(dealcalc.AmountError) as e:
        dealcalc.convert_arrow(pa.array(["100", "ten"]), "USD", "EUR", pa.array(["2025-07-08"] * 2))
    assert e.value.line == 2
    with pytest.raises(dealcalc.RateError):
        dealcalc.convert_arrow(pa.array(["100"]), "USX", "EUR", pa.array(["2025-07-08"]))
    with pytest.raises(dealcalc.RateError):
        dealcalc.convert_arrow(pa.array(["100"]), "USD", "EUR", pa.array(["1990-01-02"]))
    with pytest.raises(dealcalc.AmountError):
        dealcalc.convert_arrow(pa.array([1.5]), "USD", "EUR", pa.array(["2025-07-08"]))
    # Marked rows: null fields and the reason.
    marked = dealcalc.convert_arrow(
        pa.array(["100", "ten"]), "USD", "EUR", pa.array(["2025-07-08"] * 2), on_error="mark"
    )
    assert marked.column("result").to_pylist() == [Decimal("85.34"), None]
    assert "row 2" in marked.column("error").to_pylist()[1]
    # An argument's error says so in `message` too.
    with pytest.raises(dealcalc.Error) as e:
        dealcalc.convert("$1", to="EUR", on="not a date")
    assert e.value.message == "`not a date` is not a calendar date (on)"


def test_the_contracts_names():
    # A bare number in `from_`'s currency: 100 USD at 1.1718 is 85.34 EUR.
    c = dealcalc.convert("100", to="EUR", on="2025-07-08", from_="USD")
    assert c.result == dealcalc.Money(Decimal("85.34"), "EUR")
    assert c.rule is None
    # A currency the euro replaced: the legal rate of 1998, a rule of law.
    dem = dealcalc.convert("DEM 1,000", to="EUR", on="2001-06-01")
    assert dem.result.amount == Decimal("511.29")
    assert dem.rule
    assert dealcalc.parse("$14.3B").amount == Decimal("14300000000")
    with pytest.raises(dealcalc.RateError):
        dealcalc.convert("100", to="EUR", on="2025-07-08", from_="USX")
    with pytest.raises(dealcalc.Error) as e:
        dealcalc.convert("$100", to="EUR", on="2025-07-08", basis="monthly")
    assert "monthly" in e.value.message


def test_a_table_laid_over_the_built_in_one():
    mine = dealcalc.Rates.from_toml('base = "EUR"\nsource = "mine"\n[rates.2025-07-08]\nUSD = "1.25"\n')
    both = dealcalc.Rates.builtin().layer(mine)
    # Its own day: $100 / 1.25 = 80 EUR; the day before, the ECB's 1.1728
    # (eurofxref-hist.csv, 2025-07-07): 100 / 1.1728 = 85.27 EUR.
    assert dealcalc.convert("$100", to="EUR", on="2025-07-08", rates=both).amount == Decimal("80.00")
    before = dealcalc.convert("$100", to="EUR", on="2025-07-07", rates=both)
    assert before.amount == Decimal("85.27")
    assert "mine" in both.source
    dollars = dealcalc.Rates.from_toml('base = "USD"\n[rates.2025-07-08]\nEUR = "0.85"\n')
    with pytest.raises(dealcalc.RateError):
        dealcalc.Rates.builtin().layer(dollars)
