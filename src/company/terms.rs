//! What happens to a company: its events (SAFEs, notes, priced rounds) with their terms, and a note's day count and accrued interest.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::money::Money;

/// A liquidation preference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preference {
    /// Times the amount invested paid first: 1 for "1x".
    pub multiple: Decimal,
    /// Also shares in what is left, after its preference.
    pub participating: bool,
    /// A participating preference stops at this multiple of the amount
    /// invested ("3x"), preference included.
    pub cap: Option<Decimal>,
    /// Paid before lower ranks: a higher number is paid first.
    pub seniority: u32,
}

impl Default for Preference {
    fn default() -> Self {
        Preference {
            multiple: Decimal::ONE,
            participating: false,
            cap: None,
            seniority: 1,
        }
    }
}

/// How a note counts the days its interest runs.
///
/// `Actual365`: the days over 365 (500,000 at 8% over the 366 days from
/// 2024-01-01 to 2025-01-01 is 40,109.59); `ActualActual`, ISDA: the days
/// in each calendar year over that year's length (the same 366 days are
/// 366/366 of 2024, so 40,000.00).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DayCount {
    /// Days over 365.
    #[default]
    Actual365,
    /// The days of each calendar year over its 365 or 366 (ISDA).
    ActualActual,
}

impl DayCount {
    /// The names scenario files take.
    pub const NAMES: &'static [&'static str] = &["actual/365", "actual/actual"];

    /// The fraction of a year from `from` to `to` (`to` after `from`).
    ///
    /// ```
    /// use dealcalc::company::DayCount;
    /// use chrono::NaiveDate;
    /// use rust_decimal::Decimal;
    /// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    /// let a365 = DayCount::Actual365.year_fraction(d("2024-01-01"), d("2025-01-01")).unwrap();
    /// assert_eq!(a365, Decimal::new(366, 0) / Decimal::new(365, 0));
    /// let isda = DayCount::ActualActual.year_fraction(d("2024-01-01"), d("2025-01-01")).unwrap();
    /// assert_eq!(isda, Decimal::ONE);
    /// // 2023-07-01 to 2024-07-01: 184/365 of 2023 and 182/366 of 2024.
    /// let split = DayCount::ActualActual.year_fraction(d("2023-07-01"), d("2024-07-01")).unwrap();
    /// assert_eq!(split, Decimal::new(184, 0) / Decimal::new(365, 0) + Decimal::new(182, 0) / Decimal::new(366, 0));
    /// ```
    pub fn year_fraction(self, from: NaiveDate, to: NaiveDate) -> Option<Decimal> {
        use chrono::Datelike;
        if to < from {
            return None;
        }
        match self {
            DayCount::Actual365 => {
                Decimal::from((to - from).num_days()).checked_div(Decimal::from(365))
            }
            DayCount::ActualActual => {
                let mut total = Decimal::ZERO;
                let mut at = from;
                while at < to {
                    let next_year = NaiveDate::from_ymd_opt(at.year() + 1, 1, 1)?;
                    let end = next_year.min(to);
                    let length = if at.leap_year() { 366 } else { 365 };
                    let part =
                        Decimal::from((end - at).num_days()).checked_div(Decimal::from(length))?;
                    total = total.checked_add(part)?;
                    at = end;
                }
                Some(total)
            }
        }
    }
}

impl std::str::FromStr for DayCount {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "actual/365" => Ok(DayCount::Actual365),
            "actual/actual" => Ok(DayCount::ActualActual),
            _ => Err(format!(
                "unknown day count `{s}`; choose from: {}",
                DayCount::NAMES.join(", ")
            )),
        }
    }
}

impl std::fmt::Display for DayCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DayCount::Actual365 => "actual/365",
            DayCount::ActualActual => "actual/actual",
        })
    }
}

/// A note's interest up to the round that converts it, and what it
/// converts: principal plus interest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accrual {
    /// The principal.
    pub principal: Money,
    /// Simple interest a year: 0.08 for 8%.
    pub rate: Decimal,
    /// Days from the note's date to the round's.
    pub days: i64,
    /// How the days count.
    pub day_count: DayCount,
    /// The years they come to by it: 366/365 for 2024 on actual/365.
    pub years: Decimal,
    /// The interest, exact.
    pub interest: Money,
    /// Principal plus interest: what converts, and the preference.
    pub conversion_amount: Money,
}

