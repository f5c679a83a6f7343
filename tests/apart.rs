//! A file of many offers is rendered a batch at a time, each batch as it
//! is evaluated, and its breakdowns let go: the output must be byte for
//! byte the file rendered whole, in every format that writes offers apart.

use chrono::NaiveDate;
use dealcalc::Input;
use dealcalc::amount::Reading;
use dealcalc::rates::RateTable;
use dealcalc::report::{self, Format, OffersApart, ScenarioReport, Style, csv::Table};
use dealcalc::scenario::{Document, OFFERS_AT_A_TIME, Results};

use crate::cli::dealcalc;

/// `n` offers in dollars and euros (converted into dollars), with titles
/// JSON must escape, then a deal and a claim on it.
fn many(n: usize, claim_of: &str) -> String {
    let mut text =
        String::from("title = \"many offers\"\nas_of = 2025-07-08\ncurrency = \"USD\"\n\n");
    for i in 0..n {
        let (symbol, growth) = if i % 3 == 0 {
            ("€", "5%")
        } else {
            ("$", "10%")
        };
        text.push_str(&format!(
            "[offers.o{i}]\ntitle = \"Offer \\\"{i}\\\" — ünïcode\"\nstart = 2025-01-{:02}\ndiscount = \"8%\"\n\
             [[offers.o{i}.pay]]\nkind = \"salary\"\namount = \"{symbol}{}k\"\nraise = \"3%\"\nyears = 4\n\
             [[offers.o{i}.pay]]\nkind = \"equity\"\namount = \"{symbol}200k\"\nprice = \"{symbol}170\"\n\
             vesting = \"4y monthly 1y cliff\"\ngrowth = \"{growth}\"\n\n",
            1 + i % 28,
            100 + i,
        ));
    }
    text.push_str(&format!(
        "[deals.d]\nstake = \"49%\"\nprice = \"$14.3 billion\"\n\n[[claims]]\nof = \"{claim_of}\"\nsays = \"$29 billion\"\n"
    ));
    text
}

/// The value, or a panic with the error as a user reads it (not the
/// whole file it points into).
fn ok<T>(r: dealcalc::error::Result<T>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 8).unwrap()
}

/// A way of writing the file: format, `check` (claims only), CSV table.
type Way = (Format, bool, Option<Table>);

/// The file rendered with its offers apart in each way, from one
/// evaluation: the head, each batch, the tail; the number of batches; and
/// the results left.
fn apart(doc: &Document, table: &RateTable, ways: &[Way]) -> (Vec<String>, usize, Results) {
    let style = Style::default();
    let mut renderers: Vec<(OffersApart, String)> = ways
        .iter()
        .map(|&(format, claims_only, csv)| {
            let apart = OffersApart::new(format, false, claims_only, csv, doc).expect("apart");
            (apart, String::new())
        })
        .collect();
    let mut batches = 0;
    let results = ok(
        doc.evaluate_each(table, today(), &Reading::default(), &mut |batch| {
            batches += 1;
            for (apart, out) in &mut renderers {
                out.push_str(&apart.offers(batch, doc.name(), &style));
            }
        }),
    );
    let texts = renderers
        .into_iter()
        .map(|(apart, offers)| {
            let (head, tail) = apart.around(&results, &style);
            head + &offers + &tail
        })
        .collect();
    (texts, batches, results)
}

