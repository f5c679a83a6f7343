//! Vesting and payment schedules: dates from a spec such as `4y monthly 1y
//! cliff`, and totals split across tranches with the Open Cap Table
//! Format's allocation types, so that the parts always sum to the total.

use std::fmt;
use std::str::FromStr;

use chrono::{Months, NaiveDate};
use rust_decimal::{Decimal, MathematicalOps, RoundingStrategy};

/// How a total is split into whole units (cents, shares) across tranches:
/// the Open Cap Table Format's `AllocationType`. For 18 shares over 4 equal
/// tranches:
///
/// | allocation | tranches |
/// |---|---|
/// | `cumulative-rounding` (default) | 5 4 5 4 |
/// | `cumulative-round-down` | 4 5 4 5 |
/// | `front-loaded` | 5 5 4 4 |
/// | `back-loaded` | 4 4 5 5 |
/// | `front-loaded-to-single-tranche` | 6 4 4 4 |
/// | `back-loaded-to-single-tranche` | 4 4 4 6 |
/// | `fractional` | 4.5 4.5 4.5 4.5 |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Allocation {
    /// Tranche k is `round(total * cumulative fraction k)` (half up) less
    /// what vested before: $100 over 3 is 33.33, 33.34, 33.33.
    #[default]
    CumulativeRounding,
    /// As cumulative rounding, rounding down: $100 over 3 is 33.33, 33.33,
    /// 33.34.
    CumulativeRoundDown,
    /// Each tranche rounded down; the units left go one each to the first
    /// tranches.
    FrontLoaded,
    /// Each tranche rounded down; the units left go one each to the last
    /// tranches.
    BackLoaded,
    /// Each tranche rounded down; the units left all go to the first.
    FrontLoadedToSingleTranche,
    /// Each tranche rounded down; the units left all go to the last.
    BackLoadedToSingleTranche,
    /// No rounding: 18 shares over 4 are 4.5 each. Money still splits
    /// into whole minor units (by cumulative rounding).
    Fractional,
}

impl Allocation {
    /// The names, as OCF spells them in kebab case.
    pub const NAMES: &'static [&'static str] = &[
        "cumulative-rounding",
        "cumulative-round-down",
        "front-loaded",
        "back-loaded",
        "front-loaded-to-single-tranche",
        "back-loaded-to-single-tranche",
        "fractional",
    ];

    /// Every allocation type, in the order of [`Allocation::NAMES`].
    pub const ALL: [Allocation; 7] = [
        Allocation::CumulativeRounding,
        Allocation::CumulativeRoundDown,
        Allocation::FrontLoaded,
        Allocation::BackLoaded,
        Allocation::FrontLoadedToSingleTranche,
        Allocation::BackLoadedToSingleTranche,
        Allocation::Fractional,
    ];
}

impl FromStr for Allocation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace('_', "-");
        Allocation::NAMES
            .iter()
            .zip(Allocation::ALL)
            .find(|(n, _)| **n == norm)
            .map(|(_, a)| a)
            .ok_or_else(|| {
                format!(
                    "unknown allocation type `{s}`; choose from: {}",
                    Allocation::NAMES.join(", ")
                )
            })
    }
}

impl fmt::Display for Allocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = Allocation::ALL.iter().position(|a| a == self).unwrap_or(0);
        f.write_str(
            Allocation::NAMES
                .get(i)
                .copied()
                .unwrap_or("cumulative-rounding"),
        )
    }
}

