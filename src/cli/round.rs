//! `dealcalc round`: one priced round on a cap table, with the SAFEs it
//! converts, the option pool shuffle, and what exits would pay.
//!
//! A command of its own rather than flags on `valuation`: a valuation is
//! a stake and a price, while a round needs the cap table it lands on
//! (holders, the pool, the SAFEs); it is a one-round company, read into
//! the same [`Company`] as a scenario's `[companies.ID]` and shown by the
//! same renderers.

use std::sync::Arc;

use dealcalc::company::{
    self, Company, Event, EventKind, ExitAt, ExitRange, Preference, SafeValuation,
};
use dealcalc::currency::Currencies;
use dealcalc::error::{Error, Input, Result};
use dealcalc::input;
use dealcalc::money::Money;
use dealcalc::report::CompanyReport;
use dealcalc::report::csv::Table;
use dealcalc::scenario::CompanyEntry;
use rust_decimal::Decimal;

use super::{Global, Output, arg};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The company's name, for headings and charts.
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Common shares before the round, by holder: `founders=8,100,000`
    /// (repeatable; a bare count is held by `common`).
    #[arg(long, value_name = "HOLDER=SHARES", required = true)]
    common: Vec<String>,
    /// The unissued option pool before the round, in shares.
    #[arg(long, value_name = "SHARES")]
    pool: Option<String>,
    /// Options already granted: `'employees=2,500,000 strike=$0.50'`
    /// (repeatable). They count as shares fully diluted; at an exit they
    /// exercise when a common share is worth more than the strike.
    #[arg(long, value_name = "HOLDER=SHARES strike=AMOUNT")]
    options: Vec<String>,
    /// What --pool-after counts: `unissued` (the default) or
    /// `issued-and-unissued` (the granted options too).
    #[arg(long, value_name = "WHAT", value_parser = ["unissued", "issued-and-unissued"])]
    pool_counts: Option<String>,
    /// A SAFE the round converts: `'angel=$1M cap=$10M'`, with
    /// `discount=20%` where it has one, `valuation=pre` for a pre-money
    /// SAFE, `mfn` for one taking the best terms of the SAFEs after it
    /// (repeatable, in the order issued).
    #[arg(
        long,
        value_name = "HOLDER=AMOUNT [cap=AMOUNT] [discount=PCT] [valuation=pre] [mfn]"
    )]
    safe: Vec<String>,
    /// Who buys the round's new shares.
    #[arg(long, value_name = "NAME", default_value = "investor")]
    investor: String,
    /// The new money: `$5.2M`.
    #[arg(
        long,
        value_name = "AMOUNT",
        allow_hyphen_values = true,
        required_unless_present = "investors",
        conflicts_with = "investors"
    )]
    amount: Option<String>,
    /// Several investors in one class at one price, instead of --investor
    /// and --amount: `fund-a=$3.2M` (repeatable); each one's shares are
    /// rounded down on their own, each with its own preference.
    #[arg(long, value_name = "HOLDER=AMOUNT", conflicts_with = "investor")]
    investors: Vec<String>,
    /// The valuation before the money, counting converting SAFEs and the
    /// pool top-up.
    #[arg(
        long,
        value_name = "AMOUNT",
        allow_hyphen_values = true,
        conflicts_with = "post_money",
        required_unless_present = "post_money"
    )]
    pre_money: Option<String>,
    /// The valuation after the money, instead of `--pre-money` (pre-money
    /// = post-money - amount).
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    post_money: Option<String>,
    /// The unissued pool after the round, as a share of the post-money
    /// shares: the option pool shuffle (the top-up dilutes the holders
    /// before the round, not the investor).
    #[arg(long, value_name = "PCT")]
    pool_after: Option<String>,
    /// The investor's liquidation preference: `1x` (the default), `2x`.
    #[arg(long, value_name = "MULTIPLE", default_value = "1x")]
    preference: String,
    /// The investor's preferred also shares in what is left after its
    /// preference.
    #[arg(long)]
    participating: bool,
    /// An exit value to pay out through the waterfall (repeatable).
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    exit: Vec<String>,
    /// The least exit that pays a holder an amount, to the cent:
    /// `founders=$10M` (repeatable).
    #[arg(long, value_name = "HOLDER=AMOUNT")]
    payout: Vec<String>,
    /// Each holder's payout at every exit value of a range:
    /// `'$10M..$200M step $10M'` (at most 1,000 values).
    #[arg(long, value_name = "FROM..TO step STEP")]
    exits: Option<String>,
    /// With --format csv: `companies` (the cap table) or `payouts`.
    #[arg(long, value_name = "TABLE", value_parser = ["companies", "payouts"])]
    table: Option<String>,
}

