//! Numbers as text, for every layer that words a figure: grouping by
//! thousands, percentages, significant digits. Below `claim` and
//! `report` alike, so neither reaches into the other for them.

use rust_decimal::Decimal;

/// A fraction as a percentage, to four decimals: 0.49 -> `49%`,
/// 0.0633428 -> `6.3343%`; a smaller one to four significant digits, never
/// `0%`: 0.00000000001 -> `0.000000001%`.
pub fn percent(f: Decimal) -> String {
    match f.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) if p.round_dp(4).is_zero() && !p.is_zero() => {
            format!("{}%", significant(p, 4))
        }
        Some(p) => format!("{}%", p.round_dp(4).normalize()),
        None => format!("{}00%", f.normalize()),
    }
}

/// A deviation with its sign: `+0.6334%`, `-5.3009%`, `0%`.
pub fn signed_percent(d: Decimal) -> String {
    let sign = if d.is_zero() || d.is_sign_negative() {
        ""
    } else {
        "+"
    };
    format!("{sign}{}", percent(d))
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
