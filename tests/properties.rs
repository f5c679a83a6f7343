//! Invariants as properties, with a bounded number of cases so CI stays
//! fast (PROPTEST_CASES raises it for a longer run).

use std::str::FromStr;

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

use dealcalc::amount::{Amount, Code, Numbers, Reading};
use dealcalc::currency::Currency;
use dealcalc::deal::Deal;
use dealcalc::money::{Money, Rounding};
use dealcalc::offer::{By, Component, Kind, Offer, Terms};
use dealcalc::rates::RateTable;
use dealcalc::schedule::{Allocation, Vesting, allocate};

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

fn usd() -> Currency {
    Currency::iso(Code::new("USD").unwrap()).unwrap()
}

fn allocation() -> impl Strategy<Value = Allocation> {
    prop::sample::select(Allocation::ALL.to_vec())
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0_i64..11_000)
        .prop_map(|d| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Duration::days(d))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_allocation_sums_to_the_total(
        cents in 0_i64..1_000_000_000_000,
        weights in prop::collection::vec(0_u32..100, 1..60),
        how in allocation(),
        shares in any::<bool>(),
    ) {
        prop_assume!(weights.iter().any(|w| *w > 0));
        let (total, unit) = if shares { (Decimal::from(cents), Decimal::ONE) } else { (Decimal::new(cents, 2), Decimal::new(1, 2)) };
        let w: Vec<Decimal> = weights.iter().map(|x| Decimal::from(*x)).collect();
        let parts = allocate(total, &w, unit, how).unwrap();
        prop_assert_eq!(parts.len(), w.len());
        prop_assert_eq!(parts.iter().copied().sum::<Decimal>(), total);
        if how != Allocation::Fractional {
            for p in &parts {
                prop_assert!((p % unit).is_zero(), "{} is not a multiple of {}", p, unit);
                prop_assert!(!p.is_sign_negative());
            }
        }
    }

    #[test]
    fn grant_year_and_calendar_year_views_agree(
        start in date(),
        salary in 10_000_i64..1_000_000,
        raise in 0_i64..10,
        years in 1_u32..6,
        signing in 0_i64..100_000_000,
        spec in prop::sample::select(vec!["4y annual", "4y quarterly", "4y monthly 1y cliff", "5/15/40/40", "once", "3y monthly"]),
        how in allocation(),
    ) {
        let components = vec![
            Component { tax: None, kind: Kind::Salary, label: "salary".into(), terms: Terms::Salary { amount: Money::new(Decimal::from(salary), usd()), raise: Decimal::new(raise, 2), years } },
            Component { tax: None, kind: Kind::Signing, label: "signing".into(), terms: Terms::Lump { amount: Money::new(Decimal::new(signing, 2), usd()), vesting: Vesting::from_str(spec).unwrap(), clawback: None } },
        ];
        let offer = |by| Offer { title: "p".into(), start, components: components.clone(), by, discount: None, leave_on: None, price_scenarios: Vec::new(), allocation: how };
        let g = offer(By::GrantYear).evaluate(None).unwrap();
        let c = offer(By::CalendarYear).evaluate(None).unwrap();
        prop_assert_eq!(g.total, c.total);
        for b in [&g, &c] {
            let sum: Decimal = b.periods.iter().map(|p| p.amount.unwrap().amount).sum();
            prop_assert_eq!(sum, b.total.unwrap().amount);
            for p in &b.periods {
                prop_assert!((p.amount.unwrap().amount % Decimal::new(1, 2)).is_zero());
            }
        }
    }

    #[test]
    fn a_round_trip_comes_back_within_a_minor_unit(
        cents in 1_i64..100_000_000_000,
        a in 0_usize..18,
        b in 0_usize..18,
        on in (0_i64..9_800).prop_map(|d| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Duration::days(d)),
    ) {
        let codes = ["USD", "JPY", "GBP", "CHF", "AUD", "CAD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "NZD", "SGD", "HKD", "KRW", "ZAR", "EUR"];
        let table = RateTable::builtin().unwrap();
        let ca = table.resolve(Code::new(codes[a]).unwrap()).unwrap();
        let cb = table.resolve(Code::new(codes[b]).unwrap()).unwrap();
        let start = Money::new(Money::new(Decimal::new(cents, 2), ca).rounded(Rounding::HalfUp), ca);
        let there = table.convert(start, cb, on).unwrap();
        let shown = Money::new(there.to.rounded(Rounding::HalfUp), cb);
        let back = table.convert(shown, ca, on).unwrap();
        let diff = (back.to.rounded(Rounding::HalfUp) - start.amount).abs();
        // One minor unit of A, plus what half a minor unit of B is worth in A.
        let unit_a = Decimal::new(1, ca.minor_units());
        let half_b_in_a = Decimal::new(5, cb.minor_units() + 1) * back.rate;
        prop_assert!(diff <= unit_a + half_b_in_a, "{} -> {} -> {}: off by {}", start, shown, back.to, diff);
    }

    #[test]
    fn amounts_round_trip_through_their_rendering(
        mantissa in 0_i64..1_000_000_000_000,
        scale in 0_u32..6,
        code in prop::sample::select(vec!["USD", "EUR", "JPY", "GBP", "CHF", "INR"]),
        percent in any::<bool>(),
    ) {
        let value = Decimal::new(mantissa, scale);
        let text = if percent { format!("{}%", value) } else { format!("{value} {code}") };
        // Written the English way, and said so: `1.234 USD` alone is refused.
        let en = Reading { numbers: Some(Numbers::En), symbols: Vec::new() };
        let a = Amount::parse_with(&text, &en).unwrap();
        let again = Amount::parse(&a.to_string()).unwrap();
        prop_assert_eq!(a.value, again.value);
        prop_assert_eq!(a.code(), again.code());
        let expected = if percent { value / Decimal::ONE_HUNDRED } else { value };
        prop_assert_eq!(a.value, expected.normalize());
    }

    /// No figure is ever read 1,000 times too large or small: a writer of
    /// either convention writes a value (grouped or not, with decimals, the
    /// currency before or after, a scale word of their language), and the
    /// text read with nothing else known is that value or refused; read
    /// with the writer's convention it is always that value. (The one
    /// reading the contract fixes, a comma after a leading symbol as
    /// English grouping, is left out of the European writer's forms: `€1,500`
    /// for one and a half euros, three decimals of a euro.)
    #[test]
    fn no_text_is_misread_by_a_factor_of_a_thousand(
        int in 0_u64..10_000_000_000,
        frac_digits in 0_usize..4,
        frac in 0_u32..1000,
        english in any::<bool>(),
        grouped in any::<bool>(),
        placement in 0_usize..4,
        scale in 0_usize..3,
    ) {
        let frac_text = format!("{frac:03}");
        let frac_text = frac_text.get(..frac_digits).unwrap_or_default();
        let (group, mark) = if english { (',', '.') } else { ('.', ',') };
        let digits = int.to_string();
        let mut number = String::new();
        for (i, c) in digits.chars().enumerate() {
            if grouped && i > 0 && (digits.len() - i) % 3 == 0 { number.push(group); }
            number.push(c);
        }
        if !frac_text.is_empty() {
            number.push(mark);
            number.push_str(frac_text);
        }
        let scale_word = match (scale, english) {
            (0, _) => "",
            (1, _) => " million",
            (_, true) => " billion",
            (_, false) => " Mrd",
        };
        let text = match (placement, english) {
            (0, true) => format!("${number}{scale_word}"),
            (1, true) => format!("USD {number}{scale_word}"),
            (2, true) => format!("{number}{scale_word} dollars"),
            (_, true) => format!("{number}{scale_word} USD"),
            (0, false) => format!("{number}{scale_word} €"),
            (1, false) => format!("{number}{scale_word} EUR"),
            (2, false) => format!("{number}{scale_word} euros"),
            (_, false) if frac_digits == 3 => format!("{number}{scale_word} €"),
            (_, false) => format!("€{number}{scale_word}"),
        };
        let exponent = match scale { 0 => 0, 1 => 6, _ => 9 };
        let intended = Decimal::from_str(&format!("{int}.{frac_text}0")).unwrap()
            * Decimal::from(10_u64.pow(exponent));
        if let Ok(a) = Amount::parse(&text) {
            prop_assert_eq!(a.value, intended.normalize(), "{} read wrong", text);
        }
        let theirs = Reading {
            numbers: Some(if english { Numbers::En } else { Numbers::Eu }),
            symbols: Vec::new(),
        };
        let a = Amount::parse_with(&text, &theirs);
        prop_assert!(a.is_ok(), "{} refused with its convention: {:?}", text, a);
        prop_assert_eq!(a.unwrap().value, intended.normalize(), "{}", text);
    }

    #[test]
    fn grouped_amounts_read_as_the_plain_number(n in 1000_i64..1_000_000_000_000) {
        let plain = n.to_string();
        let mut grouped = String::new();
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && (plain.len() - i) % 3 == 0 { grouped.push(','); }
            grouped.push(c);
        }
        let en = Amount::parse(&format!("${grouped}")).unwrap();
        let fr = Amount::parse(&format!("{} €", grouped.replace(',', "\u{202F}"))).unwrap();
        prop_assert_eq!(en.value, Decimal::from(n));
        prop_assert_eq!(fr.value, Decimal::from(n));
    }

    #[test]
    fn valuations_round_trip(stake_bp in 1_i64..10_000, price_cents in 1_i64..10_000_000_000_000) {
        let stake = Decimal::new(stake_bp, 4);
        let price = Money::new(Decimal::new(price_cents, 2), usd());
        let v = Deal { stake: Some(stake), price: Some(price), ..Deal::default() }.valuation().unwrap();
        let post = v.post_money.unwrap();
        let again = Deal { stake: Some(stake), post_money: Some(post), ..Deal::default() }.valuation().unwrap();
        prop_assert_eq!(again.price.rounded(Rounding::HalfUp), price.amount);
        let implied = Deal { price: Some(price), post_money: Some(post), ..Deal::default() }.valuation().unwrap();
        prop_assert!((implied.stake.unwrap() - stake).abs() < Decimal::new(1, 20));
    }
}