/// What a SAFE's cap prices.
///
/// Post-money (YC's safe since 2018): the cap over the company
/// capitalization just before the round's money, the SAFEs' own shares
/// included and the pool top-up not: $1M at a $10M cap owns 10%. Pre-money
/// (YC's earlier safe): the cap over the capitalization before the round,
/// the pool top-up included and the SAFEs and notes not: a $100,000 SAFE
/// at a $5M cap, on 11,000,000 shares with the pool the round adopts (YC's
/// safe primer), converts at $5M / 11,000,000 = $0.454545..., 220,000
/// shares (the primer prints $0.4545 and 220,022: its price rounded to
/// four places).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SafeValuation {
    /// The cap prices the capitalization with the SAFEs.
    #[default]
    Post,
    /// The cap prices the capitalization before them, with the top-up.
    Pre,
}

/// What happens to the company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A SAFE: post-money (YC's since 2018) or pre-money.
    Safe {
        /// Its holder.
        holder: String,
        /// The purchase amount.
        amount: Money,
        /// The valuation cap.
        cap: Option<Money>,
        /// The discount on the round's price: 0.2 for 20%.
        discount: Decimal,
        /// Which capitalization the cap prices.
        valuation: SafeValuation,
        /// Most favoured nation: no cap or discount of its own, it takes
        /// the lowest cap and the highest discount of the SAFEs issued
        /// after it and before the round.
        mfn: bool,
    },
    /// A convertible note.
    Note {
        /// Its holder.
        holder: String,
        /// The principal.
        amount: Money,
        /// Simple interest a year.
        interest: Decimal,
        /// The pre-money valuation cap.
        cap: Option<Money>,
        /// The discount on the round's price.
        discount: Decimal,
        /// When it was issued (interest runs from it).
        date: Option<NaiveDate>,
        /// How the interest counts days.
        day_count: DayCount,
    },
    /// A priced round.
    Round {
        /// The new investors and their money, in one class at one price:
        /// each investor's shares rounded down on their own, each with its
        /// own preference, pari passu within the class.
        investors: Vec<(String, Money)>,
        /// The valuation before it, counting converting SAFEs, notes and the
        /// pool top-up.
        pre_money: Money,
        /// The unissued pool as a share of the post-money shares.
        pool_after: Option<Decimal>,
        /// Its preferred stock's preference.
        preference: Preference,
        /// When.
        date: Option<NaiveDate>,
        /// Its preferred's protection against a later round priced below
        /// it.
        anti_dilution: Option<AntiDilution>,
        /// `pool_after` counts the issued options with the unissued pool
        /// (`pool_counts = "issued-and-unissued"`): a target already met
        /// tops up nothing.
        pool_counts_issued: bool,
    },
    /// Existing shares changing hands (a tender, a founder's sale): nothing
    /// is issued; the buyer takes the seller's class and, for preferred,
    /// its preference pro rata per share.
    Secondary {
        /// Who sells.
        seller: String,
        /// Who buys.
        buyer: String,
        /// How many shares.
        shares: Decimal,
        /// The price of one share.
        price: Money,
        /// Which of the seller's blocks, where it holds more than one.
        class: Option<Class>,
    },
}

/// How a round's preferred is protected when a later round is priced below
/// its conversion price (the NVCA model charter's formula): the new
/// conversion price is CP1 x (A + B) / (A + C), with A the shares
/// outstanding before the new round (broad-based: every share as
/// converted and the pool; narrow-based: the class's), B the new money
/// over CP1, C the shares it buys; or, with a full ratchet, the new price.
/// 100 preferred bought at $10 of 1,000 shares, then 200 sold at $5: broad,
/// $10 x (1,000 + 100) / (1,000 + 200) = $9.1667, so 109 shares as
/// converted; narrow, $10 x 200 / 300 = $6.6667, 150 shares; full ratchet,
/// $5, 200 shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AntiDilution {
    /// Weighted average over every share.
    Broad,
    /// Weighted average over the class's shares.
    Narrow,
    /// The new price.
    FullRatchet,
}