/// A schedule that cannot be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleError {
    /// The spec text does not parse.
    Spec {
        /// The spec.
        text: String,
        /// Why.
        why: String,
    },
    /// Weights that do not total 100.
    Weights {
        /// The spec.
        text: String,
        /// Their total.
        total: Decimal,
    },
    /// A negative total, or arithmetic out of range.
    Amount(String),
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScheduleError::Spec { text, why } => write!(f, "invalid vesting `{text}`: {why}"),
            ScheduleError::Weights { text, total } => {
                write!(f, "vesting weights `{text}` total {total}, not 100")
            }
            ScheduleError::Amount(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for ScheduleError {}

impl ScheduleError {
    /// A suggestion.
    pub fn hint(&self) -> Option<String> {
        match self {
            ScheduleError::Spec { .. } => Some(
                "write `4y annual`, `4y quarterly`, `4y monthly 1y cliff`, weights such as \
                 `5/15/40/40`, or `once`"
                    .to_owned(),
            ),
            ScheduleError::Weights { .. } => {
                Some("the weights are percentages and must add up to 100".into())
            }
            ScheduleError::Amount(_) => None,
        }
    }
}

/// Splits `total` across `weights` in whole multiples of `unit` (0.01 for
/// cents, 1 for shares): the parts always sum exactly to the total.
///
/// ```
/// use dealcalc::schedule::{allocate, Allocation};
/// use rust_decimal::Decimal;
/// let w = [Decimal::ONE; 3];
/// let parts = allocate(Decimal::from(100), &w, Decimal::new(1, 2), Allocation::CumulativeRounding).unwrap();
/// assert_eq!(parts, [Decimal::new(3333, 2), Decimal::new(3334, 2), Decimal::new(3333, 2)]);
/// ```
pub fn allocate(
    total: Decimal,
    weights: &[Decimal],
    unit: Decimal,
    how: Allocation,
) -> Result<Vec<Decimal>, ScheduleError> {
    let overflow =
        || ScheduleError::Amount("allocation overflows: the amounts exceed 28 digits".into());
    if weights.is_empty() {
        return Ok(Vec::new());
    }
    if total.is_sign_negative() {
        return Err(ScheduleError::Amount(format!(
            "cannot allocate a negative total ({total})"
        )));
    }
    if weights.iter().any(|w| w.is_sign_negative()) {
        return Err(ScheduleError::Amount(
            "vesting weights cannot be negative".into(),
        ));
    }
    let weight_sum = weights
        .iter()
        .try_fold(Decimal::ZERO, |a, w| a.checked_add(*w))
        .ok_or_else(overflow)?;
    if weight_sum.is_zero() {
        return Err(ScheduleError::Amount("vesting weights total zero".into()));
    }
    if how == Allocation::Fractional {
        let mut parts = Vec::with_capacity(weights.len());
        let mut given = Decimal::ZERO;
        for (i, w) in weights.iter().enumerate() {
            let part = if i + 1 == weights.len() {
                total - given
            } else {
                total
                    .checked_mul(*w)
                    .and_then(|x| x.checked_div(weight_sum))
                    .ok_or_else(overflow)?
            };
            given += part;
            parts.push(part);
        }
        return Ok(parts);
    }
    // A total finer than the unit is split in its own smallest digit.
    let unit = if (total % unit).is_zero() {
        unit
    } else {
        Decimal::new(1, total.scale())
    };
    let units = total.checked_div(unit).ok_or_else(overflow)?.trunc();
    let share = |w: Decimal| {
        units
            .checked_mul(w)
            .and_then(|x| x.checked_div(weight_sum))
            .ok_or_else(overflow)
    };
    let whole: Vec<Decimal> = match how {
        Allocation::CumulativeRounding | Allocation::CumulativeRoundDown => {
            let strategy = if how == Allocation::CumulativeRounding {
                RoundingStrategy::MidpointAwayFromZero
            } else {
                RoundingStrategy::ToZero
            };
            let mut cumulative_weight = Decimal::ZERO;
            let mut before = Decimal::ZERO;
            let mut parts = Vec::with_capacity(weights.len());
            for (i, w) in weights.iter().enumerate() {
                cumulative_weight += *w;
                let cum = if i + 1 == weights.len() {
                    units
                } else {
                    share(cumulative_weight)?.round_dp_with_strategy(0, strategy)
                };
                parts.push(cum - before);
                before = cum;
            }
            parts
        }
        _ => {
            let mut parts = weights
                .iter()
                .map(|w| share(*w).map(|x| x.trunc()))
                .collect::<Result<Vec<_>, _>>()?;
            let left = units - parts.iter().copied().sum::<Decimal>();
            let n = parts.len();
            let left_n = usize::try_from(left.mantissa()).unwrap_or(0);
            match how {
                Allocation::FrontLoaded => parts
                    .iter_mut()
                    .take(left_n)
                    .for_each(|p| *p += Decimal::ONE),
                Allocation::BackLoaded => parts
                    .iter_mut()
                    .skip(n.saturating_sub(left_n))
                    .for_each(|p| *p += Decimal::ONE),
                Allocation::FrontLoadedToSingleTranche => {
                    if let Some(p) = parts.first_mut() {
                        *p += left;
                    }
                }
                _ => {
                    if let Some(p) = parts.last_mut() {
                        *p += left;
                    }
                }
            }
            parts
        }
    };
    whole
        .into_iter()
        .map(|u| {
            u.checked_mul(unit)
                .map(|x| x.normalize())
                .ok_or_else(overflow)
        })
        .collect()
}

/// The longest schedule: 100 years.
pub const MAX_MONTHS: u32 = 1200;

/// When something vests or is paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Vesting {
    /// All at once, at the start (or the grant date).
    Once,
    /// Every `every` months for `months`, equal portions, with an optional
    /// cliff releasing what accrued by then.
    Periodic {
        /// Length of the schedule, in months.
        months: u32,
        /// Months between vests.
        every: u32,
        /// Months to the cliff.
        cliff: Option<u32>,
    },
    /// Weights per period, in percent, such as `5/15/40/40` (annual).
    Weights {
        /// The weights, totalling 100.
        weights: Vec<Decimal>,
        /// Months between vests.
        every: u32,
    },
    /// Explicit dates with a portion of the total each.
    Explicit(Vec<(NaiveDate, Decimal)>),
}

