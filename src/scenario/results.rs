//! What a scenario evaluates to: each offer, deal, company and claim
//! with where it came from.

use chrono::NaiveDate;

use crate::claim::{self, Verdict};
use crate::company::{Company, CompanyResult};
use crate::deal::{Deal, Valuation};
use crate::offer::{Breakdown, Offer};

/// An offer and its breakdown.
#[derive(Debug, Clone)]
pub struct OfferResult {
    /// Its id in the file.
    pub id: String,
    /// The offer.
    pub offer: Offer,
    /// Its breakdown.
    pub breakdown: Breakdown,
    /// Where it was reported from.
    pub source: Option<String>,
    /// The sentence as printed.
    pub text: Option<String>,
}

/// A deal and its valuation.
#[derive(Debug, Clone)]
pub struct DealResult {
    /// Its id.
    pub id: String,
    /// The deal.
    pub deal: Deal,
    /// What it implies.
    pub valuation: Valuation,
    /// One unit of the last printed digit of each input given as text
    /// (`"49%"`: 0.01; `"$14.3B"`: 100,000,000), for claims judged with
    /// their inputs as printed.
    pub steps: Vec<(crate::deal::Term, rust_decimal::Decimal)>,
    /// Where it was reported.
    pub source: Option<String>,
    /// The sentence as printed.
    pub text: Option<String>,
}

/// A company and what its events and exits come to.
#[derive(Debug, Clone)]
pub struct CompanyEntry {
    /// Its id.
    pub id: String,
    /// The company as given.
    pub company: Company,
    /// Its events, cap table and exits.
    pub result: CompanyResult,
    /// Where it was reported.
    pub source: Option<String>,
}

/// A claim and its verdict.
#[derive(Debug, Clone)]
pub struct ClaimResult {
    /// The sentence as printed.
    pub text: String,
    /// Where it was printed.
    pub source: Option<String>,
    /// What it is about, as written.
    pub of: String,
    /// The printed figure, as written.
    pub says: String,
    /// The date of the comparison.
    pub on: NaiveDate,
    /// The verdict.
    pub verdict: Verdict,
}

/// A scenario evaluated.
#[derive(Debug, Clone)]
pub struct Results {
    /// The file's name.
    pub file: String,
    /// Its title.
    pub title: Option<String>,
    /// Its source.
    pub source: Option<String>,
    /// Default date for conversions and claims.
    pub as_of: NaiveDate,
    /// Offers, in file order: every one, or, where each was handed out as
    /// it was evaluated ([`Document::evaluate_each`](super::Document::evaluate_each)),
    /// those the file's claims may name.
    pub offers: Vec<OfferResult>,
    /// How many offers the file has.
    pub offer_count: usize,
    /// Deals, in file order.
    pub deals: Vec<DealResult>,
    /// Companies, in file order.
    pub companies: Vec<CompanyEntry>,
    /// Claims, in file order.
    pub claims: Vec<ClaimResult>,
    /// The rate table's source.
    pub rates_source: String,
}

impl Results {
    /// Whether every claim holds.
    pub fn all_hold(&self) -> bool {
        self.claims.iter().all(|c| c.verdict.holds)
    }

    /// Whether `check` passes: no claim fails; with `strict`, none is
    /// truncated or holds only as a round figure either.
    pub fn passes(&self, strict: bool) -> bool {
        self.claims.iter().all(|c| match c.verdict.outcome {
            claim::Outcome::Holds => !strict || c.verdict.precision.is_none(),
            claim::Outcome::Truncated => !strict,
            claim::Outcome::Fails => false,
        })
    }
}
