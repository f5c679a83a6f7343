//! The command line, run as a user runs it.

use std::process::Output;

use serde_json::Value;

pub fn dealcalc(args: &[&str]) -> Output {
    crate::bin()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dealcalc")
}

pub fn stdout(args: &[&str]) -> String {
    let out = dealcalc(args);
    assert!(
        out.status.success(),
        "dealcalc {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&stdout(&all)).unwrap()
}

/// (exit code, stderr)
pub fn fails(args: &[&str]) -> (i32, String) {
    let out = dealcalc(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn ten_euros_in_dollars_on_2013_03_21() {
    let v = json(&["convert", "10 EUR", "--to", "USD", "--on", "2013-03-21"]);
    assert_eq!(v["to"]["amount"], "12.91");
    assert_eq!(v["to"]["currency"], "USD");
    assert_eq!(v["rate"], "1.291");
    assert_eq!(v["rate_date"], "2013-03-21");
    assert_eq!(v["stale"], false);
}

#[test]
fn hundred_million_dollars_uses_1_1718() {
    let v = json(&["convert", "$100M", "--to", "EUR", "--on", "2025-07-08"]);
    // 100000000 / 1.1718 = 85338795.0153...
    assert_eq!(v["to"]["amount"], "85338795.02");
    assert_eq!(
        v["from"],
        serde_json::json!({"amount": "100000000.00", "currency": "USD"})
    );
    assert_eq!(v["legs"][0]["per_base"], "1.1718");
    assert_eq!(
        v["source"],
        "European Central Bank euro foreign exchange reference rates"
    );
    let text = stdout(&["convert", "$100M", "--to", "EUR", "--on", "2025-07-08"]);
    assert_eq!(
        text,
        "100,000,000.00 USD = 85,338,795.02 EUR  (1 USD = 0.8533879502 EUR, 1 EUR = 1.1718 USD, \
         rates of 2025-07-08, European Central Bank euro foreign exchange reference rates)\n"
    );
    // The rate the other way round is the ECB's published figure, exactly.
    assert_eq!(v["inverse_rate"], "1.1718");
}

#[test]
fn sunday_uses_the_friday_before_and_yen_are_whole() {
    // 100 * 119.11 / 1.1104 = 10726.77 -> 10727 JPY
    let v = json(&["convert", "100 USD", "--to", "JPY", "--on", "2020-03-15"]);
    assert_eq!(v["rate_date"], "2020-03-13");
    assert_eq!(v["to"]["amount"], "10727");
    assert_eq!(v["stale"], false);
    assert!(
        v["rate"]
            .as_str()
            .unwrap()
            .starts_with("107.267651296829971")
    );
}

#[test]
fn french_figure_converts() {
    // 14.3e9 / 1.1512 (ECB, 2025-06-13)
    let v = json(&[
        "convert",
        "14,3 milliards de dollars",
        "--to",
        "EUR",
        "--on",
        "2025-06-13",
    ]);
    assert_eq!(v["from"]["amount"], "14300000000.00");
    assert_eq!(v["legs"][0]["per_base"], "1.1512");
    assert_eq!(v["to"]["amount"], "12421820708.83");
}

#[test]
fn legacy_currency_converts_through_the_euro() {
    // CYP 0.58231 and USD 1.1789 per EUR on 1999-01-04: 100 * 1.1789 / 0.58231
    let v = json(&["convert", "100 CYP", "--to", "USD", "--on", "1999-01-04"]);
    assert_eq!(v["to"]["amount"], "202.45");
}

#[test]
fn stale_and_latest_available_are_reported() {
    // RUB stops on 2022-03-01 while the table goes on: an error by default...
    let (code, err) = fails(&["convert", "100 USD", "--to", "RUB", "--on", "2024-01-02"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no RUB rate since 2022-03-01, 672 days before 2024-01-02"),
        "{err}"
    );
    assert!(err.contains("--max-stale 672"), "{err}");
    // ...and with --max-stale, used and flagged: 100 x 113.78738 / 1.1064
    // (the ECB's RUB and USD of 2022-03-01) = 10284.47 (Python decimal).
    let args = [
        "convert",
        "100 USD",
        "--to",
        "RUB",
        "--on",
        "2024-01-02",
        "--max-stale",
        "672",
    ];
    let v = json(&args);
    assert_eq!(
        (v["stale"].as_bool(), v["rate_date"].as_str()),
        (Some(true), Some("2022-03-01"))
    );
    let text = stdout(&args);
    assert!(text.contains("note: stale rate: RUB"), "{text}");
    // After the table's end: the last rate, said so, not stale.
    let v = json(&["convert", "$1", "--to", "EUR", "--on", "2030-01-01"]);
    assert_eq!(v["rate_date"], "2026-10-30");
    assert_eq!(
        (v["stale"].as_bool(), v["latest_available"].as_bool()),
        (Some(false), Some(true))
    );
    let text = stdout(&["convert", "$1", "--to", "EUR", "--on", "2030-01-01"]);
    assert!(
        text.contains("note: USD 1.1172 is the latest available rate, of 2026-10-30"),
        "{text}"
    );
}

/// The euro's fixed conversion rates are legal facts: from the adoption
/// date they replace the market, to the cent.
#[test]
fn euro_changeover_uses_the_fixed_rates() {
    for (amount, to, on, expected, rule) in [
        // 1000000 / 7.53450 = 132722.808; the last market fixing (7.5365,
        // 2022-12-30) would give 132687.59.
        ("1,000,000 HRK", "EUR", "2024-06-03", "132722.81", true),
        // 1000000 / 1.95583 = 511291.881; the stale market rate 1.9558 of
        // 2025-12-31 would give 511299.72.
        ("1,000,000 BGN", "EUR", "2026-06-01", "511291.88", true),
        // Before its adoption, HRK is a market rate: 1000 / 7.5365.
        ("1000 HRK", "EUR", "2022-12-30", "132.69", false),
        ("100 DEM", "EUR", "2025-07-08", "51.13", true),
        // 100 x 1.95583 / 6.55957 = 29.816, through the euro with one rounding.
        ("100 FRF", "DEM", "2001-05-05", "29.82", true),
        // 100 / 1.95583 x 1.1718 (the ECB's USD of 2025-07-08) = 59.91.
        ("100 DEM", "USD", "2025-07-08", "59.91", true),
        // ITL had no minor unit: 1,000,000 x 1936.27 / 6.55957 = 295182458.6 ITL.
        ("1,000,000 FRF", "ITL", "2000-01-03", "295182459", true),
    ] {
        let v = json(&["convert", amount, "--to", to, "--on", on]);
        assert_eq!(v["to"]["amount"], expected, "{amount} -> {to} on {on}");
        assert_eq!(v["stale"], false, "{amount}");
        assert_eq!(
            v["rule"].as_str(),
            rule.then_some("fixed euro conversion rate"),
            "{amount}"
        );
    }
    let text = stdout(&["convert", "100 DEM", "--to", "EUR", "--on", "2025-07-08"]);
    assert!(
        text.contains("fixed euro conversion rate: 1 EUR = 1.95583 DEM since 1999-01-01"),
        "{text}"
    );
}

/// Issue 10's amount table, as a user types it.
#[test]
fn bare_symbols_and_conventions_on_the_command_line() {
    let to_eur = |args: &[&str]| {
        let mut all = vec!["convert"];
        all.extend(args);
        all.extend(["--to", "EUR", "--on", "2025-07-08"]);
        json(&all)["from"].clone()
    };
    assert_eq!(
        to_eur(&["$100", "--from", "CAD"]),
        serde_json::json!({"amount": "100.00", "currency": "CAD"})
    );
    assert_eq!(
        to_eur(&["¥100", "--from", "CNY"]),
        serde_json::json!({"amount": "100.00", "currency": "CNY"})
    );
    assert_eq!(
        to_eur(&["10.000 €", "--numbers", "eu"])["amount"],
        "10000.00"
    );
    assert_eq!(to_eur(&["1,500 €", "--numbers", "eu"])["amount"], "1.50");
    assert_eq!(
        to_eur(&["2 billions d'euros"])["amount"],
        "2000000000000.00"
    );
    assert_eq!(to_eur(&["a $5"])["currency"], "USD");
    // An amount given is shown as read, to its own last digit.
    assert_eq!(to_eur(&["1,234.567 891 USD"])["amount"], "1234.567891");
}

#[test]
fn bad_inputs_exit_2_quoting_the_text() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["convert", "$100M", "--to", "USX", "--on", "2025-07-08"],
            "unknown currency `USX`",
        ),
        (
            &["convert", "$100M", "--to", "EUR", "--on", "2025-02-30"],
            "`2025-02-30` is not a calendar date",
        ),
        (
            &[
                "convert",
                "$12 zillion",
                "--to",
                "EUR",
                "--on",
                "2025-02-03",
            ],
            "unknown word `zillion` in amount",
        ),
        (
            &["convert", "$100M", "--to", "EUR", "--on", "1998-12-31"],
            "no USD rate on or before 1998-12-31",
        ),
        (
            &["convert", "100", "--to", "EUR", "--on", "2025-02-03"],
            "`100` has no currency",
        ),
        (
            &[
                "convert",
                "$1",
                "--to",
                "EUR",
                "--rates",
                "/nonexistent.toml",
            ],
            "cannot read `/nonexistent.toml`: no such file",
        ),
    ];
    for (args, message) in cases {
        let (code, err) = fails(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    let (_, err) = fails(&["convert", "$100M", "--to", "USX"]);
    assert!(err.contains("did you mean `USD`?"), "{err}");
}

#[test]
fn json_errors_are_objects_on_stderr() {
    let (code, err) = fails(&["convert", "$12 zillion", "--to", "EUR", "--format", "json"]);
    assert_eq!(code, 2);
    let v: Value = serde_json::from_str(&err).unwrap();
    assert_eq!(v["error"]["message"], "unknown word `zillion` in amount");
    assert_eq!(
        (
            v["error"]["file"].as_str(),
            v["error"]["line"].as_u64(),
            v["error"]["column"].as_u64()
        ),
        (Some("AMOUNT"), Some(1), Some(5))
    );
    assert_eq!(v["error"]["text"], "zillion");
}

#[test]
fn rate_files_layer_later_wins() {
    let dir = std::env::temp_dir().join(format!("dealcalc-layer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = dir.join("a.toml");
    let b = dir.join("b.toml");
    std::fs::write(
        &a,
        "base = \"EUR\"\nsource = \"A\"\n[rates.2025-07-08]\nUSD = 1.1718\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        "base = \"EUR\"\nsource = \"B\"\n[rates.2025-07-08]\nUSD = 1.25\n",
    )
    .unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let v = json(&[
        "convert",
        "125 USD",
        "--to",
        "EUR",
        "--on",
        "2025-07-08",
        "--rates",
        a,
        "--rates",
        b,
    ]);
    assert_eq!(v["to"]["amount"], "100.00");
    let v = json(&[
        "convert",
        "125 USD",
        "--to",
        "EUR",
        "--on",
        "2025-07-08",
        "--rates",
        b,
        "--rates",
        a,
    ]);
    assert_eq!(v["to"]["amount"], "106.67");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn valuation_of_meta_scale() {
    let v = json(&["valuation", "--stake", "49%", "--price", "$14.3B"]);
    // 14.3e9 / 0.49 = 29183673469.387755...
    assert_eq!(v["post_money"]["amount"], "29183673469.39");
    assert_eq!(v["pre_money"]["amount"], "29183673469.39");
    assert_eq!(v["remaining_value"]["amount"], "14883673469.39");
    assert_eq!(v["stake"], "0.49");
}

#[test]
fn primary_valuation_with_shares() {
    // OpenAI, 2025-03-31: $40B for new shares at $300B post-money.
    let v = json(&[
        "valuation",
        "--post-money",
        "$300B",
        "--price",
        "$40B",
        "--primary",
    ]);
    assert_eq!(v["pre_money"]["amount"], "260000000000.00");
    // 1000 shares before, 20% bought as new shares: 250 new at 4000/1000.
    let v = json(&[
        "valuation",
        "--stake",
        "20%",
        "--price",
        "$1000",
        "--primary",
        "--shares",
        "1000",
    ]);
    assert_eq!(v["new_shares"], "250");
    assert_eq!(v["price_per_share"]["amount"], "4.00");
}

/// The README's offer: $100M over four years from 2025-07-01, discounted
/// at 8%, in euros at the rate of 2025-07-08.
pub const OFFER_100M: &[&str] = &[
    "offer",
    "$100M",
    "--over",
    "4y",
    "--start",
    "2025-07-01",
    "--discount",
    "8%",
    "--to",
    "EUR",
    "--on",
    "2025-07-08",
];

/// the Acme example's as `dealcalc round` flags.
pub const ACME_ROUND: &[&str] = &[
    "round",
    "--common",
    "founders=8,100,000",
    "--pool",
    "900000",
    "--safe",
    "angel=$1M cap=$10M",
    "--investor",
    "fund",
    "--amount",
    "$5.2M",
    "--pre-money",
    "$20.8M",
    "--pool-after",
    "10%",
    "--exit",
    "$10M",
];

/// $2M at $8M pre-money on 9,000,000 common shares.
const SHUFFLE: &[&str] = &[
    "round",
    "--common",
    "9000000",
    "--amount",
    "$2M",
    "--pre-money",
    "$8M",
];

/// A command line and more flags.
pub fn with<'a>(base: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(more).copied().collect()
}

#[test]
fn round_of_the_contracts_worked_example() {
    // the Acme example's as one command: the SAFE's 1,000,000 shares at
    // $1.00, the series A at $2.00 with a 400,000-share top-up, and the
    // $10M exit paying the fund $5.2M, the angel $1M, the founders $3.8M.
    let v = json(ACME_ROUND);
    assert_eq!(v["events"]["safe-1"]["shares"], "1000000");
    assert_eq!(v["events"]["safe-1"]["price_per_share"]["amount"], "1");
    assert_eq!(v["events"]["round"]["price_per_share"]["amount"], "2");
    assert_eq!(v["events"]["round"]["shares"], "2600000");
    assert_eq!(v["events"]["round"]["pool_top_up"], "400000");
    assert_eq!(v["events"]["round"]["post_money"]["amount"], "26000000.00");
    let paid = &v["exits"]["$10M"]["payout"];
    assert_eq!(paid["fund"]["amount"], "5200000.00");
    assert_eq!(paid["angel"]["amount"], "1000000.00");
    assert_eq!(paid["founders"]["amount"], "3800000.00");
}

#[test]
fn round_pool_shuffle_worked_by_hand() {
    // $2M at $8M pre-money on 9,000,000 common shares, a 10% pool after:
    // k = 10% x 10M / 8M = 0.125 of the pre-money shares, so the top-up is
    // 0.125 x 9,000,000 / 0.875 = 1,285,714.29, rounded up to 1,285,715;
    // the price $8M / 10,285,715 = $0.77777...; new shares
    // $2M / price = 2,571,428.75, rounded down to 2,571,428.
    let v = json(&with(SHUFFLE, &["--pool-after", "10%"]));
    let r = &v["events"]["round"];
    assert_eq!(r["pool_top_up"], "1285715");
    assert_eq!(r["shares"], "2571428");
    // JSON gives a price per share to six decimals.
    assert_eq!(r["price_per_share"]["amount"], "0.777778");
    // The same round given by its post-money.
    let w = json(&[
        "round",
        "--common",
        "9000000",
        "--amount",
        "$2M",
        "--post-money",
        "$10M",
        "--pool-after",
        "10%",
    ]);
    assert_eq!(w["events"], v["events"]);
    // Every format, the chart included, is the company's.
    let svg = stdout(&with(
        SHUFFLE,
        &["--pool-after", "10%", "--exit", "$20M", "--format", "svg"],
    ));
    assert!(svg.contains("Cap table after each event"), "{svg:.400}");
    assert!(svg.contains("after round, investor: 2,571,428 shares"));
    let csv = stdout(&with(SHUFFLE, &["--format", "csv"]));
    assert!(
        csv.starts_with("company,holder,shares,ownership,after\nround,common,9000000,0.8,\n"),
        "{csv}"
    );
}

#[test]
fn round_chart_draws_the_cap_table_and_the_waterfall() {
    let svg = stdout(&with(
        ACME_ROUND,
        &["--name", "Acme", "--exit", "$35.1M", "--format", "svg"],
    ));
    let doc = roxmltree::Document::parse(&svg).expect("valid XML");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    // The cap table before and after, each part titled for screen readers.
    assert!(titles.contains(&"at the start, founders: 8,100,000 shares, 90%"));
    assert!(titles.contains(&"at the start, unissued pool: 900,000 shares, 10%"));
    assert!(titles.contains(&"after round, fund: 2,600,000 shares, 20%"));
    assert!(titles.contains(&"after round, angel: 1,000,000 shares, 7.6923%"));
    // One band per holder in the waterfall.
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("polygon"))
            .count(),
        3
    );
    // The exits and the breakpoints, worked by hand in company.rs.
    assert!(titles.contains(
        &"exit $10M at 10,000,000.00 USD: founders 3,800,000.00 USD, angel 1,000,000.00 USD, fund 5,200,000.00 USD"
    ));
    assert!(titles.contains(&"angel's round shares convert from 14,300,000.01 USD"));
    assert!(titles.contains(&"fund's round shares convert from 23,400,000.01 USD"));
    let mut goldens = crate::golden::Goldens::default();
    goldens.check("docs/round.svg", &svg);
    goldens.assert_all_match();
}

#[test]
fn offer_of_100_million_over_four_years() {
    let v = json(OFFER_100M);
    let periods = v["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 4);
    assert_eq!(periods[0]["label"], "Year 1");
    assert_eq!(periods[0]["amount"]["amount"], "25000000.00");
    // 25M / 1.1718 = 21334698.757..., the four EUR periods sum to 85338795.02.
    assert_eq!(periods[0]["converted"]["amount"], "21334698.76");
    let sum: rust_decimal::Decimal = periods
        .iter()
        .map(|p| {
            p["converted"]["amount"]
                .as_str()
                .unwrap()
                .parse::<rust_decimal::Decimal>()
                .unwrap()
        })
        .sum();
    assert_eq!(sum.to_string(), "85338795.02");
    assert_eq!(v["present_value"]["amount"], "82803171.00");
    assert_eq!(v["total"]["amount"], "100000000.00");
    assert_eq!(v["tranches"][3]["date"], "2029-07-01");
}

#[test]
fn offer_of_shares_with_cliff_matches_vestlang() {
    let v = json(&[
        "offer",
        "--shares",
        "4800",
        "--over",
        "4y",
        "--vesting",
        "monthly 1y cliff",
        "--start",
        "2025-01-01",
    ]);
    let t = v["tranches"].as_array().unwrap();
    assert_eq!(t.len(), 37);
    assert_eq!(
        (t[0]["date"].as_str(), t[0]["shares"].as_str()),
        (Some("2026-01-01"), Some("1200"))
    );
    assert_eq!(
        (t[1]["date"].as_str(), t[1]["shares"].as_str()),
        (Some("2026-02-01"), Some("100"))
    );
    let v = json(&[
        "offer",
        "--shares",
        "7",
        "--over",
        "48m",
        "--vesting",
        "monthly 12m cliff",
        "--start",
        "2025-01-01",
        "--allocation",
        "cumulative-round-down",
    ]);
    assert_eq!(v["tranches"][0]["shares"], "1");
    let v = json(&[
        "offer",
        "--shares",
        "7",
        "--over",
        "48m",
        "--vesting",
        "monthly 12m cliff",
        "--start",
        "2025-01-01",
    ]);
    assert_eq!(v["tranches"][0]["shares"], "2");
}

#[test]
fn offer_by_calendar_year_splits_salary_by_day() {
    // Not salary here: $120k granted once on 2025-07-01 falls in 2025 whole.
    let v = json(&[
        "offer",
        "$120k",
        "--vesting",
        "once",
        "--start",
        "2025-07-01",
        "--by",
        "calendar-year",
    ]);
    assert_eq!(v["periods"][0]["label"], "2025");
    assert_eq!(v["periods"][0]["amount"]["amount"], "120000.00");
}

#[test]
fn check_exits_1_when_a_claim_fails_and_0_when_all_hold() {
    let root = env!("CARGO_MANIFEST_DIR");
    let failing = format!("{root}/scenarios/ai-talent-war-2025.toml");
    let holding = format!("{root}/scenarios/openai-2025-03.toml");
    assert_eq!(dealcalc(&["check", &failing]).status.code(), Some(1));
    assert_eq!(dealcalc(&["check", &holding]).status.code(), Some(0));
    assert_eq!(
        dealcalc(&["check", &holding, &failing]).status.code(),
        Some(1)
    );
    // eval reports the same verdicts but exits 0.
    assert_eq!(dealcalc(&["eval", &failing]).status.code(), Some(0));
}

#[test]
fn conversion_claims_show_implied_rate_and_nearest_dates() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = dealcalc(&[
        "check",
        &format!("{root}/scenarios/ai-talent-war-2025.toml"),
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let claims = v["claims"].as_array().unwrap();
    let next = &claims[2];
    assert_eq!(next["holds"], true);
    assert_eq!(next["implied_rate"], "0.85");
    assert_eq!(next["rate_date"], "2025-07-08");
    assert_eq!(next["actual"]["amount"], "85338795.02");
    assert_eq!(next["low"]["amount"], "84500000.00");
    assert_eq!(next["high"]["amount"], "85500000.00");
    let matin = &claims[3];
    assert_eq!(matin["holds"], false);
    assert_eq!(matin["high"], Value::Null);
    // 100M / 1.1478 (ECB, 2025-06-19) = 87123192.19
    assert_eq!(matin["actual"]["amount"], "87123192.19");
    // The last ECB day on which $100M was more than EUR 92M.
    assert_eq!(matin["held_on_or_before"], "2025-04-02");
    // The ECB's published 1.1478 USD per euro, the other way round.
    assert_eq!(matin["inverse_rate"], "1.1478");
    assert_eq!(matin["deviation"], "-0.053009");
}

#[test]
fn stdin_is_read_for_dash() {
    use std::io::Write;
    let mut child = crate::bin()
        .args(["check", "-", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"source = \"test\"\n[deals.d]\nstake = \"1.6%\"\nprice = \"$240M\"\n[[claims]]\ntext = \"t\"\nsource = \"s\"\nof = \"deals.d.post_money\"\nsays = \"$15 billion\"\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["claims"][0]["actual"]["amount"], "15000000000.00");
}

#[test]
fn figures_in_french_and_compact() {
    let text = stdout(&[
        "valuation",
        "--stake",
        "49%",
        "--price",
        "$14.3B",
        "--compact",
        "--lang",
        "fr",
    ]);
    assert!(
        text.contains("post-money       29,2 milliards de dollars"),
        "{text}"
    );
    let text = stdout(&[
        "convert",
        "$100M",
        "--to",
        "EUR",
        "--on",
        "2025-07-08",
        "--lang",
        "fr",
    ]);
    assert!(
        text.starts_with("100\u{202F}000\u{202F}000,00 USD = 85\u{202F}338\u{202F}795,02 EUR"),
        "{text}"
    );
    // JSON keeps exact values whatever the language.
    let v = json(&[
        "convert",
        "$100M",
        "--to",
        "EUR",
        "--on",
        "2025-07-08",
        "--lang",
        "fr",
        "--compact",
    ]);
    assert_eq!(v["to"]["amount"], "85338795.02");
}

#[test]
fn completions_manual_and_help() {
    assert!(stdout(&["completions", "bash"]).contains("_dealcalc()"));
    assert!(stdout(&["completions", "fish"]).contains("complete -c dealcalc"));
    assert!(stdout(&["man"]).starts_with(".ie \\n(.g .ds Aq"));
    for command in ["convert", "valuation", "round", "offer", "eval", "check"] {
        let help = stdout(&[command, "--help"]);
        assert!(help.contains("Example"), "{command} --help has no example");
    }
    assert!(stdout(&["--version"]).starts_with("dealcalc "));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{Read, Write};
    // 20,000 rows make about 1.4 MB of output, far beyond a pipe's buffer.
    let mut rows = String::from("date,amount,from,to\n");
    for i in 0..20_000 {
        rows.push_str(&format!("2020-03-13,{i},USD,JPY\n"));
    }
    let mut child = crate::bin()
        .args(["convert", "--batch", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(rows.as_bytes());
    });
    let mut first = [0_u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is closed here: the rest of the output meets a closed pipe.
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(&first, b"date,amoun");
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn explain_shows_formulas_rates_and_tolerances() {
    let text = stdout(&[
        "convert",
        "100 USD",
        "--to",
        "JPY",
        "--on",
        "2020-03-15",
        "--explain",
    ]);
    assert!(
        text.contains(
            "result = amount x to_rate / from_rate = 100 x 119.11 / 1.1104 = 10726.76512968"
        ),
        "{text}"
    );
    assert!(
        text.contains("rounded half-up to 0 decimals (JPY)"),
        "{text}"
    );
    let text = stdout(&[
        "valuation",
        "--stake",
        "49%",
        "--price",
        "$14.3B",
        "--explain",
    ]);
    assert!(
        text.contains("post-money = price / stake = 14300000000 / 0.49 = 29183673469.3877551"),
        "{text}"
    );
    let text = stdout(&[
        "offer",
        "$100M",
        "--over",
        "4y",
        "--start",
        "2025-07-01",
        "--explain",
    ]);
    assert!(text.contains("split by cumulative-rounding"), "{text}");
    let root = env!("CARGO_MANIFEST_DIR");
    let out = dealcalc(&[
        "check",
        &format!("{root}/scenarios/ai-talent-war-2025.toml"),
        "--explain",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("tolerance: half a unit of the last printed digit, 500,000,000 either way"),
        "{text}"
    );
    assert!(text.contains("the printed figure implies 0.92"), "{text}");
}

#[test]
fn every_help_example_runs() {
    // The examples under each command's --help are commands a user copies.
    let root = env!("CARGO_MANIFEST_DIR");
    for command in ["convert", "valuation", "round", "offer", "eval", "check"] {
        let help = stdout(&[command, "--help"]);
        for line in help
            .lines()
            .filter(|l| l.trim_start().starts_with("dealcalc "))
        {
            let words = shell_words(line.trim_start().trim_start_matches("dealcalc "));
            // As a shell would: paths from the project's folder, globs expanded.
            let args: Vec<String> = words
                .into_iter()
                .flat_map(|w| match w.split_once("/*") {
                    Some((dir, suffix)) => {
                        let mut files: Vec<String> = std::fs::read_dir(format!("{root}/{dir}"))
                            .unwrap()
                            .map(|e| e.unwrap().path().display().to_string())
                            .filter(|p| p.ends_with(suffix))
                            .collect();
                        files.sort();
                        files
                    }
                    None if w.starts_with("scenarios/") => vec![format!("{root}/{w}")],
                    None => vec![w],
                })
                .collect();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let code = dealcalc(&args).status.code();
            assert!(matches!(code, Some(0 | 1)), "`{line}` exited {code:?}");
        }
    }
}

/// Splits a command line on spaces, keeping single-quoted words whole.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Runs dealcalc with `input` on standard input: (exit code, stdout, stderr).
pub fn with_stdin(args: &[&str], input: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = crate::bin()
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let text = input.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(text.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A scenario that says how its figures are written: `numbers = "eu"`
/// and `$` as the New Zealand dollar.
#[test]
fn a_scenario_reads_figures_by_its_own_conventions() {
    let v = json(&["check", "tests/data/european-press.toml"]);
    let claims = v["claims"].as_array().unwrap();
    // 10.000 € x 1.1718 (the ECB's USD of 2025-07-08).
    assert_eq!(claims[0]["actual"]["amount"], "11718.00");
    // 803000000 NZD / 1.9499 (the ECB's NZD of 2025-07-08) = 411815990.56.
    assert_eq!(claims[1]["from"]["currency"], "NZD");
    assert_eq!(claims[1]["actual"]["amount"], "411815990.56");
    // The French long scale: 2 x 10^12.
    assert_eq!(claims[2]["actual"]["amount"], "2000000000000.00");
    assert!(claims.iter().all(|c| c["holds"] == true));
}

/// Batch rows follow `--numbers`, and the euro's fixed rates apply there too.
#[test]
fn batch_rows_follow_the_conventions_and_the_law() {
    let rows = "date,amount,from,to\n2025-07-08,10.000 €,,USD\n2024-06-03,\"1.000.000\",HRK,EUR\n";
    let (code, out, err) = with_stdin(&["convert", "--batch", "-", "--numbers", "eu"], rows);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[1].starts_with("2025-07-08,10.000 €,,USD,11718.00,"),
        "{out}"
    );
    // 1000000 / 7.53450 = 132722.808...
    assert!(
        lines[2].starts_with("2024-06-03,\"1.000.000\",HRK,EUR,132722.81,"),
        "{out}"
    );
    // Without the convention, the first row is refused.
    let (code, _, err) = with_stdin(&["convert", "--batch", "-"], rows);
    assert_eq!(code, 2);
    assert!(
        err.contains("line 2: `10.000 €`: `10.000` is ambiguous"),
        "{err}"
    );
}

/// A European spreadsheet: `;` between fields, no `to` column, `--to`.
#[test]
fn batch_reads_semicolons_and_tabs_and_takes_to() {
    let rows = "date;amount;from;note\n2025-07-08;100;USD;\"a; b\"\n";
    let (code, out, err) = with_stdin(&["convert", "--batch", "-", "--to", "EUR"], rows);
    assert_eq!(code, 0, "{err}");
    // 100 / 1.1718 = 85.3387...
    assert_eq!(
        out,
        "date;amount;from;note;result;rate;rate_date;stale;latest_available\n\
         2025-07-08;100;USD;\"a; b\";85.34;0.853387950162143710530807305;2025-07-08;false;false\n"
    );
    let rows = "date\tamount\tfrom\tto\n2025-07-08\t100\tUSD\tEUR\n";
    let (code, out, err) = with_stdin(&["convert", "--batch", "-"], rows);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines()
            .nth(1)
            .unwrap()
            .starts_with("2025-07-08\t100\tUSD\tEUR\t85.34\t"),
        "{out}"
    );
}

/// Bad rows skipped or marked, counted on standard error.
#[test]
fn batch_on_error_skip_and_mark() {
    let rows = "date,amount,from,to\n2025-07-08,100,USD,EUR\n2025-07-08,100,USX,EUR\n2025-07-08,\"1,000\",USD,EUR\n";
    let (code, out, err) = with_stdin(&["convert", "--batch", "-", "--on-error", "skip"], rows);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        err.contains("note: 2 rows could not be converted and left out (first: line 3: unknown currency `USX`)"),
        "{err}"
    );
    let (code, out, err) = with_stdin(&["convert", "--batch", "-", "--on-error", "mark"], rows);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "date,amount,from,to,result,rate,rate_date,stale,latest_available,error"
    );
    assert!(lines[1].ends_with(",2025-07-08,false,false,"), "{out}");
    assert_eq!(
        lines[2],
        "2025-07-08,100,USX,EUR,,,,,,line 3: unknown currency `USX`"
    );
    // `1,000` with the currency in another field is ambiguous: marked,
    // the message quoted since it holds commas.
    assert!(
        lines[3].starts_with("2025-07-08,\"1,000\",USD,EUR,,,,,,\"line 4: `1,000`"),
        "{out}"
    );
    assert!(
        err.contains("2 rows could not be converted and marked"),
        "{err}"
    );
}

/// An unclosed quote in a 4 MB file is reported at its line after reading
/// at most 1 MiB, not after rescanning the file for every line break.
#[test]
fn batch_unclosed_quote_is_found_at_once() {
    let mut rows = String::from("date,amount,from,to\n2025-07-08,\"100,USD,EUR\n");
    while rows.len() < 4 << 20 {
        rows.push_str("2025-07-08,100,USD,EUR\n");
    }
    let (code, _, err) = with_stdin(&["convert", "--batch", "-"], &rows);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: line 2: a quote opened in this row is never closed"),
        "{err}"
    );
}

/// `-o chart.svg` draws a chart; `-o out.json` writes JSON: the extension
/// names the format when --format does not.
#[test]
fn the_output_extension_names_the_format() {
    let dir = std::env::temp_dir().join(format!("dealcalc-ext-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let svg = dir.join("chart.svg");
    let json_out = dir.join("out.json");
    for path in [&svg, &json_out] {
        stdout(&[
            "offer",
            "$100M",
            "--over",
            "4y",
            "--start",
            "2025-07-01",
            "-o",
            path.to_str().unwrap(),
        ]);
    }
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json_out).unwrap()).unwrap();
    assert_eq!(v["total"]["amount"], "100000000.00");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn manual_pages_per_command_and_help_for_people() {
    let page = stdout(&["man", "convert"]);
    assert!(page.contains("dealcalc\\-convert"), "{page}");
    assert!(page.contains("\\-\\-on"), "{page}");
    let (code, err) = fails(&["man", "nosuch"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("pages: convert, valuation, round, offer"),
        "{err}"
    );
    // Global options stand apart from a command's own.
    let help = stdout(&["convert", "--help"]);
    let global = help.find("Global options:").unwrap();
    assert!(help.find("--to <CUR>").unwrap() < global, "{help}");
    assert!(help.find("--rounding <RULE>").unwrap() > global, "{help}");
    // `--date` is a common guess for `--on`.
    let (code, err) = fails(&["convert", "$1", "--to", "EUR", "--date", "2025-07-08"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("tip: the date of a rate is given with `--on YYYY-MM-DD`"),
        "{err}"
    );
    // Completions offer values, not file names.
    let bash = stdout(&["completions", "bash"]);
    // A currency completes to codes (the ECB's, the euro's legacy ones),
    // not to file names; a table still parses whatever code it defines.
    let words = bash
        .lines()
        .find(|l| l.contains("compgen -W \"ATS AUD"))
        .unwrap();
    for code in ["USD", "EUR", "DEM", "JPY", "HRK"] {
        assert!(words.contains(&format!(" {code} ")), "{words}");
    }
    assert!(bash.contains("compgen -W \"offers deals companies payouts claims\""));
    assert!(
        bash.contains("half-up half-even down up"),
        "completions lack --rounding values"
    );
    assert!(
        bash.contains("text json csv markdown md svg"),
        "completions lack --format values"
    );
}

/// Every form of a printed figure (tests/data/claim-forms.toml), with the
/// values worked by hand in its comments.
#[test]
fn claims_in_every_form() {
    let out = dealcalc(&["check", "tests/data/claim-forms.toml", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let claims = v["claims"].as_array().unwrap();
    let verdicts: Vec<&str> = claims
        .iter()
        .map(|c| c["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(
        verdicts,
        [
            "holds",
            "holds",
            "fails",
            "fails",
            "holds",
            "holds",
            "holds",
            "fails",
            "truncated",
            "holds",
            "holds",
            "holds",
            "holds"
        ]
    );
    // `*` binds tighter than `+`; `/` goes left to right.
    assert_eq!(claims[11]["actual"]["amount"], "144800000000.00");
    // A range: [28.5, 30.5] billion.
    assert_eq!(claims[0]["low"]["amount"], "28500000000.00");
    assert_eq!(claims[0]["high"]["amount"], "30500000000.00");
    assert_eq!(claims[0]["says_high"]["amount"], "30000000000.00");
    // "nearly": [29, 30]; what would make it hold: the price from
    // 29e9 x 0.49 = 14.21e9 to 30e9 x 0.49 = 14.7e9.
    assert_eq!(claims[3]["would_hold_if"][0]["reading"], "input");
    assert_eq!(claims[3]["would_hold_if"][0]["input"], "price");
    assert_eq!(
        claims[3]["would_hold_if"][0]["low"]["amount"],
        "14210000000.00"
    );
    assert_eq!(
        claims[3]["would_hold_if"][0]["high"]["amount"],
        "14700000000.00"
    );
    // Pre-money as an input.
    assert_eq!(claims[4]["actual"]["amount"], "965000000000.00");
    // 86,956,521 whole shares, "86.9 million": truncated, not a failure
    // unless --strict.
    assert_eq!(claims[8]["actual"], "86956521");
    // The printed rate: 1e8 x 150.50.
    assert_eq!(claims[9]["actual"]["amount"], "15050000000");
    assert_eq!(claims[9]["rule"], "rate printed in the article");
}

/// The contract's example: "$14.8B for 49% said to imply $29B" holds for a
/// price from 13,965,000,000.00 to 14,455,000,000.00 USD.
#[test]
fn a_failing_deal_claim_says_which_price_would_hold() {
    let out = dealcalc(&[
        "check",
        "scenarios/ai-talent-war-2025.toml",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let claim = &v["claims"][1];
    assert_eq!(claim["verdict"], "fails");
    assert_eq!(
        claim["would_hold_if"][0],
        serde_json::json!({
            "reading": "input",
            "input": "price",
            "low": {"amount": "13965000000.00", "currency": "USD"},
            "high": {"amount": "14455000000.00", "currency": "USD"},
        })
    );
}

/// A truncated figure fails `check` only with --strict.
#[test]
fn truncated_fails_only_when_strict() {
    let file = "tests/data/truncated.toml";
    assert_eq!(dealcalc(&["check", file]).status.code(), Some(0));
    assert_eq!(
        dealcalc(&["check", file, "--strict"]).status.code(),
        Some(1)
    );
}

/// the README's example: $240M of 2007 is $372,651,561.19 of 2025
/// (240000000 x 321.943 / 207.342, the CPI-U annual averages); months use
/// monthly values.
#[test]
fn adjust_restates_dollars_by_the_cpi_u() {
    let v = json(&["adjust", "$240M", "--from", "2007", "--to", "2025"]);
    assert_eq!(v["result"]["amount"], "372651561.19");
    assert_eq!(
        (v["index_from"].as_str(), v["index_to"].as_str()),
        (Some("207.342"), Some("321.943"))
    );
    // $100 of 2025-09 (324.8) in 2026-08 (334.98): 103.134236... -> 103.13.
    let v = json(&["adjust", "$100", "--from", "2025-09", "--to", "2026-08"]);
    assert_eq!(v["result"]["amount"], "103.13");
}

/// Averages over the month or year, checked against the ECB CSV by hand
/// (Python decimal): June 2025, 21 days, $100 = 86.84 EUR; 2024, 256 days,
/// $100 = 92.41 EUR.
#[test]
fn monthly_and_annual_averages() {
    let v = json(&[
        "convert",
        "$100",
        "--to",
        "EUR",
        "--on",
        "2025-06-15",
        "--basis",
        "monthly-average",
    ]);
    assert_eq!(v["to"]["amount"], "86.84");
    assert_eq!(
        v["basis"],
        "monthly average of 21 days from 2025-06-02 to 2025-06-30"
    );
    let v = json(&[
        "convert",
        "$100",
        "--to",
        "EUR",
        "--on",
        "2024-03-01",
        "--basis",
        "annual-average",
    ]);
    assert_eq!(v["to"]["amount"], "92.41");
    let v = json(&["check", "tests/data/annual-average.toml"]);
    assert_eq!(v["claims"][0]["actual"]["amount"], "92412785.80");
    assert_eq!(v["claims"][0]["verdict"], "holds");
}

/// A plain `date,currency,rate` CSV becomes a table that layers on the
/// built-in one.
#[test]
fn plain_csv_rates_import() {
    let toml = stdout(&[
        "rates",
        "import",
        "tests/data/plain-rates.csv",
        "--base",
        "EUR",
        "--source",
        "my rates",
    ]);
    assert!(
        toml.contains("base = \"EUR\"\nsource = \"my rates\"\n"),
        "{toml}"
    );
    assert!(toml.contains("[rates.2025-07-07]\nAED = \"4.29\"\n\n[rates.2025-07-08]\nAED = \"4.30\"\nNGN = \"1795.5\"\n"), "{toml}");
}

/// the Acme company, in JSON as its shape is documented.
#[test]
fn a_company_in_json() {
    let v = json(&["eval", "tests/data/company.toml"]);
    let acme = &v["companies"]["acme"];
    assert_eq!(acme["events"]["seed-safe"]["shares"], "1000000");
    assert_eq!(
        acme["events"]["seed-safe"]["price_per_share"]["amount"],
        "1"
    );
    assert_eq!(acme["events"]["series-a"]["price_per_share"]["amount"], "2");
    assert_eq!(acme["events"]["series-a"]["shares"], "2600000");
    assert_eq!(acme["events"]["series-a"]["pool_top_up"], "400000");
    assert_eq!(
        acme["events"]["series-a"]["post_money"]["amount"],
        "26000000.00"
    );
    assert_eq!(
        acme["exits"]["small"]["payout"]["fund"]["amount"],
        "5200000.00"
    );
    assert_eq!(
        acme["exits"]["small"]["payout"]["angel"]["amount"],
        "1000000.00"
    );
    assert_eq!(
        acme["exits"]["small"]["payout"]["founders"]["amount"],
        "3800000.00"
    );
    assert_eq!(acme["exits"]["large"]["per_common_share"]["amount"], "3");
    // Breakpoints, worked by hand: (6.2M + 1 x 8.1M) and (5.2M + 2 x 9.1M),
    // a cent above, where converting starts to pay more.
    assert_eq!(acme["breakpoints"][0]["holder"], "angel");
    assert_eq!(
        acme["breakpoints"][0]["converts_at"]["amount"],
        "14300000.01"
    );
    assert_eq!(
        acme["breakpoints"][1]["converts_at"]["amount"],
        "23400000.01"
    );
    assert!(
        v["claims"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["holds"] == true)
    );
}

/// Options valued at a company's exit: the $25,000 spread and
/// $5,000 exercise cost; on leaving, the options vested and the window.
#[test]
fn options_at_a_companys_exit() {
    let v = json(&["eval", "tests/data/company.toml"]);
    let offer = &v["offers"]["acme-options"];
    assert_eq!(offer["total"]["amount"], "25000.00");
    assert_eq!(offer["options"][0]["exercise_cost"]["amount"], "5000.00");
    assert_eq!(offer["options"][0]["vested_on_leaving"], "3542");
    assert_eq!(offer["options"][0]["exercise_by"], "2026-09-28");
    assert_eq!(offer["kept"]["amount"], "8855.00");
}

/// Given the post-money and the stake, the price is computed (29B x 0.49 =
/// 14.21B) and explained that way round, never as "post-money = price /
/// stake"; given the post-money and the price, the stake is.
#[test]
fn valuation_explains_what_it_computed_not_what_was_given() {
    let out = dealcalc(&[
        "valuation",
        "--post-money",
        "$29B",
        "--stake",
        "49%",
        "--explain",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("price            14,210,000,000.00 USD  post-money x stake"),
        "{text}"
    );
    assert!(
        text.contains("price = post-money x stake = 29000000000 x 0.49 = 14210000000.00"),
        "{text}"
    );
    assert!(!text.contains("price / stake"), "{text}");
    let out = dealcalc(&["valuation", "--post-money", "$29B", "--price", "$14.3B"]);
    let text = String::from_utf8(out.stdout).unwrap();
    // 14.3 / 29 = 0.493103...
    assert!(text.contains("49.3103%  price / post-money"), "{text}");
}

/// `check` on several files reports every file: the verdicts of those it
/// could read and the error of each it could not, then exits 2.
#[test]
fn check_reports_every_file_past_a_bad_one() {
    let out = crate::bin()
        .args([
            "check",
            "scenarios/us-intel-2025.toml",
            "tests/bad/scenarios/company-pool-whole.toml",
            "tests/bad/scenarios/expr-incomplete.toml",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.contains("2 of 2 claims hold"), "{stdout}");
    assert!(
        stderr.contains("`pool_after` must be from 0% to below 100%"),
        "{stderr}"
    );
    assert!(stderr.contains("is not a complete expression"), "{stderr}");
}

/// In CSV a percentage is written as a fraction, and its unit says
/// `fraction`: "entre 6,7 % et 8,1 %" is 0.0665 to 0.0815, never 0.067%.
#[test]
fn csv_fractions_say_fraction() {
    let out = dealcalc(&["check", "tests/data/claim-forms.toml", "--format", "csv"]);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.contains("deals.a.stake,0.067,0.49,0.0665,0.0815,fraction,"),
        "{csv}"
    );
    assert!(!csv.contains(",%,"), "{csv}");
}

/// `--lang fr` reaches percentages and rates: `+4,152 %`, `0,85338795`,
/// not `+4.152%` beside `29 000 000 000,00`.
#[test]
fn french_figures_reach_percentages_and_rates() {
    let out = dealcalc(&["check", "scenarios/ai-talent-war-2025.toml", "--lang", "fr"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("deviation      +4,152\u{202f}%"), "{text}");
    assert!(
        text.contains("from 50,1695\u{202f}% to 51,9298\u{202f}%"),
        "{text}"
    );
    // $100M at the ECB's 1.1718 of 2025-07-08: 0.85338795 EUR per USD,
    // quoted both ways.
    assert!(
        text.contains("rate       1 USD = 0,85338795 EUR, 1 EUR = 1,1718 USD, of 2025-07-08"),
        "{text}"
    );
}

/// `check --format csv` over several files is one table: one header, a
/// `file` column, the claim's `source` and the dates a conversion would
/// have held on.
#[test]
fn check_csv_is_one_table_over_every_file() {
    let out = dealcalc(&[
        "check",
        "scenarios/ai-talent-war-2025.toml",
        "scenarios/us-intel-2025.toml",
        "--format",
        "csv",
    ]);
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("file,holds,verdict,text,source,"),
        "{csv}"
    );
    assert_eq!(csv.matches("file,holds").count(), 1, "{csv}");
    // 7 claims and 2, no blank line between.
    assert_eq!(lines.len(), 1 + 7 + 2, "{csv}");
    // Economie Matin's "plus de 92 millions d'euros" would have held on
    // the rate of 2025-04-02, and on no later date.
    let economie = lines.iter().find(|l| l.contains("Economie Matin")).unwrap();
    assert!(economie.ends_with(",2025-04-02,,"), "{economie}");
}

/// `eval --format csv` writes one table at a time, named by `--table`,
/// with one header and a `file` column: the cap table (the pool as a row)
/// and each exit's payouts, the Acme figures.
#[test]
fn companies_in_csv() {
    let file = "tests/data/company.toml";
    let csv = stdout(&["eval", file, "--format", "csv", "--table", "companies"]);
    assert!(
        csv.starts_with("file,company,holder,shares,ownership,after\n"),
        "{csv}"
    );
    assert!(
        csv.contains(&format!("\n{file},acme,fund,2600000,0.2,\n")),
        "{csv}"
    );
    assert!(
        csv.contains(&format!("\n{file},acme,pool,1300000,0.1,\n")),
        "{csv}"
    );
    // The cap table at each moment, named by the event after which it
    // stands: the founders' 8,100,000 of 9,000,000 at the start, 90%.
    assert!(
        csv.contains(&format!("\n{file},acme,founders,8100000,0.9,start\n")),
        "{csv}"
    );
    let csv = stdout(&["eval", file, "--format", "csv", "--table", "payouts"]);
    assert!(
        csv.starts_with("file,company,exit,value,holder,payout,currency\n"),
        "{csv}"
    );
    assert!(
        csv.contains(&format!(
            "\n{file},acme,small,10000000.00,founders,3800000.00,USD\n"
        )),
        "{csv}"
    );
    assert!(
        csv.contains(&format!(
            "\n{file},acme,large,35100000.00,fund,7800000.00,USD\n"
        )),
        "{csv}"
    );
    // Several tables and none chosen: refused, naming them.
    let (code, err) = fails(&["eval", file, "--format", "csv"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("the files have 4 tables: offers, companies, payouts, claims"),
        "{err}"
    );
    assert!(
        err.contains("--table offers|companies|payouts|claims"),
        "{err}"
    );
    // One header over several files, each row naming its file.
    let two = stdout(&[
        "eval",
        file,
        "tests/data/offers-tax.toml",
        "--format",
        "csv",
        "--table",
        "offers",
    ]);
    assert_eq!(two.matches("file,offer,period").count(), 1, "{two}");
    assert!(
        two.contains("\ntests/data/offers-tax.toml,job,,,,,282000.00,USD,,after_tax,\n"),
        "{two}"
    );
    assert!(!two.contains("\n\n"), "{two}");
    // `check` writes the claims only.
    let (code, err) = fails(&["check", file, "--format", "csv", "--table", "offers"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`check` writes the claims table only"),
        "{err}"
    );
}

/// `eval --format markdown` carries companies too: cap table, payouts,
/// breakpoints.
#[test]
fn companies_in_markdown() {
    let out = dealcalc(&["eval", "tests/data/company.toml", "--format", "markdown"]);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("### Company `acme`: Acme"), "{md}");
    assert!(md.contains("| unissued pool | 1,300,000 | 10% |"), "{md}");
    assert!(md.contains("| founders | 3,800,000.00 USD |"), "{md}");
    assert!(
        md.contains("| fund (series-a) | 23,400,000.01 USD |"),
        "{md}"
    );
}

/// `--explain` on a company: each event's price from its inputs. The Acme
/// Series A: 20,800,000 / 10,400,000 shares (8.1M founders, 0.9M pool,
/// 1M SAFE, 0.4M top-up) = $2.
#[test]
fn companies_explained() {
    let out = dealcalc(&["eval", "tests/data/company.toml", "--explain"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("price = pre-money / shares before the money (the pool topped up first: 400000 added) = 20800000 / 10400000 = 2"),
        "{text}"
    );
    assert!(
        text.contains("seed-safe: converted in series-a, at 1 a share"),
        "{text}"
    );
}

/// `--lang fr` reaches the tolerance's margin, as it reaches the figures:
/// "$29 billion" holds within 500 000 000 either way.
#[test]
fn tolerances_are_written_in_the_readers_numbers() {
    let out = |args: &[&str]| String::from_utf8(dealcalc(args).stdout).unwrap();
    let fr = out(&["check", "scenarios/ai-talent-war-2025.toml", "--lang", "fr"]);
    assert!(
        fr.contains("half a unit of the last printed digit, 500\u{202f}000\u{202f}000 either way"),
        "{fr}"
    );
    let en = out(&["check", "scenarios/ai-talent-war-2025.toml"]);
    assert!(
        en.contains("half a unit of the last printed digit, 500,000,000 either way"),
        "{en}"
    );
}

/// Issue 13's "done when": a SAFE, two rounds and three sales in a file,
/// each holder's shares, ownership and payout, and printed sentences
/// checked against them (tests/data/company-two-rounds.toml, worked by
/// hand in its comments).
#[test]
fn a_company_with_a_safe_two_rounds_and_three_sales() {
    let file = "tests/data/company-two-rounds.toml";
    let v = json(&["eval", file]);
    let c = &v["companies"]["acme"];
    let b = &c["events"]["series-b"];
    assert_eq!(b["pool_top_up"], "371429");
    assert_eq!(b["shares"], "3342857");
    assert_eq!(b["price_per_share"]["amount"], "2.991453");
    assert_eq!(c["holders"]["founders"]["ownership"], "0.48461538");
    let paid = |exit: &str, who: &str| {
        c["exits"][exit]["payout"][who]["amount"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // Under the preferences, pro rata: 12/16.2 of each.
    assert_eq!(
        ["founders", "angel", "fund", "growth"].map(|w| paid("fire-sale", w)),
        ["0.00", "740740.74", "3851851.85", "7407407.41"]
    );
    // The angel converts, the others take their preferences.
    assert_eq!(
        ["founders", "angel", "fund", "growth"].map(|w| paid("modest", w)),
        ["13173626.37", "1626373.63", "5200000.00", "10000000.00"]
    );
    // Everyone converts: $100M over 15,042,857 shares.
    assert_eq!(
        ["founders", "angel", "fund", "growth"].map(|w| paid("big", w)),
        ["53846154.36", "6647673.37", "17283950.79", "22222221.48"]
    );
    // The options at the big sale's common price, rounded once.
    assert_eq!(v["offers"]["options"]["total"]["amount"], "61476.73");
    assert_eq!(dealcalc(&["check", file]).status.code(), Some(0));
}

/// `--lang fr` writes counts as it writes money: shares `2 571 428`, a
/// share price `0,77777772 USD`.
#[test]
fn share_counts_in_the_readers_numbers() {
    let fr = stdout(&with(SHUFFLE, &["--pool-after", "10%", "--lang", "fr"]));
    assert!(
        fr.contains("round   0,77777772 USD  2\u{202f}571\u{202f}428"),
        "{fr}"
    );
    assert!(
        fr.contains("common         9\u{202f}000\u{202f}000"),
        "{fr}"
    );
}

/// Headings say each thing once: an offer without a title is headed by its
/// id alone, a company named as its id too, and a round with no `--name`
/// is not "the company" twice.
#[test]
fn headings_never_repeat_a_name() {
    let (_, text, _) = with_stdin(
        &["eval", "-"],
        "as_of = 2025-07-08\n[offers.a]\nstart = 2025-01-01\n[[offers.a.pay]]\nkind = \"salary\"\namount = \"$100k\"\nyears = 2\n\
         [companies.acme]\ncommon = { founders = 1000 }\n",
    );
    assert!(text.contains("\noffer a\nstarts 2025-01-01"), "{text}");
    assert!(text.contains("\ncompany acme\n"), "{text}");
    // No pool was ever set: no pool row.
    assert!(!text.contains("unissued pool"), "{text}");

    let round = stdout(&[
        "round",
        "--common",
        "9000000",
        "--amount",
        "$2M",
        "--pre-money",
        "$8M",
    ]);
    assert!(round.starts_with("company round\n"), "{round}");
    assert!(!round.contains("the company"), "{round}");
    let named = stdout(&[
        "round",
        "--name",
        "Acme",
        "--common",
        "9000000",
        "--amount",
        "$2M",
        "--pre-money",
        "$8M",
        "--pool-after",
        "10%",
    ]);
    assert!(named.starts_with("company round: Acme\n"), "{named}");
    // A pool was set: its row is shown. 9,000,000 common are the 70% the
    // investor's 20% and the pool's 10% leave: 12,857,142.86 shares, of
    // which the pool is 1,285,714.29, rounded up to a whole share.
    assert!(
        named.contains("unissued pool  1,285,715        10%"),
        "{named}"
    );
}

/// The founders' question (tests/data/company-exits.toml): the least exit
/// that pays them $10M, worked by hand: $16,434,567.91 (the fund keeps its
/// $5.2M preference, the angel converts, the founders take 8.1/9.1 of the
/// rest; at $16,434,567.90 they would take 9,999,999.9989). And each
/// holder's payout from $5M to $40M by $5M, checked at three values: at
/// $10M nobody converts (founders 10 - 5.2 - 1 = 3.8M); at $15M the angel
/// converts (9.8M over 9,100,000 shares: founders 8,723,076.92); at $25M
/// all convert (25M over 11,700,000: the fund's 2,600,000 are 5,555,555.56).
#[test]
fn the_exit_that_pays_a_holder_and_payouts_by_exit_value() {
    let v = json(&["eval", "tests/data/company-exits.toml"]);
    let acme = &v["companies"]["acme"];
    let x = &acme["exits"]["ten-for-founders"];
    assert_eq!(x["value"]["amount"], "16434567.91");
    assert_eq!(x["goal"]["holder"], "founders");
    assert_eq!(x["payout"]["founders"]["amount"], "10000000.01");
    assert_eq!(v["claims"][0]["holds"], true);
    let range = acme["range"].as_array().unwrap();
    assert_eq!(range.len(), 8);
    let at = |i: usize, holder: &str| {
        range[i]["payout"][holder]["amount"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(at(1, "founders"), "3800000.00");
    assert_eq!(at(2, "founders"), "8723076.92");
    assert_eq!(at(4, "fund"), "5555555.56");
    // The same from the command line, in text and CSV.
    let args = [
        "round",
        "--common",
        "founders=8100000",
        "--pool",
        "900000",
        "--safe",
        "angel=$1M cap=$10M",
        "--investor",
        "fund",
        "--amount",
        "$5.2M",
        "--pre-money",
        "$20.8M",
        "--pool-after",
        "10%",
        "--payout",
        "founders=$10M",
        "--exits",
        "$5M..$40M step $5M",
    ];
    let text = stdout(&args);
    assert!(
        text.contains("at 16,434,567.91 USD, the least that pays founders 10,000,000.00 USD"),
        "{text}"
    );
    assert!(
        text.contains("15,000,000.00 USD   8,723,076.92 USD  1,076,923.08 USD  5,200,000.00 USD"),
        "{text}"
    );
    let csv = stdout(&[&args[..], &["--format", "csv", "--table", "payouts"]].concat());
    assert!(
        csv.lines()
            .any(|l| l == "round,range,25000000.00,fund,5555555.56,USD"),
        "{csv}"
    );
    // A holder the company lacks is refused; so is a payout no exit
    // reaches: one share of 11,700,001 at the largest exit a company takes
    // (10^13) is paid 854,700.78, never $1M.
    let (code, err) = fails(&[&args[..15], &["--payout", "nobody=$1M"]].concat());
    assert_eq!(code, 2);
    assert!(
        err.contains("the company has no holder `nobody` to pay"),
        "{err}"
    );
    let (code, err) =
        fails(&[&args[..15], &["--common", "tiny=1", "--payout", "tiny=$1M"]].concat());
    assert_eq!(code, 2);
    assert!(
        err.contains("no exit pays `tiny` 1,000,000.00 USD; at the largest a company takes (10,000,000,000,000) it is paid 854,700.78 USD"),
        "{err}"
    );
}

/// A round bought by two funds in one class
/// (tests/data/company-investors.toml): at $2.00 a share, $3.2M and $2M
/// are 1,600,000 and 1,000,000 shares, each with its own preference; at
/// $10M the preferences take $6.2M, at $35.1M all convert at $3.00.
#[test]
fn a_round_with_two_investors() {
    let v = json(&["eval", "tests/data/company-investors.toml"]);
    let acme = &v["companies"]["acme"];
    assert_eq!(acme["holders"]["fund-a"]["shares"], "1600000");
    assert_eq!(acme["holders"]["fund-b"]["shares"], "1000000");
    assert_eq!(acme["events"]["series-a"]["shares"], "2600000");
    let paid = |exit: &str, holder: &str| {
        acme["exits"][exit]["payout"][holder]["amount"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(paid("small", "fund-a"), "3200000.00");
    assert_eq!(paid("small", "fund-b"), "2000000.00");
    assert_eq!(paid("small", "founders"), "3800000.00");
    assert_eq!(paid("large", "fund-a"), "4800000.00");
    assert_eq!(paid("large", "fund-b"), "3000000.00");
    assert_eq!(v["claims"][0]["holds"], true);
    // The same round from the command line.
    let text = stdout(&[
        "round",
        "--common",
        "founders=8100000",
        "--pool",
        "900000",
        "--safe",
        "angel=$1M cap=$10M",
        "--investors",
        "fund-a=$3.2M",
        "--investors",
        "fund-b=$2M",
        "--pre-money",
        "$20.8M",
        "--pool-after",
        "10%",
    ]);
    assert!(
        text.contains("fund-a         1,600,000   12.3077%"),
        "{text}"
    );
    assert!(
        text.contains("fund-b         1,000,000    7.6923%"),
        "{text}"
    );
}

/// Secondaries (tests/data/company-secondary.toml): the founders sell
/// 500,000 common at $3.00, the fund half its Series A at $2.50 with half
/// its preference. Worked by hand: at $10M the three preferences take
/// $6.2M and common's 8,100,000 shares $3.8M (founders 7.6/8.1 of it,
/// 3,565,432.10; the tender fund 0.5/8.1, 234,567.90); at $35.1M all
/// convert at $3.00.
#[test]
fn secondaries_move_shares_and_preferences() {
    let v = json(&["eval", "tests/data/company-secondary.toml"]);
    let acme = &v["companies"]["acme"];
    assert_eq!(acme["holders"]["founders"]["shares"], "7600000");
    assert_eq!(acme["holders"]["tender-fund"]["shares"], "500000");
    assert_eq!(acme["holders"]["fund"]["shares"], "1300000");
    assert_eq!(acme["holders"]["late-fund"]["shares"], "1300000");
    assert_eq!(
        acme["events"]["fund-sale"]["status"],
        "sold by fund to late-fund"
    );
    let paid = |exit: &str, holder: &str| {
        acme["exits"][exit]["payout"][holder]["amount"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(paid("small", "founders"), "3565432.10");
    assert_eq!(paid("small", "tender-fund"), "234567.90");
    assert_eq!(paid("small", "fund"), "2600000.00");
    assert_eq!(paid("small", "late-fund"), "2600000.00");
    assert_eq!(paid("large", "late-fund"), "3900000.00");
    assert_eq!(paid("large", "tender-fund"), "1500000.00");
    assert_eq!(v["claims"][0]["holds"], true);
}

/// SAFEs of each kind (tests/data/company-safes.toml), worked with exact
/// fractions: YC's pre-money safe primer (220,000 shares at $5M /
/// 11,000,000; the primer's 220,022 comes from its price rounded to
/// $0.4545), a pre-money SAFE whose cap prices the pool top-up too (T =
/// 934,782.6087, the SAFE 0.1 x (9,500,000 + T) = 1,043,478.26), and an
/// MFN SAFE taking the $6M cap and 10% discount of the SAFEs after it
/// (fully diluted 9,000,000 / 0.6875 = 13,090,909.09: 1,090,909 shares
/// for $500k at $0.458333).
#[test]
fn pre_money_and_mfn_safes() {
    let v = json(&["eval", "tests/data/company-safes.toml"]);
    let event =
        |company: &str, id: &str, what: &str| v["companies"][company]["events"][id][what].clone();
    assert_eq!(event("primer", "safe", "shares"), "220000");
    assert_eq!(
        event("primer", "safe", "price_per_share")["amount"],
        "0.454545"
    );
    assert_eq!(event("primer", "series-a", "shares"), "1122000");
    assert_eq!(event("topped", "series-a", "pool_top_up"), "934783");
    assert_eq!(event("topped", "safe", "shares"), "1043478");
    assert_eq!(event("topped", "series-a", "shares"), "2869565");
    assert_eq!(event("mfn", "first", "shares"), "1090909");
    assert_eq!(event("mfn", "second", "shares"), "818181");
    assert_eq!(event("mfn", "third", "shares"), "2181818");
    assert_eq!(event("mfn", "series-a", "shares"), "3272727");
    // The same MFN from the command line, in the order issued.
    let text = stdout(&[
        "round",
        "--common",
        "founders=9000000",
        "--safe",
        "early=$500k mfn",
        "--safe",
        "middle=$500k cap=$8M",
        "--safe",
        "late=$1M cap=$6M discount=10%",
        "--investor",
        "fund",
        "--amount",
        "$4M",
        "--pre-money",
        "$16M",
    ]);
    assert!(text.contains("early     1,090,909"), "{text}");
    // An MFN SAFE has no terms of its own.
    let (code, err) = fails(&[
        "round",
        "--common",
        "founders=9000000",
        "--safe",
        "early=$500k mfn cap=$5M",
        "--amount",
        "$4M",
        "--pre-money",
        "$16M",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("an MFN SAFE takes its cap and discount from the SAFEs after it"),
        "{err}"
    );
}

/// Anti-dilution (tests/data/company-anti-dilution.toml), the textbook
/// example: 100 preferred at $10 of 1,000 shares, then 200 at $5. Broad:
/// $10 x 1,100 / 1,200 = $9.1667, 109 shares as converted; narrow: $10 x
/// 200 / 300 = $6.6667, 150; full ratchet: $5, 200. The broad case's exit
/// at $100,000 then pays 1,209 shares $82.7129 each: the founders'
/// 900 = 74,441.69, the Series A's 109 = 9,015.71.
#[test]
fn anti_dilution_broad_narrow_and_full_ratchet() {
    let v = json(&["eval", "tests/data/company-anti-dilution.toml"]);
    let a = |company: &str| v["companies"][company]["events"]["series-a"].clone();
    assert_eq!(a("broad")["conversion_price"]["amount"], "9.166667");
    assert_eq!(a("broad")["as_converted_shares"], "109");
    assert_eq!(a("broad")["shares"], "100");
    assert_eq!(a("narrow")["conversion_price"]["amount"], "6.666667");
    assert_eq!(a("narrow")["as_converted_shares"], "150");
    assert_eq!(a("ratchet")["conversion_price"]["amount"], "5");
    assert_eq!(a("ratchet")["as_converted_shares"], "200");
    assert_eq!(
        v["companies"]["broad"]["holders"]["a-fund"]["shares"],
        "109"
    );
    let sale = &v["companies"]["broad"]["exits"]["sale"]["payout"];
    assert_eq!(sale["founders"]["amount"], "74441.69");
    assert_eq!(sale["a-fund"]["amount"], "9015.71");
    // A SAFE converted in the protected round keeps its own price: the
    // $1.00 down round is not below it, so its 1,000,000 shares stay, and
    // the fund's $5.2M converts at $1.8667 into 2,785,714.
    let acme = &v["companies"]["acme"];
    assert_eq!(acme["holders"]["angel"]["shares"], "1000000");
    assert_eq!(acme["holders"]["fund"]["shares"], "2785714");
    assert_eq!(acme["events"]["series-a"]["as_converted_shares"], "2785714");
    assert_eq!(
        acme["events"]["series-a"]["conversion_price"]["amount"],
        "1.866667"
    );
    // --explain shows the formula with its figures.
    let how = stdout(&["eval", "tests/data/company-anti-dilution.toml", "--explain"]);
    assert!(
        how.contains(
            "CP2 = CP1 x (A + B) / (A + C) = 10 x (1000 + 100) / (1000 + 200) = 9.1666666667"
        ),
        "{how}"
    );
}

/// Issued options (tests/data/company-options.toml), worked by hand: with
/// the pool counted unissued, a top-up of 285,715 and 2,571,428 new shares
/// at $1.9444443; counted with the options, none and 2,500,000 at $2.00.
/// At exits the options exercise only above their $0.50 strike: none at
/// $6M ($0.125 a share) or $9M ($0.50 exactly); at $12M, $0.8333 a share,
/// 333,333.33 net of strikes; at $30M with the fund converting, $2.6522.
#[test]
fn issued_options_count_fully_diluted_and_exercise_above_the_strike() {
    let v = json(&["eval", "tests/data/company-options.toml"]);
    let event = |c: &str, what: &str| v["companies"][c]["events"]["series-a"][what].clone();
    assert_eq!(event("unissued", "pool_top_up"), "285715");
    assert_eq!(event("unissued", "shares"), "2571428");
    assert_eq!(event("issued", "pool_top_up"), "0");
    assert_eq!(event("issued", "shares"), "2500000");
    let paid = |exit: &str, holder: &str| {
        v["companies"]["issued"]["exits"][exit]["payout"][holder]["amount"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(paid("six", "employees"), "0.00");
    assert_eq!(paid("six", "founders"), "1000000.00");
    assert_eq!(paid("nine", "employees"), "0.00");
    assert_eq!(paid("nine", "founders"), "4000000.00");
    assert_eq!(paid("twelve", "employees"), "333333.33");
    assert_eq!(paid("twelve", "founders"), "6666666.67");
    assert_eq!(paid("thirty", "founders"), "21217391.30");
    assert_eq!(paid("thirty", "fund"), "6630434.78");
    assert_eq!(
        v["companies"]["issued"]["holders"]["employees"]["ownership"],
        "0.08"
    );
    // From the command line.
    let text = stdout(&[
        "round",
        "--common",
        "founders=8000000",
        "--options",
        "employees=1000000 strike=$0.50",
        "--pool",
        "1000000",
        "--investor",
        "fund",
        "--amount",
        "$5M",
        "--pre-money",
        "$20M",
        "--pool-after",
        "10%",
        "--pool-counts",
        "issued-and-unissued",
        "--exit",
        "$12M",
    ]);
    assert!(text.contains("employees    333,333.33 USD"), "{text}");
}
