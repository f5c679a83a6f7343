//! Money: an exact decimal amount in a currency, rounded only when shown.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::currency::Currency;

/// An exact amount of a currency. Arithmetic is checked: overflow is a
/// [`MoneyError`], never a panic or a wrong number.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Money {
    /// The exact amount, never rounded by arithmetic.
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
}

/// How a value is rounded to the minor unit when shown.
///
/// | rule | 0.125 | 0.135 | -0.125 | 0.121 | 0.129 |
/// |---|---|---|---|---|---|
/// | `half-up` (default: half away from zero) | 0.13 | 0.14 | -0.13 | 0.12 | 0.13 |
/// | `half-even` (banker's) | 0.12 | 0.14 | -0.12 | 0.12 | 0.13 |
/// | `down` (toward zero) | 0.12 | 0.13 | -0.12 | 0.12 | 0.12 |
/// | `up` (away from zero) | 0.13 | 0.14 | -0.13 | 0.13 | 0.13 |
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Rounding {
    /// Half away from zero: 0.125 -> 0.13, -0.125 -> -0.13.
    #[default]
    HalfUp,
    /// Half to even: 0.125 -> 0.12, 0.135 -> 0.14.
    HalfEven,
    /// Toward zero: 0.129 -> 0.12.
    Down,
    /// Away from zero: 0.121 -> 0.13.
    Up,
}

impl Rounding {
    /// The names the command line takes.
    pub const NAMES: &'static [&'static str] = &["half-up", "half-even", "down", "up"];

    fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::Down => RoundingStrategy::ToZero,
            Rounding::Up => RoundingStrategy::AwayFromZero,
        }
    }

    /// Rounds to `dp` decimals: `round(0.125, 2)` is 0.13 under `half-up`.
    pub fn round(self, value: Decimal, dp: u32) -> Decimal {
        value.round_dp_with_strategy(dp, self.strategy())
    }
}

impl FromStr for Rounding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "half-up" | "half-away-from-zero" => Ok(Rounding::HalfUp),
            "half-even" => Ok(Rounding::HalfEven),
            "down" => Ok(Rounding::Down),
            "up" => Ok(Rounding::Up),
            _ => Err(format!(
                "unknown rounding `{s}`; choose from: {}",
                Rounding::NAMES.join(", ")
            )),
        }
    }
}

impl fmt::Display for Rounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rounding::HalfUp => "half-up",
            Rounding::HalfEven => "half-even",
            Rounding::Down => "down",
            Rounding::Up => "up",
        })
    }
}

/// Arithmetic that left the range of a decimal (about 7.9e28), or divided
/// by zero, or mixed currencies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoneyError {
    /// A result beyond 28 digits.
    Overflow(&'static str),
    /// A division by zero.
    DivisionByZero(&'static str),
    /// Two currencies in one sum.
    Mismatch(Currency, Currency),
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::Overflow(what) => {
                write!(f, "{what} overflows: the result exceeds 28 digits")
            }
            MoneyError::DivisionByZero(what) => write!(f, "{what} divides by zero"),
            MoneyError::Mismatch(a, b) => write!(f, "cannot add {a} and {b} without a rate"),
        }
    }
}

impl std::error::Error for MoneyError {}

impl Money {
    /// Money of an exact amount.
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Zero of a currency.
    pub fn zero(currency: Currency) -> Money {
        Money::new(Decimal::ZERO, currency)
    }

    /// The amount rounded to the currency's minor unit:
    /// 85338795.0249 EUR -> 85338795.02; 10729.5 JPY -> 10730.
    pub fn rounded(&self, rounding: Rounding) -> Decimal {
        let mut r = rounding.round(self.amount, self.currency.minor_units());
        r.rescale(self.currency.minor_units());
        r
    }

    /// The sum of two amounts of one currency.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::Mismatch(self.currency, other.currency));
        }
        let amount = self
            .amount
            .checked_add(other.amount)
            .ok_or(MoneyError::Overflow("a sum"))?;
        Ok(Money::new(amount, self.currency))
    }

    /// The difference of two amounts of one currency.
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::Mismatch(self.currency, other.currency));
        }
        let amount = self
            .amount
            .checked_sub(other.amount)
            .ok_or(MoneyError::Overflow("a difference"))?;
        Ok(Money::new(amount, self.currency))
    }

    /// The amount times a factor.
    pub fn checked_mul(self, factor: Decimal) -> Result<Money, MoneyError> {
        let amount = self
            .amount
            .checked_mul(factor)
            .ok_or(MoneyError::Overflow("a product"))?;
        Ok(Money::new(amount, self.currency))
    }

    /// The amount divided by a divisor.
    pub fn checked_div(self, divisor: Decimal) -> Result<Money, MoneyError> {
        if divisor.is_zero() {
            return Err(MoneyError::DivisionByZero("a quotient"));
        }
        let amount = self
            .amount
            .checked_div(divisor)
            .ok_or(MoneyError::Overflow("a quotient"))?;
        Ok(Money::new(amount, self.currency))
    }
}

