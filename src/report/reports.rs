//! Each result type as a [`Report`]: which renderer draws it in which
//! format.

use super::{Format, Report, Style, csv, explain, json, markdown, svg, text};
use crate::deal::Valuation;
use crate::offer::{Breakdown, Offer};
use crate::rates::{Conversion, RateTable};
use crate::scenario::{CompanyEntry, OfferResult, Results};

impl Report for Conversion {
    fn command(&self) -> &'static str {
        "convert"
    }
    fn text(&self, style: &Style) -> String {
        text::conversion(self, style)
    }
    fn explain(&self, style: &Style) -> Option<String> {
        Some(explain::conversion(self, style))
    }
    fn json(&self, style: &Style) -> String {
        json::to_string(&json::conversion(self, style))
    }
    fn csv(&self, style: &Style) -> String {
        csv::conversion(self, style)
    }
    fn markdown(&self, style: &Style) -> String {
        markdown::conversion(self, style)
    }
}

impl Report for Valuation {
    fn command(&self) -> &'static str {
        "valuation"
    }
    fn text(&self, style: &Style) -> String {
        text::valuation(self, style)
    }
    fn explain(&self, style: &Style) -> Option<String> {
        Some(explain::valuation(self, style))
    }
    fn json(&self, style: &Style) -> String {
        json::to_string(&json::valuation(self, style))
    }
    fn csv(&self, style: &Style) -> String {
        csv::valuation(self, style)
    }
    fn markdown(&self, style: &Style) -> String {
        markdown::valuation(self, style)
    }
}

/// An offer and its breakdown.
#[derive(Debug, Clone, Copy)]
pub struct OfferReport<'a> {
    /// The offer.
    pub offer: &'a Offer,
    /// What it comes to.
    pub breakdown: &'a Breakdown,
}

impl Report for OfferReport<'_> {
    fn command(&self) -> &'static str {
        "offer"
    }
    fn text(&self, style: &Style) -> String {
        text::breakdown(self.offer, self.breakdown, style)
    }
    fn explain(&self, style: &Style) -> Option<String> {
        Some(explain::offer(self.offer, self.breakdown, style))
    }
    fn json(&self, style: &Style) -> String {
        json::pretty(&json::breakdown(self.offer, self.breakdown, style))
    }
    fn csv(&self, style: &Style) -> String {
        csv::breakdown(self.offer, self.breakdown, style)
    }
    fn markdown(&self, style: &Style) -> String {
        markdown::breakdown(self.offer, self.breakdown, style)
    }
    fn svg(&self, style: &Style) -> Option<String> {
        Some(svg::offers(
            &[(String::new(), self.offer, self.breakdown)],
            style,
        ))
    }
}

/// One scenario file rendered with its offers apart: each batch as it is
/// evaluated ([`Document::evaluate_each`](crate::scenario::Document::evaluate_each)),
/// between what comes before the offers and after them. In text,
/// Markdown, JSON and the CSV offers table, the head, every batch's
/// [`offers`](Self::offers) and the tail are byte for byte what
/// [`ScenarioReport`] writes of the file; 10,000 offers are written without
/// 10,000 breakdowns held.
#[derive(Debug)]
pub struct OffersApart {
    format: Format,
    claims_only: bool,
    /// No offer written yet (JSON puts a comma between entries).
    first: bool,
}

impl OffersApart {
    /// The file's rendering with its offers apart, where that is worth it
    /// and the format writes offers one after another: not for SVG or
    /// `--explain`, which draw them together, nor a CSV table other than
    /// the offers' (`table`, or with none given a file of nothing but
    /// offers); not for a file of one batch of offers or fewer.
    pub fn new(
        format: Format,
        explain: bool,
        claims_only: bool,
        table: Option<csv::Table>,
        doc: &crate::scenario::Document,
    ) -> Option<OffersApart> {
        let offers_table = match table {
            Some(t) => t == csv::Table::Offers,
            None => !claims_only && doc.only_offers(),
        };
        let apart = match format {
            Format::Text | Format::Markdown | Format::Json => !explain,
            Format::Csv => offers_table,
            Format::Svg => false,
        };
        (apart && doc.offer_count() > crate::scenario::OFFERS_AT_A_TIME).then_some(OffersApart {
            format,
            claims_only,
            first: true,
        })
    }

    /// A batch of the file's offers, in order.
    pub fn offers(&mut self, list: &[OfferResult], file: &str, style: &Style) -> String {
        let out = match self.format {
            Format::Text => text::offers(list, style, self.claims_only),
            Format::Markdown => markdown::offers(list, style, self.claims_only),
            Format::Json if self.claims_only => String::new(),
            Format::Json => json::offer_entries(list, style, self.first),
            Format::Csv => csv::offer_rows(file, list, style),
            Format::Svg => String::new(),
        };
        self.first &= list.is_empty();
        out
    }

    /// What comes before the offers and after them.
    pub fn around(&self, r: &Results, style: &Style) -> (String, String) {
        match self.format {
            Format::Text => text::around_offers(r, style, self.claims_only),
            Format::Markdown => markdown::around_offers(r, style, self.claims_only),
            Format::Json => json::around_offers(r, style, self.claims_only),
            Format::Csv => (csv::offers_header(), String::new()),
            Format::Svg => (String::new(), String::new()),
        }
    }
}

