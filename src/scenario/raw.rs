//! Raw TOML: the serde structs of a scenario file, flat and spanned,
//! as the file writes them; nothing is checked here but the shape.

use indexmap::IndexMap;
use serde::Deserialize;
use toml::{Spanned, Value};

pub(super) type Text = Spanned<String>;
pub(super) type Field = Spanned<Value>;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub(super) title: Option<Text>,
    pub(super) source: Option<Text>,
    pub(super) as_of: Option<Field>,
    pub(super) fx: Option<Text>,
    pub(super) currency: Option<Text>,
    #[serde(default)]
    pub(super) also_in: Vec<Text>,
    pub(super) real: Option<Field>,
    pub(super) inflation: Option<Field>,
    pub(super) cpi_gaps: Option<Text>,
    #[serde(default)]
    pub(super) rates: Vec<Text>,
    pub(super) numbers: Option<Text>,
    #[serde(default)]
    pub(super) symbols: IndexMap<Text, Text>,
    #[serde(default)]
    pub(super) offers: IndexMap<Text, Spanned<RawOffer>>,
    #[serde(default)]
    pub(super) deals: IndexMap<Text, Spanned<RawDeal>>,
    #[serde(default)]
    pub(super) companies: IndexMap<Text, Spanned<RawCompany>>,
    #[serde(default)]
    pub(super) claims: Vec<Spanned<RawClaim>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCompany {
    pub(super) name: Option<Text>,
    pub(super) source: Option<Text>,
    #[serde(default)]
    pub(super) common: IndexMap<Text, Field>,
    pub(super) pool: Option<Field>,
    #[serde(default)]
    pub(super) options: IndexMap<Text, Spanned<RawOptions>>,
    #[serde(default)]
    pub(super) events: Vec<Spanned<RawEvent>>,
    #[serde(default)]
    pub(super) exits: Vec<Spanned<RawExit>>,
    pub(super) exit_range: Option<Text>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEvent {
    pub(super) id: Text,
    pub(super) kind: Text,
    pub(super) holder: Option<Text>,
    pub(super) amount: Option<Field>,
    pub(super) investors: Option<Spanned<IndexMap<Text, Field>>>,
    pub(super) seller: Option<Text>,
    pub(super) buyer: Option<Text>,
    pub(super) shares: Option<Field>,
    pub(super) price: Option<Field>,
    pub(super) class: Option<Text>,
    pub(super) valuation: Option<Text>,
    pub(super) mfn: Option<Spanned<bool>>,
    pub(super) anti_dilution: Option<Text>,
    pub(super) pool_counts: Option<Text>,
    pub(super) date: Option<Field>,
    pub(super) cap: Option<Field>,
    pub(super) discount: Option<Field>,
    pub(super) interest: Option<Field>,
    pub(super) pre_money: Option<Field>,
    pub(super) pool_after: Option<Field>,
    pub(super) preference: Option<Text>,
    pub(super) participating: Option<Spanned<bool>>,
    pub(super) seniority: Option<Field>,
    pub(super) day_count: Option<Text>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOptions {
    pub(super) shares: Field,
    pub(super) strike: Field,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExit {
    pub(super) id: Text,
    pub(super) value: Option<Field>,
    pub(super) payout: Option<Spanned<IndexMap<Text, Field>>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOffer {
    pub(super) title: Option<Text>,
    pub(super) source: Option<Text>,
    pub(super) text: Option<Text>,
    pub(super) start: Field,
    pub(super) by: Option<Text>,
    pub(super) discount: Option<Field>,
    pub(super) leave_on: Option<Field>,
    pub(super) allocation: Option<Text>,
    pub(super) price_scenarios: Option<Spanned<IndexMap<Text, Field>>>,
    #[serde(default)]
    pub(super) pay: Vec<Spanned<RawPay>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
/// A pay component as written. Its many optional fields are boxed, so
/// that a component holds a pointer for each field it leaves out rather
/// than a whole value: 10,000 offers of four components each took 62 MB
/// to read, most of it fields never written (boxing the texts too took
/// 10,000 offers of three components from 28 MB to 18.5 MB).
pub(super) struct RawPay {
    pub(super) kind: Text,
    pub(super) name: Option<Box<Text>>,
    pub(super) amount: Option<Box<Field>>,
    pub(super) raise: Option<Box<Field>>,
    pub(super) years: Option<Box<Field>>,
    pub(super) target: Option<Box<Field>>,
    pub(super) payout: Option<Box<Field>>,
    pub(super) vesting: Option<Box<Text>>,
    pub(super) clawback: Option<Box<Text>>,
    pub(super) shares: Option<Box<Field>>,
    pub(super) price: Option<Box<Field>>,
    pub(super) growth: Option<Box<Field>>,
    pub(super) refresh: Option<Spanned<RawRefresh>>,
    #[serde(default)]
    pub(super) tranches: Vec<Spanned<RawTranche>>,
    pub(super) strike: Option<Box<Field>>,
    pub(super) company: Option<Box<Text>>,
    pub(super) exit: Option<Box<Text>>,
    pub(super) exercise_window: Option<Box<Text>>,
    pub(super) tax: Option<Box<Field>>,
    pub(super) contribution: Option<Box<Field>>,
    pub(super) discount: Option<Box<Field>>,
    pub(super) lookback: Option<Spanned<bool>>,
    pub(super) period: Option<Box<Text>>,
    pub(super) prices: Option<Spanned<Vec<Field>>>,
    pub(super) settle: Option<Box<Text>>,
    pub(super) liquidity_on: Option<Box<Field>>,
    pub(super) expire: Option<Box<Text>>,
    pub(super) on_leaving: Option<Box<Text>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRefresh {
    pub(super) amount: Field,
    pub(super) every: Text,
    pub(super) vesting: Option<Text>,
    pub(super) years: Option<Field>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTranche {
    pub(super) date: Field,
    pub(super) portion: Option<Field>,
    pub(super) amount: Option<Field>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDeal {
    pub(super) buyer: Option<Text>,
    pub(super) target: Option<Text>,
    pub(super) source: Option<Text>,
    pub(super) text: Option<Text>,
    pub(super) date: Option<Field>,
    pub(super) stake: Option<Field>,
    pub(super) price: Option<Field>,
    pub(super) post_money: Option<Field>,
    pub(super) pre_money: Option<Field>,
    pub(super) kind: Option<Text>,
    pub(super) shares: Option<Field>,
    pub(super) shares_bought: Option<Field>,
    pub(super) price_per_share: Option<Field>,
    pub(super) fractional_shares: Option<Spanned<bool>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClaim {
    pub(super) text: Option<Text>,
    pub(super) source: Option<Text>,
    pub(super) of: Text,
    pub(super) says: Text,
    pub(super) on: Option<Field>,
    pub(super) tolerance: Option<Field>,
    pub(super) rate: Option<Text>,
    pub(super) basis: Option<Text>,
    pub(super) inputs: Option<Text>,
}

impl RawClaim {
    /// Whether any of the claim's words mentions `word` (a claim on
    /// `offers.ny.total` names the offers).
    pub(super) fn names(&self, word: &str) -> bool {
        [&self.text, &self.rate, &self.basis, &self.inputs]
            .into_iter()
            .flatten()
            .chain([&self.of, &self.says])
            .any(|t| t.get_ref().contains(word))
    }
}

/// A part of a file whose fields an error can point at.
pub(super) trait Fields {
    /// Where field `name` is written, if it is.
    fn field_span(&self, name: &str) -> Option<std::ops::Range<usize>>;
}

impl Fields for RawEvent {
    /// Where a field of the event is written, if it is.
    fn field_span(&self, name: &str) -> Option<std::ops::Range<usize>> {
        let field = match name {
            "date" => self.date.as_ref(),
            "cap" => self.cap.as_ref(),
            "discount" => self.discount.as_ref(),
            "interest" => self.interest.as_ref(),
            "pre_money" => self.pre_money.as_ref(),
            "pool_after" => self.pool_after.as_ref(),
            "seniority" => self.seniority.as_ref(),
            "amount" => self.amount.as_ref(),
            "shares" => self.shares.as_ref(),
            "price" => self.price.as_ref(),
            _ => None,
        };
        field.map(toml::Spanned::span)
    }
}

impl Fields for RawDeal {
    /// Where a field of the deal is written, if it is.
    fn field_span(&self, name: &str) -> Option<std::ops::Range<usize>> {
        let field = match name {
            "stake" => self.stake.as_ref(),
            "price" => self.price.as_ref(),
            "post_money" => self.post_money.as_ref(),
            "pre_money" => self.pre_money.as_ref(),
            "shares" => self.shares.as_ref(),
            "shares_bought" => self.shares_bought.as_ref(),
            "price_per_share" => self.price_per_share.as_ref(),
            _ => None,
        };
        field.map(toml::Spanned::span)
    }
}

impl Fields for RawPay {
    /// Where a field of the component is written, if it is.
    fn field_span(&self, name: &str) -> Option<std::ops::Range<usize>> {
        let field = match name {
            "amount" => self.amount.as_deref(),
            "target" => self.target.as_deref(),
            "price" => self.price.as_deref(),
            "growth" => self.growth.as_deref(),
            "shares" => self.shares.as_deref(),
            "strike" => self.strike.as_deref(),
            "contribution" => self.contribution.as_deref(),
            "discount" => self.discount.as_deref(),
            "liquidity_on" => self.liquidity_on.as_deref(),
            _ => None,
        };
        field.map(toml::Spanned::span)
    }
}
