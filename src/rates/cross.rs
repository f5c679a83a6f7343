//! Cross rates: a conversion through the base currency as one exact
//! fraction.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::error::RateError;
use super::{Quote, RateTable};
use crate::currency::Currency;
use crate::money::Rounding;

/// The rates of a conversion: each currency's rate against the base, or
/// none for the base itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cross {
    /// Rate of the currency converted from.
    pub from: Option<Quote>,
    /// Rate of the currency converted into.
    pub to: Option<Quote>,
}

impl Cross {
    /// The cross rate as one fraction: `to / from`, each leg itself a
    /// fraction (an inverse rate is 1 over its published figure).
    fn fraction(&self) -> Result<(Decimal, Decimal), RateError> {
        let one = (Decimal::ONE, Decimal::ONE);
        let (f, t) = (
            self.from.map_or(one, |q| q.ratio),
            self.to.map_or(one, |q| q.ratio),
        );
        let mul = |a: Decimal, b: Decimal| a.checked_mul(b).ok_or(RateError::Overflow);
        Ok((mul(t.0, f.1)?, mul(f.0, t.1)?))
    }

    /// `amount * to_rate / from_rate`, multiplying first: one rounding.
    /// With an inverse rate (dollars per euro, 1.2136), 100 EUR is 100 x
    /// 1.2136 = 121.36 USD exactly.
    pub fn apply(&self, amount: Decimal) -> Result<Decimal, RateError> {
        let (numerator, denominator) = self.fraction()?;
        let product = amount.checked_mul(numerator).ok_or(RateError::Overflow)?;
        if denominator == Decimal::ONE {
            return Ok(product);
        }
        product.checked_div(denominator).ok_or(RateError::Overflow)
    }

    /// `amount * to_rate / from_rate` rounded once to the minor unit of
    /// `to`: what rounding [`Cross::apply`]'s result gives, computed
    /// with one 128-bit integer division where the figures fit (the
    /// batch's common case), and by [`Cross::apply`] otherwise. 6,608,205.51
    /// USD into AUD on 2016-01-15 (the ECB's 1.5895 AUD and 1.0914 USD a
    /// euro) is 660,820,551 x 15,895 / (10,914 x 10^4) cents = 962,409,992.5
    /// exactly, so 9,624,099.93 half up and 9,624,099.92 half even.
    pub fn apply_rounded(
        &self,
        amount: Decimal,
        to: Currency,
        rounding: Rounding,
    ) -> Result<Decimal, RateError> {
        if let Some(r) = self.integer_rounded(amount, to.minor_units(), rounding) {
            return Ok(r);
        }
        let exact = super::to_minor_unit(self.apply(amount)?, to)?;
        Ok(crate::money::Money::new(exact, to).rounded(rounding))
    }

    /// `amount * to_rate / from_rate` as a decimal that rounds to the
    /// minor unit of `to` exactly as the exact result does, under every
    /// rounding rule. That is [`Cross::apply`]'s decimal wherever it rounds
    /// so; a decimal's 28 digits rounded once, then again to the cent, can
    /// round twice: -157,895,086,235.91 at a cross rate of 42,596,892.56 x
    /// 4,172,305.618 is exactly ...385.0346928, half up .03, and rounded to
    /// 28 digits first, .04. There the result is cut two places past the
    /// minor unit with a last digit of 1 (no tie where there is none, none
    /// lost), and past what that leaves a decimal, it is an error. The
    /// exact rounding is computed with integers, as wide as the figures
    /// need.
    pub fn apply_for_minor_unit(
        &self,
        amount: Decimal,
        to: Currency,
    ) -> Result<Decimal, RateError> {
        use num_bigint::BigUint;
        let decimal = self.apply(amount)?;
        let (n, d) = self.fraction()?;
        let k = to.minor_units();
        let beyond = RateError::BeyondMinorUnit { currency: to };
        let big = |m: i128| BigUint::from(m.unsigned_abs());
        let (nm, dm) = (big(n.mantissa()), big(d.mantissa()));
        if dm == BigUint::ZERO {
            return Err(RateError::Overflow);
        }
        // In units of 10^-(k + 2): a x n / (d x 10^(sa + sn - sd - k - 2)).
        let places = k + 2;
        let (up, down) = (d.scale() + places, amount.scale() + n.scale());
        let ten = BigUint::from(10_u32);
        let (x, y) = if up >= down {
            (big(amount.mantissa()) * nm * ten.pow(up - down), dm)
        } else {
            (big(amount.mantissa()) * nm, dm * ten.pow(down - up))
        };
        let (q, r) = (&x / &y, &x % &y);
        let negative = amount.is_sign_negative() != n.is_sign_negative();
        let make = |units: &BigUint, scale: u32| -> Option<Decimal> {
            let units = i128::try_from(units.clone()).ok()?;
            Decimal::try_from_i128_with_scale(if negative { -units } else { units }, scale).ok()
        };
        // The exact result rounded to the minor unit by each rule: the
        // whole units, and the part past them as num / den.
        let hundred = BigUint::from(100_u32);
        let (units, num, den) = (&q / &hundred, (&q % &hundred) * &y + &r, &y * &hundred);
        let twice = &num * 2_u32;
        let exact = |rule: Rounding| -> Option<Decimal> {
            let bump = match rule {
                Rounding::HalfUp => twice >= den,
                Rounding::HalfEven => twice > den || (twice == den && units.bit(0)),
                Rounding::Down => false,
                Rounding::Up => num > BigUint::ZERO,
            };
            make(&(&units + u32::from(bump)), k)
        };
        let rules = [
            Rounding::HalfUp,
            Rounding::HalfEven,
            Rounding::Down,
            Rounding::Up,
        ];
        if rules
            .iter()
            .all(|rule| exact(*rule).is_some_and(|e| rule.round(decimal, k) == e))
        {
            return super::to_minor_unit(decimal, to);
        }
        let value = if r == BigUint::ZERO {
            make(&q, places)
        } else {
            make(&(&q / &ten * &ten + 1_u32), places)
        };
        super::to_minor_unit(value.ok_or(beyond)?.normalize(), to)
    }