pub fn run(args: &Args, g: &Global) -> Result<Output> {
    g.table_needs_csv(args.table.is_some())?;
    let table = g.rates()?;
    let company = read(args, g, table.currencies())?;
    let result = company.evaluate().map_err(|e| failed(&e, args))?;
    let entry = CompanyEntry {
        id: "round".to_owned(),
        company,
        result,
        source: None,
    };
    let table = args
        .table
        .as_deref()
        .map(|t| t.parse::<Table>().map_err(Error::invalid))
        .transpose()?;
    Ok(Output::done(g.render(&CompanyReport {
        company: &entry,
        table,
    })?))
}

/// The flags as a company of one round.
fn read(args: &Args, g: &Global, currencies: &Currencies) -> Result<Company> {
    let reading = g.reading();
    let refuse = |input: &Arc<Input>, what: &str, why: &str| {
        Error::invalid(format!("{what} `{}` {why}", input.text.trim()))
            .with(Some(0..input.text.len()), None)
            .at(input, 0)
    };
    let shares = |input: Arc<Input>, what: &str| -> Result<Decimal> {
        let n = input::count(&input, &reading)?;
        company::check_shares(n).map_err(|why| refuse(&input, what, why))
    };
    let money = |input: Arc<Input>, what: &str| -> Result<Money> {
        let m = input::money(&input, currencies, &reading, None)?.0;
        company::check_money(m).map_err(|why| refuse(&input, what, why))
    };
    let fraction = |input: Arc<Input>, what: &str| -> Result<Decimal> {
        let v = input::fraction(&input, &reading)?;
        company::check_fraction(v).map_err(|why| refuse(&input, what, why))
    };
    let mut common = Vec::new();
    for c in &args.common {
        let (holder, count) = match c.split_once('=') {
            Some((h, n)) => (h.trim(), n),
            None => ("common", c.as_str()),
        };
        if holder.is_empty() {
            return Err(
                Error::invalid(format!("--common `{c}` names no holder")).with(
                    None,
                    Some("write HOLDER=SHARES, such as founders=8,100,000".into()),
                ),
            );
        }
        if common.iter().any(|(h, _)| h == holder) {
            return Err(Error::invalid(format!("--common names `{holder}` twice")));
        }
        common.push((
            holder.to_owned(),
            shares(arg("--common", count), "--common")?,
        ));
    }
    let pool = args
        .pool
        .as_deref()
        .map(|p| shares(arg("--pool", p), "--pool"))
        .transpose()?
        .unwrap_or_default();
    dealcalc::limits::Limit::RoundSafes
        .check(args.safe.len() as u64)
        .map_err(|e| {
            Error::invalid(e.to_string()).with(
                None,
                Some("a round converts its SAFEs together: give each holder's total once".into()),
            )
        })?;
    let mut events = Vec::new();
    for (i, spec) in args.safe.iter().enumerate() {
        events.push(Event {
            id: format!("safe-{}", i + 1),
            kind: safe(spec, &money, &fraction)?,
        });
    }
    let investors = investors(args, &money, &refuse)?;
    // The round's money, for its post-money: every investor's (each in
    // the pre-money's currency, or the round refuses it).
    let Some(currency) = investors.first().map(|(_, m)| m.currency) else {
        return Err(Error::invalid(
            "give --amount, or --investors HOLDER=AMOUNT",
        ));
    };
    let amount = Money::new(
        investors
            .iter()
            .try_fold(Decimal::ZERO, |a, (_, m)| a.checked_add(m.amount))
            .ok_or_else(|| Error::invalid("the investors' money exceeds 28 digits"))?,
        currency,
    );
    let pre_money = match (&args.pre_money, &args.post_money) {
        (Some(pre), _) => money(arg("--pre-money", pre), "--pre-money")?,
        (None, Some(post)) => {
            let input = arg("--post-money", post);
            let post = money(Arc::clone(&input), "--post-money")?;
            let pre = post
                .amount
                .checked_sub(amount.amount)
                .filter(|p| *p > Decimal::ZERO && post.currency == amount.currency)
                .ok_or_else(|| {
                    refuse(
                        &input,
                        "--post-money",
                        "must be more than --amount, in its currency",
                    )
                })?;
            Money::new(pre, post.currency)
        }
        (None, None) => return Err(Error::invalid("give --pre-money or --post-money")),
    };
    let multiple = preference_multiple(&args.preference)?;
    events.push(Event {
        id: "round".to_owned(),
        kind: EventKind::Round {
            anti_dilution: None,
            pool_counts_issued: args.pool_counts.as_deref() == Some("issued-and-unissued"),
            investors,
            pre_money,
            pool_after: args
                .pool_after
                .as_deref()
                .map(|p| fraction(arg("--pool-after", p), "--pool-after"))
                .transpose()?,
            preference: Preference {
                multiple,
                participating: args.participating,
                ..Preference::default()
            },
            date: None,
        },
    });
    let (exits, exit_range) = exits(args, &money, &refuse)?;
    let options = args
        .options
        .iter()
        .map(|spec| options(spec, &shares, &money))
        .collect::<Result<_>>()?;
    Ok(Company {
        name: args.name.clone().unwrap_or_default(),
        common,
        pool,
        options,
        events,
        exits,
        exit_range,
    })
}

