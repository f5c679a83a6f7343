//! dealcalc for Python: the library's conversions, valuations and
//! scenarios, and whole Arrow record batches converted row by row, exactly.
//!
//! This crate only binds: it parses what Python hands it, calls the
//! dealcalc library with the GIL released, and hands back JSON text (the
//! library's own JSON, decoded into `Decimal`s by the `dealcalc` package)
//! or Arrow record batches. Errors become `dealcalc.Error` with the file,
//! line, column, text and hint the command line would show.
#![forbid(unsafe_code)]

use std::sync::{Arc, OnceLock};

use arrow_array::builder::{BooleanBuilder, Date32Builder, Decimal128Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Decimal128Type};
use arrow_array::{
    Array, ArrayRef, Date32Array, Decimal128Array, LargeStringArray, RecordBatch, StringArray,
    StringViewArray,
};
use arrow_schema::{DataType, Field, Schema};
use chrono::{Datelike, NaiveDate};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3_arrow::{PyRecordBatch, PyTable};
use rust_decimal::Decimal;

use dealcalc::amount::{Amount, Code, Numbers, Reading, Unit};
use dealcalc::batch::CodeCache;
use dealcalc::currency::Currency;
use dealcalc::error::Input;
use dealcalc::money::Rounding;
use dealcalc::rates::{DayRates, Digits, RateTable};
use dealcalc::report::{Style, json};

create_exception!(
    _dealcalc,
    Error,
    PyValueError,
    "A figure, rate table or scenario dealcalc cannot read, or a conversion it cannot make: \
     `file`, `line`, `column`, `text` and `hint` say where and what to do."
);

create_exception!(
    _dealcalc,
    AmountError,
    Error,
    "An amount dealcalc cannot read: `$12 zillion`, `1.000` (a thousand, or one?), a float."
);
create_exception!(
    _dealcalc,
    RateError,
    Error,
    "A conversion without a rate: an unknown currency, a date before its first rate or too long after its last."
);
create_exception!(
    _dealcalc,
    ScenarioError,
    Error,
    "A scenario file dealcalc cannot read or evaluate."
);

/// Which `dealcalc.Error` an error raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// `AmountError`: the figure itself.
    Amount,
    /// `RateError`: a currency or a rate.
    Rate,
    /// `ScenarioError`.
    Scenario,
    /// `Error` itself: an argument, a table, an article.
    Other,
}

impl Class {
    /// An exception of this class saying `message` (its `message`, which
    /// the package reads from its first argument).
    fn raise(self, message: String) -> PyErr {
        match self {
            Class::Amount => AmountError::new_err(message),
            Class::Rate => RateError::new_err(message),
            Class::Scenario => ScenarioError::new_err(message),
            Class::Other => Error::new_err(message),
        }
    }
}

/// A table and its rates laid out by day, built as conversions need them
/// and kept for the next call.
type Days = Arc<DayRates<Arc<RateTable>>>;

/// The built-in ECB history, decoded once for every call.
fn builtin() -> PyResult<Rates> {
    static TABLE: OnceLock<Result<Rates, String>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            RateTable::builtin()
                .map(|t| Rates::new(Arc::new(t)))
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(Error::new_err)
}

/// A library error as a `dealcalc.Error` of `class`, with where it points
/// in `text`.
fn error(py: Python<'_>, class: Class, e: &dealcalc::Error, text: &str) -> PyErr {
    let err = class.raise(e.message());
    let value = err.value(py);
    let (file, line, column) = e
        .location()
        .map_or((None, None, None), |(f, l, c)| (Some(f), Some(l), Some(c)));
    let offending = e.span().and_then(|s| text.get(s)).map(str::to_owned);
    // Setting an attribute on a fresh exception cannot fail but for memory.
    let _ = value.setattr("file", file);
    let _ = value.setattr("line", line);
    let _ = value.setattr("column", column);
    let _ = value.setattr("text", offending);
    let _ = value.setattr("hint", e.hint());
    err
}

