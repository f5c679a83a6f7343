"""dealcalc in Spark: a DataFrame's rows converted exactly, partition by
partition, through Arrow (``mapInArrow``): where one machine is not
enough, each executor runs the same Rust code as the command line.

    >>> import dealcalc.spark as dspark
    >>> dspark.convert(df, amount="amount", from_="ccy", to="EUR", on="date").show()

Adds ``result`` (DecimalType(38, s) at the targets' minor unit),
``result_currency``, ``rate`` (exact, as text), ``rate_date``, ``stale``,
``latest_available``, ``fixed_rate`` and ``error`` to the DataFrame's own
columns.
"""

from __future__ import annotations

from typing import Optional

import dealcalc


def _column_or_code(df, name: str, what: str):
    """A column of ``df`` by name, or a currency code (three letters) for
    every row; a name that is both is refused, never guessed."""
    is_column = name in df.columns
    is_code = len(name) == 3 and name.isalpha() and name.isupper()
    if is_column and is_code:
        raise dealcalc.Error(
            f"`{name}` ({what}) is both a column and a currency code: rename the column"
        )
    if is_column:
        return ("column", name)
    if is_code:
        return ("code", name)
    raise dealcalc.Error(f"`{name}` ({what}) is neither a column nor a currency code")


def convert(
    df,
    amount: str,
    from_: str,
    to: str,
    on: str,
    rates_toml: Optional[str] = None,
    on_error: str = "raise",
    rounding: str = "half-up",
    scale: int = 2,
):
    """Converts ``df[amount]`` (DecimalType or strings; never floats) dated
    ``df[on]`` from ``from_`` into ``to``, each a column's name or a
    currency code for every row (``to="EUR"``). ``rates_toml`` is a rate
    table's text (each executor reads it once); by default the built-in
    ECB history. ``scale`` is the result column's decimal places (2; 0 for
    yen only, 3 with dinars)."""
    sources = (_column_or_code(df, from_, "from_"), _column_or_code(df, to, "to"))
    import pyarrow as pa
    from pyspark.sql.types import (
        BooleanType,
        DateType,
        DecimalType,
        StringType,
        StructField,
        StructType,
    )

    added = [
        StructField("result", DecimalType(38, scale), True),
        StructField("result_currency", StringType(), True),
        StructField("rate", StringType(), True),
        StructField("rate_date", DateType(), True),
        StructField("stale", BooleanType(), True),
        StructField("latest_available", BooleanType(), True),
        StructField("fixed_rate", BooleanType(), True),
        StructField("error", StringType(), True),
    ]
    schema = StructType(list(df.schema.fields) + added)

    def run(batches):
        rates = dealcalc.Rates.from_toml(rates_toml) if rates_toml else None
        for batch in batches:
            amounts = batch.column(amount)
            if pa.types.is_floating(amounts.type):
                raise dealcalc.AmountError("amounts must be decimals or strings, never floats")
            currencies = [batch.column(v) if k == "column" else v for k, v in sources]
            out = dealcalc.convert_arrow(
                amounts,
                currencies[0],
                currencies[1],
                batch.column(on),
                rates=rates,
                on_error=on_error,
                rounding=rounding,
            )
            result = out.column("result").cast(pa.decimal128(38, scale))
            columns = list(batch.columns) + [result] + [
                out.column(f.name) for f in added[1:]
            ]
            yield pa.RecordBatch.from_arrays(
                [c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c for c in columns],
                names=[f.name for f in schema.fields],
            )

    return df.mapInArrow(run, schema)
