//! `dealcalc valuation`: what a stake and a price imply.

use dealcalc::deal::{Deal, DealError, DealKind, StakeProblem};
use dealcalc::error::{Error, Result};
use dealcalc::input;

use super::{Global, Output, arg};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The stake bought: `49%`, `49 percent`, `0.49`.
    #[arg(long, value_name = "PCT", allow_hyphen_values = true)]
    stake: Option<String>,
    /// The price paid: `$14.3B`.
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    price: Option<String>,
    /// The post-money valuation, instead of the stake or the price.
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    post_money: Option<String>,
    /// The money buys new shares (pre-money = post-money - price).
    #[arg(long)]
    primary: bool,
    /// Shares outstanding before the deal: gives new shares and price per share.
    #[arg(long, value_name = "N")]
    shares: Option<String>,
}

pub fn run(args: &Args, g: &Global) -> Result<Output> {
    let table = g.rates()?;
    let currencies = table.currencies();
    let reading = g.reading();
    let money = |name: &str, text: &Option<String>| {
        text.as_deref()
            .map(|t| input::money(&arg(name, t), currencies, &reading, None).map(|m| m.0))
            .transpose()
    };
    let deal = Deal {
        stake: args
            .stake
            .as_deref()
            .map(|s| input::fraction(&arg("--stake", s), &reading))
            .transpose()?,
        price: money("--price", &args.price)?,
        post_money: money("--post-money", &args.post_money)?,
        kind: if args.primary {
            DealKind::Primary
        } else {
            DealKind::Secondary
        },
        shares: args
            .shares
            .as_deref()
            .map(|n| input::count(&arg("--shares", n), &reading))
            .transpose()?,
        ..Default::default()
    };
    let v = deal.valuation().map_err(|e| {
        let message = match e {
            DealError::Underdetermined => {
                "a valuation needs two of `--stake`, `--price` and `--post-money`".to_owned()
            }
            _ => e.to_string(),
        };
        Error::invalid(message).with(None, hint(&e))
    })?;
    Ok(Output::done(g.render(&v)?))
}

/// The deal's hint in the command line's words: flags, not file fields.
fn hint(e: &DealError) -> Option<String> {
    match e {
        DealError::Underdetermined => Some("for example `--stake 49% --price '$14.3B'`".into()),
        DealError::Stake {
            problem: StakeProblem::WholeOfPrimary,
            ..
        } => Some("a sale of the whole company is secondary: drop `--primary`".into()),
        _ => e.hint(),
    }
}
