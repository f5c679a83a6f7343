#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs,
    reason = "benchmark inputs are fixed and known good"
)]
//! Criterion benchmarks: amount parsing, rate lookup and conversion,
//! allocation, offer evaluation, batch conversion. `cargo bench` runs
//! them; `benches/compare.sh` measures whole processes against peers.

use std::hint::black_box;
use std::str::FromStr;

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal::Decimal;

use dealcalc::amount::{Amount, Code};
use dealcalc::money::Money;
use dealcalc::offer::{By, Component, Kind, Offer, Terms};
use dealcalc::rates::RateTable;
use dealcalc::schedule::{Allocation, Vesting, allocate};

fn amounts(c: &mut Criterion) {
    let texts = [
        "$100M",
        "14,3 milliards de dollars",
        "85 millions d'euros",
        "US$135 billion",
        "1 000 000 €",
        "49 %",
    ];
    c.bench_function("amount/parse six forms", |b| {
        b.iter(|| {
            for t in texts {
                black_box(Amount::parse(black_box(t)).ok());
            }
        });
    });
}

fn rates(c: &mut Criterion) {
    let table = RateTable::builtin().unwrap();
    let usd = table.resolve(Code::new("USD").unwrap()).unwrap();
    let jpy = table.resolve(Code::new("JPY").unwrap()).unwrap();
    let on = NaiveDate::from_ymd_opt(2020, 3, 15).unwrap();
    c.bench_function("rates/builtin table open", |b| {
        b.iter(|| black_box(RateTable::builtin().unwrap()))
    });
    c.bench_function("rates/quote", |b| {
        b.iter(|| black_box(table.quote(black_box(usd), black_box(on)).unwrap()))
    });
    c.bench_function("rates/cross USD->JPY", |b| {
        b.iter(|| {
            let x = table
                .cross(black_box(usd), black_box(jpy), black_box(on))
                .unwrap();
            black_box(x.apply(Decimal::ONE_HUNDRED).unwrap())
        });
    });
    let toml =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rates/ecb.toml")).unwrap();
    let mut g = c.benchmark_group("rates/parse full ECB TOML");
    g.sample_size(10);
    g.bench_function("from_toml", |b| {
        b.iter(|| black_box(RateTable::from_toml(&toml).unwrap()))
    });
    g.finish();
}

fn allocation(c: &mut Criterion) {
    let weights = vec![Decimal::ONE; 48];
    for how in [Allocation::CumulativeRounding, Allocation::FrontLoaded] {
        c.bench_function(&format!("allocate/48 monthly {how}"), |b| {
            b.iter(|| {
                black_box(
                    allocate(
                        black_box(Decimal::new(10_000_000_000, 2)),
                        &weights,
                        Decimal::new(1, 2),
                        how,
                    )
                    .unwrap(),
                )
            });
        });
    }
}

fn offers(c: &mut Criterion) {
    let table = RateTable::builtin().unwrap();
    let usd = table.resolve(Code::new("USD").unwrap()).unwrap();
    let offer = Offer {
        title: "bench".into(),
        start: NaiveDate::from_ymd_opt(2025, 7, 1).unwrap(),
        components: vec![
            Component {
                tax: None,
                kind: Kind::Salary,
                label: "salary".into(),
                terms: Terms::Salary {
                    amount: Money::new(Decimal::from(200_000), usd),
                    raise: Decimal::new(3, 2),
                    years: 4,
                },
            },
            Component {
                tax: None,
                kind: Kind::Bonus,
                label: "bonus".into(),
                terms: Terms::Bonus {
                    target: dealcalc::offer::Target::Percent(Decimal::new(15, 2)),
                    payout: Decimal::ONE,
                    years: None,
                },
            },
            Component {
                tax: None,
                kind: Kind::Equity,
                label: "equity".into(),
                terms: Terms::Equity {
                    grant: dealcalc::offer::Grant::Value(Money::new(Decimal::from(400_000), usd)),
                    price: Some(Money::new(Decimal::from(170), usd)),
                    vesting: Vesting::from_str("4y monthly 1y cliff").unwrap(),
                    growth: Decimal::new(10, 2),
                    refresh: None,
                    horizon: None,
                    strike: None,
                    exercise_window: None,
                    liquidity: None,
                },
            },
        ],
        by: By::CalendarYear,
        discount: Some(Decimal::new(8, 2)),
        leave_on: Some(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()),
        allocation: Allocation::CumulativeRounding,
        price_scenarios: Vec::new(),
    };
    c.bench_function("offer/salary+bonus+equity monthly, PV and leaving", |b| {
        b.iter(|| black_box(offer.evaluate(None).unwrap()))
    });
}

fn batch(c: &mut Criterion) {
    let table = RateTable::builtin().unwrap();
    let mut csv = String::from("date,amount,from,to\n");
    let codes = ["USD", "JPY", "GBP", "CHF", "AUD", "CAD", "SEK", "EUR"];
    for i in 0..10_000_u32 {
        let day = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap()
            + chrono::Duration::days(i64::from(i % 9000));
        csv.push_str(&format!(
            "{day},{}.{:02},{},{}\n",
            1 + i * 37 % 100_000,
            i % 100,
            codes[(i % 8) as usize],
            codes[((i / 8) % 8) as usize]
        ));
    }
    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("10k rows", |b| {
        b.iter(|| {
            black_box(
                dealcalc::batch::convert(
                    &table,
                    &dealcalc::batch::Options::default(),
                    csv.as_bytes(),
                    std::io::sink(),
                    "bench",
                )
                .unwrap(),
            )
        });
    });
    g.finish();
}

criterion_group!(benches, amounts, rates, allocation, offers, batch);
criterion_main!(benches);
