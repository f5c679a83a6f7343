"""dealcalc in Polars: a column expression that converts each row exactly.

    >>> import polars as pl, dealcalc.polars as dpl
    >>> df.with_columns(dpl.convert(pl.col("amount"), from_=pl.col("ccy"), to="EUR", on=pl.col("date")).alias("eur"))

The result is a struct of ``result`` (a Decimal at the target's minor unit),
``result_currency``, ``rate`` (exact, as text), ``rate_date``, ``stale``,
``latest_available``, ``fixed_rate`` and ``error``: unnest it with
``.struct.unnest()``. Each batch goes to Rust through Arrow, without copies
where Polars allows, converted as ``dealcalc convert --batch`` does.
"""

from __future__ import annotations

from typing import Optional, Union

import polars as pl

import dealcalc

ColumnLike = Union[str, pl.Expr]


def _col(c: ColumnLike) -> pl.Expr:
    return pl.col(c) if isinstance(c, str) else c


def _lit_or_col(c: ColumnLike, name: str) -> pl.Expr:
    """A currency: a column, or a code (3 letters) applying to every row."""
    if isinstance(c, str) and len(c) == 3 and c.isupper():
        return pl.lit(c).alias(name)
    return _col(c).alias(name)


def convert(
    amount: ColumnLike,
    from_: ColumnLike,
    to: ColumnLike,
    on: ColumnLike,
    rates: Optional[dealcalc.Rates] = None,
    on_error: str = "raise",
    rounding: str = "half-up",
    scale: int = 2,
) -> pl.Expr:
    """Converts ``amount`` (Decimal or string; never a float) dated ``on``
    from ``from_`` into ``to`` (columns or column names, or a currency code
    for every row). ``scale`` is the result's decimal places: 2 by default
    (yen fit it exactly); 3 where a target has three (the Kuwaiti dinar),
    which is an error otherwise, never a rounding. A bad row raises
    ``dealcalc.AmountError`` or ``dealcalc.RateError``; with
    ``on_error="null"`` or ``"mark"`` its fields are null and ``error``
    says why."""
    dtype = pl.Struct(
        {
            "result": pl.Decimal(38, scale),
            "result_currency": pl.String,
            "rate": pl.String,
            "rate_date": pl.Date,
            "stale": pl.Boolean,
            "latest_available": pl.Boolean,
            "fixed_rate": pl.Boolean,
            "error": pl.String,
        }
    )

    def run(s: pl.Series) -> pl.Series:
        frame = s.struct.unnest()
        amounts = frame["amount"]
        if amounts.dtype.is_float():
            raise dealcalc.AmountError(
                "amounts must be Decimal or strings, never floats: a float is not the amount written"
            )
        if not isinstance(amounts.dtype, pl.Decimal):
            amounts = amounts.cast(pl.String)
        # Polars' own string views, not copied into Arrow's older strings.
        newest = pl.CompatLevel.newest()
        table = dealcalc.convert_arrow(
            amounts.to_arrow(compat_level=newest),
            frame["from"].cast(pl.String).to_arrow(compat_level=newest),
            frame["to"].cast(pl.String).to_arrow(compat_level=newest),
            frame["date"].to_arrow(compat_level=newest),
            rates=rates,
            on_error=on_error,
            rounding=rounding,
        )
        got = table.schema.field("result").type.scale
        if got > scale:
            raise dealcalc.Error(
                f"a target currency has {got} decimal places: pass scale={got}"
            )
        frame = pl.from_arrow(table).with_columns(pl.col("result").cast(pl.Decimal(38, scale)))
        return frame.to_struct(s.name).cast(dtype)

    return pl.struct(
        _col(amount).alias("amount"),
        _col(on).alias("date"),
        _lit_or_col(from_, "from"),
        _lit_or_col(to, "to"),
    ).map_batches(run, return_dtype=dtype)