fn reading(numbers: Option<&str>) -> PyResult<Reading> {
    Ok(Reading {
        numbers: numbers
            .map(|n| n.parse::<Numbers>().map_err(Error::new_err))
            .transpose()?,
        symbols: Vec::new(),
    })
}

fn date(text: &str, what: &str) -> PyResult<NaiveDate> {
    dealcalc::rates::parse_date(text)
        .ok_or_else(|| Error::new_err(format!("`{text}` is not a calendar date ({what})")))
}

fn rounding(name: Option<&str>) -> PyResult<Rounding> {
    name.unwrap_or("half-up")
        .parse::<Rounding>()
        .map_err(|e: String| Error::new_err(e))
}

/// A rate table: the ECB's history built in, or one from TOML text.
#[pyclass(frozen, module = "dealcalc._dealcalc")]
#[derive(Clone)]
pub struct Rates {
    table: Arc<RateTable>,
    days: Days,
}

impl Rates {
    fn new(table: Arc<RateTable>) -> Rates {
        Rates {
            days: Arc::new(DayRates::new(Arc::clone(&table))),
            table,
        }
    }
}

#[pymethods]
impl Rates {
    /// The ECB's daily reference rates since 1999-01-04, built in (decoded
    /// once, shared by every call).
    #[staticmethod]
    fn builtin() -> PyResult<Rates> {
        builtin()
    }

    /// This table with `others` laid over it, in order: for the same date
    /// and currency a later table's rate wins; their bases must agree.
    #[pyo3(signature = (*others))]
    fn layer(&self, py: Python<'_>, others: Vec<PyRef<'_, Rates>>) -> PyResult<Rates> {
        let tables: Vec<RateTable> = std::iter::once(&self.table)
            .chain(others.iter().map(|r| &r.table))
            .map(|t| RateTable::clone(t))
            .collect();
        py.detach(move || RateTable::layered(tables))
            .map(|t| Rates::new(Arc::new(t)))
            .map_err(|e| Class::Rate.raise(e.to_string()))
    }

    /// A rate table in dealcalc's TOML format; `name` names it in errors.
    #[staticmethod]
    #[pyo3(signature = (text, name = "rates.toml"))]
    fn from_toml(py: Python<'_>, text: &str, name: &str) -> PyResult<Rates> {
        let owned = text.to_owned();
        let result = py.detach(move || RateTable::from_toml(&owned));
        match result {
            Ok(t) => Ok(Rates::new(Arc::new(t))),
            Err(e) => {
                let input = Input::new(name, text);
                Err(error(
                    py,
                    Class::Rate,
                    &dealcalc::Error::from(e).at(&input, 0),
                    text,
                ))
            }
        }
    }

    /// Where the rates come from.
    #[getter]
    fn source(&self) -> String {
        self.table.source().to_owned()
    }

    /// The first and last dates, as `YYYY-MM-DD`.
    #[getter]
    fn first_date(&self) -> String {
        self.table.first_date().to_string()
    }

    #[getter]
    fn last_date(&self) -> String {
        self.table.last_date().to_string()
    }

    /// The currency every rate is against.
    #[getter]
    fn base(&self) -> String {
        self.table.base().to_string()
    }
}

fn table_of(rates: Option<&Rates>) -> PyResult<Arc<RateTable>> {
    match rates {
        Some(r) => Ok(Arc::clone(&r.table)),
        None => builtin().map(|r| r.table),
    }
}

fn days_of(rates: Option<&Rates>) -> PyResult<Days> {
    match rates {
        Some(r) => Ok(Arc::clone(&r.days)),
        None => builtin().map(|r| r.days),
    }
}