impl AntiDilution {
    /// The names scenario files and the command line take.
    pub const NAMES: &'static [&'static str] = &["broad", "narrow", "full-ratchet"];
}

impl std::str::FromStr for AntiDilution {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "broad" => Ok(AntiDilution::Broad),
            "narrow" => Ok(AntiDilution::Narrow),
            "full-ratchet" => Ok(AntiDilution::FullRatchet),
            _ => Err(format!(
                "unknown anti-dilution `{s}`; choose from: {}",
                AntiDilution::NAMES.join(", ")
            )),
        }
    }
}

/// Which of a holder's blocks a secondary sells: its common, or the
/// preferred an event issued it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Class {
    /// Common shares.
    Common,
    /// The preferred issued by this event (`series-a`).
    Preferred(String),
}

/// An event with its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Its id in the file.
    pub id: String,
    /// What it is.
    pub kind: EventKind,
}

/// How an exit is given: its value, or what one holder should receive
/// (`payout = { founders = "$10M" }`), solved for the least value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExitAt {
    /// The exit value.
    Value(Money),
    /// The least exit value at which `holder` is paid `amount`.
    Payout {
        /// The holder.
        holder: String,
        /// What it should receive.
        amount: Money,
    },
}

/// Exit values from `from` to `to` by `step`, both ends included where the
/// steps land on them: `$10M..$50M step $10M` is 10, 20, 30, 40 and 50
/// million.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExitRange {
    /// The first value.
    pub from: Money,
    /// The last value at most.
    pub to: Money,
    /// Between two values.
    pub step: Money,
}

impl ExitRange {
    /// The most values a range gives.
    pub const MAX: usize = 1_000;

    /// The three amounts of a range as written, `FROM..TO step STEP`:
    ///
    /// ```
    /// use dealcalc::company::ExitRange;
    /// assert_eq!(ExitRange::parts("$10M..$200M step $10M"), Ok(("$10M", "$200M", "$10M")));
    /// assert!(ExitRange::parts("$10M to $200M").is_err());
    /// ```
    pub fn parts(text: &str) -> Result<(&str, &str, &str), &'static str> {
        let (span, step) = text.split_once(" step ").ok_or("has no `step`")?;
        let (from, to) = span
            .split_once("..")
            .ok_or("has no `..` between its ends")?;
        Ok((from.trim(), to.trim(), step.trim()))
    }

    /// The values, or why there are none: `$10M..$50M step $10M` gives
    /// five.
    ///
    /// ```
    /// use dealcalc::company::ExitRange;
    /// use dealcalc::money::Money;
    /// use dealcalc::currency::Currency;
    /// use dealcalc::amount::Code;
    /// let usd = Currency::iso(Code::new("USD").unwrap()).unwrap();
    /// let m = |n: i64| Money::new(n.into(), usd);
    /// let r = ExitRange { from: m(10_000_000), to: m(50_000_000), step: m(10_000_000) };
    /// assert_eq!(r.values().unwrap().len(), 5);
    /// let r = ExitRange { from: m(1), to: m(2_000), step: m(1) };
    /// assert!(r.values().is_err());
    /// ```
    pub fn values(&self) -> Result<Vec<Money>, &'static str> {
        if self.from.currency != self.to.currency || self.from.currency != self.step.currency {
            return Err("its values and its step must be in one currency");
        }
        if self.step.amount <= Decimal::ZERO {
            return Err("its step must be more than 0");
        }
        if self.to.amount < self.from.amount {
            return Err("it must run from a lower value to a higher one");
        }
        let mut out = Vec::new();
        let mut v = self.from.amount;
        while v <= self.to.amount {
            if out.len() == Self::MAX {
                return Err("it gives more than 1,000 exit values: take a larger step");
            }
            out.push(Money::new(v, self.from.currency));
            v = v
                .checked_add(self.step.amount)
                .ok_or("its values exceed 28 digits")?;
        }
        Ok(out)
    }
}