    /// The integer path of [`Cross::apply_rounded`]: with `amount = a /
    /// 10^sa` and the cross rate `n / d` (each a decimal `m / 10^s`), the
    /// result in units of `10^-k` is `a x n_m x 10^(d_s + k) / (d_m x
    /// 10^(sa + n_s))`: a quotient and a remainder, rounded by the
    /// remainder. None where a figure leaves `u128`, or the result would
    /// not fit a decimal to the minor unit (the other path says why).
    fn integer_rounded(&self, amount: Decimal, k: u32, rounding: Rounding) -> Option<Decimal> {
        let (n, d) = self.fraction().ok()?;
        rounded_units(
            amount,
            (u128::try_from(n.mantissa()).ok()?, n.scale()),
            (u128::try_from(d.mantissa()).ok()?, d.scale()),
            k,
            rounding,
        )
    }

    /// Units of `to` per unit of `from`. A rate too small for 28 decimal
    /// places (1 JPY in a currency worth 10^54 yen) is an error, never 0.
    pub fn rate(&self) -> Result<Decimal, RateError> {
        let (numerator, denominator) = self.fraction()?;
        if denominator == Decimal::ONE {
            return Ok(numerator);
        }
        let rate = numerator
            .checked_div(denominator)
            .ok_or(RateError::Overflow)?;
        if rate.is_zero() {
            return Err(RateError::Underflow);
        }
        Ok(rate)
    }

    /// Units of `from` per unit of `to`: the rate the other way round, from
    /// the same published figures, so USD into EUR on 2025-07-08 (0.85338795
    /// EUR a dollar) quotes 1 EUR = 1.1718 USD exactly, not 1/0.85338795...
    pub fn inverse(&self) -> Result<Decimal, RateError> {
        Cross {
            from: self.to,
            to: self.from,
        }
        .rate()
    }

    /// The older of the two rates' dates (`on` when both are the base).
    pub fn rate_date(&self, on: NaiveDate) -> NaiveDate {
        match (self.from, self.to) {
            (Some(a), Some(b)) => a.date.min(b.date),
            (Some(q), None) | (None, Some(q)) => q.date,
            (None, None) => on,
        }
    }
}