impl Vesting {
    /// How many months the schedule runs, where its spec says: `4y monthly`
    /// 48, `5/15/40/40` (annual) 48; none for `once` and explicit dates.
    pub fn months(&self) -> Option<u32> {
        match self {
            Vesting::Periodic { months, .. } => Some(*months),
            Vesting::Weights { weights, every } => {
                u32::try_from(weights.len()).ok()?.checked_mul(*every)
            }
            Vesting::Once | Vesting::Explicit(_) => None,
        }
    }
}

/// A duration in months: `18m` is 18, `2y` is 24, `12 months` is 12.
pub fn duration_months(token: &str) -> Option<u32> {
    let lower = token.trim().to_ascii_lowercase();
    let digits: String = lower.chars().take_while(char::is_ascii_digit).collect();
    let n: u32 = digits.parse().ok()?;
    match lower.get(digits.len()..)?.trim() {
        "y" | "yr" | "yrs" | "year" | "years" => n.checked_mul(12),
        "m" | "mo" | "month" | "months" => Some(n),
        _ => None,
    }
}

fn frequency_months(token: &str) -> Option<u32> {
    Some(match token.to_ascii_lowercase().as_str() {
        "annual" | "annually" | "yearly" => 12,
        "semiannual" | "semi-annual" | "semiannually" | "half-yearly" => 6,
        "quarterly" => 3,
        "monthly" => 1,
        _ => return None,
    })
}

impl FromStr for Vesting {
    type Err = ScheduleError;

