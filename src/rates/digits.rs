//! A cross rate's digits straight from integers: the quotient of two
//! published rates as a decimal's division gives it, held as two 19-digit
//! halves so that neither finding it nor writing it divides in 128 bits
//! more than twice.

use rust_decimal::Decimal;

/// `10^19`: the size of a half.
const HALF: u64 = 10_000_000_000_000_000_000;

/// `10^n` for every `n` a `u128` holds, looked up rather than raised (a
/// `checked_pow` multiplies in 128 bits once for each bit of `n`).
pub(super) fn ten_to(n: u32) -> Option<u128> {
    #[expect(
        clippy::indexing_slicing,
        reason = "a loop in a constant over the array's own indices"
    )]
    const POWERS: [u128; 39] = {
        let mut p = [1_u128; 39];
        let mut i = 1;
        while i < 39 {
            p[i] = p[i - 1] * 10;
            i += 1;
        }
        p
    };
    POWERS.get(usize::try_from(n).ok()?).copied()
}

/// A positive number of at most 29 digits, `(high x 10^19 + low) /
/// 10^places`, with no trailing zero after the point: what
/// [`Digits::quotient`] finds and [`Digits::push`] writes. 1.1718 is (0,
/// 11718, 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Digits {
    high: u64,
    low: u64,
    places: u32,
}

/// The digits of `2^96`, a decimal's first mantissa past its 96 bits.
const LIMIT: (u64, u64) = (7_922_816_251, 4_264_337_593_543_950_336);
/// `10^28`.
const TEN_28: (u64, u64) = (1_000_000_000, 0);

impl Digits {
    /// `n / d` (each `mantissa / 10^scale`, positive) as a decimal's
    /// division gives it, trailing zeros dropped: rounded half to even at
    /// the most places, at most 28, whose digits fit a decimal's 96 bits.
    /// 1.5895 AUD / 1.0914 USD (the ECB's rates on 2016-01-15) is
    /// 1.45638629283489096573208722741... rounded at 28 places:
    ///
    /// ```
    /// use dealcalc::rates::Digits;
    ///
    /// let rate = Digits::quotient((15_895, 4), (10_914, 4)).unwrap();
    /// assert_eq!(rate.to_decimal().unwrap().to_string(), "1.4563862928348909657320872274");
    /// // An exact quotient keeps only its own digits: 2.5 / 1.25 = 2.
    /// let two = Digits::quotient((25, 1), (125, 2)).unwrap();
    /// assert_eq!(two.to_decimal().unwrap().to_string(), "2");
    /// ```
    ///
    /// None where integers cannot tell (a quotient of 0, past 10^28, or
    /// one that rounds onto 2^96); the decimal division decides those.
    ///
    /// The quotient is found one place past the decimal's at `places`,
    /// in two divisions by `d`: the high half, then the low half from
    /// the high half's remainder. That extra digit and whether anything
    /// is left past it decide every rounding the decimal makes.
    pub fn quotient((nm, ns): (u64, u32), (dm, ds): (u64, u32)) -> Option<Digits> {
        if nm == 0 || dm == 0 || ns > 28 || ds > 28 {
            return None;
        }
        // The whole part has `whole` digits or one fewer, so the quotient
        // at `places` has 29 digits (a decimal's most) or 28.
        let whole =
            i64::from(nm.ilog10()) - i64::from(dm.ilog10()) + 1 + i64::from(ds) - i64::from(ns);
        let places = u32::try_from((29 - whole).clamp(0, 28)).ok()?;
        // `ds + places >= ns`, as a decimal's division scales.
        let shift = (ds + places).checked_sub(ns)? + 1;
        let (next, rest) = long_division(nm, dm, shift)?;
        // The quotient at `places`, its last digit, and whether anything
        // is left past that digit.
        let q = tenth(next);
        let digit = next.1 % 10;
        let (kept, places, bump) = if places < 28 && q < TEN_28 {
            // 28 digits: one more place, if its digit still fits.
            if next < LIMIT {
                (next, places + 1, round_half_even(next, rest, dm))
            } else {
                (q, places, by_digit(q, digit, rest != 0))
            }
        } else if q >= LIMIT {
            // 29 digits past 2^96: one place fewer.
            let kept = tenth(q);
            (
                kept,
                places.checked_sub(1)?,
                by_digit(kept, q.1 % 10, digit != 0 || rest != 0),
            )
        } else {
            (q, places, by_digit(q, digit, rest != 0))
        };
        let (high, low) = plus(kept, bump);
        if (high, low) == (0, 0) || (high, low) >= LIMIT {
            return None;
        }
        Some(Digits { high, low, places }.trimmed())
    }

