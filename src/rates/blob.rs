//! The packed form of a rate table, made at build time from `rates/ecb.toml`
//! and read in place at run time, so the built-in history costs no start-up
//! time. Only `std` here: `build.rs` compiles this file too.
//!
//! Layout, little-endian: `DCRT` and a version byte; the source (u32 length
//! and UTF-8); the base code (3 bytes); the first and last date and the
//! number of dates (days since 0001-01-01 as i32, counting it as day 1, as
//! chrono's `num_days_from_ce`; then u32); the declared currencies (u16
//! count; each code, minor units u8, u16 length and name); the series (u16
//! count; each code, u32 count, then that many 13-byte records: day i32,
//! mantissa i64, scale u8).

/// Bytes per rate record.
pub const RECORD: usize = 13;

const MAGIC: &[u8; 5] = b"DCRT\x01";

/// Days since 0001-01-01 counted from 1, for a proleptic Gregorian date:
/// 1999-01-04 -> 729758.
pub fn days_from_ce(year: i32, month: u32, day: u32) -> i32 {
    // Howard Hinnant's days_from_civil, shifted to chrono's epoch.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i32::try_from(month).unwrap_or(1);
    let d = i32::try_from(day).unwrap_or(1);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 305
}

/// The proleptic Gregorian date of a day counted as [`days_from_ce`]
/// counts: 729758 -> (1999, 1, 4).
pub fn civil_from_ce(day: i32) -> (i32, u32, u32) {
    // Howard Hinnant's civil_from_days, from chrono's epoch, in unsigned
    // arithmetic (a signed division by a constant costs more): every
    // `i32` day is moved ERAS 400-year eras later, so none is negative.
    const ERAS: i64 = 14_700;
    let z = u64::try_from(i64::from(day) + 305 + 146_097 * ERAS).unwrap_or(0);
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = i64::try_from(yoe + era * 400).unwrap_or(0) - ERAS * 400 + i64::from(m <= 2);
    (
        i32::try_from(y).unwrap_or(i32::MIN),
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

/// `"1.1718"` -> (11718, 4); `"136"` -> (136, 0); `"1_000.5"` -> (10005, 1).
/// Anything but digits, one dot and underscores is refused.
pub fn parse_plain_decimal(text: &str) -> Option<(i64, u8)> {
    let mut mantissa: i64 = 0;
    let mut scale: Option<u8> = None;
    let mut digits = 0;
    for c in text.chars() {
        match c {
            '0'..='9' => {
                mantissa = mantissa
                    .checked_mul(10)?
                    .checked_add(i64::from(c.to_digit(10)?))?;
                digits += 1;
                if let Some(s) = scale.as_mut() {
                    *s = s.checked_add(1)?;
                }
            }
            '.' if scale.is_none() => scale = Some(0),
            '_' => {}
            _ => return None,
        }
    }
    if digits == 0 || scale.is_some_and(|s| s > 28) {
        return None;
    }
    Some((mantissa, scale.unwrap_or(0)))
}

/// One rate: (day, mantissa, scale).
pub type Record = (i32, i64, u8);

/// Everything a packed table holds, for [`encode`].
#[derive(Debug, Default)]
pub struct Contents {
    /// Where the rates come from.
    pub source: String,
    /// The base code.
    pub base: [u8; 3],
    /// First and last date, as days from CE.
    pub first: i32,
    /// See `first`.
    pub last: i32,
    /// How many dates the table has.
    pub date_count: u32,
    /// (code, minor units, name).
    pub declared: Vec<([u8; 3], u8, String)>,
    /// (code, [(day, mantissa, scale)]), each series sorted by day.
    pub series: Vec<([u8; 3], Vec<Record>)>,
}

/// Packs a table.
pub fn encode(c: &Contents) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    put_str32(&mut out, &c.source);
    out.extend_from_slice(&c.base);
    out.extend_from_slice(&c.first.to_le_bytes());
    out.extend_from_slice(&c.last.to_le_bytes());
    out.extend_from_slice(&c.date_count.to_le_bytes());
    out.extend_from_slice(&u16::try_from(c.declared.len()).unwrap_or(0).to_le_bytes());
    for (code, minor, name) in &c.declared {
        out.extend_from_slice(code);
        out.push(*minor);
        out.extend_from_slice(&u16::try_from(name.len()).unwrap_or(0).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
    }
    out.extend_from_slice(&u16::try_from(c.series.len()).unwrap_or(0).to_le_bytes());
    for (code, points) in &c.series {
        out.extend_from_slice(code);
        out.extend_from_slice(&u32::try_from(points.len()).unwrap_or(0).to_le_bytes());
        for (day, mantissa, scale) in points {
            out.extend_from_slice(&day.to_le_bytes());
            out.extend_from_slice(&mantissa.to_le_bytes());
            out.push(*scale);
        }
    }
    out
}

fn put_str32(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&u32::try_from(s.len()).unwrap_or(0).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// A packed table, read in place: only the header is decoded.
#[derive(Debug)]
pub struct Packed<'a> {
    /// Where the rates come from.
    pub source: &'a str,
    /// The base code.
    pub base: [u8; 3],
    /// First date, days from CE.
    pub first: i32,
    /// Last date, days from CE.
    pub last: i32,
    /// How many dates.
    pub date_count: u32,
    /// (code, minor units, name).
    pub declared: Vec<([u8; 3], u8, &'a str)>,
    /// (code, records): `records.len()` is a multiple of [`RECORD`].
    pub series: Vec<([u8; 3], &'a [u8])>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn code(&mut self) -> Option<[u8; 3]> {
        self.take(3)?.try_into().ok()
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn str(&mut self, n: usize) -> Option<&'a str> {
        std::str::from_utf8(self.take(n)?).ok()
    }
}

/// Reads the header of a packed table; `None` if it is not one.
pub fn decode(bytes: &[u8]) -> Option<Packed<'_>> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let n = usize::try_from(r.u32()?).ok()?;
    let source = r.str(n)?;
    let base = r.code()?;
    let first = r.i32()?;
    let last = r.i32()?;
    let date_count = r.u32()?;
    let mut declared = Vec::new();
    for _ in 0..r.u16()? {
        let code = r.code()?;
        let minor = *r.take(1)?.first()?;
        let n = usize::from(r.u16()?);
        declared.push((code, minor, r.str(n)?));
    }
    let mut series = Vec::new();
    for _ in 0..r.u16()? {
        let code = r.code()?;
        let n = usize::try_from(r.u32()?).ok()?;
        series.push((code, r.take(n.checked_mul(RECORD)?)?));
    }
    Some(Packed {
        source,
        base,
        first,
        last,
        date_count,
        declared,
        series,
    })
}

/// The day of the record at `index`, reading only its first four bytes.
pub fn day_at(records: &[u8], index: usize) -> Option<i32> {
    let at = index.checked_mul(RECORD)?;
    let bytes: [u8; 4] = records.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(i32::from_le_bytes(bytes))
}

/// The record at `index` of a series: (day, mantissa, scale).
pub fn record(records: &[u8], index: usize) -> Option<(i32, i64, u8)> {
    let at = index.checked_mul(RECORD)?;
    let r = records.get(at..at.checked_add(RECORD)?)?;
    let day = i32::from_le_bytes(r.get(0..4)?.try_into().ok()?);
    let mantissa = i64::from_le_bytes(r.get(4..12)?.try_into().ok()?);
    Some((day, mantissa, *r.get(12)?))
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, NaiveDate};
    use proptest::prelude::*;

    proptest! {
        /// Every day chrono can date is the date chrono gives it, and it
        /// counts back to the same day.
        #[test]
        fn civil_dates_are_chronos(day in -95_000_000_i32..95_000_000) {
            if let Some(d) = NaiveDate::from_num_days_from_ce_opt(day) {
                prop_assert_eq!(super::civil_from_ce(day), (d.year(), d.month(), d.day()));
                prop_assert_eq!(super::days_from_ce(d.year(), d.month(), d.day()), day);
            }
        }
    }

    /// 729758 is 1999-01-04, the ECB's first rates; day 1 is 0001-01-01;
    /// 0 is the day before it; the ends of an `i32` give dates, not a
    /// panic.
    #[test]
    fn known_days() {
        assert_eq!(super::civil_from_ce(729_758), (1999, 1, 4));
        assert_eq!(super::civil_from_ce(1), (1, 1, 1));
        assert_eq!(super::civil_from_ce(0), (0, 12, 31));
        let _ = super::civil_from_ce(i32::MIN);
        let _ = super::civil_from_ce(i32::MAX);
    }
}