/// One figure as dealcalc reads it: its value (a string, exact), its unit
/// (`currency`, `percent` or `number`) and its currency code.
#[pyfunction]
#[pyo3(signature = (text, numbers = None))]
fn parse(
    py: Python<'_>,
    text: &str,
    numbers: Option<&str>,
) -> PyResult<(String, String, Option<String>)> {
    let reading = reading(numbers)?;
    match Amount::parse_with(text, &reading) {
        Ok(a) => Ok(match a.unit {
            Unit::Currency(code, _) => (
                a.value.normalize().to_string(),
                "currency".into(),
                Some(code.to_string()),
            ),
            Unit::Percent => (a.value.normalize().to_string(), "percent".into(), None),
            Unit::Number => (a.value.normalize().to_string(), "number".into(), None),
        }),
        Err(e) => {
            let input = Input::new("amount", text);
            Err(error(
                py,
                Class::Amount,
                &dealcalc::Error::from(e).at(&input, 0),
                text,
            ))
        }
    }
}

/// One conversion, as `dealcalc convert --format json` gives it.
#[pyfunction]
#[pyo3(signature = (amount, to, on, rates = None, numbers = None, rounding = None, from_ = None))]
#[expect(
    clippy::too_many_arguments,
    reason = "the keyword arguments of dealcalc.convert, passed through"
)]
fn convert(
    py: Python<'_>,
    amount: &str,
    to: &str,
    on: &str,
    rates: Option<&Rates>,
    numbers: Option<&str>,
    rounding: Option<&str>,
    from_: Option<&str>,
) -> PyResult<String> {
    let table = table_of(rates)?;
    let reading = reading(numbers)?;
    let on = date(on, "on")?;
    let style = Style {
        rounding: self::rounding(rounding)?,
        ..Style::default()
    };
    let input = Input::new("amount", amount);
    let to_input = Input::new("to", to);
    // The currency of an amount written without one (`100`).
    let default = from_
        .map(|code| {
            currency_of(&table, code, &Input::new("from_", code), "USD")
                .map_err(|e| error(py, Class::Rate, &e, code))
        })
        .transpose()?;
    // An error, and whether it is about the amount (else the currency).
    type Failed = Box<(dealcalc::Error, bool, Class)>;
    let result = py.detach(|| -> Result<String, Failed> {
        let (money, _) = dealcalc::input::money(&input, table.currencies(), &reading, default)
            .map_err(|e| Box::new((e, true, Class::Amount)))?;
        let target = currency_of(&table, to, &to_input, "EUR")
            .map_err(|e| Box::new((e, false, Class::Rate)))?;
        let c = table
            .convert(money, target, on)
            .map_err(|e| Box::new((dealcalc::Error::from(e), true, Class::Rate)))?;
        Ok(json::to_string(&json::conversion(&c, &style)))
    });
    result.map_err(|failed| {
        let (e, in_amount, class) = *failed;
        error(py, class, &e, if in_amount { amount } else { to })
    })
}

/// The currency `code` names in `table`, or an error pointing into
/// `input` (with `example` as a code to write instead).
fn currency_of(
    table: &RateTable,
    code: &str,
    input: &Arc<Input>,
    example: &str,
) -> Result<Currency, dealcalc::Error> {
    Code::new(code.trim())
        .ok_or_else(|| {
            dealcalc::Error::invalid(format!("`{code}` is not a currency code")).with(
                Some(0..code.len()),
                Some(format!("write a code such as `{example}`")),
            )
        })
        .and_then(|c| table.resolve(c).map_err(dealcalc::Error::from))
        .map_err(|e| e.at(input, 0))
}

/// A scenario file's results, as `dealcalc eval --format json` (or `check`,
/// the claims only) gives them.
#[pyfunction]
#[pyo3(signature = (text, name = "scenario.toml", claims_only = false, rates = None, today = None, numbers = None))]
fn scenario(
    py: Python<'_>,
    text: &str,
    name: &str,
    claims_only: bool,
    rates: Option<&Rates>,
    today: Option<&str>,
    numbers: Option<&str>,
) -> PyResult<String> {
    let table = table_of(rates)?;
    let reading = reading(numbers)?;
    let today = match today {
        Some(t) => date(t, "today")?,
        None => chrono::Local::now().date_naive(),
    };
    let input = Input::new(name, text);
    let result = py.detach(|| -> Result<String, dealcalc::Error> {
        let doc = dealcalc::scenario::Document::parse(&input)?;
        let results = doc.evaluate(&table, today, &reading)?;
        let files = [results];
        let report = dealcalc::report::ScenarioReport {
            files: &files,
            claims_only,
            table: None,
        };
        dealcalc::report::render(
            &report,
            dealcalc::report::Format::Json,
            &Style::default(),
            false,
        )
    });
    result.map_err(|e| error(py, Class::Scenario, &e, text))
}

