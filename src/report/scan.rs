//! A scanned article in every format: each relation with its sentence,
//! verdict and computation (the claim it stands for, rendered as `check`
//! renders claims), then the figures left unrelated.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Report, Style, csv, json as js, markdown, text};
use crate::scan::{Found, Relation, Scan, Verdict};

/// Scanned articles, shown together.
#[derive(Debug)]
pub struct ScanReport<'a> {
    /// One scan per article, in the order given.
    pub scans: &'a [Scan],
}

fn verdict_mark(v: &Verdict) -> &'static str {
    match v {
        Verdict::Holds => "HOLDS",
        Verdict::Fails => "FAILS",
        Verdict::Truncated => "TRUNC",
        Verdict::Unclear => "UNCLEAR",
        Verdict::Unchecked(_) => "UNCHECKED",
    }
}

fn where_found(f: &Found) -> String {
    format!("{}:{}", f.line, f.column)
}

fn date_line(s: &Scan) -> String {
    match s.date {
        Some((d, from)) => format!("dated {d} (from the {from})"),
        None => "no date (pass --date): conversions are not checked".to_owned(),
    }
}

fn lang_line(s: &Scan) -> String {
    format!(
        "{}{}",
        s.lang,
        match (s.lang_detected, s.numbers) {
            (false, _) => "",
            (true, Some(_)) => " (detected)",
            (true, None) => {
                " (detected, unsure: numbers read only where their writing settles them; pass --lang)"
            }
        }
    )
}

/// Text: a heading per article, each relation, then the unrelated
/// figures and a tally.
pub fn text(s: &Scan, style: &Style, out: &mut String) {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let _ = writeln!(
        out,
        "{}: {}, {}; {}; language {}",
        s.file,
        plural(s.figures.len(), "figure"),
        plural(s.relations.len(), "relation"),
        date_line(s),
        lang_line(s)
    );
    if s.figures.is_empty() && s.unread.is_empty() {
        out.push_str(
            "\nno figures found: scan reads amounts of money, percentages, share counts and \
             prices a share, in the forms dealcalc reads amounts\n",
        );
        return;
    }
    for r in &s.relations {
        out.push('\n');
        relation_text(s, r, style, out);
    }
    if let Some((k, word)) = s.krona {
        let _ = writeln!(
            out,
            "\nkronor and Kronen read as {k}: the article names `{word}` and no other krone country"
        );
    }
    if !s.unread.is_empty() {
        out.push_str("\nnot read (it would take a guess):\n");
        for u in &s.unread {
            let _ = writeln!(out, "  {}:{}  `{}`: {}", u.line, u.column, u.text, u.why);
            if let Some(h) = &u.hint {
                let _ = writeln!(out, "    hint: {h}");
            }
        }
    }
    if !s.unrelated.is_empty() {
        out.push_str("\nunrelated figures:\n");
        let rows: Vec<Vec<String>> = s
            .unrelated
            .iter()
            .filter_map(|i| s.figures.get(*i))
            .map(|f| {
                vec![
                    format!("  {}", where_found(f)),
                    f.kind.to_string(),
                    f.text.clone(),
                ]
            })
            .collect();
        out.push_str(&text::table(&rows, &[false, false, false]));
    }
    let count = |v: &str| {
        s.relations
            .iter()
            .filter(|r| r.verdict.to_string() == v)
            .count()
    };
    let _ = writeln!(
        out,
        "\n{} holding, {} failing, {} truncated, {} unclear, {} unchecked",
        count("holds"),
        count("fails"),
        count("truncated"),
        count("unclear"),
        count("unchecked")
    );
}