/// Scenario files evaluated: everything (`eval`) or the claims alone
/// (`check`).
#[derive(Debug, Clone, Copy)]
pub struct ScenarioReport<'a> {
    /// One result per file, in the order given.
    pub files: &'a [Results],
    /// `check`: the claims only.
    pub claims_only: bool,
    /// The CSV table asked for (`--table`); by default `check`'s claims,
    /// or the only table the files have.
    pub table: Option<csv::Table>,
}

impl ScenarioReport<'_> {
    /// The one CSV table to write, or why there is none.
    fn csv_table(&self) -> Result<csv::Table, (String, String)> {
        if let Some(t) = self.table {
            return Ok(t);
        }
        if self.claims_only {
            return Ok(csv::Table::Claims);
        }
        match csv::Table::present(self.files).as_slice() {
            [one] => Ok(*one),
            many => Err((
                format!(
                    "the files have {} tables: {}; CSV is one table at a time",
                    many.len(),
                    many.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                format!(
                    "choose one with --table {}, or use --format json for everything",
                    many.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("|")
                ),
            )),
        }
    }
}

impl ScenarioReport<'_> {
    /// Each file's rendering, one after the other: the first kept as it
    /// is and the others appended, never all held and joined into a copy
    /// (10,000 offers render 28 MB of text).
    fn each(&self, f: impl Fn(&Results) -> String) -> String {
        let mut files = self.files.iter();
        let mut out = files.next().map(&f).unwrap_or_default();
        for r in files {
            out.push('\n');
            out.push_str(&f(r));
        }
        out
    }
}

impl Report for ScenarioReport<'_> {
    fn command(&self) -> &'static str {
        if self.claims_only { "check" } else { "eval" }
    }
    fn text(&self, style: &Style) -> String {
        self.each(|r| text::results(r, style, self.claims_only))
    }
    fn explain(&self, style: &Style) -> Option<String> {
        Some(self.each(|r| explain::results(r, style)))
    }
    /// One file gives an object, several a list of them, in order.
    fn json(&self, style: &Style) -> String {
        let mut views: Vec<_> = self
            .files
            .iter()
            .map(|r| json::results(r, style, self.claims_only))
            .collect();
        match views.len() {
            1 => json::pretty(&views.pop()),
            _ => json::pretty(&views),
        }
    }
    /// One table over every file, with a `file` column: `check`'s claims,
    /// or the table `--table` names.
    fn csv(&self, style: &Style) -> String {
        csv::table(
            self.files,
            self.csv_table().unwrap_or(csv::Table::Claims),
            style,
        )
    }
    fn no_csv(&self) -> Option<(String, String)> {
        self.csv_table().err()
    }
    fn markdown(&self, style: &Style) -> String {
        self.each(|r| markdown::results(r, style, self.claims_only))
    }
    /// `check` draws the claims; `eval` the offers, deals and companies
    /// too. Several files are drawn one below the other, each under its
    /// name and title. Nothing to chart is no chart.
    fn svg(&self, style: &Style) -> Option<String> {
        let each: Vec<_> = self
            .files
            .iter()
            .map(|r| {
                let drawn = !self.claims_only;
                let offers: Vec<_> = r
                    .offers
                    .iter()
                    .filter(|_| drawn)
                    .map(|o| (o.id.clone(), &o.offer, &o.breakdown))
                    .collect();
                let deals: Vec<_> = r.deals.iter().filter(|_| drawn).collect();
                let companies: Vec<_> = r.companies.iter().filter(|_| drawn).collect();
                let claims: Vec<_> = r.claims.iter().collect();
                // The file's name without its folders: a chart is for people.
                let name = std::path::Path::new(&r.file)
                    .file_name()
                    .map_or(r.file.clone(), |n| n.to_string_lossy().into_owned());
                let title = match &r.title {
                    Some(t) => format!("{name}: {t}"),
                    None => name,
                };
                (title, offers, deals, companies, claims)
            })
            .filter(|(_, o, d, c, k)| {
                !(o.is_empty() && d.is_empty() && c.is_empty() && k.is_empty())
            })
            .collect();
        if each.is_empty() {
            return None;
        }
        let sections: Vec<svg::Section<'_>> = each
            .iter()
            .map(|(title, offers, deals, companies, claims)| svg::Section {
                title: Some(title.as_str()),
                offers,
                deals,
                companies,
                claims,
            })
            .collect();
        Some(svg::sections(&sections, style))
    }
    fn no_svg(&self) -> (String, String) {
        (
            "nothing to chart".to_owned(),
            "the files have no offers, deals, companies or claims".to_owned(),
        )
    }
}

/// A company on its own (`dealcalc round`): the same tables, figures and
/// charts as a company in a scenario file.
#[derive(Debug, Clone, Copy)]
pub struct CompanyReport<'a> {
    /// The company and what it came to.
    pub company: &'a CompanyEntry,
    /// The CSV table asked for: `companies` (the cap table) or `payouts`;
    /// by default the cap table, unless there are exits too.
    pub table: Option<csv::Table>,
}