/// A company before its events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Company {
    /// Its name.
    pub name: String,
    /// Common shares by holder.
    pub common: Vec<(String, Decimal)>,
    /// The unissued option pool.
    pub pool: Decimal,
    /// Issued options by holder: how many, and their strike.
    pub options: Vec<(String, Decimal, Money)>,
    /// Financing events, in order.
    pub events: Vec<Event>,
    /// Exits to pay out, by id: a value, or a payout to solve for.
    pub exits: Vec<(String, ExitAt)>,
    /// Exit values to tabulate each holder's payout over.
    pub exit_range: Option<ExitRange>,
}

/// A block of shares: whose, and with what preference (none for common).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holding {
    /// The holder.
    pub holder: String,
    /// Shares.
    pub shares: Decimal,
    /// Preferred: the event that issued it, its preference in money, the
    /// amount invested, and the terms.
    pub preferred: Option<Preferred>,
    /// Issued options: the price paid for each share on exercise. They
    /// count as shares wherever shares are counted fully diluted; at an
    /// exit they exercise when a common share is worth more than it.
    pub strike: Option<Money>,
}

/// Preferred stock's terms in money.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preferred {
    /// The event that issued it.
    pub event: String,
    /// Paid first: multiple x invested.
    pub preference: Money,
    /// What was paid for it.
    pub invested: Money,
    /// The money its shares were bought or converted with (a note's
    /// principal and interest), and the price a share it converted at: an
    /// anti-dilution adjustment lowers that price, and the block then
    /// converts into that money over it.
    pub converted: Decimal,
    /// Its conversion price (0 for a SAFE paid its amount at an exit).
    pub conversion_price: Decimal,
    /// The terms.
    pub terms: Preference,
}

/// What an event did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventResult {
    /// The event's id.
    pub id: String,
    /// The price of one share it issued (for a SAFE or note, its
    /// conversion price).
    pub price_per_share: Option<Money>,
    /// Shares it issued to its holder.
    pub shares: Decimal,
    /// The valuation before it (rounds).
    pub pre_money: Option<Money>,
    /// The valuation after it (rounds: pre-money plus the new money).
    pub post_money: Option<Money>,
    /// Shares added to the pool to reach `pool_after`.
    pub pool_top_up: Decimal,
    /// Where it stands; `report` words it.
    pub status: Status,
    /// For a note a round converted: its interest and conversion amount.
    pub accrual: Option<Accrual>,
    /// For a round whose preferred a later, lower round adjusted: the
    /// conversion price its anti-dilution gives.
    pub conversion_price: Option<Money>,
    /// And the shares its preferred converts into (its `shares` stay the
    /// shares issued).
    pub as_converted_shares: Option<Decimal>,
    /// Each adjustment of its conversion price, in order, with its figures.
    pub adjustments: Vec<Adjustment>,
}

/// One anti-dilution adjustment of a round's conversion price, with the
/// figures of the formula (see [`AntiDilution`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adjustment {
    /// The lower round that caused it.
    pub by: String,
    /// How the round is protected.
    pub kind: AntiDilution,
    /// CP1, the conversion price before.
    pub before: Money,
    /// A: the shares counted before the lower round.
    pub a: Decimal,
    /// B: its new money over CP1.
    pub b: Decimal,
    /// C: the shares its money bought.
    pub c: Decimal,
    /// CP2, the conversion price after.
    pub after: Money,
}

/// Where an event stands after the company's events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// A SAFE or note no round has converted yet (while the events run).
    Waiting,
    /// A SAFE or note a round converted: that round's id.
    ConvertedIn(String),
    /// A SAFE with no cap that no round converted: at an exit it is paid
    /// its purchase amount, beside the preferred.
    PaidAtExit,
    /// A SAFE or note no round converted, taken at its cap.
    AtCap,
    /// A priced round.
    Priced,
    /// Shares sold by one holder to another.
    Sold {
        /// The seller.
        seller: String,
        /// The buyer.
        buyer: String,
    },
}