/// An article scanned, as `dealcalc scan --format json` gives it: text,
/// Markdown or HTML (told apart as the command does, by `name` and the
/// text itself), its date from `date` or the article, its language from
/// `lang` or detected.
#[pyfunction]
#[pyo3(signature = (text, date = None, lang = None, name = "article.txt", rates = None))]
fn scan(
    py: Python<'_>,
    text: &str,
    date: Option<&str>,
    lang: Option<&str>,
    name: &str,
    rates: Option<&Rates>,
) -> PyResult<String> {
    let table = table_of(rates)?;
    let options = dealcalc::scan::Options {
        date: date.map(|d| self::date(d, "date")).transpose()?,
        lang: lang
            .map(|l| {
                l.parse::<dealcalc::scan::Language>()
                    .map_err(Error::new_err)
            })
            .transpose()?,
    };
    let article = dealcalc::scan::Article::read(name, text.as_bytes()).map_err(|e| {
        let err = Error::new_err(format!("`{name}` {e}"));
        let _ = err.value(py).setattr("hint", e.hint());
        err
    })?;
    let result = py.detach(|| -> Result<String, dealcalc::Error> {
        let s = dealcalc::scan::scan(&article, &table, &options)?;
        let scans = [s];
        dealcalc::report::render(
            &dealcalc::report::ScanReport { scans: &scans },
            dealcalc::report::Format::Json,
            &Style::default(),
            false,
        )
    });
    result.map_err(|e| error(py, Class::Other, &e, text))
}

/// Converts a record batch of `amount` (decimal128, or strings of
/// digits), `date` (date32, or `YYYY-MM-DD` strings), `from` and `to`
/// (currency codes) row by row, exactly as `dealcalc convert --batch`
/// does: one integer division rounded once, at each row's date, with the
/// rate, its date, the source and the stale, latest-available and
/// fixed-rate flags. A row that cannot be converted raises, or with
/// `on_error = "null"` comes back null with its reason in `error`.
#[pyfunction]
#[pyo3(signature = (batch, rates = None, on_error = "raise", rounding = None))]
fn convert_batch(
    py: Python<'_>,
    batch: PyRecordBatch,
    rates: Option<&Rates>,
    on_error: &str,
    rounding: Option<&str>,
) -> PyResult<PyTable> {
    let days = days_of(rates)?;
    let rule = self::rounding(rounding)?;
    // `null` and `mark` alike: the row's fields null, its reason in
    // `error`.
    let raise = match on_error {
        "raise" => true,
        "null" | "mark" => false,
        other => {
            return Err(Error::new_err(format!(
                "unknown on_error `{other}`; choose from: raise, null, mark"
            )));
        }
    };
    let batch: RecordBatch = batch.into_inner();
    let out = py.detach(|| convert_rows(&batch, &days, rule, raise));
    match out {
        Ok((batches, schema)) => PyTable::try_new(batches, schema),
        Err(RowError {
            row,
            message,
            text,
            class,
        }) => {
            let err = class.raise(format!("row {}: {message}", row + 1));
            let value = err.value(py);
            let _ = value.setattr("line", row + 1);
            let _ = value.setattr("text", text);
            Err(err)
        }
    }
}

/// Why a row could not be converted.
struct RowError {
    row: usize,
    message: String,
    text: Option<String>,
    /// What the row's fault is about.
    class: Class,
}

/// Why a row could not be converted, and what about.
type Fault = (Class, String);

/// A row's field, or its fault of `class`: why it cannot be read, or
/// `missing` where it is null.
fn required<T>(field: Result<Option<T>, String>, class: Class, missing: &str) -> Result<T, Fault> {
    match field {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Err((class, missing.to_owned())),
        Err(why) => Err((class, why)),
    }
}

