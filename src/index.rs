//! Price indexes: money of one year or month restated in another's.
//!
//! `amount x index(to) / index(from)`, multiplying first, rounded once when
//! shown: $240M of 2007 is 240000000 x 321.943 / 207.342 =
//! $372,651,561.19 of 2025 (CPI-U annual averages). A year stands for its
//! annual average, `2025-09` for the month. A month the publisher never
//! published (the BLS collected no CPI for October 2025, during the federal
//! shutdown) and a year without an annual average yet are errors that say
//! so, never a neighbour's value.
//!
//! The built-in index is the BLS's CPI-U (series CUUR0000SA0), made from
//! `data/bls/cpi-u-us-city-average.csv` by [`import_bls`] into
//! `indexes/cpi-u.toml`; other indexes are TOML tables of the same form.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::amount::Code;
use crate::money::Money;

static BUILTIN: &str = include_str!("../indexes/cpi-u.toml");

/// A year (its annual average) or a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// `2025`.
    Year(i32),
    /// `2025-09`.
    Month(i32, u32),
}

impl FromStr for Period {
    type Err = String;
    /// `2007` or `2025-09`.
    fn from_str(s: &str) -> Result<Period, String> {
        let bad = || format!("`{s}` is not a year (2007) or a month (2025-09)");
        let t = s.trim();
        match t.split_once('-') {
            None if t.len() == 4 => t.parse().map(Period::Year).map_err(|_| bad()),
            Some((y, m)) if y.len() == 4 && m.len() == 2 => {
                let year: i32 = y.parse().map_err(|_| bad())?;
                let month: u32 = m.parse().map_err(|_| bad())?;
                if (1..=12).contains(&month) {
                    Ok(Period::Month(year, month))
                } else {
                    Err(bad())
                }
            }
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
        }
    }
}

/// A price index by year and month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceIndex {
    /// Its short name: `CPI-U`.
    pub name: String,
    /// Where its values come from.
    pub source: String,
    /// The currency it measures.
    pub currency: Code,
    annual: BTreeMap<i32, Decimal>,
    monthly: BTreeMap<(i32, u32), Decimal>,
}

/// An amount restated in money of another period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adjustment {
    /// The period of the amount.
    pub from: Period,
    /// The period it is restated in.
    pub to: Period,
    /// The amount.
    pub amount: Money,
    /// The amount in money of `to`, exact.
    pub result: Money,
    /// The index of `from`.
    pub index_from: Decimal,
    /// The index of `to`.
    pub index_to: Decimal,
    /// The index's name.
    pub index: String,
    /// Its source.
    pub source: String,
}

/// What an index cannot answer, or a table that is not one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexError {
    /// No value for the period.
    Missing {
        /// The period asked for.
        period: Period,
        /// Why, in words.
        why: String,
    },
    /// The amount is not in the index's currency.
    Currency {
        /// The index's.
        index: Code,
        /// The amount's.
        amount: Code,
    },
    /// A table that does not read as an index.
    Table(String),
    /// The result exceeds 28 digits.
    Overflow,
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexError::Missing { period, why } => write!(f, "no index for {period}: {why}"),
            IndexError::Currency { index, amount } => write!(
                f,
                "the index measures {index} prices; the amount is in {amount}"
            ),
            IndexError::Table(why) => write!(f, "not a price index: {why}"),
            IndexError::Overflow => write!(f, "the result exceeds 28 digits"),
        }
    }
}

impl std::error::Error for IndexError {}

impl PriceIndex {
    /// The BLS's CPI-U, built in.
    pub fn builtin() -> Result<PriceIndex, IndexError> {
        PriceIndex::from_toml(BUILTIN)
    }

    /// Reads an index table:
    ///
    /// ```toml
    /// name = "CPI-U"
    /// source = "..."
    /// currency = "USD"
    /// [annual]
    /// 2007 = "207.342"
    /// [monthly]
    /// 2025-09 = "324.8"
    /// ```
    pub fn from_toml(text: &str) -> Result<PriceIndex, IndexError> {
        let bad = |why: String| IndexError::Table(why);
        let doc: toml::Table = toml::from_str(text).map_err(|e| bad(e.message().to_owned()))?;
        let string = |key: &str| -> Result<String, IndexError> {
            doc.get(key)
                .and_then(toml::Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| bad(format!("`{key}` is missing or not a string")))
        };
        let currency = Code::new(&string("currency")?)
            .ok_or_else(|| bad("`currency` is not a currency code".into()))?;
        let value = |key: &str, v: &toml::Value| -> Result<Decimal, IndexError> {
            // Strings or whole numbers: a float would not be read exactly.
            let text = match v {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(i) => i.to_string(),
                _ => {
                    return Err(bad(format!(
                        "`{key}` must be a string holding a number (\"207.342\"), read exactly"
                    )));
                }
            };
            Decimal::from_str_exact(text.trim())
                .ok()
                .filter(|d| *d > Decimal::ZERO)
                .ok_or_else(|| bad(format!("`{key}` = {text} is not a positive number")))
        };
        let table = |key: &str| doc.get(key).and_then(toml::Value::as_table);
        let mut annual = BTreeMap::new();
        for (k, v) in table("annual").into_iter().flatten() {
            match k.parse::<Period>() {
                Ok(Period::Year(y)) => {
                    annual.insert(y, value(k, v)?);
                }
                _ => return Err(bad(format!("`annual.{k}` is not a year"))),
            }
        }
        let mut monthly = BTreeMap::new();
        for (k, v) in table("monthly").into_iter().flatten() {
            match k.parse::<Period>() {
                Ok(Period::Month(y, m)) => {
                    monthly.insert((y, m), value(k, v)?);
                }
                _ => return Err(bad(format!("`monthly.{k}` is not a month"))),
            }
        }
        if annual.is_empty() && monthly.is_empty() {
            return Err(bad("it has no `[annual]` or `[monthly]` values".into()));
        }
        Ok(PriceIndex {
            name: string("name")?,
            source: string("source")?,
            currency,
            annual,
            monthly,
        })
    }

