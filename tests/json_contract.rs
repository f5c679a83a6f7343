//! The JSON contract, held by mirror structs that refuse unknown fields:
//! a field renamed, dropped or added to `valuation` or `check` output
//! fails here, so the documented shape and the output cannot drift apart
//! without a test saying so. Every scenario and fixture's claims are read
//! through them.
#![expect(
    dead_code,
    reason = "a mirror holds every field to hold the shape; a test reads only some"
)]

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

/// `{"amount": "...", "currency": "USD"}`.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct MoneyJson {
    amount: String,
    currency: String,
}

/// A figure: money, or a number or percentage written as text.
#[derive(Deserialize, Debug)]
#[serde(untagged)]
enum Figure {
    Money(MoneyJson),
    Text(String),
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ValuationJson {
    kind: String,
    stake: Option<String>,
    price: MoneyJson,
    post_money: Option<MoneyJson>,
    pre_money: Option<MoneyJson>,
    remaining_value: Option<MoneyJson>,
    #[serde(default)]
    new_shares: Option<String>,
    #[serde(default)]
    shares_bought: Option<String>,
    #[serde(default)]
    price_per_share: Option<MoneyJson>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct CheckJson {
    file: String,
    title: Option<String>,
    source: Option<String>,
    as_of: String,
    rates: String,
    claims: Vec<ClaimJson>,
    all_hold: bool,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ClaimJson {
    text: String,
    source: Option<String>,
    of: String,
    says_text: String,
    on: String,
    says: Figure,
    actual: Figure,
    low: Option<Figure>,
    high: Option<Figure>,
    low_open: bool,
    high_open: bool,
    holds: bool,
    verdict: String,
    precision: Option<String>,
    deviation: Option<String>,
    tolerance: String,
    rate_date: Option<String>,
    stale: bool,
    latest_available: bool,
    would_hold_if: Vec<WouldHoldJson>,
    // A percentage's deviation in points.
    #[serde(default)]
    deviation_points: Option<String>,
    // A range printed ("$1.5B to $2B").
    #[serde(default)]
    says_high: Option<Figure>,
    // A claim across currencies.
    #[serde(default)]
    from: Option<MoneyJson>,
    #[serde(default)]
    rate: Option<String>,
    #[serde(default)]
    inverse_rate: Option<String>,
    #[serde(default)]
    implied_rate: Option<String>,
    #[serde(default)]
    rule: Option<String>,
    #[serde(default)]
    held_on_or_before: Option<String>,
    #[serde(default)]
    held_after: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct WouldHoldJson {
    reading: String,
    #[serde(default)]
    input: Option<String>,
    #[serde(default)]
    low: Option<Figure>,
    #[serde(default)]
    high: Option<Figure>,
    #[serde(default)]
    factor: Option<String>,
    #[serde(default)]
    on_or_before: Option<String>,
    #[serde(default)]
    after: Option<String>,
}

fn json_of(args: &[&str]) -> Value {
    let out = crate::bin()
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn valuation_json_has_the_documented_fields() {
    let v: ValuationJson = serde_json::from_value(json_of(&[
        "valuation",
        "--stake",
        "49%",
        "--price",
        "$14.3B",
        "--format",
        "json",
    ]))
    .unwrap();
    // 14,300,000,000 / 0.49 = 29,183,673,469.387...
    assert_eq!(v.kind, "secondary");
    assert_eq!(v.stake.as_deref(), Some("0.49"));
    assert_eq!(v.price.amount, "14300000000.00");
    assert_eq!(v.post_money.unwrap().amount, "29183673469.39");
    assert_eq!(v.pre_money.unwrap().amount, "29183673469.39");
    assert_eq!(v.remaining_value.unwrap().currency, "USD");
    // With shares outstanding: new shares and a price per share.
    let v: ValuationJson = serde_json::from_value(json_of(&[
        "valuation",
        "--stake",
        "20%",
        "--price",
        "$2M",
        "--primary",
        "--shares",
        "8000000",
        "--format",
        "json",
    ]))
    .unwrap();
    // Post-money $10M, pre-money $8M over 8,000,000 shares: $1 a share;
    // 20% of the company after is 2,000,000 new shares.
    assert_eq!(v.pre_money.unwrap().amount, "8000000.00");
    assert_eq!(v.new_shares.as_deref(), Some("2000000"));
    assert_eq!(v.price_per_share.unwrap().amount, "1.00");
}

#[test]
fn every_claim_reads_through_the_contract() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = ["scenarios", "tests/data"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut claims = 0;
    let mut across_currencies = 0;
    for f in &files {
        let out = crate::bin()
            .args(["check", f, "--format", "json"])
            .current_dir(root)
            .output()
            .unwrap();
        if out.stdout.is_empty() {
            continue; // a file with no claims
        }
        let check: CheckJson = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{f}: {e}\n{}", String::from_utf8_lossy(&out.stdout)));
        assert_eq!(check.all_hold, check.claims.iter().all(|c| c.holds), "{f}");
        claims += check.claims.len();
        across_currencies += check.claims.iter().filter(|c| c.from.is_some()).count();
    }
    assert!(claims >= 50, "only {claims} claims read");
    assert!(across_currencies >= 1, "no claim across currencies read");
}
