//! Numbers as text, for every layer that words a figure: grouping by
//! thousands, percentages, significant digits. Below `claim` and
//! `report` alike, so neither reaches into the other for them.

use rust_decimal::Decimal;

/// A fraction as a percentage, to four decimals: 0.49 -> `49%`,
/// 0.0633428 -> `6.3343%`; a smaller one to four significant digits, never
/// `0%`: 0.00000000001 -> `0.000000001%`; and never a whole `100%` that is
/// not: 0.999999999999999 -> `99.9999999999999%`.
///
/// ```
/// use dealcalc::numbers::percent;
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// assert_eq!(percent(d("0.0633428")), "6.3343%");
/// assert_eq!(percent(d("0.999999999999999999999999999")), "99.9999999999999999999999999%");
/// assert_eq!(percent(d("0.999999")), "99.9999%");
/// assert_eq!(percent(d("0.99999999")), "99.999999%");
/// assert_eq!(percent(d("1")), "100%");
/// ```
pub fn percent(f: Decimal) -> String {
    match f.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) if p.round_dp(4).is_zero() && !p.is_zero() => {
            format!("{}%", significant(p, 4))
        }
        Some(p) => {
            let mut dp = 4;
            let mut shown = p.round_dp(dp);
            while shown.abs() == Decimal::ONE_HUNDRED && shown != p && dp < p.scale() {
                dp += 1;
                shown = p.round_dp(dp);
            }
            format!("{}%", shown.normalize())
        }
        None => format!("{}00%", f.normalize()),
    }
}

/// Why a number written in full cannot be read: it is past a decimal's
/// 28 digits.
pub const TOO_MANY_DIGITS: &str =
    "has more digits than a decimal holds: 28 in all, at most 28 after the point";

/// A decimal read exactly as written (`1.1718`, `1_000`, `1.5e3` where the
/// caller takes exponents), or why it cannot be: a decimal holds 28 digits,
/// so a 30-decimal rate is refused by its limit, not as "not a number".
///
/// ```
/// use dealcalc::numbers::exact_decimal;
/// assert_eq!(exact_decimal("1.1718").unwrap().to_string(), "1.1718");
/// assert_eq!(exact_decimal("1.5e3").unwrap().to_string(), "1500");
/// assert_eq!(
///     exact_decimal("1.123456789012345678901234567891").unwrap_err(),
///     "has more digits than a decimal holds: 28 in all, at most 28 after the point",
/// );
/// assert_eq!(exact_decimal("1.2.3").unwrap_err(), "is not a decimal number");
/// ```
pub fn exact_decimal(text: &str) -> Result<Decimal, &'static str> {
    let parsed = if text.contains(['e', 'E']) {
        Decimal::from_scientific(text)
    } else {
        Decimal::from_str_exact(text)
    };
    parsed.map_err(|_| {
        let digits = text.trim_start_matches(['-', '+']);
        let mut parts = digits.splitn(2, '.');
        let shaped = parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if shaped {
            TOO_MANY_DIGITS
        } else {
            "is not a decimal number"
        }
    })
}

/// A plain decimal such as `1234.5` (digits and at most one point, no
/// separators, scale, sign or currency), read straight from its digits.
/// `1.000` (one to three digits, a point, three digits) is left to the
/// full grammar, which refuses it unless the convention is known.
///
/// ```
/// use dealcalc::numbers::plain_number;
///
/// assert_eq!(plain_number(b"9482522.87").unwrap().to_string(), "9482522.87");
/// assert_eq!(plain_number(b"0.5").unwrap().to_string(), "0.5");
/// assert!(plain_number(b"1.000").is_none()); // one thousand, or one?
/// assert!(plain_number(b"1,000").is_none());
/// assert!(plain_number(b"-5").is_none());
/// ```
pub fn plain_number(b: &[u8]) -> Option<Decimal> {
    // `5.` and `.5` are left to the full grammar, which reads them as the
    // command line does (`.5`) or refuses them (`5.`).
    if b.is_empty() || b.len() > 28 || b.ends_with(b".") || b.starts_with(b".") {
        return None;
    }
    let point = b.iter().position(|c| *c == b'.');
    if let Some(point) = point
        && b.len() - point == 4
        && (1..=3).contains(&point)
        && b.first() != Some(&b'0')
    {
        return None;
    }
    // The digits before the point and after it (a second point is not a
    // digit, so it is refused below).
    let (whole, fraction) = match point {
        Some(p) => (b.get(..p)?, b.get(p + 1..)?),
        None => (b, &b""[..]),
    };
    let scale = u32::try_from(fraction.len()).ok()?;
    // Up to 19 digits fit 64 bits, whose arithmetic is cheaper.
    let mantissa = if b.len() <= 19 {
        i128::from(digits_of::<u64>(fraction, digits_of::<u64>(whole, 0)?)?)
    } else {
        digits_of::<i128>(fraction, digits_of::<i128>(whole, 0)?)?
    };
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}

/// `start` followed by the digits of `b`, as one integer; none for
/// anything but digits.
fn digits_of<T>(b: &[u8], start: T) -> Option<T>
where
    T: Copy + From<u8> + std::ops::Mul<Output = T> + std::ops::Add<Output = T>,
{
    let ten = T::from(10);
    b.iter().try_fold(start, |m, c| {
        let d = c.wrapping_sub(b'0');
        (d < 10).then(|| m * ten + T::from(d))
    })
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

#[cfg(test)]
mod tests {
    use super::plain_number;
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    proptest! {
        /// Digits with or without a point, up to 28 characters, 64 bits
        /// and past them: read as `Decimal` reads them, where it reads
        /// them at all (a point followed by three digits after one to
        /// three is left to the full grammar).
        #[test]
        fn plain_numbers_read_as_decimal_reads_them(
            int in "[0-9]{1,20}",
            frac in proptest::option::of("[0-9]{1,9}"),
        ) {
            let text = match &frac {
                Some(f) => format!("{int}.{f}"),
                None => int.clone(),
            };
            let ambiguous = frac.as_ref().is_some_and(|f| f.len() == 3)
                && (1..=3).contains(&int.len())
                && !int.starts_with('0');
            match plain_number(text.as_bytes()) {
                Some(d) => prop_assert_eq!(Some(d), Decimal::from_str(&text).ok()),
                None => prop_assert!(ambiguous || text.len() > 28, "{}", text),
            }
        }
    }
}