    /// `4y annual`, `4y quarterly`, `4y monthly 1y cliff`, `5/15/40/40`,
    /// `33/33/22/12 annual`, `once`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = |why: &str| ScheduleError::Spec {
            text: text.to_owned(),
            why: why.to_owned(),
        };
        let tokens: Vec<&str> = text.split_whitespace().collect();
        let Some(first) = tokens.first() else {
            return Err(err("empty"));
        };
        if tokens.len() == 1
            && matches!(
                first.to_ascii_lowercase().as_str(),
                "once" | "immediate" | "immediately" | "upfront"
            )
        {
            return Ok(Vesting::Once);
        }
        if first.contains('/') {
            let weights = first
                .split('/')
                .map(|w| {
                    Decimal::from_str_exact(w.trim_end_matches('%'))
                        .ok()
                        .filter(|d| !d.is_sign_negative())
                })
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| err("weights are numbers separated by `/`"))?;
            let total: Decimal = weights.iter().copied().sum();
            if total != Decimal::ONE_HUNDRED {
                return Err(ScheduleError::Weights {
                    text: text.to_owned(),
                    total: total.normalize(),
                });
            }
            let every = match tokens.get(1) {
                None => 12,
                Some(t) => {
                    frequency_months(t).ok_or_else(|| err(&format!("unknown frequency `{t}`")))?
                }
            };
            if tokens.len() > 2 {
                return Err(err("weights take only a frequency after them"));
            }
            return Ok(Vesting::Weights { weights, every });
        }
        let months = duration_months(first).ok_or_else(|| {
            err(&format!(
                "`{first}` is not a duration such as `4y` or `48m`"
            ))
        })?;
        if months == 0 {
            return Err(err("the schedule lasts zero months"));
        }
        if months > MAX_MONTHS {
            return Err(err(&format!(
                "the schedule lasts {months} months; the longest is {MAX_MONTHS} (100 years)"
            )));
        }
        let mut every = 12;
        let mut cliff = None;
        let mut rest = tokens.iter().skip(1).peekable();
        if let Some(t) = rest.peek()
            && let Some(f) = frequency_months(t)
        {
            every = f;
            rest.next();
        }
        while let Some(t) = rest.next() {
            if t.eq_ignore_ascii_case("cliff") {
                let d = rest
                    .next()
                    .ok_or_else(|| err("`cliff` needs a duration, as in `1y cliff`"))?;
                cliff = Some(
                    duration_months(d).ok_or_else(|| err(&format!("`{d}` is not a duration")))?,
                );
            } else if let Some(d) = duration_months(t) {
                match rest.next() {
                    Some(c) if c.eq_ignore_ascii_case("cliff") => cliff = Some(d),
                    _ => return Err(err(&format!("expected `cliff` after `{t}`"))),
                }
            } else {
                return Err(err(&format!("unexpected `{t}`")));
            }
        }
        if months % every != 0 {
            return Err(err(&format!(
                "{months} months do not divide into periods of {every}"
            )));
        }
        if let Some(c) = cliff {
            if c > months {
                return Err(err(&format!(
                    "the cliff ({c} months) is longer than the schedule ({months} months)"
                )));
            }
            if c == 0 {
                cliff = None;
            }
        }
        Ok(Vesting::Periodic {
            months,
            every,
            cliff,
        })
    }
}

/// `start` plus `months`, on the start's day of month or the month's last
/// day when it has none: 2021-01-30 + 13 months = 2022-02-28.
/// None past 9999-12-31 ([`crate::limits::Limit::Year`]): a date no
/// reader reads back is never made.
pub fn add_months(start: NaiveDate, months: u32) -> Option<NaiveDate> {
    start
        .checked_add_months(Months::new(months))
        .and_then(crate::limits::within_calendar)
}

/// The `k`-th anniversary of `start` (k = 0 is the start).
pub fn anniversary(start: NaiveDate, k: u32) -> Option<NaiveDate> {
    add_months(start, k.checked_mul(12)?)
}

/// The grant year holding `date`: a date on an anniversary counts in the
/// year it closes; the start date is in Year 1. 2026-07-01 of a 2025-07-01
/// start is Year 1; 2026-07-02 is Year 2.
pub fn grant_year(start: NaiveDate, date: NaiveDate) -> u32 {
    // Start two years short of the calendar difference, then step.
    let mut k = whole_years_below(start, date).max(1);
    while anniversary(start, k).is_some_and(|a| a < date) {
        k += 1;
    }
    k
}