    /// The digits of a positive decimal (a rate the decimal path found),
    /// trailing zeros dropped.
    pub fn of(d: Decimal) -> Option<Digits> {
        let m = u128::try_from(d.mantissa()).ok().filter(|m| *m > 0)?;
        let half = u128::from(HALF);
        Some(
            Digits {
                high: u64::try_from(m / half).ok()?,
                low: u64::try_from(m % half).ok()?,
                places: d.scale(),
            }
            .trimmed(),
        )
    }

    /// As a decimal: always one, the digits fit 96 bits.
    pub fn to_decimal(self) -> Option<Decimal> {
        let m = u128::from(self.high) * u128::from(HALF) + u128::from(self.low);
        Decimal::try_from_i128_with_scale(i128::try_from(m).ok()?, self.places).ok()
    }

    /// Writes the number as [`crate::money::push_decimal`] writes its
    /// decimal: 1.4563862928348909657320872274.
    pub fn push(self, out: &mut Vec<u8>) {
        crate::money::push_halves(out, self.high, self.low, self.places);
    }

    /// Trailing zeros after the point dropped, in 64 bits: 11.7180 (0,
    /// 117180, 4) is (0, 11718, 3).
    fn trimmed(self) -> Digits {
        let Digits { high, low, places } = self;
        let zeros = |mut x: u64, most: u32| {
            let mut n = 0;
            while n < most && x % 10 == 0 {
                x /= 10;
                n += 1;
            }
            n
        };
        let n = match (high, low) {
            (_, 1..) => zeros(low, places),
            (1.., 0) if places < 19 => places,
            (1.., 0) => 19 + zeros(high, places - 19),
            (0, 0) => 0,
        };
        match n {
            0 => self,
            // The high half's last n digits move to the low half's top.
            1..19 => {
                let p = 10_u64.pow(n);
                Digits {
                    high: high / p,
                    low: (high % p) * (HALF / p) + low / p,
                    places: places - n,
                }
            }
            _ => Digits {
                high: 0,
                low: high / 10_u64.pow(n - 19),
                places: places - n,
            },
        }
    }
}

/// `floor(n x 10^shift / d)` as two halves, and its remainder: the high
/// half from `n x 10^(shift - 19)` (or `n x 10^shift` over `d x 10^19`),
/// the low half from what that leaves. None where the high half would
/// pass 64 bits.
fn long_division(n: u64, d: u64, shift: u32) -> Option<((u64, u64), u128)> {
    let d = u128::from(d);
    let (high, left) = if let Some(up) = shift.checked_sub(19) {
        let x = u128::from(n).checked_mul(ten_to(up)?)?;
        let high = x / d;
        (high, (x - high * d) * u128::from(HALF))
    } else {
        let x = u128::from(n) * ten_to(shift)?;
        let whole = d * u128::from(HALF);
        let high = x / whole;
        (high, x - high * whole)
    };
    // `left < d x 10^19`, so the low half is below 10^19.
    let low = left / d;
    let rest = left - low * d;
    Some(((u64::try_from(high).ok()?, u64::try_from(low).ok()?), rest))
}

/// Whether `q` rounds up, half to even, with `rest / d` left over.
fn round_half_even(q: (u64, u64), rest: u128, d: u64) -> bool {
    let twice = rest.saturating_mul(2);
    let d = u128::from(d);
    twice > d || (twice == d && q.1 % 2 == 1)
}

/// Whether `kept` rounds up, half to even, by the digit after it and
/// whether anything is left past that digit.
fn by_digit(kept: (u64, u64), digit: u64, rest: bool) -> bool {
    digit > 5 || (digit == 5 && (rest || kept.1 % 2 == 1))
}