/// `employees=2,500,000 strike=$0.50`: issued options, their holder,
/// count and strike.
fn options(
    spec: &str,
    shares: &dyn Fn(Arc<Input>, &str) -> Result<Decimal>,
    money: &dyn Fn(Arc<Input>, &str) -> Result<Money>,
) -> Result<(String, Decimal, Money)> {
    let form = || {
        Some(
            "write HOLDER=SHARES strike=AMOUNT, such as 'employees=2,500,000 strike=$0.50'"
                .to_owned(),
        )
    };
    let mut words = spec.split_whitespace();
    let (Some((holder, count)), Some(("strike", strike)), None) = (
        words.next().and_then(|w| w.split_once('=')),
        words.next().and_then(|w| w.split_once('=')),
        words.next(),
    ) else {
        return Err(Error::invalid(format!(
            "--options `{spec}` is not HOLDER=SHARES strike=AMOUNT"
        ))
        .with(None, form()));
    };
    Ok((
        holder.trim().to_owned(),
        shares(arg("--options", count), "--options")?,
        money(arg("--options strike", strike), "the strike")?,
    ))
}

/// The round's investors: `--investor` and `--amount`, or `--investors`.
fn investors(
    args: &Args,
    money: &dyn Fn(Arc<Input>, &str) -> Result<Money>,
    refuse: &dyn Fn(&Arc<Input>, &str, &str) -> Error,
) -> Result<Vec<(String, Money)>> {
    Ok(match &args.amount {
        Some(a) => vec![(
            args.investor.clone(),
            money(arg("--amount", a), "--amount")?,
        )],
        None => args
            .investors
            .iter()
            .map(|spec| {
                let input = arg("--investors", spec);
                let (holder, amount) = spec.split_once('=').ok_or_else(|| {
                    refuse(
                        &input,
                        "--investors",
                        "is not HOLDER=AMOUNT, such as `fund-a=$3.2M`",
                    )
                })?;
                Ok((
                    holder.trim().to_owned(),
                    money(arg("--investors", amount.trim()), "--investors")?,
                ))
            })
            .collect::<Result<_>>()?,
    })
}

/// The exits by id, and the range of exit values.
type Exits = (Vec<(String, ExitAt)>, Option<ExitRange>);