    /// The first and last month the index has, and the last year with an
    /// annual average.
    pub fn range(&self) -> (Option<Period>, Option<Period>, Option<i32>) {
        let month = |e: Option<(&(i32, u32), &Decimal)>| e.map(|((y, m), _)| Period::Month(*y, *m));
        (
            month(self.monthly.first_key_value()),
            month(self.monthly.last_key_value()),
            self.annual.last_key_value().map(|(y, _)| *y),
        )
    }

    /// The index of a period: 207.342 for 2007 (CPI-U).
    pub fn value(&self, period: Period) -> Result<Decimal, IndexError> {
        let found = match period {
            Period::Year(y) => self.annual.get(&y),
            Period::Month(y, m) => self.monthly.get(&(y, m)),
        };
        found.copied().ok_or_else(|| IndexError::Missing {
            period,
            why: self.why_missing(period),
        })
    }

    /// A month inside the index's range that was never published, as the
    /// straight line between the months either side: October 2025 (no
    /// data collected) is the mean of September's 324.8 and November's.
    /// None for a published month, a year, or one outside the range.
    pub fn interpolated(&self, period: Period) -> Option<Decimal> {
        let Period::Month(y, m) = period else {
            return None;
        };
        if self.monthly.contains_key(&(y, m)) {
            return None;
        }
        let (before, a) = self.monthly.range(..(y, m)).next_back()?;
        let (after, b) = self.monthly.range((y, m)..).next()?;
        let index = |(y, m): (i32, u32)| i64::from(y) * 12 + i64::from(m);
        let gap = Decimal::from(index(*after) - index(*before));
        let k = Decimal::from(index((y, m)) - index(*before));
        b.checked_sub(*a)?
            .checked_mul(k)?
            .checked_div(gap)?
            .checked_add(*a)
    }

    fn why_missing(&self, period: Period) -> String {
        let (first, last, last_year) = self.range();
        match period {
            Period::Year(y) if last_year.is_some_and(|l| y > l) => format!(
                "{} has no annual average after {} yet (its last month is {})",
                self.name,
                last_year.unwrap_or(y),
                last.map_or_else(String::new, |l| l.to_string())
            ),
            Period::Year(_) => format!("{} has no annual average for it", self.name),
            Period::Month(..) if first.is_some_and(|f| period < f) => format!(
                "{} begins in {}",
                self.name,
                first.map_or_else(String::new, |f| f.to_string())
            ),
            Period::Month(..) if last.is_some_and(|l| period > l) => format!(
                "{} ends in {}",
                self.name,
                last.map_or_else(String::new, |l| l.to_string())
            ),
            Period::Month(..) => format!(
                "{} was not published for that month (no data was collected)",
                self.name
            ),
        }
    }

    /// Restates `amount` of `from` in money of `to`: see the module
    /// documentation.
    pub fn adjust(
        &self,
        amount: Money,
        from: Period,
        to: Period,
    ) -> Result<Adjustment, IndexError> {
        if amount.currency.code() != self.currency {
            return Err(IndexError::Currency {
                index: self.currency,
                amount: amount.currency.code(),
            });
        }
        let (index_from, index_to) = (self.value(from)?, self.value(to)?);
        let result = amount
            .amount
            .checked_mul(index_to)
            .and_then(|x| x.checked_div(index_from))
            .ok_or(IndexError::Overflow)?;
        Ok(Adjustment {
            from,
            to,
            amount,
            result: Money::new(result, amount.currency),
            index_from,
            index_to,
            index: self.name.clone(),
            source: self.source.clone(),
        })
    }
}

