//! Renderers: one per output format, over the library's result types. They
//! return strings; the binary decides where they go.

pub mod csv;
pub mod json;
pub mod markdown;
pub mod svg;
pub mod text;

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::money::{Money, Rounding};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned, readable text (the default).
    #[default]
    Text,
    /// JSON: money as `{"amount": "85338795.02", "currency": "EUR"}`.
    Json,
    /// CSV with a header row.
    Csv,
    /// A Markdown table.
    Markdown,
    /// An SVG chart (offers only).
    Svg,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "text" => Format::Text,
            "json" => Format::Json,
            "csv" => Format::Csv,
            "markdown" | "md" => Format::Markdown,
            "svg" => Format::Svg,
            _ => {
                return Err(format!(
                    "unknown format `{s}`; choose from: text, json, csv, markdown, svg"
                ));
            }
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Svg => "svg",
        })
    }
}

/// How money is shown: the rounding rule for every figure.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Rounding to the minor unit.
    pub rounding: Rounding,
}

impl Style {
    /// The amount rounded to its minor unit, as a plain decimal string:
    /// 85338795.0153 EUR -> `85338795.02`.
    pub fn plain(&self, m: &Money) -> String {
        m.rounded(self.rounding).to_string()
    }

    /// Like [`Style::plain`]; empty for no amount.
    pub fn plain_or_empty(&self, m: Option<&Money>) -> String {
        m.map_or(String::new(), |m| self.plain(m))
    }

    /// Like [`Style::money`]; `-` for no amount.
    pub fn money_or_dash(&self, m: Option<&Money>) -> String {
        m.map_or_else(|| "-".to_owned(), |m| self.money(m))
    }

    /// The amount with thousands grouped and its code:
    /// 85338795.0153 EUR -> `85,338,795.02 EUR`.
    pub fn money(&self, m: &Money) -> String {
        format!("{} {}", group(&self.plain(m)), m.currency)
    }
}

/// Groups the integer digits of a decimal string by three with commas:
/// `-1234567.891` -> `-1,234,567.891`.
pub fn group(number: &str) -> String {
    let (sign, rest) = number.strip_prefix('-').map_or(("", number), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(number.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A decimal to `digits` significant digits, trailing zeros dropped:
/// 0.853387950153609831 -> `0.8533879502` (10 digits), 107.2676513 -> `107.2676513`.
pub fn significant(value: Decimal, digits: u32) -> String {
    if value.is_zero() {
        return "0".to_owned();
    }
    let int_digits = value
        .abs()
        .trunc()
        .to_string()
        .trim_start_matches('0')
        .len();
    let int_digits = u32::try_from(int_digits).unwrap_or(28);
    let dp = digits.saturating_sub(int_digits);
    let dp = if int_digits == 0 {
        // Leading zeros after the point do not count.
        let s = value.abs().to_string();
        let zeros = s
            .split_once('.')
            .map_or(0, |(_, f)| f.chars().take_while(|c| *c == '0').count());
        dp + u32::try_from(zeros).unwrap_or(0)
    } else {
        dp
    };
    value.round_dp(dp.min(28)).normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_and_significant_digits() {
        assert_eq!(group("85338795.02"), "85,338,795.02");
        assert_eq!(group("-1234567"), "-1,234,567");
        assert_eq!(group("999"), "999");
        assert_eq!(
            significant(Decimal::new(853_387_950_153_609_831, 18), 10),
            "0.8533879502"
        );
        assert_eq!(
            significant(Decimal::new(10_726_765_129, 8), 10),
            "107.2676513"
        );
        assert_eq!(significant(Decimal::new(12345, 6), 3), "0.0123");
    }
}
