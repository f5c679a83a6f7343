//! Offers computed by hand, through the command line.

use rust_decimal::Decimal;
use serde_json::Value;

use crate::cli::dealcalc;

fn eval(file: &str) -> Value {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let out = dealcalc(&["eval", &path, "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn amount(v: &Value) -> Decimal {
    v["amount"].as_str().unwrap().parse().unwrap()
}

#[test]
fn leaving_keeps_accrued_salary_and_repays_the_signing_bonus_pro_rata() {
    let v = eval("offers-compared.toml");
    let big = &v["offers"]["big-tech"];
    // Salary 2025-07-01 to 2026-03-30: 273 days of 365 -> 200000 x 273/365 = 149589.04.
    // Signing $50k, clawback to 2026-07-01: 92 of 365 days remain -> 12602.74 repaid.
    // No bonus, vest or refresher falls before 2026-03-31.
    assert_eq!(
        amount(&big["kept"]),
        "186986.30".parse::<Decimal>().unwrap()
    );
    assert_eq!(
        amount(&big["kept"]) + amount(&big["forfeited"]),
        amount(&big["total"])
    );
    assert!(big["notes"].as_array().unwrap().iter().any(|n| {
        n.as_str()
            .unwrap()
            .contains("12,602.74 USD of 50,000.00 USD is repaid")
    }));
}

#[test]
fn dollar_grant_becomes_whole_shares_with_the_remainder_reported() {
    let v = eval("offers-compared.toml");
    let big = &v["offers"]["big-tech"];
    // $400k at $170 = 2352 shares ($399,840), $160 left over.
    assert!(
        big["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().unwrap().contains(
                "400,000.00 USD at 170.00 USD a share is 2,352 whole shares, 160.00 USD left over"
            )),
        "{}",
        big["notes"]
    );
    let first = big["tranches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["component"] == "equity")
        .unwrap();
    // Cliff at 2026-07-01 releases 4 quarters: 2352 x 4/16 = 588 shares,
    // at $170 x 1.10 = $187 a share (one year of 10% growth) -> $109,956.
    assert_eq!(first["date"], "2026-07-01");
    assert_eq!(first["shares"], "588");
    assert_eq!(first["amount"]["amount"], "109956.00");
}

#[test]
fn bonus_follows_the_raised_salary() {
    let v = eval("offers-compared.toml");
    let bonuses: Vec<Decimal> = v["offers"]["big-tech"]["tranches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["component"] == "bonus")
        .map(|t| amount(&t["amount"]))
        .collect();
    // 15% of 200000, 206000, 212180, 218545.40
    let expected: Vec<Decimal> = ["30000", "30900", "31827", "32781.81"]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(bonuses, expected);
}

#[test]
fn both_views_and_the_converted_column_add_up() {
    let v = eval("offers-compared.toml");
    for id in ["big-tech", "startup"] {
        let o = &v["offers"][id];
        let periods = o["periods"].as_array().unwrap();
        let sum: Decimal = periods.iter().map(|p| amount(&p["amount"])).sum();
        assert_eq!(sum, amount(&o["total"]), "{id}");
        let eur: Decimal = periods.iter().map(|p| amount(&p["converted"])).sum();
        assert_eq!(eur, amount(&o["total_converted"]), "{id}");
    }
    // Calendar 2025 of the startup: 160000 x 184/365 = 80657.53 of salary.
    assert_eq!(
        amount(&v["offers"]["startup"]["periods"][0]["amount"]),
        "80657.53".parse::<Decimal>().unwrap()
    );
}

#[test]
fn side_by_side_comparison_is_golden() {
    let path = format!(
        "{}/tests/data/offers-compared.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = dealcalc(&["eval", &path]);
    let text = String::from_utf8(out.stdout)
        .unwrap()
        .replace(env!("CARGO_MANIFEST_DIR"), "$ROOT");
    let mut goldens = crate::golden::Goldens::default();
    goldens.check("tests/golden/offers-compared.eval.txt", &text);
    goldens.assert_all_match();
    assert!(text.contains("side by side"));
}

#[test]
fn the_readme_chart_is_current_and_valid_svg() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = dealcalc(&[
        "eval",
        &format!("{root}/tests/data/offers-compared.toml"),
        "--format",
        "svg",
    ]);
    assert!(out.status.success());
    let svg = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("valid XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    // Bars for every component, a cumulative line per offer, axis labels in USD.
    assert!(
        doc.descendants()
            .filter(|n| n.has_tag_name("polyline"))
            .count()
            == 2
    );
    assert!(
        doc.descendants()
            .any(|n| n.has_tag_name("text") && n.text().is_some_and(|t| t.trim() == "EUR"))
    );
    let mut goldens = crate::golden::Goldens::default();
    goldens.check("docs/offers-compared.svg", &svg);
    goldens.assert_all_match();
}

#[test]
fn paid_on_converts_each_payment_at_its_own_date() {
    let v = eval("paid-on.toml");
    let o = &v["offers"]["two-payments"];
    // $1,000 on 2019-03-13 at USD 1.1303 = 884.72 EUR; $1,000 on 2020-03-13
    // at USD 1.1104 = 900.58 EUR (ECB). Year 1 holds both: the second is on
    // the anniversary, which closes Year 1.
    assert_eq!(o["periods"][0]["converted"]["amount"], "1785.30");
    assert_eq!(o["total_converted"]["amount"], "1785.30");
    let claims = v["claims"].as_array().unwrap();
    // USD total vs EUR figure: converted at as_of (2020-03-13 rates): 2000 / 1.1104 = 1801.15.
    assert_eq!(claims[0]["actual"]["amount"], "1801.15");
    // 1% of 1,790 either way: 1772.10 to 1807.90.
    assert_eq!(
        (
            claims[0]["low"]["amount"].as_str(),
            claims[0]["high"]["amount"].as_str()
        ),
        (Some("1772.10"), Some("1807.90"))
    );
    assert_eq!(claims[0]["holds"], true);
    assert_eq!(claims[1]["low"], Value::Null);
    assert_eq!(claims[1]["holds"], false);
}

#[test]
fn a_scenario_reads_its_own_rates_relative_to_itself_unless_rates_are_given() {
    // $125 at 1.25 USD per EUR (the file's own table) is exactly EUR 100.
    let v = eval("own-rates.toml");
    assert_eq!(v["rates"], "test table");
    assert_eq!(v["claims"][0]["actual"]["amount"], "100.00");
    assert_eq!(v["claims"][0]["holds"], true);
    // --rates on the command line wins: the ECB's 1.1718 gives 106.67.
    let path = format!("{}/tests/data/own-rates.toml", env!("CARGO_MANIFEST_DIR"));
    let ecb = format!("{}/rates/ecb.toml", env!("CARGO_MANIFEST_DIR"));
    let out = dealcalc(&["check", &path, "--rates", &ecb, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["claims"][0]["actual"]["amount"], "106.67");
}

/// A dollar offer and a euro offer compared in euros, every figure worked
/// by hand (Python decimal) at the ECB's 1.1718 USD per EUR of 2025-07-08.
#[test]
fn a_dollar_offer_and_a_euro_offer_in_one_currency() {
    let v = eval("offers-usd-eur.toml");
    let ny = &v["offers"]["new-york"]["reporting"];
    let paris = &v["offers"]["paris"]["reporting"];
    assert_eq!(
        (ny["currency"].as_str(), ny["fx"].as_str()),
        (Some("EUR"), Some("as-of"))
    );
    assert_eq!(ny["rate_date"], "2025-07-08");
    // ($240,000 salary + $20,000 signing) / 1.1718.
    assert_eq!(amount(&ny["total"]), Decimal::new(22_188_087, 2));
    // Periods add up to the total: 119,474.31 + 102,406.56.
    assert_eq!(
        amount(&ny["periods"][0]["amount"]),
        Decimal::new(11_947_431, 2)
    );
    assert_eq!(
        amount(&ny["periods"][1]["amount"]),
        Decimal::new(10_240_656, 2)
    );
    // Present value at 8%: salary discounted day by day, the signing bonus
    // paid on the first day.
    assert_eq!(amount(&ny["present_value"]), Decimal::new(20_687_678, 2));
    assert_eq!(amount(&paris["present_value"]), Decimal::new(18_534_851, 2));
    // Leaving after 18 months (2027-01-01): a year's salary, 184/365 of the
    // second, and the signing bonus (its 12-month clawback is over).
    assert_eq!(v["offers"]["new-york"]["leave_on"], "2027-01-01");
    assert_eq!(amount(&ny["kept"]), Decimal::new(17_109_844, 2));
    assert_eq!(amount(&ny["forfeited"]), Decimal::new(5_078_243, 2));
    assert_eq!(amount(&paris["kept"]), Decimal::new(15_041_096, 2));
    // In its own currency the euro offer is unchanged.
    assert_eq!(amount(&paris["total"]), Decimal::new(20_000_000, 2));
    // Per component, in the offer's currency and in euros.
    let components = v["offers"]["new-york"]["components"].as_array().unwrap();
    assert_eq!(components[0]["label"], "salary");
    assert_eq!(amount(&components[0]["kept"]), Decimal::new(18_049_315, 2));
    assert_eq!(amount(&components[1]["forfeited"]), Decimal::ZERO);
    assert_eq!(
        amount(&ny["components"][1]["total"]),
        Decimal::new(1_706_776, 2)
    );
}

/// Paid on: each payment at its own date's rate; the reporting total is
/// the converted column's, 1,785.30 EUR from two rates.
#[test]
fn paid_on_reporting_uses_each_payments_rate() {
    let v = eval("paid-on.toml");
    let r = &v["offers"]["two-payments"]["reporting"];
    assert_eq!(r["fx"], "paid-on");
    assert_eq!(amount(&r["total"]), Decimal::new(178_530, 2));
}

/// `--leave-on 18m`: a duration from the start.
#[test]
fn leave_on_as_a_duration() {
    let out = dealcalc(&[
        "offer",
        "$120k",
        "--over",
        "2y",
        "--start",
        "2025-07-01",
        "--leave-on",
        "18m",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["leave_on"], "2027-01-01");
    // 2y annual: the first $60k vests on 2026-07-01, the second after leaving.
    assert_eq!(amount(&v["kept"]), Decimal::new(6_000_000, 2));
}

/// Flat tax rates the user gives, per component (tests/data/offers-tax.toml,
/// worked by hand in its comments): each figure after its own rate, the
/// total after tax only as the sum of those.
#[test]
fn flat_tax_rates_per_component() {
    let v = eval("offers-tax.toml");
    let job = &v["offers"]["job"];
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    let salary = &job["components"][0];
    let signing = &job["components"][1];
    assert_eq!(salary["tax"], "0.37");
    assert_eq!(amount(&salary["after_tax"]), d("252000.00"));
    assert_eq!(amount(&signing["after_tax"]), d("30000.00"));
    assert_eq!(amount(&job["after_tax"]), d("282000.00"));
    assert_eq!(amount(&salary["kept"]), d("299178.08"));
    assert_eq!(amount(&salary["kept_after_tax"]), d("188482.19"));
    assert_eq!(amount(&signing["kept_after_tax"]), d("22438.36"));
    // Untaxed figures stay as they were: the total is before tax.
    assert_eq!(amount(&job["total"]), d("450000.00"));
}

/// The same rates in the reporting currency (tests/data/offers-tax-eur.toml,
/// worked by hand at USD 1.1718 to the euro): text, JSON and CSV agree.
#[test]
fn flat_tax_rates_in_the_reporting_currency() {
    let v = eval("offers-tax-eur.toml");
    let r = &v["offers"]["job"]["reporting"];
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(r["currency"], "EUR");
    assert_eq!(amount(&r["total"]), d("384024.58"));
    assert_eq!(amount(&r["after_tax"]), d("240655.40"));
    let salary = &r["components"][0];
    let signing = &r["components"][1];
    assert_eq!(amount(&salary["total"]), d("341355.18"));
    assert_eq!(amount(&salary["after_tax"]), d("215053.76"));
    assert_eq!(amount(&salary["kept"]), d("255314.97"));
    assert_eq!(amount(&salary["kept_after_tax"]), d("160848.43"));
    assert_eq!(amount(&signing["after_tax"]), d("25601.64"));
    assert_eq!(amount(&signing["kept_after_tax"]), d("19148.62"));
    let path = format!(
        "{}/tests/data/offers-tax-eur.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = crate::cli::stdout(&["eval", &path]);
    assert!(
        text.contains("\nafter your tax rates       240,655.40 EUR"),
        "{text}"
    );
    // Kept after tax for the whole offer: 160,848.43 + 19,148.62.
    assert_eq!(amount(&r["kept_after_tax"]), d("179997.05"));
    assert!(
        text.contains("kept after your tax rates  179,997.05 EUR"),
        "{text}"
    );
    assert!(
        text.contains("salary kept, after 37%     160,848.43 EUR"),
        "{text}"
    );
    // CSV: one figure a row, named, in each currency.
    let csv = crate::cli::stdout(&["eval", &path, "--format", "csv"]);
    for line in [
        "job,,,,,282000.00,USD,,after_tax,",
        "job,,,,,240655.40,EUR,,after_tax,",
        "job,,,,,179997.05,EUR,,kept_after_tax,",
        "job,,,,salary,160848.43,EUR,,kept_after_tax,",
        "job,Year 1,2025-01-01,2026-01-01,,213346.99,EUR,,period,",
    ] {
        let line = format!("{path},{line}");
        assert!(csv.lines().any(|l| l == line), "{line} not in\n{csv}");
    }
}

/// `offer --to` in CSV carries what the text shows: the conversion,
/// present value, kept and forfeited, each named by `figure`.
#[test]
fn offer_csv_carries_every_figure() {
    let csv = crate::cli::stdout(&crate::cli::with(
        crate::cli::OFFER_100M,
        &["--leave-on", "18m", "--format", "csv"],
    ));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("period,start,end,component,amount,currency,shares,figure,scenario")
    );
    // $100M at 1.1718 is 85,338,795.02 EUR; a year's 25M USD kept.
    for line in [
        ",,,,85338795.02,EUR,,total,",
        ",,,,100000000.00,USD,,total,",
        ",,,,25000000.00,USD,,kept,",
        ",,,,75000000.00,USD,,forfeited,",
    ] {
        assert!(csv.lines().any(|l| l == line), "{line} not in\n{csv}");
    }
    assert!(csv.contains(",EUR,,present_value"), "{csv}");
    // The period rows of one currency add up to its total.
    let sum: Decimal = csv
        .lines()
        .filter(|l| l.ends_with(",EUR,,period,"))
        .map(|l| l.split(',').nth(4).unwrap().parse::<Decimal>().unwrap())
        .sum();
    assert_eq!(sum, "85338795.02".parse::<Decimal>().unwrap());
}

/// Real terms (tests/data/offers-real.toml, worked by hand from the
/// BLS's CPI-U): each payment by the index of its month, one past the
/// index's last month projected at the inflation the file assumes.
#[test]
fn real_terms_by_the_cpi_u_with_an_assumption_past_its_end() {
    let v = eval("offers-real.toml");
    let r = &v["offers"]["bonus"]["real"];
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(r["dollars_of"], "2025");
    assert_eq!(r["index_to"], "321.943");
    assert_eq!(r["projected_after"], "2026-08");
    assert_eq!(r["inflation"], "0.03");
    assert_eq!(amount(&r["total"]), d("146901.30"));
    let periods: Vec<Decimal> = r["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| amount(&p["amount"]))
        .collect();
    assert_eq!(
        periods,
        [d("52192.81"), d("0.00"), d("48054.06"), d("46654.43")]
    );
    // October 2025, never published, read between its neighbours.
    let october = &v["offers"]["october"]["real"];
    assert_eq!(october["interpolated"][0], "2025-10");
    assert_eq!(amount(&october["total"]), d("9922.39"));
    // --explain says how.
    let path = format!("{}/tests/data/offers-real.toml", env!("CARGO_MANIFEST_DIR"));
    let how = crate::cli::stdout(&["eval", &path, "--explain"]);
    assert!(
        how.contains(
            "in dollars of 2025: each payment x CPI-U 321.943 / the CPI-U of the payment's month"
        ),
        "{how}"
    );
    assert!(
        how.contains("2025-10 read on the straight line between the months either side"),
        "{how}"
    );
    // Side by side too.
    assert!(
        how.contains("total, dollars of 2025  146,901.30 USD   9,922.39 USD"),
        "{how}"
    );
    // The claim on `offers.bonus.real.total` holds; CSV names the figures.
    assert_eq!(v["claims"][0]["holds"], true);
    let csv = crate::cli::stdout(&["eval", &path, "--format", "csv", "--table", "offers"]);
    assert!(
        csv.lines()
            .any(|l| l == format!("{path},bonus,,,,,146901.30,USD,,real_total,")),
        "{csv}"
    );
}

/// Markdown carries the same figures side by side: the offer's currency,
/// the reporting currency, dollars of the `real` period, after tax.
#[test]
fn markdown_sets_the_figures_side_by_side() {
    let root = env!("CARGO_MANIFEST_DIR");
    let md = crate::cli::stdout(&[
        "eval",
        &format!("{root}/tests/data/offers-tax-eur.toml"),
        "--format",
        "markdown",
    ]);
    assert!(md.contains("| figure | USD | in EUR |"), "{md}");
    assert!(
        md.contains("| after your tax rates (not tax advice) | 282,000.00 USD | 240,655.40 EUR |"),
        "{md}"
    );
    let md = crate::cli::stdout(&[
        "eval",
        &format!("{root}/tests/data/offers-real.toml"),
        "--format",
        "markdown",
    ]);
    assert!(
        md.contains("| total | 150,000.00 USD | 146,901.30 USD |"),
        "{md}"
    );
}

/// The job seeker's question (tests/data/offers-scenarios.toml): which
/// offer keeps more after tax, in euros, leaving after 18 months, if the
/// shares halve, hold or double. Worked with exact fractions at USD
/// 1.1718 to the euro, each component's kept figure converted, the kept
/// total rounded once and split by cumulative rounding, then each part
/// after its rate rounded half up:
/// - New York keeps its first year's salary, 184 of 365 days of the
///   second's (300,821.92 USD in all), 625 RSUs (the cliff's 500 and
///   October's 125: 93,750 USD at $150, half or twice that), and the
///   $30,000 signing bonus (its 12-month clawback is over);
/// - Paris keeps 150,000 + 150,000 x 184/365 EUR of salary and 14,167
///   vested options (the cliff's 10,000, then 833, 834, 833, 833, 834),
///   worth the spread over their EUR 2 strike: EUR 4, 10 or 22 a share.
#[test]
fn which_offer_keeps_more_after_tax_at_three_share_prices() {
    let v = eval("offers-scenarios.toml");
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    let figure = |offer: &str, scenario: &str, name: &str| {
        amount(&v["offers"][offer]["scenarios"][scenario]["reporting"][name])
    };
    for (scenario, ny_kept, ny_taxed, paris_kept, paris_taxed) in [
        ("bear", "322322.00", "201094.73", "282284.44", "163756.64"),
        ("base", "362324.56", "225096.26", "367286.44", "223258.04"),
        ("bull", "442329.68", "273099.33", "537290.44", "342260.84"),
    ] {
        assert_eq!(
            figure("new-york", scenario, "kept"),
            d(ny_kept),
            "{scenario}"
        );
        assert_eq!(
            figure("new-york", scenario, "kept_after_tax"),
            d(ny_taxed),
            "{scenario}"
        );
        assert_eq!(
            figure("paris", scenario, "kept"),
            d(paris_kept),
            "{scenario}"
        );
        assert_eq!(
            figure("paris", scenario, "kept_after_tax"),
            d(paris_taxed),
            "{scenario}"
        );
    }
    // As offered is the base case; in dollars, the bear case's RSUs are
    // worth half: 300,821.92 x 0.63 + 46,875 x 0.6 + 30,000 x 0.6.
    let ny = &v["offers"]["new-york"];
    assert_eq!(amount(&ny["reporting"]["kept_after_tax"]), d("225096.26"));
    assert_eq!(ny["scenarios"]["bear"]["change"], "-0.5");
    assert_eq!(
        amount(&ny["scenarios"]["bear"]["kept_after_tax"]),
        d("189517.81") + d("28125") + d("18000")
    );
    // The claims compare the two in euros, per scenario.
    assert_eq!(v["claims"][0]["holds"], true, "{}", v["claims"][0]);
    assert_eq!(v["claims"][1]["holds"], true, "{}", v["claims"][1]);
    assert_eq!(v["claims"][2]["holds"], true, "{}", v["claims"][2]);
    // The side-by-side table answers the question in words.
    let path = format!(
        "{}/tests/data/offers-scenarios.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = crate::cli::stdout(&["eval", &path]);
    assert!(
        text.contains(
            "keeps the most after your tax rates, on leaving: bear: new-york; base: new-york; bull: paris"
        ),
        "{text}"
    );
    assert!(
        text.contains("kept after your tax rates, bull    273,099.33 EUR    342,260.84 EUR"),
        "{text}"
    );
    // CSV: the same figures, named by their scenario.
    let csv = crate::cli::stdout(&["eval", &path, "--format", "csv", "--table", "offers"]);
    assert!(
        csv.lines()
            .any(|l| l == format!("{path},paris,,,,,163756.64,EUR,,kept_after_tax,bear")),
        "{csv}"
    );
    // The chart's panel: a bar per offer and scenario, labelled in euros.
    let svg = crate::cli::stdout(&[
        "eval",
        "tests/data/offers-scenarios.toml",
        "--format",
        "svg",
    ]);
    assert!(
        svg.contains("At share price scenarios: kept after your tax rates, in EUR"),
        "{svg}"
    );
    assert!(svg.contains("<title>342,260.84 EUR</title>"), "{svg}");
    let mut goldens = crate::golden::Goldens::default();
    goldens.check("docs/offers-scenarios.svg", &svg);
    goldens.assert_all_match();
}

/// ESPPs (tests/data/offers-espp.toml). The published lookback example: a
/// 15% discount, $10 at the start and $20 at the end, buys at $8.50, so
/// $8,500.00 set aside (5% of $170,000) buys 1,000 shares, a gain of
/// 1,000 x $11.50. Half-yearly, 10% of $100,000 from 2025-01-01: 181 of
/// 365 days set aside 4,958.90, which buys 583 shares at $8.50 (the lower
/// of $10 and $20, less 15%), a gain of 583 x $11.50 = 6,704.50; then 184
/// days set aside 5,041.10, which buys 395 shares at $12.75 (the lower of
/// $20 and $15), a gain of 395 x $2.25 = 888.75. Without the lookback the
/// first purchase is at $17.00: 291 shares, 873.00.
#[test]
fn espp_purchases_by_hand() {
    let v = eval("offers-espp.toml");
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    let espp = |offer: &str| &v["offers"][offer]["components"][1];
    assert_eq!(amount(&espp("lookback-example")["total"]), d("11500"));
    assert_eq!(v["claims"][0]["holds"], true);
    let tranches = |offer: &str| -> Vec<(String, Decimal, String)> {
        v["offers"][offer]["tranches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["date"].as_str().unwrap().to_owned(),
                    amount(&t["amount"]),
                    t["shares"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        tranches("lookback-example"),
        vec![("2025-12-31".to_owned(), d("11500"), "1000".to_owned())]
    );
    assert_eq!(
        tranches("half-yearly"),
        vec![
            ("2025-06-30".to_owned(), d("6704.50"), "583".to_owned()),
            ("2025-12-31".to_owned(), d("888.75"), "395".to_owned()),
        ]
    );
    assert_eq!(
        tranches("no-lookback"),
        vec![
            ("2025-06-30".to_owned(), d("873.00"), "291".to_owned()),
            ("2025-12-31".to_owned(), d("888.75"), "395".to_owned()),
        ]
    );
    // Leaving on 2025-10-01, before the second purchase: its money is
    // returned, its gain not kept.
    assert_eq!(amount(&espp("half-yearly")["kept"]), d("6704.50"));
    assert_eq!(amount(&espp("half-yearly")["forfeited"]), d("888.75"));
}

/// Double-trigger RSUs (tests/data/offers-double-trigger.toml): 4,000
/// units at $25 vesting 4y annual from 2025-01-01.
#[test]
fn double_trigger_units_are_paid_at_liquidity() {
    let v = eval("offers-double-trigger.toml");
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    let ipo = &v["offers"]["ipo"];
    // The 2026 and 2027 vests are paid at the IPO on 2027-06-30, the
    // others as they vest: Year 3 holds 3,000 units, $75,000.
    let dates: Vec<&str> = ipo["tranches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2027-06-30", "2027-06-30", "2028-01-01", "2029-01-01"]
    );
    assert_eq!(amount(&ipo["periods"][2]["amount"]), d("75000"));
    assert_eq!(amount(&ipo["periods"][0]["amount"]), d("0"));
    // Leaving on 2026-06-01 keeps the 1,000 vested on 2026-01-01, though
    // they are paid after leaving.
    assert_eq!(ipo["kept_shares"], "1000");
    assert_eq!(amount(&ipo["kept"]), d("25000"));
    assert_eq!(amount(&ipo["forfeited"]), d("75000"));
    // A plan that forfeits unpaid units: nothing kept.
    let forfeit = &v["offers"]["ipo-forfeit"];
    assert_eq!(forfeit["kept_shares"], "0");
    assert_eq!(amount(&forfeit["kept"]), d("0"));
    assert_eq!(amount(&forfeit["forfeited"]), d("100000"));
    // No IPO, or one after the units lapse: nothing paid, and said so.
    for (offer, says) in [
        (
            "no-ipo",
            "RSUs: 4,000 units vest but are paid only at a liquidity event, and none is given (`liquidity_on`): not counted; they expire on 2032-01-01",
        ),
        (
            "late-ipo",
            "RSUs: 4,000 units vest but are never paid: the liquidity event on 2032-06-30 comes after they expire on 2032-01-01",
        ),
    ] {
        let o = &v["offers"][offer];
        assert_eq!(amount(&o["total"]), d("100000"), "{offer}");
        assert_eq!(o["notes"][0], says, "{offer}");
    }
}