/// A number of whole years certainly not above the years from `start` to
/// `date`: the difference of their calendar years, less one.
fn whole_years_below(start: NaiveDate, date: NaiveDate) -> u32 {
    use chrono::Datelike;
    u32::try_from(date.year() - start.year() - 1).unwrap_or(0)
}

/// Time since a start, as the rules count it: whole years, then days into
/// the next year, which is `length` days long (365 or 366).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YearTime {
    /// Whole years since the start.
    pub whole: u32,
    /// Days since the last anniversary.
    pub days: u32,
    /// Days from that anniversary to the next.
    pub length: u32,
}

/// The time from `start` to `date` (zero for dates on or before the start).
pub fn year_time(start: NaiveDate, date: NaiveDate) -> YearTime {
    let zero = YearTime {
        whole: 0,
        days: 0,
        length: 365,
    };
    if date <= start {
        return zero;
    }
    let mut n = whole_years_below(start, date);
    while anniversary(start, n + 1).is_some_and(|a| a <= date) {
        n += 1;
    }
    let (Some(a), Some(b)) = (anniversary(start, n), anniversary(start, n + 1)) else {
        return YearTime { whole: n, ..zero };
    };
    let days = |x: chrono::TimeDelta| u32::try_from(x.num_days()).unwrap_or(0);
    YearTime {
        whole: n,
        days: days(date - a),
        length: days(b - a).max(1),
    }
}

/// Time from `start` to `date` in years: whole years since the start plus
/// the remaining days over the length of that year. An anniversary is
/// exactly 1, 2, 3; 2026-01-01 of a 2025-07-01 start is 184/365.
pub fn years_between(start: NaiveDate, date: NaiveDate) -> Decimal {
    let t = year_time(start, date);
    // Unreachable default: a year's length is at least 1 day.
    Decimal::from(t.whole)
        + Decimal::from(t.days)
            .checked_div(Decimal::from(t.length))
            .unwrap_or_default()
}

/// Compounding at a yearly rate. `(1 + r)^t` for `t = n + d/D` is
/// `(1 + r)^n x ((1 + r)^(1/D))^d`: whole years are exact integer powers,
/// and the day roots for D = 365 and 366 are taken once per rate (with
/// `powd`), then raised to whole powers. At 8%, one year is 1.08 exactly
/// and its discount factor 0.925925...; $25M at 1, 2, 3 and 4 years is
/// worth 82803171.00 today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Compound {
    base: Decimal,
    roots: [Decimal; 2],
}

thread_local! {
    /// Day roots by rate: an evaluation of many offers at the same rates
    /// takes each root once.
    static ROOTS: std::cell::RefCell<Vec<(Decimal, [Decimal; 2])>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Growth factors by rate and time: offers share a few rates and, over
    /// a few years, at most 366 days a year, so each power is raised once.
    static GROWTH: std::cell::RefCell<std::collections::HashMap<(Decimal, u32, u32, u32), Decimal>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

impl Compound {
    /// Compounding at `rate` a year (0.08 for 8%); `None` at -100% or below.
    pub fn new(rate: Decimal) -> Option<Compound> {
        let base = Decimal::ONE.checked_add(rate)?;
        if base <= Decimal::ZERO {
            return None;
        }
        let cached = ROOTS.with(|r| r.borrow().iter().find(|(k, _)| *k == base).map(|(_, v)| *v));
        let roots = match cached {
            Some(r) => r,
            None => {
                let root =
                    |days: i64| base.checked_powd(Decimal::ONE.checked_div(Decimal::from(days))?);
                let roots = [root(365)?, root(366)?];
                ROOTS.with(|r| {
                    let mut r = r.borrow_mut();
                    if r.len() > 64 {
                        r.clear();
                    }
                    r.push((base, roots));
                });
                roots
            }
        };
        Some(Compound { base, roots })
    }

    /// `(1 + rate)^t`: what 1 grows to after `t`.
    pub fn growth(&self, t: YearTime) -> Option<Decimal> {
        let key = (self.base, t.whole, t.days, t.length);
        if let Some(g) = GROWTH.with(|m| m.borrow().get(&key).copied()) {
            return Some(g);
        }
        let whole = self.base.checked_powi(i64::from(t.whole))?;
        let g = if t.days == 0 {
            whole
        } else {
            whole.checked_mul(self.day_root(t.length).checked_powi(i64::from(t.days))?)?
        };
        GROWTH.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() > 100_000 {
                m.clear();
            }
            m.insert(key, g);
        });
        Some(g)
    }

    /// `(1 + rate)^-t`: the value now of 1 paid after `t`.
    pub fn discount(&self, t: YearTime) -> Option<Decimal> {
        Decimal::ONE.checked_div(self.growth(t)?)
    }

    /// `(1 + rate)^(1/length)`: one day's growth in a year of `length` days.
    pub fn day_root(&self, length: u32) -> Decimal {
        match length {
            366 => self.roots[1],
            _ => self.roots[0],
        }
    }

    /// `1 + rate`.
    pub fn base(&self) -> Decimal {
        self.base
    }
}