/// `amount x n / d` in units of `10^-k`, rounded once by `rounding`: with
/// `amount = a / 10^sa` and `n`, `d` each `mantissa / 10^scale`, the
/// quotient and remainder of `a x n_m x 10^(d_s + k) / (d_m x 10^(sa +
/// n_s))`. None where a figure leaves `u128`, a mantissa is 0, or the
/// result would not fit a decimal to the minor unit.
pub(super) fn rounded_units(
    amount: Decimal,
    (nm, ns): (u128, u32),
    (dm, ds): (u128, u32),
    k: u32,
    rounding: Rounding,
) -> Option<Decimal> {
    if nm == 0 || dm == 0 {
        return None;
    }
    let a = amount.mantissa().unsigned_abs();
    let (up, down) = (ds + k, amount.scale() + ns);
    let (x, y) = if up >= down {
        let scale = super::digits::ten_to(up - down)?;
        (a.checked_mul(nm)?.checked_mul(scale)?, dm)
    } else {
        let scale = super::digits::ten_to(down - up)?;
        (a.checked_mul(nm)?, dm.checked_mul(scale)?)
    };
    let (q, r) = (x / y, x % y);
    // Past 10^28 units the exact result has no minor unit in a decimal.
    if q >= 10_u128.pow(28) {
        return None;
    }
    let twice = r.checked_mul(2)?;
    let bump = match rounding {
        Rounding::HalfUp => twice >= y,
        Rounding::HalfEven => twice > y || (twice == y && q % 2 == 1),
        Rounding::Down => false,
        Rounding::Up => r > 0,
    };
    let q = i128::try_from(q + u128::from(bump)).ok()?;
    let signed = if amount.is_sign_negative() { -q } else { q };
    Decimal::try_from_i128_with_scale(signed, k).ok()
}