fn relation_text(s: &Scan, r: &Relation, style: &Style, out: &mut String) {
    let at = r
        .figure_ids
        .first()
        .and_then(|i| s.figures.get(*i))
        .map(where_found)
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} {} at {at}: {}",
        verdict_mark(&r.verdict),
        r.kind,
        r.figures
            .iter()
            .map(|f| format!("\"{f}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(out, "  sentence: {}", r.sentence);
    match (&r.verdict, &r.result) {
        (Verdict::Unclear, _) => {
            out.push_str("  the figures pair up in more than one way:\n");
            for reading in &r.readings {
                let _ = writeln!(out, "    {reading}");
            }
        }
        (Verdict::Unchecked(why), _) => {
            let _ = writeln!(out, "  not checked: {why}");
        }
        (_, Some(c)) => {
            let mut claim = String::new();
            text::claim_rows(c, style, &mut claim);
            out.push_str(&claim);
        }
        (_, None) => {}
    }
}

fn figure_json(f: &Found) -> Value {
    json!({
        "text": f.text,
        "line": f.line,
        "column": f.column,
        "kind": f.kind.to_string(),
        "value": f.amount.value.normalize().to_string(),
        "currency": f.amount.code().map(|c| c.to_string()),
    })
}

/// JSON of the contract: `file`, `date`, `date_from`, `lang`, `figures`,
/// `relations`, `unrelated`.
pub fn json(s: &Scan, style: &Style) -> Value {
    let relations: Vec<Value> = s
        .relations
        .iter()
        .map(|r| {
            let claim = r.result.as_ref().map(|c| js::claim(c, style));
            let field = |k: &str| claim.as_ref().and_then(|c| c.get(k)).cloned().unwrap_or(Value::Null);
            let computation = r.result.as_ref().map(|c| {
                format!(
                    "{} computed ({}), {} printed",
                    style.figure(&c.verdict.actual),
                    c.of,
                    style.figure(&c.verdict.says)
                )
            });
            json!({
                "kind": r.kind.to_string(),
                "figures": r.figures,
                "figure_ids": r.figure_ids,
                "computation": computation,
                "sentence": r.sentence.clone(),
                "verdict": r.verdict.to_string(),
                "precision": field("precision"),
                "computed": field("actual"),
                "printed": field("says"),
                "low": field("low"),
                "high": field("high"),
                "would_hold_if": claim.as_ref().map_or(json!([]), |_| field("would_hold_if")),
                "readings": r.readings,
                "unchecked": match &r.verdict { Verdict::Unchecked(why) => json!(why), _ => Value::Null },
                "claim": r.claim.as_ref().map(|c| json!({
                    "of": c.of,
                    "says": c.says,
                    "deal": c.deal.as_ref().map(|d| json!({"stake": d.stake, "price": d.price})),
                })),
                "check": claim,
            })
        })
        .collect();
    json!({
        "file": s.file,
        "date": s.date.map(|d| d.0.to_string()),
        "date_from": s.date.map(|d| d.1.to_string()),
        "lang": s.lang.code(),
        "lang_detected": s.lang_detected,
        "numbers": s.numbers.map(|n| n.to_string()),
        "figures": s.figures.iter().map(figure_json).collect::<Vec<_>>(),
        "relations": relations,
        "unrelated": s.unrelated.iter().filter_map(|i| s.figures.get(*i)).map(figure_json).collect::<Vec<_>>(),
        "unread": s.unread.iter().map(|u| json!({
            "text": u.text, "line": u.line, "column": u.column, "why": u.why, "hint": u.hint,
        })).collect::<Vec<_>>(),
        "krona": s.krona.map(|(k, word)| json!({"currency": k.to_string(), "named": word})),
    })
}

/// CSV: one row a relation, with the file.
pub fn csv(scans: &[Scan], style: &Style) -> String {
    let mut out = csv::row([
        "file",
        "line",
        "column",
        "kind",
        "figures",
        "verdict",
        "precision",
        "computed",
        "printed",
        "low",
        "high",
        "sentence",
    ]);
    for s in scans {
        for r in &s.relations {
            let first = r.figure_ids.first().and_then(|i| s.figures.get(*i));
            let v = r.result.as_ref().map(|c| &c.verdict);
            // Money to its minor unit, as every CSV of dealcalc writes it.
            let num = |x: Option<rust_decimal::Decimal>| match (x, v) {
                (Some(d), Some(v)) => csv::value(&v.says.with(d), style),
                _ => String::new(),
            };
            out.push_str(&csv::row([
                s.file.clone(),
                first.map_or(String::new(), |f| f.line.to_string()),
                first.map_or(String::new(), |f| f.column.to_string()),
                r.kind.to_string(),
                r.figures.join(" | "),
                r.verdict.to_string(),
                v.and_then(|v| v.precision)
                    .map_or(String::new(), |p| p.to_string()),
                num(v.map(|v| v.actual.value())),
                num(v.map(|v| v.says.value())),
                num(v.and_then(|v| v.low)),
                num(v.and_then(|v| v.high)),
                r.sentence.clone(),
            ]));
        }
    }
    out
}

/// Markdown: a table of relations per article, then the unrelated figures.
pub fn markdown(s: &Scan, style: &Style) -> String {
    let mut out = format!(
        "## {}\n\n{}; language {}\n\n",
        markdown::cell(&s.file),
        date_line(s),
        lang_line(s)
    );
    let rows: Vec<Vec<String>> = s
        .relations
        .iter()
        .map(|r| {
            let how = match (&r.verdict, &r.result) {
                (Verdict::Unclear, _) => r.readings.join("; "),
                (Verdict::Unchecked(why), _) => why.clone(),
                (_, Some(c)) => format!(
                    "{} computed, {} printed",
                    style.figure(&c.verdict.actual),
                    style.figure(&c.verdict.says)
                ),
                (_, None) => String::new(),
            };
            vec![
                r.kind.to_string(),
                markdown::cell(&r.figures.join(", ")),
                r.verdict.to_string(),
                markdown::cell(&how),
                markdown::cell(&r.sentence),
            ]
        })
        .collect();
    if !rows.is_empty() {
        out.push_str(&markdown::table(
            &["relation", "figures", "verdict", "computation", "sentence"],
            &rows,
        ));
    }
    for u in &s.unread {
        out.push_str(&format!(
            "\nNot read ({}:{}): `{}`: {}\n",
            u.line,
            u.column,
            markdown::cell(&u.text),
            markdown::cell(&u.why)
        ));
    }
    if !s.unrelated.is_empty() {
        out.push_str("\nUnrelated figures: ");
        out.push_str(
            &s.unrelated
                .iter()
                .filter_map(|i| s.figures.get(*i))
                .map(|f| format!("`{}` ({})", f.text, where_found(f)))
                .collect::<Vec<_>>()
                .join(", "),
        );
        out.push('\n');
    }
    out
}

impl Report for ScanReport<'_> {
    fn command(&self) -> &'static str {
        "scan"
    }
    fn text(&self, style: &Style) -> String {
        let mut out = String::new();
        for (k, s) in self.scans.iter().enumerate() {
            if k > 0 {
                out.push('\n');
            }
            text(s, style, &mut out);
        }
        out
    }
    /// How each relation's claim was computed: the scenario it stands for.
    fn explain(&self, _style: &Style) -> Option<String> {
        Some(
            self.scans
                .iter()
                .map(|s| format!("# the scenario of {}\n{}", s.file, s.scenario()))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    }
    fn json(&self, style: &Style) -> String {
        let mut views: Vec<Value> = self.scans.iter().map(|s| json(s, style)).collect();
        match views.len() {
            1 => js::pretty(&views.pop()),
            _ => js::pretty(&views),
        }
    }
    fn csv(&self, style: &Style) -> String {
        csv(self.scans, style)
    }
    fn markdown(&self, style: &Style) -> String {
        self.scans
            .iter()
            .map(|s| markdown(s, style))
            .collect::<Vec<_>>()
            .join("\n")
    }
    fn no_svg(&self) -> (String, String) {
        (
            "`scan` has no svg format".to_owned(),
            "choose from: text, json, csv, markdown; `--emit scenario` writes the claims for `check`, whose svg draws them".to_owned(),
        )
    }
}