/// `(1 + rate)^-years` for a whole number of years: at 8%, 1 year is
/// 0.925925...
pub fn discount_factor(rate: Decimal, years: u32) -> Option<Decimal> {
    let base = Decimal::ONE.checked_add(rate)?;
    Decimal::ONE.checked_div(base.checked_powi(i64::from(years))?)
}

/// A dated tranche of a schedule, with its weight (its portion of the
/// total, in any unit).
pub type Dated = (NaiveDate, Decimal);

impl Vesting {
    /// The dates and weights of the tranches from `start`, cliff not yet
    /// applied.
    pub fn dates(&self, start: NaiveDate) -> Result<Vec<Dated>, ScheduleError> {
        let too_far = || ScheduleError::Amount("a vesting date is beyond the calendar".into());
        Ok(match self {
            Vesting::Once => vec![(start, Decimal::ONE)],
            Vesting::Periodic { months, every, .. } => (1..=months / every)
                .map(|k| {
                    add_months(start, k * every)
                        .map(|d| (d, Decimal::ONE))
                        .ok_or_else(too_far)
                })
                .collect::<Result<_, _>>()?,
            Vesting::Weights { weights, every } => weights
                .iter()
                .zip(1_u32..)
                .map(|(w, k)| {
                    add_months(start, k * every)
                        .map(|d| (d, *w))
                        .ok_or_else(too_far)
                })
                .collect::<Result<_, _>>()?,
            Vesting::Explicit(list) => list.clone(),
        })
    }

    /// How many dates the schedule vests on, at most: known before any
    /// date is made, to keep a schedule inside its limit
    /// ([`crate::limits::Limit::OfferTranches`]).
    pub fn count(&self) -> u64 {
        match self {
            Vesting::Once => 1,
            Vesting::Periodic { months, every, .. } => u64::from(months / (*every).max(1)),
            Vesting::Weights { weights, .. } => weights.len() as u64,
            Vesting::Explicit(list) => list.len() as u64,
        }
    }

    /// The date of the cliff, if any.
    pub fn cliff(&self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Vesting::Periodic { cliff: Some(c), .. } => add_months(start, *c),
            _ => None,
        }
    }

    /// Splits `total` in multiples of `unit` over the schedule from
    /// `start`. A cliff releases on its date what accrued by then: 4800
    /// shares over `4y monthly 1y cliff` from 2025-01-01 vest 1200 on
    /// 2026-01-01, then 100 a month, 37 tranches. Tranches of zero are
    /// dropped.
    pub fn split(
        &self,
        total: Decimal,
        start: NaiveDate,
        unit: Decimal,
        how: Allocation,
    ) -> Result<Vec<Dated>, ScheduleError> {
        let dates = self.dates(start)?;
        let weights: Vec<Decimal> = dates.iter().map(|d| d.1).collect();
        let parts = allocate(total, &weights, unit, how)?;
        let mut out: Vec<Dated> = Vec::with_capacity(parts.len());
        let cliff = self.cliff(start);
        let mut held = Decimal::ZERO;
        for ((date, _), part) in dates.iter().zip(parts) {
            match cliff {
                Some(c) if *date <= c => held += part,
                _ => {
                    if let Some(c) = cliff {
                        out.push((c, held));
                        held = Decimal::ZERO;
                    }
                    out.push((*date, part));
                }
            }
        }
        if let Some(c) = cliff {
            out.push((c, held));
        }
        out.retain(|(_, p)| !p.is_zero());
        Ok(out)
    }

    /// The last date of the schedule from `start`.
    pub fn end(&self, start: NaiveDate) -> Option<NaiveDate> {
        self.dates(start).ok()?.iter().map(|d| d.0).max()
    }
}