#[test]
fn offers_rendered_apart_are_the_file_rendered_whole() {
    let n = 2 * OFFERS_AT_A_TIME + 89;
    let doc = ok(Document::parse(&Input::new(
        "many.toml",
        many(n, "deals.d.post_money"),
    )));
    let table = RateTable::builtin().unwrap();
    let whole = ok(doc.evaluate(&table, today(), &Reading::default()));
    assert_eq!((whole.offers.len(), whole.offer_count), (n, n));
    let ways: [Way; 6] = [
        (Format::Text, false, None),
        (Format::Text, true, None),
        (Format::Markdown, false, None),
        (Format::Json, false, None),
        (Format::Json, true, None),
        (Format::Csv, false, Some(Table::Offers)),
    ];
    let (texts, batches, results) = apart(&doc, &table, &ways);
    assert_eq!(batches, 3);
    // No claim names an offer, so none is kept.
    assert_eq!((results.offers.len(), results.offer_count), (0, n));
    for ((format, claims_only, csv), got) in ways.into_iter().zip(&texts) {
        let expected = report::render(
            &ScenarioReport {
                files: std::slice::from_ref(&whole),
                claims_only,
                table: csv,
            },
            format,
            &Style::default(),
            false,
        )
        .unwrap();
        assert!(
            *got == expected,
            "{format} (claims only: {claims_only}) differs"
        );
    }
    // The JSON is JSON, with every offer and its escaped title.
    let v: serde_json::Value = serde_json::from_str(&texts[3]).unwrap();
    assert_eq!(v["offers"].as_object().unwrap().len(), n);
    assert_eq!(v["offers"]["o600"]["title"], "Offer \"600\" — ünïcode");
    // Offers are written apart only where they are written one after
    // another: not for SVG, --explain, or another CSV table.
    let no = |format, explain, csv| OffersApart::new(format, explain, false, csv, &doc).is_none();
    assert!(no(Format::Svg, false, None));
    assert!(no(Format::Text, true, None));
    assert!(no(Format::Csv, false, Some(Table::Deals)));
    assert!(no(Format::Csv, false, None));
}

/// A claim on an offer is judged on it: the offers are kept, and the
/// verdict is the whole file's.
#[test]
fn offers_a_claim_names_are_kept() {
    let n = OFFERS_AT_A_TIME + 1;
    let doc = ok(Document::parse(&Input::new(
        "m.toml",
        many(n, "offers.o256.total"),
    )));
    let table = RateTable::builtin().unwrap();
    let whole = ok(doc.evaluate(&table, today(), &Reading::default()));
    let (_, batches, results) = apart(&doc, &table, &[(Format::Text, true, None)]);
    assert_eq!((batches, results.offers.len()), (2, n));
    assert_eq!(
        format!("{:?}", results.claims[0].verdict),
        format!("{:?}", whole.claims[0].verdict)
    );
}

/// The command line writes a file of many offers apart; two files are
/// rendered whole, one after the other: the same text twice.
#[test]
fn eval_of_many_offers_is_the_same_whole_or_apart() {
    let dir = std::env::temp_dir().join(format!("dealcalc-apart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("many.toml");
    std::fs::write(&path, many(OFFERS_AT_A_TIME + 44, "deals.d.post_money")).unwrap();
    let path = path.to_str().unwrap();
    for format in ["text", "markdown"] {
        let one = dealcalc(&["eval", path, "--format", format]);
        let two = dealcalc(&["eval", path, path, "--format", format]);
        assert!(
            one.status.success() && two.status.success(),
            "{}",
            String::from_utf8_lossy(&one.stderr)
        );
        let one = String::from_utf8(one.stdout).unwrap();
        assert!(one.contains("o299"), "{format}");
        assert_eq!(
            format!("{one}\n{one}"),
            String::from_utf8(two.stdout).unwrap()
        );
    }
    // An offer that cannot be evaluated (its shares' price growing by
    // -100% a year, which the reading allows and the evaluation refuses), in the
    // second batch: exit 2 with its error, and nothing on standard output.
    let text = many(OFFERS_AT_A_TIME + 44, "deals.d.post_money");
    let at = text.find("[offers.o279]").unwrap();
    let broken = format!(
        "{}{}",
        &text[..at],
        text[at..].replacen("growth = \"5%\"", "growth = \"-100%\"", 1)
    );
    // The first batch is handed out before the second fails.
    let doc = ok(Document::parse(&Input::new("broken.toml", broken.as_str())));
    let mut batches = 0;
    let table = RateTable::builtin().unwrap();
    let failed = doc.evaluate_each(&table, today(), &Reading::default(), &mut |_| batches += 1);
    assert_eq!((batches, failed.is_err()), (1, true));
    std::fs::write(dir.join("broken.toml"), &broken).unwrap();
    let out = dealcalc(&["eval", dir.join("broken.toml").to_str().unwrap()]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(out.stdout.is_empty());
    assert!(err.contains("offer `o279`"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