/// Turns the BLS's CPI-U CSV (`year,period,index`, `M13` the annual
/// average) into an index table, values as published.
pub fn import_bls(csv: &str) -> Result<String, IndexError> {
    let mut lines = csv.lines();
    if lines.next().map(str::trim) != Some("year,period,index") {
        return Err(IndexError::Table(
            "the first line is not `year,period,index`".into(),
        ));
    }
    let mut annual = Vec::new();
    let mut monthly = Vec::new();
    for (n, line) in lines.enumerate() {
        let line_no = n + 2;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |why: &str| IndexError::Table(format!("line {line_no}: {why}: `{line}`"));
        let mut fields = line.split(',');
        let (Some(year), Some(period), Some(value), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(bad("not three fields"));
        };
        let year: i32 = year.trim().parse().map_err(|_| bad("not a year"))?;
        let value = value.trim();
        Decimal::from_str_exact(value)
            .ok()
            .filter(|d| *d > Decimal::ZERO)
            .ok_or_else(|| bad("not a positive number"))?;
        match period.trim() {
            "M13" => annual.push(format!("{year} = \"{value}\"")),
            p => {
                let month: u32 = p
                    .strip_prefix('M')
                    .and_then(|m| m.parse().ok())
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(|| bad("the period is not M01 to M13"))?;
                monthly.push(format!("{year}-{month:02} = \"{value}\""));
            }
        }
    }
    Ok(format!(
        "# Made by `dealcalc rates import-bls` from the BLS's CPI-U CSV\n\
         # (data/bls/cpi-u-us-city-average.csv): values as published.\n\
         name = \"CPI-U\"\n\
         source = \"US Bureau of Labor Statistics, CPI-U, U.S. city average, all items, not seasonally adjusted (CUUR0000SA0), 1982-84 = 100\"\n\
         currency = \"USD\"\n\n[annual]\n{}\n\n[monthly]\n{}\n",
        annual.join("\n"),
        monthly.join("\n")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::currency::Currency;
    use crate::testing::usd;

    #[test]
    fn an_unpublished_month_reads_between_its_neighbours() {
        let cpi = PriceIndex::builtin().unwrap();
        // (324.8 + 324.122) / 2.
        assert_eq!(
            cpi.interpolated(Period::Month(2025, 10)),
            Some(Decimal::from_str("324.461").unwrap())
        );
        // Published months, years and months past the end are not.
        assert_eq!(cpi.interpolated(Period::Month(2025, 9)), None);
        assert_eq!(cpi.interpolated(Period::Year(2025)), None);
        assert_eq!(cpi.interpolated(Period::Month(2030, 1)), None);
    }

    /// The BLS README's known values, and the contract's worked example.
    #[test]
    fn cpi_u_known_values() {
        let cpi = PriceIndex::builtin().unwrap();
        assert_eq!(
            cpi.value(Period::Year(2007)).unwrap().to_string(),
            "207.342"
        );
        assert_eq!(
            cpi.value(Period::Year(2025)).unwrap().to_string(),
            "321.943"
        );
        assert_eq!(
            cpi.value(Period::Month(2025, 9)).unwrap().to_string(),
            "324.8"
        );
        assert_eq!(
            cpi.value(Period::Month(2026, 8)).unwrap().to_string(),
            "334.98"
        );
        let a = cpi
            .adjust(usd("240000000"), Period::Year(2007), Period::Year(2025))
            .unwrap();
        assert_eq!(
            a.result.rounded(crate::money::Rounding::HalfUp).to_string(),
            "372651561.19"
        );
    }

    #[test]
    fn unpublished_periods_are_errors() {
        let cpi = PriceIndex::builtin().unwrap();
        let e = cpi.value(Period::Month(2025, 10)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "no index for 2025-10: CPI-U was not published for that month (no data was collected)"
        );
        let e = cpi.value(Period::Year(2026)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "no index for 2026: CPI-U has no annual average after 2025 yet (its last month is 2026-08)"
        );
        assert!(cpi.value(Period::Month(1912, 12)).is_err());
        let eur = Money::new(
            Decimal::ONE,
            Currency::iso(Code::new("EUR").unwrap()).unwrap(),
        );
        assert!(matches!(
            cpi.adjust(eur, Period::Year(2007), Period::Year(2025)),
            Err(IndexError::Currency { .. })
        ));
    }

    /// The shipped table is what the importer makes of the BLS's CSV.
    #[test]
    fn the_importer_reproduces_the_shipped_table() {
        let root = env!("CARGO_MANIFEST_DIR");
        let csv =
            std::fs::read_to_string(format!("{root}/data/bls/cpi-u-us-city-average.csv")).unwrap();
        assert_eq!(import_bls(&csv).unwrap(), BUILTIN);
        assert!(import_bls("year,period,index\n2025,M14,1\n").is_err());
        assert!(import_bls("date,value\n").is_err());
    }

    #[test]
    fn periods_read_as_written() {
        assert_eq!("2007".parse::<Period>(), Ok(Period::Year(2007)));
        assert_eq!("2025-09".parse::<Period>(), Ok(Period::Month(2025, 9)));
        for bad in ["25", "2025-13", "2025-9", "last year"] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }
}