/// A column of the input batch, by name.
fn column<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a ArrayRef, RowError> {
    batch.column_by_name(name).ok_or_else(|| RowError {
        row: 0,
        message: format!("the batch has no `{name}` column (it needs amount, date, from and to)"),
        text: None,
        class: Class::Other,
    })
}

/// A column of the input, its type told once rather than on every row:
/// strings (plain, large, or views as Polars hands them), decimals, dates.
struct Column<'a> {
    array: &'a ArrayRef,
    kind: Kind<'a>,
}

/// What a [`Column`] holds, downcast.
enum Kind<'a> {
    Utf8(&'a StringArray),
    LargeUtf8(&'a LargeStringArray),
    View(&'a StringViewArray),
    Decimal(&'a Decimal128Array, u32),
    Date32(&'a Date32Array),
    Other,
}

impl<'a> Column<'a> {
    fn of(array: &'a ArrayRef) -> Column<'a> {
        let kind = match array.data_type() {
            DataType::Utf8 => Kind::Utf8(array.as_string::<i32>()),
            DataType::LargeUtf8 => Kind::LargeUtf8(array.as_string::<i64>()),
            DataType::Utf8View => Kind::View(array.as_string_view()),
            DataType::Decimal128(_, scale) => match u32::try_from(*scale) {
                Ok(scale) => Kind::Decimal(array.as_primitive::<Decimal128Type>(), scale),
                Err(_) => Kind::Other,
            },
            DataType::Date32 => Kind::Date32(array.as_primitive::<Date32Type>()),
            _ => Kind::Other,
        };
        Column { array, kind }
    }

    fn is_null(&self, i: usize) -> bool {
        self.array.is_null(i)
    }

    /// A value, if the column is of strings.
    fn text(&self, i: usize) -> Option<&'a str> {
        match self.kind {
            Kind::Utf8(a) => Some(a.value(i)),
            Kind::LargeUtf8(a) => Some(a.value(i)),
            Kind::View(a) => Some(a.value(i)),
            _ => None,
        }
    }

    fn data_type(&self) -> &DataType {
        self.array.data_type()
    }
}

/// Text as written, without the spaces around it; checked on its first
/// and last bytes before anything is trimmed (`USD` has none).
fn trimmed(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() => s,
        _ => s.trim(),
    }
}

/// A value of a column of strings or decimals, as a decimal.
fn amount_at(col: &Column<'_>, i: usize) -> Result<Option<Decimal>, String> {
    if col.is_null(i) {
        return Ok(None);
    }
    match col.kind {
        Kind::Decimal(a, scale) => {
            let v = a.value(i);
            Decimal::try_from_i128_with_scale(v, scale)
                .map(Some)
                .map_err(|_| format!("{v} at scale {scale} does not fit 28 digits"))
        }
        _ => match col.text(i) {
            Some(s) => {
                // Digits and a point straight from their bytes; the rest
                // read as decimals are (`1.000`, `-5`, `1e3`).
                if let Some(d) = dealcalc::numbers::plain_number(s.as_bytes()) {
                    return Ok(Some(d));
                }
                dealcalc::numbers::exact_decimal(s.trim())
                    .map(Some)
                    .map_err(|why| format!("`{s}` {why}"))
            }
            None => Err(format!(
                "amounts must be decimal128 or strings (never floats, which are not exact), not {}",
                col.data_type()
            )),
        },
    }
}

fn date_at(col: &Column<'_>, i: usize) -> Result<Option<NaiveDate>, String> {
    if col.is_null(i) {
        return Ok(None);
    }
    match col.kind {
        Kind::Date32(a) => {
            let days = a.value(i);
            NaiveDate::from_num_days_from_ce_opt(days + EPOCH_CE)
                .map(Some)
                .ok_or_else(|| format!("day {days} is not a calendar date"))
        }
        _ => match col.text(i) {
            Some(s) => dealcalc::rates::parse_date(trimmed(s))
                .map(Some)
                .ok_or_else(|| format!("`{s}` is not a calendar date")),
            None => Err(format!(
                "dates must be date32 or YYYY-MM-DD strings, not {}",
                col.data_type()
            )),
        },
    }
}

fn code_at<'a>(col: &Column<'a>, i: usize) -> Result<Option<&'a str>, String> {
    if col.is_null(i) {
        return Ok(None);
    }
    col.text(i)
        .map(|s| Some(trimmed(s)))
        .ok_or_else(|| format!("currencies must be strings, not {}", col.data_type()))
}

/// A column of dictionary-encoded strings (pandas' categories) as plain
/// strings, cast once; any other column as it is.
fn plain(col: &ArrayRef) -> Result<ArrayRef, RowError> {
    match col.data_type() {
        DataType::Dictionary(_, _) => {
            arrow_cast::cast(col, &DataType::Utf8).map_err(|e| RowError {
                row: 0,
                message: e.to_string(),
                text: None,
                class: Class::Other,
            })
        }
        _ => Ok(Arc::clone(col)),
    }
}

/// 1970-01-01, where Arrow's date32 counts from, as chrono counts days
/// from 0001-01-01 (`NaiveDate::num_days_from_ce`).
const EPOCH_CE: i32 = 719_163;

/// One row's result.
struct Converted {
    amount: Decimal,
    currency: Currency,
    /// The rate's digits, written as text without a decimal between.
    rate: Digits,
    /// Days from 1970-01-01, as Arrow's date32 counts them.
    rate_date: i32,
    stale: bool,
    latest_available: bool,
    fixed: bool,
}

fn convert_row(
    days: &DayRates<Arc<RateTable>>,
    currencies: &mut CodeCache,
    amount: Decimal,
    on: NaiveDate,
    from: &str,
    to: &str,
    rule: Rounding,
) -> Result<Converted, String> {
    let table = days.table();
    let mut resolve = |code: &str| -> Result<Currency, String> {
        currencies
            .currency(table, code.as_bytes())
            .map_err(|(message, hint)| match hint {
                Some(h) => format!("{message} ({h})"),
                None => message,
            })
    };
    let (from, to) = (resolve(from)?, resolve(to)?);
    // In integers from the rates laid out by day where they tell, as the
    // command line's batch does; decimals otherwise.
    if let Some(c) = days.cross(from, to, on)
        && let (Some(amount), Some(rate)) = (c.apply_rounded(amount, to, rule), c.rate_digits())
    {
        return Ok(Converted {
            amount,
            currency: to,
            rate,
            rate_date: c.day - EPOCH_CE,
            stale: c.stale,
            latest_available: c.latest_available,
            fixed: false,
        });
    }
    let cross = table.cross(from, to, on).map_err(|e| e.to_string())?;
    let result = cross
        .apply_rounded(amount, to, rule)
        .map_err(|e| e.to_string())?;
    let legs = [cross.from, cross.to];
    let legs = legs.iter().flatten();
    Ok(Converted {
        amount: result,
        currency: to,
        rate: cross
            .rate()
            .map_err(|e| e.to_string())
            .and_then(|r| Digits::of(r).ok_or_else(|| format!("a rate of {r}")))?,
        rate_date: cross.rate_date(on).num_days_from_ce() - EPOCH_CE,
        stale: legs.clone().any(|q| q.freshness.stale),
        latest_available: legs.clone().any(|q| q.freshness.latest_available),
        fixed: legs.clone().any(|q| q.fixed_since.is_some()),
    })
}

/// Rows a thread converts at a time.
const CHUNK: usize = 4_096;

/// Every row of the batch: see [`convert_batch`]. Rows go in chunks to
/// every core, each chunk converted and built into its own columns there,
/// and the chunks are the result's batches, in order (never copied into
/// one).
fn convert_rows(
    batch: &RecordBatch,
    days: &DayRates<Arc<RateTable>>,
    rule: Rounding,
    raise: bool,
) -> Result<(Vec<RecordBatch>, Arc<Schema>), RowError> {
    let (amounts, dates, froms, tos) = (
        plain(column(batch, "amount")?)?,
        plain(column(batch, "date")?)?,
        plain(column(batch, "from")?)?,
        plain(column(batch, "to")?)?,
    );
    let (amounts, dates, froms, tos) = (
        &Column::of(&amounts),
        &Column::of(&dates),
        &Column::of(&froms),
        &Column::of(&tos),
    );
    let n = batch.num_rows();
    let chunks: Vec<std::ops::Range<usize>> = (0..n)
        .step_by(CHUNK)
        .map(|start| start..(start + CHUNK).min(n))
        .collect();
    // Each chunk converted and built into its own columns in one pass, at
    // the most minor units among its targets.
    let parts = dealcalc::parallel::map(&chunks, |range| {
        let mut currencies = CodeCache::default();
        let rows = range.clone().map(|i| {
            (|| -> Result<Converted, Fault> {
                let amount = required(amount_at(amounts, i), Class::Amount, "no amount")?;
                let on = required(date_at(dates, i), Class::Rate, "no date")?;
                let from = required(code_at(froms, i), Class::Rate, "no `from` currency")?;
                let to = required(code_at(tos, i), Class::Rate, "no `to` currency")?;
                convert_row(days, &mut currencies, amount, on, from, to, rule)
                    .map_err(|why| (Class::Rate, why))
            })()
        });
        columns_of(range.start, rows, raise)
    });
    let mut batches = Vec::with_capacity(parts.len());
    for part in parts {
        batches.push(part.map_err(|mut e| {
            // A raised row quotes its amount.
            e.text = e.text.or_else(|| {
                amount_at(amounts, e.row)
                    .ok()
                    .flatten()
                    .map(|a| a.to_string())
            });
            e
        })?);
    }
    // One scale for the column: the most minor units of the currencies
    // converted into (2 for dollars and euros, 0 for yen, 3 for dinars);
    // a chunk at fewer is rescaled (its digits times a power of ten).
    let scale = batches.iter().map(|(_, s)| *s).max().unwrap_or(2);
    let schema = schema(scale);
    let batches = batches
        .into_iter()
        .map(|(b, s)| rescaled(b, s, scale, &schema))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((batches, schema))
}

/// The result's columns, `result` at `scale` places.
fn schema(scale: u32) -> Arc<Schema> {
    let scale_i8 = i8::try_from(scale).unwrap_or(2);
    Arc::new(Schema::new(vec![
        Field::new("result", DataType::Decimal128(38, scale_i8), true),
        Field::new("result_currency", DataType::Utf8, true),
        Field::new("rate", DataType::Utf8, true),
        Field::new("rate_date", DataType::Date32, true),
        Field::new("stale", DataType::Boolean, true),
        Field::new("latest_available", DataType::Boolean, true),
        Field::new("fixed_rate", DataType::Boolean, true),
        Field::new("error", DataType::Utf8, true),
    ]))
}

/// A chunk's columns with its results at `scale` places (from `own`).
fn rescaled(
    batch: RecordBatch,
    own: u32,
    scale: u32,
    schema: &Arc<Schema>,
) -> Result<RecordBatch, RowError> {
    let failed = |e: arrow_schema::ArrowError| RowError {
        row: 0,
        message: e.to_string(),
        text: None,
        class: Class::Other,
    };
    let mut columns = batch.columns().to_vec();
    if own != scale
        && let Some(first) = columns.first_mut()
    {
        let factor = 10_i128.pow(scale - own);
        let values: Decimal128Array = first.as_primitive::<Decimal128Type>().unary(|v| v * factor);
        let scale_i8 = i8::try_from(scale).unwrap_or(2);
        *first = Arc::new(
            values
                .with_precision_and_scale(38, scale_i8)
                .map_err(failed)?,
        );
    }
    RecordBatch::try_new(Arc::clone(schema), columns).map_err(failed)
}

/// One chunk's rows as the result's columns, `result` at the most minor
/// units among its targets (returned with it); `start` numbers its rows.
/// With `raise`, its first bad row is the error.
fn columns_of(
    start: usize,
    rows: impl ExactSizeIterator<Item = Result<Converted, Fault>>,
    raise: bool,
) -> Result<(RecordBatch, u32), RowError> {
    let n = rows.len();
    let mut amount = Decimal128Builder::with_capacity(n);
    let mut currency = StringBuilder::with_capacity(n, n * 3);
    let mut rate = StringBuilder::with_capacity(n, n * 24);
    let mut rate_date = Date32Builder::with_capacity(n);
    let mut stale = BooleanBuilder::with_capacity(n);
    let mut latest = BooleanBuilder::with_capacity(n);
    let mut fixed = BooleanBuilder::with_capacity(n);
    let mut error = StringBuilder::new();
    // Results are appended at their own minor units, then brought to the
    // chunk's most (yen's 0 beside the dollar's 2).
    let mut mantissas: Vec<Option<(i128, u32)>> = Vec::with_capacity(n);
    // The rate's digits written into one buffer, not a string a row.
    let mut digits = Vec::with_capacity(32);
    for (k, row) in rows.enumerate() {
        match row {
            Ok(r) => {
                let mut v = r.amount;
                v.rescale(r.currency.minor_units());
                mantissas.push(Some((v.mantissa(), v.scale())));
                currency.append_value(r.currency.code().as_str());
                digits.clear();
                r.rate.push(&mut digits);
                rate.append_value(std::str::from_utf8(&digits).unwrap_or_default());
                rate_date.append_value(r.rate_date);
                stale.append_value(r.stale);
                latest.append_value(r.latest_available);
                fixed.append_value(r.fixed);
                error.append_null();
            }
            Err((class, why)) if raise => {
                return Err(RowError {
                    row: start + k,
                    message: why,
                    text: None,
                    class,
                });
            }
            Err((_, why)) => {
                mantissas.push(None);
                currency.append_null();
                rate.append_null();
                rate_date.append_null();
                stale.append_null();
                latest.append_null();
                fixed.append_null();
                error.append_value(format!("row {}: {why}", start + k + 1));
            }
        }
    }
    let scale = mantissas
        .iter()
        .flatten()
        .map(|(_, s)| *s)
        .max()
        .unwrap_or(2);
    for m in mantissas {
        match m {
            Some((v, s)) => amount.append_value(v * 10_i128.pow(scale - s)),
            None => amount.append_null(),
        }
    }
    let failed = |e: arrow_schema::ArrowError| RowError {
        row: start,
        message: e.to_string(),
        text: None,
        class: Class::Other,
    };
    let scale_i8 = i8::try_from(scale).unwrap_or(2);
    let amount = amount
        .finish()
        .with_precision_and_scale(38, scale_i8)
        .map_err(failed)?;
    let columns: Vec<ArrayRef> = vec![
        Arc::new(amount),
        Arc::new(currency.finish()),
        Arc::new(rate.finish()),
        Arc::new(rate_date.finish()),
        Arc::new(stale.finish()),
        Arc::new(latest.finish()),
        Arc::new(fixed.finish()),
        Arc::new(error.finish()),
    ];
    RecordBatch::try_new(schema(scale), columns)
        .map(|b| (b, scale))
        .map_err(failed)
}

#[pymodule]
fn _dealcalc(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("Error", m.py().get_type::<Error>())?;
    m.add("AmountError", m.py().get_type::<AmountError>())?;
    m.add("RateError", m.py().get_type::<RateError>())?;
    m.add("ScenarioError", m.py().get_type::<ScenarioError>())?;
    m.add_class::<Rates>()?;
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    m.add_function(wrap_pyfunction!(convert, m)?)?;
    m.add_function(wrap_pyfunction!(scenario, m)?)?;
    m.add_function(wrap_pyfunction!(scan, m)?)?;
    m.add_function(wrap_pyfunction!(convert_batch, m)?)?;
    Ok(())
}