/// Writes a decimal as its `Display` does (`85.34`, `-0.05`, `107`,
/// `0.000123`), without going through `fmt`: hot paths write millions.
pub fn push_decimal(out: &mut Vec<u8>, d: Decimal) {
    let mantissa = d.mantissa();
    if mantissa < 0 {
        out.push(b'-');
    }
    let magnitude = mantissa.unsigned_abs();
    // Written as 64-bit halves: a 128-bit itoa divides in 128 bits.
    let (high, low) = match u64::try_from(magnitude) {
        Ok(m) => (0, m),
        Err(_) => {
            const HALF: u128 = 10_000_000_000_000_000_000;
            let (high, low) = (magnitude / HALF, magnitude % HALF);
            (
                u64::try_from(high).unwrap_or(u64::MAX),
                u64::try_from(low).unwrap_or(0),
            )
        }
    };
    push_halves(out, high, low, d.scale());
}

/// Writes `(high x 10^19 + low) / 10^scale` (`low` below 10^19) as
/// [`push_decimal`] writes a decimal: (1, 4_563_862_928_348_909_657, 19)
/// is 1.4563862928348909657.
pub fn push_halves(out: &mut Vec<u8>, high: u64, low: u64, scale: u32) {
    let (mut buf, mut rest) = (itoa::Buffer::new(), itoa::Buffer::new());
    let mut joined = [0_u8; 40];
    let digits = if high == 0 {
        buf.format(low).as_bytes()
    } else {
        let high = buf.format(high).as_bytes();
        let rest = rest.format(low).as_bytes();
        // The high half, then the low one padded to its 19 digits,
        // copied as slices (a byte at a time cost 270 instructions a
        // batch row).
        let n = high.len() + 19;
        let zeros = 19_usize.saturating_sub(rest.len());
        if let Some((h, r)) = joined
            .get_mut(..n)
            .and_then(|s| s.split_at_mut_checked(high.len()))
            && let Some((z, r)) = r.split_at_mut_checked(zeros)
        {
            h.copy_from_slice(high);
            z.fill(b'0');
            r.copy_from_slice(rest);
        }
        joined.get(..n).unwrap_or_default()
    };
    let scale = usize::try_from(scale).unwrap_or(0);
    if scale == 0 {
        out.extend_from_slice(digits);
    } else if digits.len() > scale {
        let (int, frac) = digits.split_at(digits.len() - scale);
        out.extend_from_slice(int);
        out.push(b'.');
        out.extend_from_slice(frac);
    } else {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', scale - digits.len()));
        out.extend_from_slice(digits);
    }
}

/// "00", "01", ... "99": two digits written at once.
pub(crate) const TWO_DIGITS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// [`push_decimal`] into a new string.
pub fn decimal_string(d: Decimal) -> String {
    let mut out = Vec::with_capacity(32);
    push_decimal(&mut out, d);
    String::from_utf8(out).unwrap_or_default()
}

impl fmt::Display for Money {
    /// `85338795.02 EUR`: rounded half up to the minor unit.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.rounded(Rounding::HalfUp), self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::Code;
    use crate::testing::d;

    fn cur(code: &str) -> Currency {
        Currency::iso(Code::new(code).unwrap()).unwrap()
    }

    #[test]
    fn rounding_rules_on_the_documented_numbers() {
        let usd = cur("USD");
        let table = [
            (Rounding::HalfUp, ["0.13", "0.14", "-0.13", "0.12", "0.13"]),
            (
                Rounding::HalfEven,
                ["0.12", "0.14", "-0.12", "0.12", "0.13"],
            ),
            (Rounding::Down, ["0.12", "0.13", "-0.12", "0.12", "0.12"]),
            (Rounding::Up, ["0.13", "0.14", "-0.13", "0.13", "0.13"]),
        ];
        for (rule, expected) in table {
            for (input, want) in ["0.125", "0.135", "-0.125", "0.121", "0.129"]
                .iter()
                .zip(expected)
            {
                assert_eq!(
                    Money::new(d(input), usd).rounded(rule),
                    d(want),
                    "{rule} {input}"
                );
            }
        }
    }

    #[test]
    fn minor_units_per_currency() {
        assert_eq!(
            Money::new(d("10729.5"), cur("JPY")).to_string(),
            "10730 JPY"
        );
        assert_eq!(Money::new(d("1.2345"), cur("BHD")).to_string(), "1.235 BHD");
        assert_eq!(Money::new(d("12.9"), cur("USD")).to_string(), "12.90 USD");
    }

    #[test]
    fn overflow_is_an_error() {
        let big = Money::new(Decimal::MAX, cur("USD"));
        assert_eq!(big.checked_add(big), Err(MoneyError::Overflow("a sum")));
        assert_eq!(
            big.checked_mul(d("2")),
            Err(MoneyError::Overflow("a product"))
        );
        assert!(big.checked_div(Decimal::ZERO).is_err());
        assert!(big.checked_add(Money::zero(cur("EUR"))).is_err());
    }

    proptest::proptest! {
        /// Any decimal is written as `Decimal`'s own `Display` writes it:
        /// every mantissa of 96 bits, either sign, every scale.
        #[test]
        fn decimals_are_written_as_display_writes_them(
            mantissa in -(1_i128 << 96) + 1..(1_i128 << 96),
            scale in 0_u32..=28,
        ) {
            let d = Decimal::from_i128_with_scale(mantissa, scale);
            proptest::prop_assert_eq!(decimal_string(d), d.to_string());
        }
    }
}