impl CompanyReport<'_> {
    fn csv_table(&self) -> Result<csv::Table, (String, String)> {
        match self.table {
            Some(t @ (csv::Table::Companies | csv::Table::Payouts)) => Ok(t),
            Some(other) => Err((
                format!("`round` has no {other} table"),
                "choose --table companies or --table payouts".to_owned(),
            )),
            None if self.company.result.exits.is_empty() => Ok(csv::Table::Companies),
            None => Err((
                "the round has 2 tables: companies, payouts; CSV is one table at a time".to_owned(),
                "choose one with --table companies|payouts, or use --format json for everything"
                    .to_owned(),
            )),
        }
    }
}

impl Report for CompanyReport<'_> {
    fn command(&self) -> &'static str {
        "round"
    }
    fn text(&self, style: &Style) -> String {
        text::company(self.company, style)
            .trim_start_matches('\n')
            .to_owned()
    }
    fn explain(&self, _style: &Style) -> Option<String> {
        Some(explain::company(self.company))
    }
    fn json(&self, style: &Style) -> String {
        json::pretty(&json::company(self.company, style))
    }
    fn csv(&self, style: &Style) -> String {
        let payouts = self.csv_table() == Ok(csv::Table::Payouts);
        csv::company(self.company, payouts, style)
    }
    fn no_csv(&self) -> Option<(String, String)> {
        self.csv_table().err()
    }
    fn markdown(&self, style: &Style) -> String {
        markdown::company(self.company, style)
    }
    fn svg(&self, style: &Style) -> Option<String> {
        Some(svg::scenario(&[], &[], &[self.company], &[], style))
    }
}

/// A rate table described: where it comes from, source, base, dates, each
/// currency's range.
#[derive(Debug, Clone, Copy)]
pub struct RatesInfo<'a> {
    /// The table.
    pub table: &'a RateTable,
    /// Where it comes from: built in, a file, fetched by `rates update`.
    pub origin: &'a str,
}

impl Report for RatesInfo<'_> {
    fn command(&self) -> &'static str {
        "rates info"
    }
    fn text(&self, _style: &Style) -> String {
        format!("table   {}\n{}", self.origin, text::rates_info(self.table))
    }
    fn json(&self, _style: &Style) -> String {
        let mut v = json::rates_info(self.table);
        if let Some(map) = v.as_object_mut() {
            map.insert("table".into(), serde_json::json!(self.origin));
        }
        json::to_string(&v)
    }
    fn csv(&self, _style: &Style) -> String {
        csv::rates_info(self.table)
    }
    fn markdown(&self, _style: &Style) -> String {
        format!(
            "Table: {}\n\n{}",
            self.origin,
            markdown::rates_info(self.table)
        )
    }
}

impl Report for crate::index::Adjustment {
    fn command(&self) -> &'static str {
        "adjust"
    }
    /// `240,000,000.00 USD of 2007 = 372,651,561.19 USD of 2025 (CPI-U
    /// 207.342 -> 321.943, source)`
    fn text(&self, style: &Style) -> String {
        format!(
            "{} of {} = {} of {}  ({} {} of {} -> {} of {}, {})\n",
            style.money(&self.amount),
            self.from,
            style.money(&self.result),
            self.to,
            self.index,
            self.index_from,
            self.from,
            self.index_to,
            self.to,
            self.source
        )
    }
    fn explain(&self, _style: &Style) -> Option<String> {
        Some(format!(
            "how:\n  result = amount x index({}) / index({}) = {} x {} / {} = {}\n  a year is its annual average, a month its own value; rounded once, at the end\n",
            self.to,
            self.from,
            self.amount.amount,
            self.index_to,
            self.index_from,
            self.result.amount
        ))
    }
    fn json(&self, style: &Style) -> String {
        json::to_string(&serde_json::json!({
            "from": self.from.to_string(),
            "to": self.to.to_string(),
            "amount": json::money(&self.amount, style),
            "result": json::money(&self.result, style),
            "index_from": self.index_from.to_string(),
            "index_to": self.index_to.to_string(),
            "index": self.index,
            "source": self.source,
        }))
    }
    fn csv(&self, style: &Style) -> String {
        let mut out = csv::row([
            "from",
            "to",
            "amount",
            "currency",
            "result",
            "index_from",
            "index_to",
            "source",
        ]);
        out.push_str(&csv::row([
            self.from.to_string(),
            self.to.to_string(),
            style.plain(&self.amount),
            self.amount.currency.to_string(),
            style.plain(&self.result),
            self.index_from.to_string(),
            self.index_to.to_string(),
            self.source.clone(),
        ]));
        out
    }
    fn markdown(&self, style: &Style) -> String {
        markdown::table(
            &["amount", "of", "is", "of", "index", "source"],
            &[vec![
                style.money(&self.amount),
                self.from.to_string(),
                style.money(&self.result),
                self.to.to_string(),
                format!("{} {} -> {}", self.index, self.index_from, self.index_to),
                self.source.clone(),
            ]],
        )
    }
}
