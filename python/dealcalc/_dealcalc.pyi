"""The compiled core of dealcalc (Rust, through PyO3): use the functions of
``dealcalc`` itself, which decode its JSON into Decimals and dates."""

from typing import Any, Optional, Tuple

class Error(ValueError):
    """A figure, table or scenario dealcalc cannot read, or a conversion
    it cannot make."""

    message: str
    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    text: Optional[str]
    hint: Optional[str]

class AmountError(Error):
    """An amount dealcalc cannot read: ``$12 zillion``, ``1.000`` (a
    thousand, or one?), a float."""

class RateError(Error):
    """A conversion without a rate: an unknown currency, a date before its
    first rate or too long after its last; a rate table it cannot read."""

class ScenarioError(Error):
    """A scenario file dealcalc cannot read or evaluate."""

class Rates:
    """A rate table: the ECB's history built in, or one from TOML."""

    @staticmethod
    def builtin() -> "Rates": ...
    @staticmethod
    def from_toml(text: str, name: str = "rates.toml") -> "Rates": ...
    def layer(self, *others: "Rates") -> "Rates":
        """This table with ``others`` over it: for the same date and
        currency, a later table's rate wins."""
    @property
    def source(self) -> str: ...
    @property
    def first_date(self) -> str: ...
    @property
    def last_date(self) -> str: ...
    @property
    def base(self) -> str: ...

def parse(text: str, numbers: Optional[str] = None) -> Tuple[str, str, Optional[str]]: ...
def convert(
    amount: str,
    to: str,
    on: str,
    rates: Optional[Rates] = None,
    numbers: Optional[str] = None,
    rounding: Optional[str] = None,
    from_: Optional[str] = None,
) -> str: ...
def scenario(
    text: str,
    name: str = "scenario.toml",
    claims_only: bool = False,
    rates: Optional[Rates] = None,
    today: Optional[str] = None,
    numbers: Optional[str] = None,
) -> str: ...
def scan(
    text: str,
    date: Optional[str] = None,
    lang: Optional[str] = None,
    name: str = "article.txt",
    rates: Optional[Rates] = None,
) -> str: ...
def convert_batch(
    batch: Any,
    rates: Optional[Rates] = None,
    on_error: str = "raise",
    rounding: Optional[str] = None,
) -> Any: ...
