//! One currency's series of rates, owned or packed in the built-in blob,
//! searched by day.

use rust_decimal::Decimal;

use super::Published;

/// A series of rates for one currency, sorted by day.
#[derive(Clone, Debug)]
pub(super) enum Points {
    Owned(Vec<(i32, Published)>),
    Packed(&'static [u8]),
}

impl Points {
    pub(super) fn len(&self) -> usize {
        match self {
            Points::Owned(v) => v.len(),
            Points::Packed(b) => b.len() / super::blob::RECORD,
        }
    }

    pub(super) fn get(&self, i: usize) -> Option<(i32, Published)> {
        match self {
            Points::Owned(v) => v.get(i).copied(),
            Points::Packed(b) => super::blob::record(b, i)
                .map(|(day, m, s)| (day, Published::direct(Decimal::new(m, u32::from(s))))),
        }
    }

    /// Point `i` as integers, (day, digits, places), where it is a direct
    /// rate whose digits fit 64 bits; none otherwise.
    pub(super) fn figures(&self, i: usize) -> Option<(i32, u64, u32)> {
        match self {
            Points::Owned(v) => {
                let (day, p) = v.get(i)?;
                (!p.inverse).then(|| {
                    Some((
                        *day,
                        u64::try_from(p.value.mantissa()).ok()?,
                        p.value.scale(),
                    ))
                })?
            }
            Points::Packed(b) => {
                let (day, m, s) = super::blob::record(b, i)?;
                Some((day, u64::try_from(m).ok()?, u32::from(s)))
            }
        }
    }

    pub(super) fn day(&self, i: usize) -> i32 {
        match self {
            Points::Owned(v) => v.get(i).map_or(i32::MAX, |p| p.0),
            Points::Packed(b) => super::blob::day_at(b, i).unwrap_or(i32::MAX),
        }
    }

    /// Index of the last point on or before `day`. Rates come on most
    /// business days, so the index is first guessed from the day (as if the
    /// dates were evenly spread), then found by galloping and bisecting from
    /// the guess: a few steps instead of the thirteen of a plain bisection
    /// over the ECB's 7,000 dates, and still exact across gaps such as ISK's
    /// nine years without rates.
    pub(super) fn on_or_before(&self, day: i32) -> Option<usize> {
        let last_index = self.len().checked_sub(1)?;
        let (first, last) = (self.day(0), self.day(last_index));
        if day < first {
            return None;
        }
        if day >= last {
            return Some(last_index);
        }
        // first <= day < last, so the answer is in 0..last_index.
        let span = i64::from(last) - i64::from(first);
        let offset = i64::from(day) - i64::from(first);
        let guess = usize::try_from(offset * i64::try_from(last_index).unwrap_or(0) / span.max(1))
            .unwrap_or(0);
        // Bracket [lo, hi): day(lo) <= day < day(hi).
        let (mut lo, mut hi);
        if self.day(guess) <= day {
            lo = guess;
            let mut step = 1;
            hi = guess + 1;
            while hi <= last_index && self.day(hi) <= day {
                lo = hi;
                hi = (hi + step).min(last_index + 1);
                step *= 2;
            }
        } else {
            hi = guess;
            let mut step = 1;
            lo = guess.saturating_sub(1);
            while self.day(lo) > day {
                hi = lo;
                lo = lo.saturating_sub(step);
                step *= 2;
            }
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.day(mid) <= day {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(lo)
    }

    /// Indexes of the points dated from `start` to before `end`.
    pub(super) fn between(&self, start: i32, end: i32) -> (usize, usize) {
        let after = |day: i32| {
            self.on_or_before(day.saturating_sub(1))
                .map_or(0, |i| i + 1)
        };
        let (lo, hi) = (after(start), after(end));
        (lo, hi.max(lo))
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = (i32, Published)> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}
