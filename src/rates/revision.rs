//! Past rates a newer table changes or drops.

use chrono::NaiveDate;

use super::{Published, RateTable, to_date};
use crate::amount::Code;

/// A past rate that a newer table changes or drops: what `rates update`
/// refuses unless told to accept it (the ECB revises almost never; a
/// mirror that rewrites history would silently turn verdicts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    /// The date of the rate.
    pub date: NaiveDate,
    /// Its currency.
    pub currency: Code,
    /// The rate as the older table has it, as written (`1.1718`).
    pub was: String,
    /// The rate as the newer table has it; none when it has none.
    pub now: Option<String>,
}

impl RateTable {
    /// Every rate of this table that `newer` changes or leaves out, oldest
    /// first within each currency, currencies in order. A rate written
    /// with other trailing zeros (`1.1718` and `1.17180`) is the same rate.
    pub fn revisions(&self, newer: &RateTable) -> Vec<Revision> {
        let written = |p: Published| {
            if p.inverse {
                format!("1/{}", p.value.normalize())
            } else {
                p.value.normalize().to_string()
            }
        };
        let mut out = Vec::new();
        for (code, points) in &self.series {
            let theirs = newer.series.get(code);
            for (day, rate) in points.iter() {
                let now = theirs.and_then(|t| {
                    let i = t.on_or_before(day)?;
                    t.get(i).filter(|(d, _)| *d == day).map(|(_, r)| r)
                });
                if now != Some(rate) {
                    out.push(Revision {
                        date: to_date(day),
                        currency: *code,
                        was: written(rate),
                        now: now.map(written),
                    });
                }
            }
        }
        out
    }
}