/// `x / 10`, rounded down, in halves.
fn tenth((high, low): (u64, u64)) -> (u64, u64) {
    (high / 10, (high % 10) * (HALF / 10) + low / 10)
}

/// `x + 1` where `one`, in halves.
fn plus((high, low): (u64, u64), one: bool) -> (u64, u64) {
    match low + u64::from(one) {
        HALF => (high + 1, 0),
        low => (high, low),
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use proptest::prelude::*;

    use super::Digits;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(4000)
        ))]

        /// The integer quotient is the decimal division's, digit for digit,
        /// wherever it gives one; and it gives one for every quotient below
        /// 10^26 that does not round onto a decimal's last mantissa or to 0.
        /// Written, it is what `Display` writes of the decimal.
        #[test]
        fn integer_quotient_equals_decimal_division(
            nm in digits(),
            ns in 0_u32..13,
            dm in digits(),
            ds in 0_u32..13,
        ) {
            let n = Decimal::new(i64::try_from(nm).unwrap(), ns);
            let d = Decimal::new(i64::try_from(dm).unwrap(), ds);
            let decimal = n.checked_div(d).map(|q| q.normalize());
            match Digits::quotient((nm, ns), (dm, ds)) {
                Some(q) => {
                    let fast = q.to_decimal();
                    prop_assert_eq!(fast, decimal);
                    prop_assert_eq!(fast.map(|d| d.scale()), decimal.map(|d| d.scale()));
                    let mut text = Vec::new();
                    q.push(&mut text);
                    prop_assert_eq!(String::from_utf8(text).unwrap(), decimal.unwrap().to_string());
                    prop_assert_eq!(Digits::of(decimal.unwrap()), Some(q));
                }
                // Only past a decimal's range, or a rounding onto 2^96.
                None => prop_assert!(
                    decimal.is_none_or(|q| q.is_zero() || q >= Decimal::from(10_u128.pow(26))
                        || q.mantissa() > (1 << 96) - 1000),
                    "no integer quotient for {n} / {d}"
                ),
            }
        }

        /// Trailing zeros go whichever half they are in, and no further
        /// than the point.
        #[test]
        fn digits_of_a_decimal_drop_their_trailing_zeros(
            m in 1_u128..(1 << 96),
            scale in 0_u32..29,
        ) {
            let d = Decimal::from_i128_with_scale(i128::try_from(m).unwrap(), scale);
            let digits = Digits::of(d).unwrap();
            prop_assert_eq!(digits.to_decimal(), Some(d.normalize()));
            prop_assert_eq!(digits.to_decimal().unwrap().scale(), d.normalize().scale());
        }
    }

    /// A rate's digits: mostly any up to nineteen (below 2^63, as a
    /// decimal's `new` takes them), some of them near the values whose
    /// quotients land next to a decimal's 2^96 (7.92281625... x 10^j),
    /// where its division drops a digit and rounds.
    fn digits() -> impl Strategy<Value = u64> {
        prop_oneof![
            6 => 1_u64..9_000_000_000_000_000_000,
            2 => 1_u64..100_000,
            2 => (0_u32..12, -1000_i64..1000).prop_map(|(j, near)| {
                let edge = 79_228_162_514_264_337_593_543_950_336_u128 / 10_u128.pow(28 - j);
                u64::try_from(edge).unwrap().saturating_add_signed(near).max(1)
            }),
        ]
    }

    /// Digits with zeros in both halves: 1.000...0 (29 digits, 28 places)
    /// is 1; 10^19 at 19 places is 1; 12.50 is 12.5.
    #[test]
    fn trailing_zeros_in_either_half() {
        let of = |m: i128, s: u32| {
            Digits::of(Decimal::from_i128_with_scale(m, s))
                .unwrap()
                .to_decimal()
                .unwrap()
                .to_string()
        };
        assert_eq!(of(10_i128.pow(28), 28), "1");
        assert_eq!(of(10_i128.pow(19), 19), "1");
        assert_eq!(of(1250, 2), "12.5");
        assert_eq!(of(10_i128.pow(20) + 10, 2), "1000000000000000000.1");
        assert_eq!(of(10_i128.pow(20), 0), "100000000000000000000");
    }
}
