"""dealcalc: exact arithmetic on money, with provenance.

Every amount is a ``decimal.Decimal`` (never a float) and every conversion
carries its rate, the date of that rate, its source and whether the rate
was stale, the latest available, or a legal fixed rate.

    >>> import dealcalc
    >>> c = dealcalc.convert("$100M", to="EUR", on="2025-07-08")
    >>> c.amount, c.currency, c.rate_date
    (Decimal('85338795.02'), 'EUR', datetime.date(2025, 7, 8))
    >>> c.inverse_rate
    Decimal('1.1718')

Columns of a table are converted with :func:`convert_arrow` (pyarrow),
:func:`dealcalc.polars.convert` (Polars) and :func:`dealcalc.spark.convert`
(Spark), row for row as ``dealcalc convert --batch``.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Optional, Union

from . import _dealcalc
from ._dealcalc import AmountError, Error, RateError, Rates, ScenarioError

# Every error says what went wrong in `message` (its first argument), as
# well as where: `file`, `line`, `column`, `text` and `hint`.
Error.message = property(  # type: ignore[attr-defined]
    lambda self: str(self.args[0]) if self.args else "",
    doc="What went wrong, in words.",
)

__all__ = [
    "Error",
    "AmountError",
    "RateError",
    "ScenarioError",
    "Rates",
    "Amount",
    "Money",
    "Conversion",
    "parse",
    "convert",
    "evaluate",
    "check",
    "scan",
    "valuation",
    "convert_arrow",
]

DateLike = Union[str, _dt.date]


def _day(on: Optional[DateLike]) -> str:
    if on is None:
        return _dt.date.today().isoformat()
    if isinstance(on, _dt.datetime):
        return on.date().isoformat()
    if isinstance(on, _dt.date):
        return on.isoformat()
    return str(on)


@dataclass(frozen=True)
class Money:
    """An amount of one currency: ``Money(Decimal('85338795.02'), 'EUR')``."""

    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Amount:
    """A figure as dealcalc reads it: ``parse("$14.3B")`` is
    ``Amount(value=Decimal('14300000000'), unit='currency', currency='USD')``;
    ``parse("49%")`` is ``Amount(Decimal('0.49'), 'percent', None)``."""

    value: Decimal
    unit: str
    currency: Optional[str]

    @property
    def amount(self) -> Decimal:
        """The value: ``parse("$14.3B").amount`` is ``Decimal('14300000000')``."""
        return self.value


def parse(text: str, numbers: Optional[str] = None) -> Amount:
    """Reads one figure (``$14.3B``, ``85 millions d'euros``, ``49%``).

    ``numbers`` reads a lone separator before three digits: ``"en"``
    (``1,500.25``) or ``"eu"`` (``1.500,25``); without it ``10.000`` is
    refused with both readings.

    >>> parse("$14.3B")
    Amount(value=Decimal('14300000000'), unit='currency', currency='USD')
    """
    value, unit, currency = _dealcalc.parse(text, numbers)
    return Amount(Decimal(value), unit, currency)


@dataclass(frozen=True)
class Conversion:
    """One conversion, with its provenance.

    ``amount`` is rounded to the target's minor unit by the rounding asked
    for; ``exact`` is the result before that rounding (held, past 28 digits,
    two places past the minor unit so that it rounds as the exact figure
    does)."""

    source_amount: Decimal
    source_currency: str
    amount: Decimal
    exact: Decimal
    currency: str
    rate: Decimal
    inverse_rate: Decimal
    on: _dt.date
    rate_date: _dt.date
    stale: bool
    latest_available: bool
    fixed_rate: Optional[str]
    source: str

    @property
    def result(self) -> Money:
        """The converted amount: ``Money(Decimal('85338795.02'), 'EUR')``."""
        return Money(self.amount, self.currency)

    @property
    def rule(self) -> Optional[str]:
        """The rule of law that set the rate (a currency the euro
        replaced: its irrevocably fixed rate), or None for a market rate."""
        return self.fixed_rate


def convert(
    amount: str,
    to: str,
    on: Optional[DateLike] = None,
    from_: Optional[str] = None,
    basis: str = "daily",
    rates: Optional[Rates] = None,
    numbers: Optional[str] = None,
    rounding: str = "half-up",
) -> Conversion:
    """Converts ``amount`` (as written: ``"$100M"``, ``"85 millions
    d'euros"``) into ``to`` at the rates of ``on`` (default: today), by the
    built-in ECB history or ``rates``. A currency the euro replaced is
    converted at its legal fixed rate (1 EUR = 1.95583 DEM), never a market
    rate.

    >>> convert("DEM 1,000", to="EUR", on="2001-06-01").amount
    Decimal('511.29')

    ``from_`` is the currency of an amount written without one
    (``convert("100", to="EUR", from_="USD")``). ``basis`` is the day's
    rate (``"daily"``); the period averages of the command line's
    ``--basis`` are refused here rather than ignored.
    """
    if basis != "daily":
        raise Error(
            f"basis {basis!r} is not available in Python: only 'daily' "
            "(the command line's --basis averages over a period)"
        )
    text = _dealcalc.convert(amount, to, _day(on), rates, numbers, rounding, from_)
    j = _json.loads(text)
    return Conversion(
        source_amount=Decimal(j["from"]["amount"]),
        source_currency=j["from"]["currency"],
        amount=Decimal(j["to"]["amount"]),
        exact=Decimal(j["to"].get("exact", j["to"]["amount"])),
        currency=j["to"]["currency"],
        rate=Decimal(j["rate"]),
        inverse_rate=Decimal(j["inverse_rate"]),
        on=_dt.date.fromisoformat(j["on"]),
        rate_date=_dt.date.fromisoformat(j["rate_date"]),
        stale=bool(j["stale"]),
        latest_available=bool(j["latest_available"]),
        fixed_rate=j.get("rule"),
        source=j["source"],
    )


def _decimals(v: Any) -> Any:
    """The library's JSON with every money amount a Decimal."""
    if isinstance(v, dict):
        out = {k: _decimals(x) for k, x in v.items()}
        if set(out) >= {"amount", "currency"} and isinstance(out["amount"], str):
            try:
                out["amount"] = Decimal(out["amount"])
            except ArithmeticError:
                pass
        return out
    if isinstance(v, list):
        return [_decimals(x) for x in v]
    return v


def evaluate(
    toml: str,
    rates: Optional[Rates] = None,
    today: Optional[DateLike] = None,
    name: str = "scenario.toml",
    numbers: Optional[str] = None,
) -> dict:
    """Evaluates a scenario file's text (offers, deals, companies and
    claims) into the dict ``dealcalc eval --format json`` prints, every
    money amount a ``Decimal``. ``today`` is the default ``as_of``."""
    text = _dealcalc.scenario(toml, name, False, rates, _day(today), numbers)
    return _decimals(_json.loads(text))


def scan(
    text: str,
    date: Optional[DateLike] = None,
    lang: Optional[str] = None,
    name: str = "article.txt",
    rates: Optional[Rates] = None,
) -> dict:
    """An article's figures found, related and checked: the dict
    ``dealcalc scan --format json`` prints (``figures``, ``relations``
    each with its ``verdict``, ``unrelated``), every money amount a
    ``Decimal``. HTML is read for its body (name it ``.html``, or pass the
    page); ``date`` and ``lang`` (en, fr, de, es, it, nl) override what the
    article says.

    >>> r = scan("Meta offered $100 million (85 million euros).", date="2025-07-08")
    >>> r["relations"][0]["verdict"], r["relations"][0]["figures"]
    ('holds', ['$100 million', '85 million euros'])
    >>> r["relations"][0]["computed"]["amount"]
    Decimal('85338795.02')
    """
    text = _dealcalc.scan(text, None if date is None else _day(date), lang, name, rates)
    return _decimals(_json.loads(text))


def check(
    toml: str,
    rates: Optional[Rates] = None,
    today: Optional[DateLike] = None,
    name: str = "scenario.toml",
    numbers: Optional[str] = None,
) -> dict:
    """The claims of a scenario file, checked: the dict ``dealcalc check
    --format json`` prints, with ``all_hold``."""
    text = _dealcalc.scenario(toml, name, True, rates, _day(today), numbers)
    return _decimals(_json.loads(text))


def valuation(
    stake: Optional[str] = None,
    price: Optional[str] = None,
    post_money: Optional[str] = None,
    pre_money: Optional[str] = None,
    kind: Optional[str] = None,
    shares: Optional[str] = None,
    numbers: Optional[str] = None,
) -> dict:
    """A stake and a price (any two of stake, price, pre- and post-money)
    valued as ``dealcalc valuation`` does: the dict of its JSON, money as
    ``Decimal``s. ``kind`` is ``"primary"`` (new shares: pre = post -
    price) or ``"secondary"`` (existing shares: pre = post).

    >>> valuation(stake="49%", price="$14.3B")["post_money"]["amount"]
    Decimal('29183673469.39')
    """
    fields = {
        "stake": stake,
        "price": price,
        "post_money": post_money,
        "pre_money": pre_money,
        "kind": kind,
        "shares": shares,
    }
    lines = ["[deals.deal]"] + [
        f"{k} = {_json.dumps(v)}" for k, v in fields.items() if v is not None
    ]
    result = evaluate("\n".join(lines) + "\n", name="valuation", numbers=numbers)
    return result["deals"]["deal"]


def convert_arrow(
    amounts: Any,
    from_: Any,
    to: Any,
    dates: Any,
    rates: Optional[Rates] = None,
    on_error: str = "raise",
    rounding: str = "half-up",
) -> Any:
    """Converts columns (pyarrow arrays or chunked arrays, or anything
    ``pyarrow.array`` takes) row by row, as ``dealcalc convert --batch``:
    ``amounts`` decimal128 or strings (never floats), ``from_`` and ``to``
    currency codes (a single string applies to every row), ``dates`` date32
    or ``YYYY-MM-DD`` strings. Returns a ``pyarrow.Table`` of ``result``
    (decimal128 at the target's minor unit), ``result_currency``, ``rate``
    (exact, as text), ``rate_date``, ``stale``, ``latest_available``,
    ``fixed_rate`` and ``error``. A bad row raises ``dealcalc.AmountError``
    (its amount) or ``dealcalc.RateError`` (its currencies, date or rate);
    with ``on_error="null"`` or ``"mark"`` it comes back with its fields
    null and its reason in ``error``.

    100 USD on 2025-07-08 (the ECB's 1.1718 dollars a euro) is 85.34 EUR:

    >>> import pyarrow as pa
    >>> t = convert_arrow(pa.array(["100"]), "USD", "EUR", pa.array(["2025-07-08"]))
    >>> str(t["result"][0]), str(t["rate"][0])
    ('85.34', '0.853387950162143710530807305')
    """
    import pyarrow as pa

    columns = []
    for col in (amounts, dates, from_, to):
        if isinstance(col, str):
            columns.append(col)
            continue
        if isinstance(col, pa.ChunkedArray):
            col = col.combine_chunks()
        elif not isinstance(col, pa.Array):
            col = pa.array(col)
        columns.append(col)
    n = next((len(c) for c in columns if not isinstance(c, str)), 0)
    columns = [pa.array([c] * n, pa.string()) if isinstance(c, str) else c for c in columns]
    if pa.types.is_floating(columns[0].type):
        raise AmountError(
            "amounts must be decimal128 or strings, never floats: a float is not the amount written"
        )
    batch = pa.record_batch(columns, names=["amount", "date", "from", "to"])
    out = _dealcalc.convert_batch(batch, rates, on_error, rounding)
    return pa.table(out)