/// The exits the flags ask for: values (`--exit`), payouts to solve for
/// (`--payout`), and a range of values (`--exits`).
fn exits(
    args: &Args,
    money: &dyn Fn(Arc<Input>, &str) -> Result<Money>,
    refuse: &dyn Fn(&Arc<Input>, &str, &str) -> Error,
) -> Result<Exits> {
    let mut exits: Vec<(String, ExitAt)> = args
        .exit
        .iter()
        .map(|x| {
            Ok((
                x.trim().to_owned(),
                ExitAt::Value(money(arg("--exit", x), "--exit")?),
            ))
        })
        .collect::<Result<_>>()?;
    for p in &args.payout {
        let input = arg("--payout", p);
        let Some((holder, amount)) = p.split_once('=') else {
            return Err(refuse(
                &input,
                "--payout",
                "is not HOLDER=AMOUNT, such as `founders=$10M`",
            ));
        };
        exits.push((
            format!("{} paid {}", holder.trim(), amount.trim()),
            ExitAt::Payout {
                holder: holder.trim().to_owned(),
                amount: money(arg("--payout", amount.trim()), "--payout")?,
            },
        ));
    }
    let exit_range = match &args.exits {
        Some(text) => {
            let input = arg("--exits", text);
            let (from, to, step) =
                ExitRange::parts(text).map_err(|why| refuse(&input, "--exits", why))?;
            let range = ExitRange {
                from: money(arg("--exits", from), "--exits")?,
                to: money(arg("--exits", to), "--exits")?,
                step: money(arg("--exits", step), "--exits")?,
            };
            range
                .values()
                .map_err(|why| refuse(&input, "--exits", why))?;
            Some(range)
        }
        None => None,
    };
    Ok((exits, exit_range))
}

/// `angel=$1M cap=$10M discount=20%`: a SAFE's holder and amount, then its
/// terms.
fn safe(
    spec: &str,
    money: &dyn Fn(Arc<Input>, &str) -> Result<Money>,
    fraction: &dyn Fn(Arc<Input>, &str) -> Result<Decimal>,
) -> Result<EventKind> {
    let form = || {
        Some("write HOLDER=AMOUNT cap=AMOUNT discount=PCT, such as 'angel=$1M cap=$10M'".to_owned())
    };
    let mut words = spec.split_whitespace();
    let Some((holder, amount)) = words.next().and_then(|w| w.split_once('=')) else {
        return Err(
            Error::invalid(format!("--safe `{spec}` names no holder and amount"))
                .with(None, form()),
        );
    };
    let (mut cap, mut discount) = (None, Decimal::ZERO);
    let (mut valuation, mut mfn) = (SafeValuation::Post, false);
    for word in words {
        match word.split_once('=') {
            Some(("cap", v)) => cap = Some(money(arg("--safe cap", v), "the cap")?),
            Some(("discount", v)) => {
                discount = fraction(arg("--safe discount", v), "the discount")?
            }
            Some(("valuation", "pre")) => valuation = SafeValuation::Pre,
            Some(("valuation", "post")) => valuation = SafeValuation::Post,
            None if word == "mfn" => mfn = true,
            _ => {
                return Err(Error::invalid(format!(
                    "--safe term `{word}` is not `cap=`, `discount=`, `valuation=pre|post` or `mfn`"
                ))
                .with(None, form()));
            }
        }
    }
    if mfn && (cap.is_some() || !discount.is_zero()) {
        return Err(Error::invalid(format!(
            "--safe `{spec}`: an MFN SAFE takes its cap and discount from the SAFEs after it: it has none of its own"
        ))
        .with(None, Some("leave out `cap=` and `discount=`, or `mfn`".into())));
    }
    Ok(EventKind::Safe {
        holder: holder.trim().to_owned(),
        amount: money(arg("--safe", amount), "the SAFE's amount")?,
        cap,
        discount,
        valuation,
        mfn,
    })
}

/// `--preference`: a multiple from 0x to 100x.
fn preference_multiple(text: &str) -> Result<Decimal> {
    dealcalc::company::multiple(text).map_err(|why| {
        Error::invalid(format!("--preference `{}` {why}", text.trim()))
            .with(None, Some("write a multiple such as `1x` or `2x`".into()))
    })
}

/// A company error worded for the command line: the flag of the event at
/// fault named (`--safe 'angel=$1M cap=$10M'`, `--pool-after`, or the
/// round's flags), and its hint naming flags, not a scenario's fields.
fn failed(e: &dealcalc::company::CompanyError, args: &Args) -> Error {
    let flag = |field: &str| format!("--{}", field.replace('_', "-"));
    let at =
        e.at.map(|(event, field)| match (args.safe.get(event), field) {
            (Some(spec), _) => format!(" (--safe '{spec}')"),
            (None, Some(field)) => format!(" ({})", flag(field)),
            (None, None) => {
                " (the round: --amount, --pre-money or --post-money, --pool-after)".to_owned()
            }
        });
    Error::invalid(format!("{e}{}", at.unwrap_or_default()))
        .with(None, e.hint_naming(&|field| format!("`{}`", flag(field))))
}
