//! A figure path in a claim's subject, read once into a typed [`Path`]:
//! `deals.meta-scale.post_money`, `offers.ny.years.1`,
//! `offers.ny.reporting.kept`, `companies.acme.exits.small.payout.fund`.
//! Each field is an enum that knows its names, so an unknown one is
//! refused with the list to choose from; the ids are looked up against a
//! file's results by whoever holds them.
//!
//! ```
//! use dealcalc::claim::path::{DealField, OfferFigure, Path, View};
//! assert_eq!(
//!     Path::parse("deals.meta-scale.post_money").unwrap(),
//!     Some(Path::Deal { id: "meta-scale", field: DealField::PostMoney })
//! );
//! assert_eq!(
//!     Path::parse("offers.ny.years.2").unwrap(),
//!     Some(Path::Offer { id: "ny", view: View::Own, figure: OfferFigure::Year(2) })
//! );
//! // Not a path: an amount, read elsewhere.
//! assert_eq!(Path::parse("$14.3B").unwrap(), None);
//! ```

use std::fmt;

/// A figure of a deal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DealField {
    /// `post_money`
    PostMoney,
    /// `pre_money`
    PreMoney,
    /// `price`
    Price,
    /// `stake`
    Stake,
    /// `remaining_value`
    RemainingValue,
    /// `new_shares`
    NewShares,
    /// `shares_bought`
    SharesBought,
    /// `price_per_share`
    PricePerShare,
}

impl DealField {
    /// Every field, with its name.
    pub const ALL: [(DealField, &'static str); 8] = [
        (DealField::PostMoney, "post_money"),
        (DealField::PreMoney, "pre_money"),
        (DealField::Price, "price"),
        (DealField::Stake, "stake"),
        (DealField::RemainingValue, "remaining_value"),
        (DealField::NewShares, "new_shares"),
        (DealField::SharesBought, "shares_bought"),
        (DealField::PricePerShare, "price_per_share"),
    ];

    /// Its name in paths: `post_money`.
    pub fn name(self) -> &'static str {
        DealField::ALL
            .iter()
            .find(|(f, _)| *f == self)
            .map_or("", |(_, n)| n)
    }

    fn named(name: &str) -> Option<DealField> {
        DealField::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(f, _)| *f)
    }
}

/// Which figures of an offer: its own, in the reporting currency, or in
/// dollars of the real-terms period; under a share price scenario, in its
/// own or the reporting currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View<'t> {
    /// The offer's own currency.
    Own,
    /// `reporting.`: the file's `currency`.
    Reporting,
    /// `real.`: dollars of the file's `real` period.
    Real,
    /// `scenarios.NAME.`: at the share price of one of the offer's
    /// `price_scenarios`.
    Scenario(&'t str),
    /// `reporting.scenarios.NAME.`: the same in the file's `currency`.
    ReportingScenario(&'t str),
}

/// A figure of an offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferFigure {
    /// `total`
    Total,
    /// `present_value`
    PresentValue,
    /// `kept`
    Kept,
    /// `forfeited`
    Forfeited,
    /// `first_year`
    FirstYear,
    /// `average_per_year`
    AveragePerYear,
    /// `after_tax`
    AfterTax,
    /// `kept_after_tax`
    KeptAfterTax,
    /// `kept_present_value`
    KeptPresentValue,
    /// `years.N`: grant year N.
    Year(u32),
    /// `calendar.YYYY`.
    Calendar(i32),
}

impl OfferFigure {
    /// The figures named by one word.
    pub const WORDS: [(OfferFigure, &'static str); 9] = [
        (OfferFigure::Total, "total"),
        (OfferFigure::PresentValue, "present_value"),
        (OfferFigure::Kept, "kept"),
        (OfferFigure::Forfeited, "forfeited"),
        (OfferFigure::FirstYear, "first_year"),
        (OfferFigure::AveragePerYear, "average_per_year"),
        (OfferFigure::AfterTax, "after_tax"),
        (OfferFigure::KeptAfterTax, "kept_after_tax"),
        (OfferFigure::KeptPresentValue, "kept_present_value"),
    ];

    /// Every offer path, for hints.
    pub const CHOICES: &'static str = "total, present_value, kept, forfeited, first_year, average_per_year, after_tax, kept_after_tax, kept_present_value, years.N, calendar.YYYY, each also under reporting. (the file's `currency`), real. (dollars of its `real` period), scenarios.NAME. and reporting.scenarios.NAME. (at a share price of its `price_scenarios`)";
}

