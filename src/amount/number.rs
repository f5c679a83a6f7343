//! The digits of a number with their separators: which separator groups
//! and which marks decimals, settled by the text, the reader or refused
//! (see the module documentation of [`crate::amount`]).

use std::ops::Range;

use rust_decimal::Decimal;

use super::Numbers;
use super::error::AmountError;
use super::tokens::is_apostrophe;

/// What settles a lone separator before three digits.
pub(super) struct NumberContext {
    /// The convention the reader gave.
    pub(super) numbers: Option<Numbers>,
    /// A symbol or code came before the number: `$1,500` groups.
    pub(super) currency_first: bool,
    /// The convention the words of the text settle.
    pub(super) clue: Option<Numbers>,
}

/// Reads the digits of a number with its separators; returns the value and
/// the value of one unit in its last digit (`14,3` -> 14.3 and 0.1). The
/// rules are in the module documentation.
pub(super) fn read_number(
    digits: &str,
    span: Range<usize>,
    cx: &NumberContext,
) -> Result<(Decimal, Decimal), AmountError> {
    let parts: Vec<(char, &str)> = split_separators(digits);
    let bad = || AmountError::BadGrouping {
        text: digits.to_owned(),
        span: span.clone(),
    };
    // `,` and `.` in order: (index into parts, separator).
    let marks: Vec<(usize, char)> = parts
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, (s, _))| *s == ',' || *s == '.')
        .map(|(i, (s, _))| (i, *s))
        .collect();
    let count = |c: char| marks.iter().filter(|m| m.1 == c).count();

    // The index in `parts` of the group after the decimal mark, if any.
    let decimal: Option<usize> = match marks.as_slice() {
        [] => None,
        [(i, c)] => {
            let (before, after) = parts.split_at(*i);
            let int_digits: usize = before.iter().map(|(_, g)| g.len()).sum();
            let grouped_before = before.len() > 1;
            let three_after = after.first().is_some_and(|(_, g)| g.len() == 3);
            let leading_zero = before.first().is_some_and(|(_, g)| g.starts_with('0'));
            let could_group =
                !grouped_before && three_after && (1..=3).contains(&int_digits) && !leading_zero;
            if could_group {
                // A comma after a leading symbol or code, or with an English
                // scale word, groups; a European scale word makes either
                // separator European; nothing else settles it.
                let english = *c == ',' && (cx.currency_first || cx.clue == Some(Numbers::En));
                let european = cx.clue == Some(Numbers::Eu);
                let decimal_mark = match (cx.numbers, *c) {
                    (Some(Numbers::En), '.') | (Some(Numbers::Eu), ',') => true,
                    (Some(_), _) => false,
                    (None, _) if english && !european => false,
                    (None, _) if european && !english => *c == ',',
                    (None, _) => {
                        let plain: String = digits.chars().filter(char::is_ascii_digit).collect();
                        let as_decimal = format!(
                            "{}.{}",
                            before.iter().map(|(_, g)| *g).collect::<String>(),
                            after.iter().map(|(_, g)| *g).collect::<String>()
                        );
                        return Err(AmountError::Ambiguous {
                            text: digits.to_owned(),
                            separator: *c,
                            grouped: to_decimal(&plain, &span)?,
                            decimal: to_decimal(&as_decimal, &span)?.normalize(),
                            span,
                        });
                    }
                };
                decimal_mark.then_some(*i)
            } else if *c == ','
                && cx.currency_first
                && cx.numbers != Some(Numbers::Eu)
                && cx.clue != Some(Numbers::Eu)
            {
                // A comma after a leading symbol or code groups thousands
                // (`$1,500`); before other than three digits it groups
                // nothing (`$1,5000`, `$12,34`, `USD 1,2345`): read as a
                // decimal mark it would be the European convention the
                // text does not settle.
                let as_decimal = format!(
                    "{}.{}",
                    before.iter().map(|(_, g)| *g).collect::<String>(),
                    after.iter().map(|(_, g)| *g).collect::<String>()
                );
                return Err(AmountError::CommaGroupsNothing {
                    text: digits.to_owned(),
                    decimal: to_decimal(&as_decimal, &span)?.normalize(),
                    span,
                });
            } else {
                Some(*i)
            }
        }
        [.., (i, c)] if count(',') > 0 && count('.') > 0 => {
            // Both: the last one marks decimals, once (`1,000.5`, `1.000,5`).
            if count(*c) != 1 {
                return Err(bad());
            }
            Some(*i)
        }
        // One separator, repeated: it groups (`1,000,000`, `1.000.000`).
        _ => None,
    };

    let split = decimal.unwrap_or(parts.len());
    let (int_groups, frac_groups) = parts.split_at(split);
    // The integer part: one grouping separator, a first group of one to
    // three digits, then groups of three.
    let mut grouping = int_groups.iter().skip(1).map(|(s, _)| *s);
    if let Some(first_sep) = grouping.next() {
        let same = grouping.all(|s| s == first_sep);
        let first_ok = int_groups
            .first()
            .is_some_and(|(_, g)| (1..=3).contains(&g.len()));
        let rest_ok = int_groups.iter().skip(1).all(|(_, g)| g.len() == 3);
        if !same || !first_ok || !rest_ok {
            return Err(bad());
        }
    }
    // The fraction: spaces may group it by three from the mark
    // (`1,234.567 891`), never another mark.
    if frac_groups.iter().skip(1).any(|(s, _)| *s != ' ') {
        return Err(bad());
    }
    if let Some((_, rest)) = frac_groups.split_last()
        && !rest.is_empty()
    {
        let last_ok = frac_groups
            .last()
            .is_some_and(|(_, g)| (1..=3).contains(&g.len()));
        if !last_ok || rest.iter().any(|(_, g)| g.len() != 3) {
            return Err(bad());
        }
    }
    let int_part: String = int_groups.iter().map(|(_, g)| *g).collect();
    let frac_part: String = frac_groups.iter().map(|(_, g)| *g).collect();
    let int_part = if int_part.is_empty() {
        "0".to_owned()
    } else {
        int_part
    };
    let text = if frac_part.is_empty() {
        int_part
    } else {
        format!("{int_part}.{frac_part}")
    };
    let value = to_decimal(&text, &span)?;
    let frac_digits = u32::try_from(frac_part.len())
        .map_err(|_| AmountError::TooPrecise { span: span.clone() })?;
    if frac_digits > 28 {
        return Err(AmountError::TooPrecise { span });
    }
    Ok((value, Decimal::new(1, frac_digits)))
}

/// `1,000.5` -> [(' ', "1"), (',', "000"), ('.', "5")]; every space is
/// `' '`, every apostrophe `'\''`.
fn split_separators(digits: &str) -> Vec<(char, &str)> {
    let mut parts = Vec::new();
    let mut sep = ' ';
    let mut start = 0;
    for (i, c) in digits.char_indices() {
        if !c.is_ascii_digit() {
            parts.push((sep, digits.get(start..i).unwrap_or_default()));
            sep = match c {
                '.' | ',' => c,
                c if is_apostrophe(c) => '\'',
                _ => ' ',
            };
            start = i + c.len_utf8();
        }
    }
    parts.push((sep, digits.get(start..).unwrap_or_default()));
    parts
}

pub(super) fn to_decimal(text: &str, span: &Range<usize>) -> Result<Decimal, AmountError> {
    Decimal::from_str_exact(text).map_err(|_| {
        // Too many digits before the point, or after it.
        let int_part = text.split('.').next().unwrap_or_default();
        if Decimal::from_str_exact(int_part).is_err() {
            AmountError::TooLarge { span: span.clone() }
        } else {
            AmountError::TooPrecise { span: span.clone() }
        }
    })
}