impl RateTable {
    /// The two rates against the base that convert `from` into `to` on a
    /// date; no allocation, for converting many amounts.
    pub fn cross(&self, from: Currency, to: Currency, on: NaiveDate) -> Result<Cross, RateError> {
        let leg = |c: Currency| -> Result<Option<Quote>, RateError> {
            if c == self.base {
                Ok(None)
            } else {
                self.quote(c, on).map(Some)
            }
        };
        let from_quote = leg(from)?;
        let to_quote = if to == from { from_quote } else { leg(to)? };
        Ok(Cross {
            from: from_quote,
            to: to_quote,
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::Cross;
    use crate::money::Rounding;
    use crate::rates::{Freshness, Quote, RateError};

    /// A leg: none (the base), a rate as published (`1.1718`), or its
    /// inverse (`1/1.2136`); half the time a rate such as 2, 0.5 or 1.25,
    /// whose quotients end, so that exact half-cent ties come up often.
    fn leg() -> impl Strategy<Value = Option<(i64, u32, bool)>> {
        proptest::option::of(prop_oneof![
            (1_i64..10_000_000_000, 0_u32..7, any::<bool>()),
            (
                prop::sample::select(vec![1_i64, 2, 4, 5, 8, 25, 125]),
                0_u32..4,
                any::<bool>()
            ),
        ])
    }

    fn quote(l: Option<(i64, u32, bool)>) -> Option<Quote> {
        let (m, s, inverse) = l?;
        let published = Decimal::new(m, s);
        let ratio = if inverse {
            (Decimal::ONE, published)
        } else {
            (published, Decimal::ONE)
        };
        Some(Quote {
            currency: crate::testing::usd("1").currency,
            rate: published,
            ratio,
            date: NaiveDate::MIN,
            freshness: Freshness {
                stale: false,
                latest_available: false,
            },
            fixed_since: None,
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2000)
        ))]

        /// The integer path gives what rounding the decimal path's result
        /// gives, for every rounding, on random amounts and rates
        /// (published or inverse, up to ten digits and six decimals), for
        /// results below 10^15, where the decimal quotient's 28 digits
        /// keep ten or more past the minor unit. Past that, the decimal
        /// path rounds twice and the integer path is the exact one (see
        /// the test below).
        #[test]
        fn integer_rounding_equals_decimal_rounding(
            from in leg(),
            to in leg(),
            mantissa in -1_000_000_000_000_000_i64..1_000_000_000_000_000,
            scale in 0_u32..5,
            k in prop::sample::select(vec![0_u32, 2, 3]),
            rounding in prop::sample::select(vec![
                Rounding::HalfUp, Rounding::HalfEven, Rounding::Down, Rounding::Up,
            ]),
        ) {
            let cross = Cross { from: quote(from), to: quote(to) };
            let amount = Decimal::new(mantissa, scale);
            if let (Some(fast), Ok(exact)) = (cross.integer_rounded(amount, k, rounding), cross.apply(amount))
                && exact.abs() < Decimal::from(1_000_000_000_000_000_i64)
            {
                let mut slow = rounding.round(exact, k);
                slow.rescale(k);
                prop_assert_eq!(fast.to_string(), slow.to_string());
            }
        }
    }

    /// The worked example of [`Cross::apply_rounded`]: 6,608,205.51 USD
    /// into AUD on 2016-01-15 is 9,624,099.925 AUD exactly (Python's
    /// `Fraction('6608205.51') * Fraction('1.5895') / Fraction('1.0914')`
    /// is 384963997/40).
    #[test]
    fn a_half_cent_tie_rounds_by_the_rule() {
        let cross = Cross {
            from: quote(Some((10_914, 4, false))),
            to: quote(Some((15_895, 4, false))),
        };
        let amount = Decimal::new(660_820_551, 2);
        let at = |r| cross.integer_rounded(amount, 2, r).unwrap().to_string();
        assert_eq!(at(Rounding::HalfUp), "9624099.93");
        assert_eq!(at(Rounding::HalfEven), "9624099.92");
        assert_eq!(at(Rounding::Down), "9624099.92");
        assert_eq!(at(Rounding::Up), "9624099.93");
    }

    /// Where a result fills a decimal's 28 digits to the cent, the decimal
    /// quotient is itself rounded at the cent, so rounding it again
    /// cannot follow the rule; the integer path can. -157,895,086,235.91
    /// at a cross rate of 42,596,892.56 x 4,172,305.618 is exactly
    /// -28,062,260,118,501,065,678,997,385.0346928 (Python's fractions:
    /// -17538912574063166049373365646683/625000): half up, .03, where the
    /// decimal path says .04.
    #[test]
    fn a_full_decimal_is_rounded_once() {
        let cross = Cross {
            from: quote(Some((4_172_305_618, 3, true))),
            to: quote(Some((4_259_689_256, 2, false))),
        };
        let amount = Decimal::new(-15_789_508_623_591, 2);
        let fast = cross.integer_rounded(amount, 2, Rounding::HalfUp).unwrap();
        assert_eq!(fast.to_string(), "-28062260118501065678997385.03");
        let twice = Rounding::HalfUp.round(cross.apply(amount).unwrap(), 2);
        assert_eq!(twice.to_string(), "-28062260118501065678997385.04");
        // Convert's path holds it to two more places with a last digit of
        // 1 only where that fits 28 digits: here it would not, so it is an
        // error rather than .04.
        let usd = crate::currency::Currency::iso(crate::amount::Code::new("USD").unwrap()).unwrap();
        assert!(matches!(
            cross.apply_for_minor_unit(amount, usd),
            Err(RateError::BeyondMinorUnit { .. })
        ));
        // A tenth of it fits: -15,789,508,623.591 at the same rate is
        // exactly -2,806,226,011,850,106,567,899,738.50346928 (the same
        // fraction over 10); the decimal's ...738.5035 rounds as it does:
        // .50 half up, half even and down, .51 up.
        let small = Decimal::new(-15_789_508_623_591, 3);
        let held = cross.apply_for_minor_unit(small, usd).unwrap();
        assert_eq!(held.to_string(), "-2806226011850106567899738.5035");
        for (rule, cents) in [
            (Rounding::HalfUp, "-2806226011850106567899738.50"),
            (Rounding::HalfEven, "-2806226011850106567899738.50"),
            (Rounding::Down, "-2806226011850106567899738.50"),
            (Rounding::Up, "-2806226011850106567899738.51"),
        ] {
            assert_eq!(rule.round(held, 2).to_string(), cents, "{rule}");
            assert_eq!(
                cross.integer_rounded(small, 2, rule).unwrap().to_string(),
                cents,
                "{rule}"
            );
        }
    }

    proptest! {
        /// The minor-unit path rounds as the exact integer path does,
        /// under every rule, wherever both give a result, on amounts up to
        /// 10^26 units, where the decimal path's 28 digits run out.
        #[test]
        fn minor_unit_path_rounds_as_the_exact_one(
            from in leg(),
            to in leg(),
            mantissa in -10_i128.pow(26)..10_i128.pow(26),
            scale in 0_u32..6,
        ) {
            let cross = Cross { from: quote(from), to: quote(to) };
            let amount = Decimal::from_i128_with_scale(mantissa, scale);
            let usd = crate::currency::Currency::iso(crate::amount::Code::new("USD").unwrap()).unwrap();
            if let Ok(held) = cross.apply_for_minor_unit(amount, usd) {
                for rule in [Rounding::HalfUp, Rounding::HalfEven, Rounding::Down, Rounding::Up] {
                    if let Some(exact) = cross.integer_rounded(amount, 2, rule) {
                        prop_assert_eq!(rule.round(held, 2), exact);
                    }
                }
            }
        }
    }
}