impl fmt::Display for OfferFigure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OfferFigure::Year(n) => write!(f, "years.{n}"),
            OfferFigure::Calendar(y) => write!(f, "calendar.{y}"),
            other => f.write_str(
                OfferFigure::WORDS
                    .iter()
                    .find(|(w, _)| w == other)
                    .map_or("", |(_, n)| n),
            ),
        }
    }
}

/// A figure of a company.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompanyFigure<'t> {
    /// `events.EID.FIELD`
    Event {
        /// The event's id.
        id: &'t str,
        /// Which figure.
        field: EventField,
    },
    /// `holders.HOLDER.shares|ownership`
    Holder {
        /// The holder.
        name: &'t str,
        /// Its ownership rather than its shares.
        ownership: bool,
    },
    /// `exits.XID.payout.HOLDER`
    Payout {
        /// The exit.
        exit: &'t str,
        /// The holder.
        holder: &'t str,
    },
    /// `exits.XID.value`: the exit's value (solved, for an exit given by
    /// a payout).
    ExitValue {
        /// The exit.
        exit: &'t str,
    },
    /// `exits.XID.per_common_share`
    PerCommonShare {
        /// The exit.
        exit: &'t str,
    },
    /// `breakpoints.HOLDER`
    Breakpoint {
        /// The holder.
        holder: &'t str,
    },
}

/// A figure of a company's event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventField {
    /// `price_per_share`
    PricePerShare,
    /// `shares`
    Shares,
    /// `post_money`
    PostMoney,
    /// `pre_money`
    PreMoney,
    /// `pool_top_up`
    PoolTopUp,
}

impl CompanyFigure<'_> {
    /// Every company path, for hints.
    pub const CHOICES: &'static str = "events.EVENT.price_per_share|shares|post_money|pre_money|pool_top_up, \
     holders.HOLDER.shares|ownership, exits.EXIT.payout.HOLDER, exits.EXIT.per_common_share, exits.EXIT.value, \
     breakpoints.HOLDER";
}

/// A path into a file's results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path<'t> {
    /// `deals.ID.FIELD`
    Deal {
        /// The deal.
        id: &'t str,
        /// Which figure.
        field: DealField,
    },
    /// `offers.ID[.reporting|.real].FIGURE`
    Offer {
        /// The offer.
        id: &'t str,
        /// In which currency or terms.
        view: View<'t>,
        /// Which figure.
        figure: OfferFigure,
    },
    /// `companies.ID.…`
    Company {
        /// The company.
        id: &'t str,
        /// Which figure.
        figure: CompanyFigure<'t>,
    },
}

/// A path that names no figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathError {
    /// `deals.ID.x`: no such deal figure.
    DealField(String),
    /// `offers.ID.x`: no such offer figure.
    OfferFigure(String),
    /// `companies.ID.x`: no such company figure; `what` says which part
    /// (`event figure`, `holder figure`, `exit figure`).
    CompanyFigure {
        /// What part of the path.
        what: &'static str,
    },
}

impl PathError {
    /// The choices, for a hint.
    pub fn choices(&self) -> String {
        match self {
            PathError::DealField(_) => DealField::ALL
                .iter()
                .map(|(_, n)| *n)
                .collect::<Vec<_>>()
                .join(", "),
            PathError::OfferFigure(_) => OfferFigure::CHOICES.to_owned(),
            PathError::CompanyFigure { .. } => CompanyFigure::CHOICES.to_owned(),
        }
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::DealField(x) => write!(f, "unknown deal figure `{x}`"),
            PathError::OfferFigure(x) => write!(f, "unknown offer figure `{x}`"),
            PathError::CompanyFigure { what } => write!(f, "no such {what}"),
        }
    }
}