/// The vesting spec an `--over` and a `--vesting` make together:
/// `4y` and `monthly 1y cliff` make `4y monthly 1y cliff`; `4y` alone makes
/// `4y annual`; a spec that is whole by itself (`5/15/40/40`,
/// `4y quarterly`) stands alone. `None` when neither says how long.
///
/// ```
/// use dealcalc::schedule::compose_spec;
/// assert_eq!(compose_spec(Some("4y"), Some("monthly 1y cliff")).as_deref(), Some("4y monthly 1y cliff"));
/// assert_eq!(compose_spec(Some("4y"), None).as_deref(), Some("4y annual"));
/// assert_eq!(compose_spec(Some("4y"), Some("5/15/40/40")).as_deref(), Some("5/15/40/40"));
/// assert_eq!(compose_spec(None, None), None);
/// ```
pub fn compose_spec(over: Option<&str>, vesting: Option<&str>) -> Option<String> {
    match (over, vesting) {
        (Some(over), Some(v))
            if !v.contains('/') && !v.trim_start().starts_with(|c: char| c.is_ascii_digit()) =>
        {
            Some(format!("{over} {v}"))
        }
        (Some(over), None) => Some(format!("{over} annual")),
        (_, Some(v)) => Some(v.to_owned()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{d, date};

    fn ints(v: &[Decimal]) -> Vec<i64> {
        v.iter().map(|x| i64::try_from(*x).unwrap()).collect()
    }

    #[test]
    fn design_table_18_shares_over_4() {
        let w = [Decimal::ONE; 4];
        let expected: [(&str, [&str; 4]); 7] = [
            ("cumulative-rounding", ["5", "4", "5", "4"]),
            ("cumulative-round-down", ["4", "5", "4", "5"]),
            ("front-loaded", ["5", "5", "4", "4"]),
            ("back-loaded", ["4", "4", "5", "5"]),
            ("front-loaded-to-single-tranche", ["6", "4", "4", "4"]),
            ("back-loaded-to-single-tranche", ["4", "4", "4", "6"]),
            ("fractional", ["4.5", "4.5", "4.5", "4.5"]),
        ];
        for (name, want) in expected {
            let how: Allocation = name.parse().unwrap();
            assert_eq!(how.to_string(), name);
            let got = allocate(d("18"), &w, Decimal::ONE, how).unwrap();
            assert_eq!(got, want.map(d).to_vec(), "{name}");
        }
    }

    #[test]
    fn hundred_dollars_over_three_years() {
        let w = [Decimal::ONE; 3];
        let got = allocate(d("100"), &w, d("0.01"), Allocation::CumulativeRounding).unwrap();
        assert_eq!(got, vec![d("33.33"), d("33.34"), d("33.33")]);
    }

    #[test]
    fn vestlang_4800_shares_monthly_with_cliff() {
        let v: Vesting = "4y monthly 1y cliff".parse().unwrap();
        let t = v
            .split(
                d("4800"),
                date("2025-01-01"),
                Decimal::ONE,
                Allocation::default(),
            )
            .unwrap();
        assert_eq!(t.len(), 37);
        assert_eq!(t[0], (date("2026-01-01"), d("1200")));
        assert_eq!(t[1], (date("2026-02-01"), d("100")));
        assert_eq!(t[36], (date("2029-01-01"), d("100")));
        assert_eq!(t.iter().map(|x| x.1).sum::<Decimal>(), d("4800"));
    }

    #[test]
    fn vestlang_7_shares_cliff_rounding() {
        let v: Vesting = "48m monthly 12m cliff".parse().unwrap();
        let start = date("2025-01-01");
        let down = v
            .split(d("7"), start, Decimal::ONE, Allocation::CumulativeRoundDown)
            .unwrap();
        assert_eq!(down[0], (date("2026-01-01"), d("1")));
        let default = v
            .split(d("7"), start, Decimal::ONE, Allocation::CumulativeRounding)
            .unwrap();
        assert_eq!(default[0], (date("2026-01-01"), d("2")));
        assert_eq!(
            ints(&down.iter().map(|x| x.1).collect::<Vec<_>>())
                .iter()
                .sum::<i64>(),
            7
        );
    }

    #[test]
    fn monthly_dates_keep_the_day_or_fall_to_month_end() {
        let v: Vesting = "2y monthly".parse().unwrap();
        let dates = v.dates(date("2021-01-30")).unwrap();
        assert_eq!(dates[0].0, date("2021-02-28"));
        assert_eq!(dates[1].0, date("2021-03-30"));
        assert_eq!(dates[12].0, date("2022-02-28"));
    }

    #[test]
    fn bad_specs_name_the_problem() {
        assert_eq!(
            "5/15/40/30".parse::<Vesting>().unwrap_err().to_string(),
            "vesting weights `5/15/40/30` total 90, not 100"
        );
        assert!(
            "0y annual"
                .parse::<Vesting>()
                .unwrap_err()
                .to_string()
                .contains("zero months")
        );
        assert!(
            "1y monthly 2y cliff"
                .parse::<Vesting>()
                .unwrap_err()
                .to_string()
                .contains("longer than the schedule")
        );
        assert!("4y weekly".parse::<Vesting>().is_err());
        assert!("10m quarterly".parse::<Vesting>().is_err());
        assert!(
            "sideways"
                .parse::<Allocation>()
                .unwrap_err()
                .contains("choose from: cumulative-rounding")
        );
    }

    #[test]
    fn grant_years_close_on_anniversaries() {
        let s = date("2025-07-01");
        assert_eq!(grant_year(s, s), 1);
        assert_eq!(grant_year(s, date("2026-07-01")), 1);
        assert_eq!(grant_year(s, date("2026-07-02")), 2);
        assert_eq!(years_between(s, date("2027-07-01")), d("2"));
        assert_eq!(years_between(s, date("2026-01-01")), d("184") / d("365"));
    }

    #[test]
    fn day_roots_compound_to_a_year() {
        let c = Compound::new(d("0.08")).unwrap();
        let year = c
            .growth(YearTime {
                whole: 0,
                days: 365,
                length: 365,
            })
            .unwrap();
        assert!((year - d("1.08")).abs() < d("1e-20"), "{year}");
        let leap = c
            .growth(YearTime {
                whole: 1,
                days: 366,
                length: 366,
            })
            .unwrap();
        assert!((leap - d("1.1664")).abs() < d("1e-20"), "{leap}");
        // Half of a 365-day year at 10%: sqrt(1.1) = 1.0488088481701515...
        let half = Compound::new(d("0.1"))
            .unwrap()
            .growth(YearTime {
                whole: 0,
                days: 1,
                length: 365,
            })
            .unwrap()
            .powi(365);
        assert!((half - d("1.1")).abs() < d("1e-20"));
    }

    #[test]
    fn hundred_million_at_8_percent() {
        // 25M * (1.08^-1 + 1.08^-2 + 1.08^-3 + 1.08^-4) = 82803171.00 (rounded)
        let pv: Decimal = (1..=4)
            .map(|k| d("25000000") * discount_factor(d("0.08"), k).unwrap())
            .sum();
        assert_eq!(pv.round_dp(2), d("82803171.00"));
    }
}