impl<'t> Path<'t> {
    /// Reads a path; none when the text is not one (an amount).
    pub fn parse(text: &'t str) -> Result<Option<Path<'t>>, PathError> {
        let parts: Vec<&str> = text.trim().split('.').collect();
        Ok(Some(match parts.as_slice() {
            ["deals", id, field] => Path::Deal {
                id,
                field: DealField::named(field)
                    .ok_or_else(|| PathError::DealField((*field).to_owned()))?,
            },
            ["offers", id, rest @ ..] => {
                let (view, rest) = match rest {
                    ["reporting", "scenarios", name, rest @ ..] => {
                        (View::ReportingScenario(name), rest)
                    }
                    ["reporting", rest @ ..] => (View::Reporting, rest),
                    ["real", rest @ ..] => (View::Real, rest),
                    ["scenarios", name, rest @ ..] => (View::Scenario(name), rest),
                    _ => (View::Own, rest),
                };
                Path::Offer {
                    id,
                    view,
                    figure: offer_figure(rest)?,
                }
            }
            ["companies", id, rest @ ..] => Path::Company {
                id,
                figure: company_figure(rest)?,
            },
            _ => return Ok(None),
        }))
    }
}

fn offer_figure(rest: &[&str]) -> Result<OfferFigure, PathError> {
    let unknown = || PathError::OfferFigure(rest.join("."));
    match rest {
        [word] => OfferFigure::WORDS
            .iter()
            .find(|(_, n)| n == word)
            .map(|(f, _)| *f)
            .ok_or_else(unknown),
        ["years", n] => n.parse().map(OfferFigure::Year).map_err(|_| unknown()),
        ["calendar", y] => y.parse().map(OfferFigure::Calendar).map_err(|_| unknown()),
        _ => Err(unknown()),
    }
}

fn company_figure<'t>(rest: &[&'t str]) -> Result<CompanyFigure<'t>, PathError> {
    let bad = |what| PathError::CompanyFigure { what };
    Ok(match rest {
        ["events", id, field] => CompanyFigure::Event {
            id,
            field: match *field {
                "price_per_share" => EventField::PricePerShare,
                "shares" => EventField::Shares,
                "post_money" => EventField::PostMoney,
                "pre_money" => EventField::PreMoney,
                "pool_top_up" => EventField::PoolTopUp,
                _ => return Err(bad("event figure")),
            },
        },
        ["holders", name, field] => CompanyFigure::Holder {
            name,
            ownership: match *field {
                "shares" => false,
                "ownership" => true,
                _ => return Err(bad("holder figure")),
            },
        },
        ["exits", exit, "payout", holder] => CompanyFigure::Payout { exit, holder },
        ["exits", exit, "per_common_share"] => CompanyFigure::PerCommonShare { exit },
        ["exits", exit, "value"] => CompanyFigure::ExitValue { exit },
        ["exits", _, ..] => return Err(bad("exit figure")),
        ["breakpoints", holder] => CompanyFigure::Breakpoint { holder },
        _ => return Err(bad("company figure")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_path() {
        assert_eq!(
            Path::parse("offers.paris.reporting.kept_after_tax").unwrap(),
            Some(Path::Offer {
                id: "paris",
                view: View::Reporting,
                figure: OfferFigure::KeptAfterTax
            })
        );
        assert_eq!(
            Path::parse("offers.ny.reporting.scenarios.bear.kept").unwrap(),
            Some(Path::Offer {
                id: "ny",
                view: View::ReportingScenario("bear"),
                figure: OfferFigure::Kept
            })
        );
        assert_eq!(
            Path::parse("offers.o.real.calendar.2026").unwrap(),
            Some(Path::Offer {
                id: "o",
                view: View::Real,
                figure: OfferFigure::Calendar(2026)
            })
        );
        assert_eq!(
            Path::parse("companies.acme.exits.small.payout.fund").unwrap(),
            Some(Path::Company {
                id: "acme",
                figure: CompanyFigure::Payout {
                    exit: "small",
                    holder: "fund"
                }
            })
        );
        assert_eq!(
            Path::parse("deals.a.valuation"),
            Err(PathError::DealField("valuation".into()))
        );
        assert_eq!(
            Path::parse("offers.a.years.one"),
            Err(PathError::OfferFigure("years.one".into()))
        );
        assert_eq!(Path::parse("about $29 billion").unwrap(), None);
    }
}
